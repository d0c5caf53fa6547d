"""The one error family Dateline raises for problems a user can fix.

Each error carries the file (and line, where there is one) it is about and
prints as a single line: ``content/a.md:3: missing `date` ...``. The CLI
turns any ``DatelineError`` into that line and exit code 1; anything else is
a bug and keeps its traceback.
"""

from __future__ import annotations

import os
from pathlib import Path


class DatelineError(Exception):
    """A problem the user can fix, located in a file."""

    kind = "error"

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    def __reduce__(self):  # crosses process boundaries (worker processes) with its file and line
        return type(self), (self.message, self.path, self.line)

    def location(self) -> str:
        if self.path is None:
            return ""
        where = display_path(self.path)
        return f"{where}:{self.line}" if self.line else where

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message


class ConfigError(DatelineError):
    kind = "config"


class ContentError(DatelineError):
    kind = "content"


class ThemeError(DatelineError):
    kind = "theme"


class DeployError(DatelineError):
    kind = "deploy"


class RulesError(DatelineError):
    kind = "rules"


class ModelError(DatelineError):
    kind = "model"


def display_path(path: Path) -> str:
    """Paths relative to the working directory read better in one-line messages."""
    try:  # absolute, not resolved: a link is named as the user wrote it, not as what it points to
        return str(Path(os.path.abspath(path)).relative_to(Path.cwd()))
    except ValueError:
        return str(path)
