"""Themes: discovery, inheritance through ``theme.toml`` (``extends``), and the Jinja2 environment.

A theme is a folder ``themes/NAME/`` with ``theme.toml``, ``templates/`` and
``static/``. A theme that extends another only carries what it changes; a site
can also override single templates in its own ``templates/`` folder. The
environment autoescapes and uses ``StrictUndefined``, so a typo in a template
is an error naming the template and line, not an empty string on the page.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import jinja2
from jinja2 import meta, nodes
from jinja2.runtime import Macro
from markupsafe import Markup

from .config import Config
from .content import leaves
from .errors import ThemeError
from .exports import iso8601, short_text



def _builtin_themes() -> Path:
    """Installed wheels carry the themes as ``generator/builtin_themes``; a checkout has ``themes/``."""
    packaged = Path(__file__).resolve().parent / "builtin_themes"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "themes"


BUILTIN_THEMES = _builtin_themes()


@dataclass(frozen=True)
class Theme:
    name: str
    chain: tuple[Path, ...]  # the theme's folder first, then the folders it extends
    local_templates: Path | None

    @property
    def template_dirs(self) -> list[Path]:
        dirs = [self.local_templates] if self.local_templates else []
        return dirs + [d / "templates" for d in self.chain if (d / "templates").is_dir()]

    def static_files(self) -> dict[str, Path]:
        """Relative path -> file; a theme's own file wins over the one it extends."""
        files: dict[str, Path] = {}
        for folder in reversed(self.chain):
            static = folder / "static"
            if static.is_dir():
                for path in sorted(static.rglob("*")):
                    if path.is_file() and leaves(path, folder):
                        raise ThemeError("a link to a file outside the theme; copy the file in instead", path)
                    if path.is_file():
                        files[path.relative_to(static).as_posix()] = path
        return dict(sorted(files.items()))

    @property
    def stylesheets(self) -> list[str]:
        """Stylesheets under static/, the base theme's first, as listed in each theme.toml."""
        sheets: list[str] = []
        for folder in reversed(self.chain):
            for sheet in _meta(folder).get("stylesheets", []):
                if sheet not in sheets:
                    sheets.append(sheet)
        return sheets

    @cached_property
    def digest(self) -> str:
        """Hash of every template and static file: a theme edit re-renders every page (read once per build)."""
        h = hashlib.sha256()
        for folder in self.template_dirs:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    h.update(path.as_posix().encode() + b"\0" + path.read_bytes())
        for rel, path in self.static_files().items():
            h.update(rel.encode() + b"\0" + path.read_bytes())
        return h.hexdigest()

    def environment(self) -> Environment:
        env = Environment(
            loader=jinja2.FileSystemLoader([str(d) for d in self.template_dirs]),
            autoescape=jinja2.select_autoescape(["html", "xml", "htm"], default_for_string=True),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        return env


class _PureMacro(Macro):
    """A macro of a pure template: its output is kept by the environment's ``fragments``."""

    template: str | None = None

    @jinja2.pass_eval_context
    def __call__(self, *args, **kwargs):
        fragments = self._environment.fragments
        plain = args[1:] if args and isinstance(args[0], jinja2.nodes.EvalContext) else args
        if fragments is None or self.caller or "caller" in kwargs:  # a caller's body is the page's
            return super().__call__(*args, **kwargs)
        escape = args[0].autoescape if len(plain) < len(args) else self._default_autoescape
        return fragments.call((self.template, self.name, escape), plain, kwargs,
                              lambda: super(_PureMacro, self).__call__(*args, **kwargs))


class _Template(jinja2.Template):
    @classmethod
    def _from_namespace(cls, environment, namespace, globals):
        if getattr(environment, "pure", {}).get(namespace["name"]):
            namespace["Macro"] = type("Macro", (_PureMacro,), {"template": namespace["name"]})
        return super()._from_namespace(environment, namespace, globals)


class Environment(jinja2.Environment):
    """Jinja's environment, with the macros of *pure* templates remembered by their arguments.

    A template is pure when every name it reads is an argument of one of its macros, one of its own
    macros or a global (``json_ld``), and it includes nothing (an include sees the page): then a
    macro's output depends on its arguments alone, whatever page calls it, and ``fragments`` (set by
    the renderer) may keep it. A template that reads anything of the page (``{{ path }}``) is not
    pure and its macros are always rendered afresh: a reused fragment can never carry another page's
    values. Jinja offers no hook for this; it is made where its code creates macros (``Macro``, in
    the namespace of a compiled template), which ``tests/test_themes.py`` checks still happens."""

    fragments = None  # where macro outputs are kept: see render.Fragments
    template_class = _Template

    def __init__(self, **options):
        super().__init__(**options)
        self.globals["json_ld"] = json_ld
        self.filters["short_text"] = short_text  # exports.py: what a headline or a feed title shows
        self.filters["iso8601"] = iso8601  # a date as schema.org reads it, at its precision
        self.pure: dict[str | None, bool] = {}

    def _generate(self, source, name, filename, defer_init=False):
        self.pure[name] = _pure(source, self.globals.keys() - {"lipsum"})
        return super()._generate(source, name, filename, defer_init)


def _pure(template: nodes.Template, globals_: set[str]) -> bool:
    """Whether a template reads nothing but its macros' arguments and the given globals."""
    if any(isinstance(n, (nodes.Include, nodes.Extends)) or getattr(n, "with_context", False)
           for n in template.find_all((nodes.Include, nodes.Extends, nodes.Import, nodes.FromImport))):
        return False
    if any(n.name == "self" for n in template.find_all(nodes.Name)):
        return False
    return meta.find_undeclared_variables(template) <= globals_


def json_ld(data) -> str:
    """JSON for a <script type="application/ld+json"> block: '<' escaped so text cannot close the tag."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def search_path(config: Config) -> list[Path]:
    return [config.root / "themes", BUILTIN_THEMES]


def find_theme_dir(name: str, config: Config) -> Path:
    for base in search_path(config):
        candidate = base / name
        if (candidate / "theme.toml").is_file() or (candidate / "templates").is_dir():
            return candidate
    available = sorted({p.name for base in search_path(config) if base.is_dir() for p in base.iterdir()
                        if p.is_dir() and not p.name.startswith(".")})
    raise ThemeError(f"unknown theme `{name}`; available: {', '.join(available) or 'none'} "
                     f"(set `theme` in dateline.toml)", config.root / "dateline.toml")


def load(config: Config) -> Theme:
    """The configured theme with everything it extends, checked for cycles."""
    chain: list[Path] = []
    name: str | None = config.theme
    while name:
        folder = find_theme_dir(name, config)
        if folder in chain:
            names = " -> ".join(p.name for p in chain + [folder])
            raise ThemeError(f"theme inheritance loops ({names}); fix `extends`", folder / "theme.toml")
        chain.append(folder)
        name = _extends(folder)
    local = config.root / "templates"
    theme = Theme(config.theme, tuple(chain), local if local.is_dir() else None)
    for folder in theme.template_dirs:
        _check_utf8(folder)
    return theme


def _check_utf8(folder: Path) -> None:
    """Templates are read as UTF-8 when rendered, deep inside Jinja: a file that is not is named here."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        try:
            path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ThemeError(f"template is not UTF-8 text (bad byte at offset {exc.start}); save it as UTF-8",
                             path) from None


def _meta(folder: Path) -> dict:
    meta_path = folder / "theme.toml"
    if not meta_path.is_file():
        return {}
    try:
        meta = tomllib.loads(meta_path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ThemeError(f"invalid TOML: {exc}", meta_path) from None
    except UnicodeDecodeError as exc:
        raise ThemeError(f"not UTF-8 text (bad byte at offset {exc.start}); save the file as UTF-8", meta_path) from None
    if not isinstance(meta.get("stylesheets", []), list):
        raise ThemeError("`stylesheets` must be a list of files in static/", meta_path)
    return meta


def _extends(folder: Path) -> str | None:
    extends = _meta(folder).get("extends")
    if extends is not None and not isinstance(extends, str):
        raise ThemeError("`extends` must be the name of a theme", folder / "theme.toml")
    return extends or None


def render(env: jinja2.Environment, template: str, context: dict) -> str:
    """Render one template; template mistakes become one-line errors with file and line."""
    try:
        return env.get_template(template).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise ThemeError(f"template syntax error: {exc.message}", exc.filename or exc.name, exc.lineno) from None
    except jinja2.TemplateNotFound as exc:
        raise ThemeError(f"template `{exc.name}` not found in the theme (looked in "
                         f"{', '.join(str(d) for d in env.loader.searchpath)})", template) from None
    except jinja2.UndefinedError as exc:
        filename, line = _template_location(exc)
        raise ThemeError(f"template error: {exc.message}", filename or template, line) from None
    except ThemeError:
        raise
    except RecursionError as exc:
        filename, line = _template_location(exc)
        raise ThemeError("templates include or call each other without end; break the loop",
                         filename or template, line) from None
    except MemoryError as exc:
        filename, line = _template_location(exc)
        raise ThemeError("the template needs more memory than there is; look for a huge repetition",
                         filename or template, line) from None
    except Exception as exc:  # noqa: BLE001 - any mistake in a template is the theme's, said in one line
        filename, line = _template_location(exc)
        raise ThemeError(f"template error ({type(exc).__name__}: {exc})", filename or template, line) from None


def _template_location(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost template frame of a rendering error's traceback."""
    tb, found = exc.__traceback__, (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".txt", ".json")):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
