"""The README's two commands are the ones CI runs, so they stay true."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    return re.findall(r"^    (python3 -m venv .*|\. \.venv/bin/activate && python -m pytest)$", text, re.MULTILINE)


def test_ci_runs_exactly_the_readme_commands():
    setup, tests = readme_commands()
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert setup in ci and tests in ci
    assert ci.index(setup) < ci.index(tests)
