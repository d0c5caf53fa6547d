"""Rule triggers: the words a rule runs near are read off Python's regex parser, every match holds one
as ``recognise`` indexes words, and running rules near them finds exactly what running them over
the whole text finds."""

import dataclasses
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.temporal import recognise, resources

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = resources.load("en")
LISTS = {
    "weekday": resources._word_regex(["Monday", "Mon.", "Tuesday"], case_sensitive=True),
    "unit": resources._word_regex(["day", "month"], case_sensitive=False),
    "moon": resources._word_regex(["new moon", "full moon"], case_sensitive=False),
    "lunar": "<moon>|dawn",
}


def trigger(pattern: str):
    found = resources._TriggerReader(LISTS).words(pattern)
    return None if found is None else set(found)


def without_triggers(res):
    """The same resources with every rule run over the whole text."""
    return dataclasses.replace(res, rules=tuple(dataclasses.replace(r, trigger=None) for r in res.rules))


# ---- (a) patterns -------------------------------------------------------------

@pytest.mark.parametrize("pattern,words", [
    ("today", {"today"}),
    ("[Tt]oday", {"today"}),  # the old scanner read "oday"
    ("(?:the )?today", {"today"}),
    ("todays{0,1}", {"today", "todays"}),  # the quantifier is the s's: "today" alone matches
    ("today{0,1}", {"toda", "today"}),
    ("(?:next ){0,1}month", {"month"}),
    ("tomorrow?", {"tomorro", "tomorrow"}),
    ("(?:early )?(?:noon|dawn)", {"noon", "dawn"}),
    ("noon|(?:the )?new moon", {"noon", "moon"}),
    ("the (?:last|next) quarter", {"quarter"}),
    ("to(?: )?day", {"today", "day"}),  # "today" is one word, "to day" two
    ("to ?day", {"today", "day"}),  # a space with its own quantifier: " ?" is a space or none
    ("(?<=on )Monday", {"monday"}),  # a lookbehind matches no text of its own
    ("(?<!the )noon(?= today)", {"noon"}),
    ("noon(?! today)", {"noon"}),
    ("(?:(?=x)|today )noon", {"noon"}),
    ("[0-9]{4}", {"#"}),
    ("[0-9]+(?: )?pm", {"pm"}),  # "3pm" and "3 pm" both hold the word "pm"
    ("Q[1-4]", {"q"}),  # "Q3": a letter then a number, two words
    ("<weekday>", {"monday", "mon", "tuesday"}),
    ("{weekday},? noon", {"noon"}),
    ("<weekday:day> (?:at )?noon", {"noon"}),
    ("(?:the )?<unit>s", {"days", "day", "months", "month"}),  # a reference runs on into what follows; "ſ", below
    ("<lunar>", {"moon", "dawn"}),  # a named pattern that refers to a list
    ("(?P<x>noon)(?: (?P=x))?", {"noon"}),  # a backreference may be any text
    ("(?P<x>the )?(?(x)noon|dawn)", {"noon", "dawn"}),
    ("(?:very )+noon", {"noon"}),
    ("(?:[0-9]{3},)*[0-9]{3} hour", {"hour"}),
])
def test_trigger_of_pattern(pattern, words):
    assert trigger(pattern) == words


@pytest.mark.parametrize("pattern", [
    "(?:today)?",  # may match nothing
    "[a-z]+day",  # the word before "day" is not known: any letters could join it
    r"\d{4}",  # \d also matches digits that are not ASCII ("٢٠٢٠"), which no word index holds
    "the|of",  # words as common as "the": a window everywhere
    "(?P<x>noon)(?P=x)?",  # "noonnoon" is one word; what (?P=x) matches is not known here
    "noon|.",  # any one character
    "[<unit>]noon",  # a reference inside a class: any character, maybe a letter running on into "noon"
])
def test_no_trigger_when_a_match_may_hold_no_known_word(pattern):
    assert trigger(pattern) is None


def test_letters_that_match_others_case_insensitively_split_words():
    """Matched case-insensitively, "s" also matches "ſ" (a long s), which is not a letter to the word
    index: "ſunday" is the words "unday"; a case-sensitive list needs no such care."""
    assert trigger("sunday") == {"sunday", "unday"}
    assert trigger("(?-i:Sunday)") == {"sunday"}
    assert re.fullmatch("sunday", "ſunday", re.IGNORECASE)
    assert set(recognise._word_index("ſunday")) == {"unday"}


def test_the_letters_that_match_others_are_all_known():
    """Python's case-insensitive matching pairs ASCII letters and digits with exactly these others."""
    ascii_like = re.compile("[a-z0-9]", re.IGNORECASE)
    found = {c for c in map(chr, range(128, sys.maxunicode + 1)) if ascii_like.match(c)}
    assert found == set(resources._LOOKALIKE_OF)
    for c in resources._PROBES:
        matches = {d for d in resources._PROBES if re.fullmatch(re.escape(c), d, re.IGNORECASE)}
        assert matches == resources._CASE_CLASS[c], c


def test_trigger_words_are_words_the_index_holds():
    for rule in RESOURCES.rules:
        if rule.trigger:
            words = RESOURCES.triggers[rule.trigger]
            assert all(w == "#" or re.fullmatch("[a-z]+", w) for w in words), rule.name


def test_a_rule_finds_a_word_spelled_with_a_long_s():
    season = next(r for r in RESOURCES.rules if r.name == "season")
    res = dataclasses.replace(RESOURCES, rules=(season,))
    assert [m.text for m in recognise.find("They sowed in the ſpring.", res)] == ["the ſpring"]


# ---- every match holds a trigger word -------------------------------------------

def trigger_rules():
    return [r for r in RESOURCES.rules if r.trigger]


@pytest.mark.parametrize("rule", trigger_rules(), ids=lambda r: r.name)
def test_every_match_holds_a_trigger_word(rule):
    words = RESOURCES.triggers[rule.trigger]

    @settings(max_examples=10, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(st.from_regex(rule.regex))
    def check(text):
        index = recognise._word_index(text)
        for m in rule.regex.finditer(text):
            assert any(m.start() <= p < m.end() for w in words for p in index.get(w, ())), \
                f"{rule.name}: {m.group()!r} holds none of {sorted(words)}"

    check()


# ---- (b) the same output with and without triggers --------------------------------

# Written for this test: varied text, not taken from any corpus.
SAMPLE = """\
On Tuesday, March 4, 2025, the harbour board met for the first time since the storm of late 2023.
The ferry will not run again before the first week of April; repairs started 3 weeks ago.
By 10:30 a.m. EST the queue was long. At 14:45 the gates shut, and by midnight the square was empty.
The 1990s were hard, the '80s harder. In the mid-1970s the mill closed; nineteen ninety-six was worse.
She ran the clinic for twenty-five years, from 1998 to 2023, and retired the following spring.
Profit rose in the third quarter and in Q4 2024, up from the year-earlier period; fiscal 2025 looks flat.
Christmas Eve fell on a Sunday. Labor Day, Easter Monday and New Year's Day are holidays there.
Every Monday morning the council meets; the market opens daily and the library closes every night.
The treaty of 1648 ended a war that began in the spring of 1618. Rome fell in 476 AD; Troy in 1184 BC.
They will vote next Thursday, or on the 21st, or the day after tomorrow, weeks earlier than planned.
The 4th century BC saw it built. It stood through the 19th century and was rebuilt in the year 2000.
Yesterday evening the rain stopped; this morning the river crested and tonight it should recede.
TODAY the mayor resigns. Tomorrow the deputy takes over. To-day, mid-day, noon: all the same to him.
The   vote  was held\ton Friday\n\nafternoon, two days later than the 12th of May 2021 deadline.
a few hours later, about six months before that, some 40 minutes afterwards, over the coming decade
The ſpring thaw came yeſterday; İn the afternoon the ıce broke; the KELVIN scale (K) is not a date.
Numbers like ١٩٩٨ or ２０２０ are not years here, nor is 1,998 orders or Flight 1030 or 3.14 percent.
In the past, at present, nowadays, these days, recently, lately and currently mean different times.
For the past several years, during the last two decades, within the next 48 hours, for weeks.
The 2019-20 season, Jan. 5-7, from 15 to 22 February 1951, between May and July 2021, Sept 28.
At 9 o'clock in the morning, 6pm local time, 5 p.m. Pacific, and half an hour and a half later.
Friday's game, five years' work, the week's end, the month's start, the year's close.
"""


def article_texts() -> dict[str, str]:
    """The example site's articles and those of the test sites and bad-input cases under tests/."""
    paths = sorted((ROOT / "content").glob("*")) + sorted((ROOT / "tests").rglob("content/*"))
    texts = {str(p.relative_to(ROOT)): p.read_bytes().decode("utf-8", "replace") for p in paths if p.is_file()}
    assert len(texts) >= 10
    return texts


def spread_out(text: str) -> str:
    """The lines with ever more words between them, so that rules' windows start and end anywhere."""
    return "".join(f"{line} {'and so on ' * i}" for i, line in enumerate(text.splitlines()))


TEXTS = {**article_texts(), "sample": SAMPLE, "sample on one line": SAMPLE.replace("\n", " "),
         "sample spread out": spread_out(SAMPLE)}


LOOKALIKE = {"s": "ſ", "i": "ı", "k": "\u212a", "I": "İ"}


def examples(rule) -> list[str]:
    """A rule's examples, and each again with one letter that matches a lookalike swapped for it."""
    texts = [text for text, _dct, _value in rule.examples]
    return texts + [t[:i] + LOOKALIKE[c] + t[i + 1:] for t in texts for i, c in enumerate(t) if c in LOOKALIKE]


def outcome(text, res):
    """What the recogniser finds, or the error it stops with: the same either way is what counts."""
    try:
        return recognise.find(text, res)
    except Exception as exc:  # noqa: BLE001 (a normaliser may fail on odd text; not the triggers' concern)
        return type(exc)


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_triggers_change_nothing_the_engine_finds(name):
    text = TEXTS[name]
    assert outcome(text, RESOURCES) == outcome(text, without_triggers(RESOURCES))


@pytest.mark.parametrize("rule", RESOURCES.rules, ids=lambda r: r.name)
def test_triggers_change_nothing_a_rule_finds(rule):
    """Rule by rule, so that no other rule's longer match can hide a difference."""
    alone = dataclasses.replace(RESOURCES, rules=(rule,))
    for name, text in [*TEXTS.items(), *(("example", t) for t in examples(rule))]:
        assert outcome(text, alone) == outcome(text, without_triggers(alone)), f"rule {rule.name} on {name}: {text!r}"


@pytest.mark.parametrize("rule", RESOURCES.rules, ids=lambda r: r.name)
def test_odd_spellings_of_a_rules_examples_never_stop_the_recogniser(rule):
    """A word spelt with a lookalike letter ("nıneteen ninety-six") may be read as unknown, never crash."""
    for text in examples(rule):
        recognise.find(text, RESOURCES)
