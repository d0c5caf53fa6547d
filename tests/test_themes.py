"""Themes: inheritance, local overrides, and template mistakes as one-line errors."""

import pytest

from generator import config, render, themes
from generator.errors import ThemeError


def site(tmp_path, theme="default"):
    (tmp_path / "dateline.toml").write_text(f'theme = "{theme}"\n')
    return config.load(tmp_path)


def make_theme(root, name, extends=None, templates=None):
    folder = root / "themes" / name
    (folder / "templates").mkdir(parents=True)
    (folder / "theme.toml").write_text(f'extends = "{extends}"\n' if extends else "")
    for file, text in (templates or {}).items():
        (folder / "templates" / file).write_text(text)
    return folder


def test_builtin_themes_and_inheritance(tmp_path):
    theme = themes.load(site(tmp_path, "newsroom"))
    assert [p.name for p in theme.chain] == ["newsroom", "default"]
    assert "style.css" in theme.static_files() and "newsroom.css" in theme.static_files()


def test_local_templates_override_the_theme(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "404.html").write_text("local 404")
    env = themes.load(site(tmp_path)).environment()
    assert env.get_template("404.html").render() == "local 404"


def test_unknown_theme(tmp_path):
    with pytest.raises(ThemeError, match="unknown theme `nope`; available: default, newsroom"):
        themes.load(site(tmp_path, "nope"))


def test_theme_extending_itself(tmp_path):
    make_theme(tmp_path, "loop", extends="loop")
    with pytest.raises(ThemeError, match="loops"):
        themes.load(site(tmp_path, "loop"))


def test_syntax_error_names_template_and_line(tmp_path):
    make_theme(tmp_path, "broken", extends="default", templates={"404.html": "ok\n{% if %}\n"})
    env = themes.load(site(tmp_path, "broken")).environment()
    with pytest.raises(ThemeError) as err:
        themes.render(env, "404.html", {})
    assert err.value.path.name == "404.html" and err.value.line == 2


def test_undefined_variable_is_an_error(tmp_path):
    make_theme(tmp_path, "typo", extends="default", templates={"404.html": "{{ sitee.title }}"})
    env = themes.load(site(tmp_path, "typo")).environment()
    with pytest.raises(ThemeError, match="'sitee' is undefined"):
        themes.render(env, "404.html", {})


def rendered(env, template, **context):
    return themes.render(env, template, context)


def test_a_pure_macro_is_rendered_once_for_the_same_arguments(tmp_path):
    """An event's entry on many pages is rendered once: the optimisation must keep happening."""
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "_m.html").write_text("{% macro item(x, root) %}<a href='{{ root }}'>{{ x }}</a>"
                                                    "{% endmacro %}")
    (tmp_path / "templates" / "page.html").write_text(
        '{% from "_m.html" import item with context %}{{ item(name, root) }}|{{ item(name, root) }}')
    env = themes.load(site(tmp_path)).environment()
    env.fragments = render.Fragments()
    assert rendered(env, "page.html", name="<b>", root="./") == "<a href='./'>&lt;b&gt;</a>|<a href='./'>&lt;b&gt;</a>"
    assert rendered(env, "page.html", name="<b>", root="../") == "<a href='../'>&lt;b&gt;</a>|<a href='../'>&lt;b&gt;</a>"
    assert len(env.fragments.made) == 2


def test_a_macro_that_reads_the_page_is_never_reused(tmp_path):
    """A macro that uses a page's value (`path`) is rendered for every page: a kept fragment can never
    show one page's values on another."""
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "_m.html").write_text("{% macro item(x) %}{{ x }} on {{ path }}{% endmacro %}")
    (tmp_path / "templates" / "page.html").write_text('{% from "_m.html" import item with context %}{{ item("a") }}')
    env = themes.load(site(tmp_path)).environment()
    env.fragments = render.Fragments()
    assert [rendered(env, "page.html", path=p) for p in ("x/", "y/")] == ["a on x/", "a on y/"]
    assert env.fragments.made == {}
