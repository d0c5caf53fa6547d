"""dateline.toml -> Config: defaults, and every problem reported at once."""

import pytest

from generator import config
from generator.errors import ConfigError


def test_defaults_without_a_file(tmp_path):
    cfg = config.load(tmp_path)
    assert (cfg.title, cfg.theme, cfg.timezone, cfg.output_path) == ("Dateline", "default", "UTC", tmp_path / "output")


def test_values_and_base_path(tmp_path):
    (tmp_path / "dateline.toml").write_text('title = "T"\nbase_url = "https://me.github.io/repo"\n')
    cfg = config.load(tmp_path)
    assert cfg.title == "T" and cfg.base_path == "/repo/"


def test_every_problem_is_reported_at_once(tmp_path):
    (tmp_path / "dateline.toml").write_text('titel = "T"\ntheme = 3\ntimezone = "Mars/Olympus"\n')
    with pytest.raises(ConfigError) as err:
        config.load(tmp_path)
    message = str(err.value)
    assert message.startswith("dateline.toml: ") or "dateline.toml" in message
    assert "unknown key `titel` (did you mean `title`?)" in message
    assert "`theme` must be a string" in message
    assert "Mars/Olympus" in message


def test_invalid_toml(tmp_path):
    (tmp_path / "dateline.toml").write_text('title = "unclosed\n')
    with pytest.raises(ConfigError, match="invalid TOML"):
        config.load(tmp_path)


def test_config_is_frozen(tmp_path):
    cfg = config.load(tmp_path)
    with pytest.raises(Exception):
        cfg.title = "changed"


def test_the_readme_table_is_the_declaration_of_the_options():
    from pathlib import Path
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    table = "".join(f'| `{name}` | `{config.shown_default(name, default)}` | {doc} |\n'
                    for name, (default, doc) in config.options().items())
    assert "| key | default | meaning |\n|---|---|---|\n" + table in readme


@pytest.mark.parametrize("output", ["content", ".", "", "..", "/", "templates", "themes", ".dateline-cache",
                                    "dateline.toml", ".git", "output/../content", "/tmp/elsewhere"])
def test_an_output_folder_that_a_build_would_delete_is_refused(tmp_path, output):
    (tmp_path / "dateline.toml").write_text(f'title = "T"\noutput_dir = "{output}"\n')
    with pytest.raises(ConfigError, match=r"dateline.toml:2: `output_dir` = .* (overlaps|holds the site|outside)"):
        config.load(tmp_path)


def test_content_inside_output_names_content_dir(tmp_path):
    (tmp_path / "dateline.toml").write_text('content_dir = "output/articles"\n')
    with pytest.raises(ConfigError, match=r"dateline.toml:1: .*overlaps the content folder.*"):
        config.load(tmp_path)


def test_output_flag_may_leave_the_site_but_not_take_its_sources(tmp_path):
    cfg = config.with_output(config.load(tmp_path / "site"), str(tmp_path / "elsewhere"))
    assert cfg.output_path == tmp_path / "elsewhere"
    with pytest.raises(ConfigError, match="--output is or holds the site folder"):
        config.with_output(config.load(tmp_path / "site"), str(tmp_path))


@pytest.mark.parametrize("line,message", [
    ('base_url = "//cdn.example.org/"', r"must be an http\(s\) URL"),
    ('base_url = "https://example.org/?utm=1"', "has a query or fragment"),
    ('theme = ""', "`theme` is empty")])
def test_settings_that_would_be_silently_wrong_are_refused(tmp_path, line, message):
    (tmp_path / "dateline.toml").write_text(line + "\n")
    with pytest.raises(ConfigError, match=message):
        config.load(tmp_path)
