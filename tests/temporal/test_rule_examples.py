"""Every example written next to a rule in resources/en/rules.toml runs through the engine."""

import pytest

from generator.temporal import resources, tag

EXAMPLES = [(rule.name, text, dct, value) for rule in resources.load("en").rules
            for text, dct, value in rule.examples]


@pytest.mark.parametrize("rule,text,dct,expected", EXAMPLES, ids=[f"{e[0]}:{e[1]}" for e in EXAMPLES])
def test_rule_example(rule, text, dct, expected):
    values = [t.value.timex for t in tag(text, dct)]
    assert values and values[0] == expected, f"rule {rule}: {text!r} on {dct} gave {values}"


@pytest.mark.parametrize("rule,text,dct,expected", EXAMPLES, ids=[f"{e[0]}:{e[1]}" for e in EXAMPLES])
def test_rule_example_with_model(nlp, rule, text, dct, expected):
    doc = nlp.make_doc(text)
    doc._.dct = dct
    values = [s._.timex.value.timex for s in nlp(doc).spans["timexes"]]
    assert values and values[0] == expected, f"rule {rule}: {text!r} on {dct} gave {values}"
