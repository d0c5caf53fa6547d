"""Rule files are validated when loaded: a broken rule names its file and line."""

import shutil

import pytest

from generator.errors import RulesError
from generator.temporal import resources


@pytest.fixture
def resource_copy(tmp_path, monkeypatch):
    folder = tmp_path / "en"
    shutil.copytree(resources.RESOURCE_DIR / "en", folder)
    monkeypatch.setattr(resources, "RESOURCE_DIR", tmp_path)
    resources.load.cache_clear()
    yield folder
    resources.load.cache_clear()


def break_rule(folder, old, new):
    path = folder / "rules.toml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return text[:text.index(old)].count("\n") + 1


def test_bad_regex_names_file_and_line(resource_copy):
    line = break_rule(resource_copy, "name = \"slash_date\"\npattern = '<mnum:month>",
                      "name = \"slash_date\"\npattern = '(<mnum:month>")
    with pytest.raises(RulesError) as err:
        resources.load("en")
    assert err.value.path.name == "rules.toml" and err.value.line == line
    assert "slash_date" in str(err.value) and "bad pattern" in str(err.value)


def test_unknown_list_is_reported(resource_copy):
    break_rule(resource_copy, "pattern = '<mnum:month>/", "pattern = '<monthz>/")
    with pytest.raises(RulesError, match="unknown list or pattern <monthz>"):
        resources.load("en")


def test_rule_without_examples_is_refused(resource_copy):
    break_rule(resource_copy, 'examples = [["11/12/2022", "2022-11-20", "2022-11-12"], ["05/10/2024", "2024-05-15", "2024-05-10"]]', "")
    with pytest.raises(RulesError, match="needs examples"):
        resources.load("en")


def test_value_referring_to_a_missing_group(resource_copy):
    break_rule(resource_copy, 'value = { year = "$year", month = "$month", day = "$day" }\nexamples = [["11/12/2022"',
               'value = { year = "$yr", month = "$month", day = "$day" }\nexamples = [["11/12/2022"')
    with pytest.raises(RulesError, match=r"\$yr"):
        resources.load("en")


def test_invalid_toml_names_the_line(resource_copy):
    (resource_copy / "words.toml").write_text("[month]\n1 = [\"January\"\n")
    with pytest.raises(RulesError) as err:
        resources.load("en")
    assert err.value.path.name == "words.toml" and err.value.line is not None


def test_a_space_with_its_own_quantifier_in_a_pattern_is_optional():
    """" ?" in a pattern means "a space or none" ("3pm" and "3 pm"), a bare space one or more."""
    assert resources.spaces("3 ?pm at  noon") == r"3\s?pm\s+at\s+\s+noon"
    from generator.temporal import recognise
    found = recognise.find("Doors open at 3pm, the talk at 10:30 pm.", resources.load("en"))
    assert [m.text for m in found] == ["3pm", "10:30 pm"]


def test_context_patterns_are_read_in_the_form_their_name_gives():
    from generator.temporal import resources
    res = resources.load("en")
    assert res.led_by("range_lead", "built between ", len("built between "))
    assert res.trailed_by("fraction_trail", "three quarters of the troops", len("three quarters"))
    with pytest.raises(KeyError, match="no join pattern"):
        res.joined_by("range_lead", " and ")  # a lead is not read as a join
