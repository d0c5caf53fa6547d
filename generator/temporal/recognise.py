"""Phase one: find temporal expressions and read their underspecified values.

Every rule is matched over the text; the longest non-overlapping matches win
(ties go to the rule listed first). A match becomes a ``Mention``: its span
and the fields its rule reads from it ("weekday 6, part of day NI, mod END").
Nothing here knows the publication date; ``resolve`` anchors the fields.

With a parsed spaCy ``Doc`` the recogniser also rejects what only looks like
a date: names ("Theresa May", "The Sunday Times"), verbs ("march") and counts
("1998 orders"). Without one it falls back to capitalisation cues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .resources import Resources, Rule

# Rules whose single-word matches are often not dates at all.
AMBIGUOUS = frozenset({"month", "weekday", "year", "season", "present", "past"})
NAME_ENTITIES = frozenset({"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "FAC", "GPE", "LOC", "NORP", "LAW"})


def _is_function_word(word: str, resources: Resources) -> bool:
    """Whether ``word`` (lower case), capitalised, may come before a date without making it part of
    a name ("In March", not "Ann May"). The word lists are dicts, so this reads them without copying."""
    return word in resources.words.get("function_word", {})


def _leads_a_month(word: str, resources: Resources) -> bool:
    """Whether a month that is also a noun ("March") is the month after ``word``: "in March", "every
    March" (a function word that is no article, or a month lead)."""
    return resources.words.get("function_word", {}).get(word, "article") != "article" \
        or word in resources.words.get("month_lead", {})


@dataclass
class Mention:
    start: int
    end: int
    text: str
    rule: str
    fields: dict = field(default_factory=dict)
    word: str | None = None  # the words that give its direction ("next" of "next Tuesday"), if a group holds them

    @property
    def type(self) -> str:
        return self.fields.get("type", "DATE")


def _coerce(value):
    if isinstance(value, str) and re.fullmatch(r"[-+]?\d+", value):
        return int(value)
    return value


def _read_fields(rule: Rule, m: re.Match) -> dict:
    """Evaluate a rule's value template against one match."""
    groups = {}
    for name, normalise in rule.normalisers.items():
        text = m.group(name)
        if text is not None:
            groups[name] = _coerce(normalise(text))
    fields = {}
    for key, spec in rule.value.items():
        if not isinstance(spec, str) or "$" not in spec:
            fields[key] = spec
            continue
        single = re.fullmatch(r"(-?)\$(\w+)", spec)
        if single:
            value = groups.get(single.group(2))
            if value is None:
                continue
            if single.group(1):
                value = -value if isinstance(value, (int, float)) else f"-{value}"
            fields[key] = value
            continue
        refs = re.findall(r"\$(\w+)", spec)
        if all(groups.get(r) is not None for r in refs):
            fields[key] = re.sub(r"\$(\w+)", lambda r: str(groups[r.group(1)]), spec)
    return fields


def find(text: str, resources: Resources, doc=None) -> list[Mention]:
    """All temporal expressions in ``text``, left to right, with their unresolved fields."""
    candidates = []
    index = _word_index(text)
    windows: dict[str | None, list[tuple[int, int]]] = {None: [(0, len(text))]}
    for rule in resources.rules:
        if rule.trigger not in windows:
            windows[rule.trigger] = _windows(text, index, resources.triggers[rule.trigger])
        has_span = "span" in rule.regex.groupindex
        for lo, hi in windows[rule.trigger]:
            for m in rule.regex.finditer(text, lo, hi):
                start, end = m.span("span") if has_span else m.span()
                if end > start:
                    candidates.append((start, end, rule, m))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2].order, c[0]))
    taken = bytearray(len(text))  # characters already inside a chosen expression
    mentions = []
    for start, end, rule, m in candidates:
        if taken.find(1, start, end) >= 0:
            continue
        mention = Mention(start, end, text[start:end], rule.name, _read_fields(rule, m))
        if not _plausible(mention, text, doc, resources):
            continue
        if rule.direction_group:
            mention.word = m.group(rule.direction_group)
        taken[start:end] = b"\x01" * (end - start)
        mentions.append(mention)
    mentions.sort(key=lambda x: x.start)
    mentions = _join_date_and_time(mentions, text, resources)
    for mention in mentions:
        _widen_with_part_of_day(mention, text, resources)
        _widen_with_quantifier(mention, text, resources)
    return mentions


# How far a match (with the context its pattern looks at) reaches from its trigger.
WINDOW = 80


_TOKEN = re.compile(r"[A-Za-z]+|[0-9]+")


def _word_index(text: str) -> dict[str, list[int]]:
    """Where each word starts (lower case; every number under "#"): one pass over the text."""
    index: dict[str, list[int]] = {}
    for m in _TOKEN.finditer(text):
        word = m.group()
        key = "#" if word[0].isdigit() else word.lower()
        index.setdefault(key, []).append(m.start())
    return index


# A window ends after a whole word: a rule sees the end of its window as the end of the text, so
# a window ending inside "Eastern" would find the holiday "Easter" there.
_WORD_REST = re.compile(r"[\w'’]*")


def _windows(text: str, index: dict[str, list[int]], words: frozenset[str]) -> list[tuple[int, int]]:
    """Stretches of text around a rule's trigger words; the rule only runs there."""
    starts = sorted(p for w in words for p in index.get(w, ()))
    windows: list[list[int]] = []
    for p in starts:
        lo, hi = max(0, p - WINDOW), _WORD_REST.match(text, min(len(text), p + WINDOW)).end()
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    return [(lo, hi) for lo, hi in windows]


# ---- telling dates from names, verbs and counts -----------------------------

def _plausible(mention: Mention, text: str, doc, resources: Resources) -> bool:
    if _in_year_range(mention, text):
        return True
    if _quoted_title(mention, text):
        return False
    if _other_sense(mention, text, resources):
        return False
    if mention.rule not in AMBIGUOUS:
        return True
    if doc is not None and doc.has_annotation("TAG"):
        return _plausible_in_doc(mention, doc, resources)
    return _plausible_by_case(mention, text, resources)


_RANGE_END = re.compile(r"\s?[-–—]\s?([0-9]{4})(?![0-9])")
_RANGE_START = re.compile(r"(?<![0-9])([0-9]{4})\s?[-–—]\s?$")


def _in_year_range(mention: Mention, text: str) -> bool:
    """"Eastern Theater 1861-1863": two years in order are a span of years, even after a name."""
    year = mention.fields.get("year")
    if mention.rule != "year" or not isinstance(year, int):
        return False
    after = _RANGE_END.match(text, mention.end)
    before = _RANGE_START.search(text[max(0, mention.start - 8):mention.start])
    return ((after is not None and 0 < int(after.group(1)) - year <= 100)
            or (before is not None and 0 < year - int(before.group(1)) <= 100))


_OPENING_QUOTES = "\"“‘'"


def _quoted_title(mention: Mention, text: str) -> bool:
    """"This Week," in quotation marks, every word capitalised: the title of a show or a book
    ("ABC's "This Week With David Brinkley""), not a date; a quotation that opens with a date
    capitalises its first word only ("Last week we ...")."""
    words = mention.text.split()
    return len(words) > 1 and all(w[:1].isupper() for w in words) and mention.start > 0 \
        and text[mention.start - 1] in _OPENING_QUOTES


_PREV_WORD = re.compile(r"([\w'’]+)\W*$")
_NEXT_WORD = re.compile(r"\s+[^\W\d_]")


def _other_sense(mention: Mention, text: str, resources: Resources) -> bool:
    """Words that are dates only in some uses: "a second attack" (an ordinal), "three quarters
    of the troops" (a fraction), "to fall apart" (a verb), "the Long March", "March on Versailles"."""
    f, words, lists = mention.fields, mention.text.lower().split(), resources.words
    end = mention.end
    offset = max(0, mention.start - 40)
    prev = _PREV_WORD.search(text[offset:mention.start])
    prev_word = prev.group(1) if prev else ""
    if f.get("type") == "DURATION" and f.get("amount") == 1 and f.get("unit") == "second" \
            and words[0] in lists.get("indefinite", {}) and _NEXT_WORD.match(text, end) \
            and not resources.trailed_by("duration_trail", text, end):
        return True
    if f.get("type") == "DURATION" and f.get("unit") == "quarter" and resources.trailed_by("fraction_trail", text, end):
        return True
    if len(words) == 1 and words[0] in lists.get("verb_sense", {}) and (
            prev_word.lower() in lists.get("verb_marker", {}) or resources.trailed_by("verb_particle_trail", text, end)):
        return True
    if len(words) == 1 and mention.text[:1].isupper() and words[0] in lists.get("noun_sense", {}) and prev_word:
        named = (prev_word[:1].isupper() and not _is_function_word(prev_word.lower(), resources)
                 and not _sentence_initial(text, offset + prev.start(1)))  # "the Long March"
        return named or (resources.trailed_by("march_noun_trail", text, end)
                         and not _leads_a_month(prev_word.lower(), resources))
    return False


def _plausible_in_doc(mention: Mention, doc, resources: Resources) -> bool:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return True
    if any(t.ent_type_ in NAME_ENTITIES for t in span):
        return False
    root = span.root
    if mention.rule in ("month", "season") and len(span) == 1 and root.pos_ == "VERB":
        return False  # "troops march", "the sale could still fall through"
    head = root.head
    if (root.dep_ == "compound" and head.i >= span.end and head.pos_ == "PROPN"
            and head.ent_type_ not in ("DATE", "TIME")):
        return False
    if mention.rule == "year":
        if root.dep_ == "nummod" and (head.i < root.i or (head.tag_ in ("NNS", "NNPS") and root.ent_type_ != "DATE")):
            return False  # a label ("Flight 1030") or a count ("1998 orders")
        if span.start > 0:
            prev = doc[span.start - 1]
            if (prev.is_title and prev.pos_ in ("PROPN", "NOUN") and not _is_function_word(prev.lower_, resources)
                    and prev.ent_type_ not in ("DATE", "TIME", "EVENT")):
                return False
    return True


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 200):start].rstrip()
    return not before or before[-1] in ".!?\"“”'‘’:;\n(—–-"


def _plausible_by_case(mention: Mention, text: str, resources: Resources) -> bool:
    offset = max(0, mention.start - 60)
    prev = re.search(r"([\w.'’]+)\s+$", text[offset:mention.start])
    if prev:
        word = prev.group(1)
        word_start = offset + prev.start(1)
        if word[:1].isupper() and not _is_function_word(word.lower(), resources) and (
                mention.rule == "year" or not _sentence_initial(text, word_start)):
            return False  # "Ann May", "William Friday", "Flight 1030"
        if mention.rule == "weekday" and word.lower() in resources.words.get("definite_article", {}) \
                and resources.trailed_by("name_after_article_trail", text, mention.end):
            return False  # "the Sunday Times"
    if mention.rule == "year" and resources.trailed_by("plural_noun_trail", text, mention.end):
        return False  # "1998 orders"
    return True


# ---- composition -------------------------------------------------------------

def _has_day(fields: dict) -> bool:
    return any(k in fields for k in ("weekday", "day", "holiday")) or fields.get("unit") == "day"


def _join_date_and_time(mentions: list[Mention], text: str, resources: Resources) -> list[Mention]:
    """"10 a.m. Thursday", "Tuesday at 3 p.m.": a clock time next to a day is one expression."""
    out: list[Mention] = []
    for mention in mentions:
        prev = out[-1] if out else None
        if prev is not None and resources.joined_by("clock_day_join", text[prev.end:mention.start]):
            pair = (prev, mention)
            times = [m for m in pair if m.type == "TIME" and "hour" in m.fields and not _has_day(m.fields)]
            days = [m for m in pair if m.type == "DATE" and _has_day(m.fields) and "hour" not in m.fields]
            if len(times) == 1 and len(days) == 1:
                fields = {**days[0].fields, **times[0].fields, "type": "TIME"}
                fields.pop("part", None)
                out[-1] = Mention(prev.start, mention.end, text[prev.start:mention.end], days[0].rule, fields,
                                  days[0].word)
                continue
        out.append(mention)
    return out


def _widen_with_part_of_day(mention: Mention, text: str, resources: Resources) -> None:
    """"the night of April 18, 1775": the part of a day named right before it."""
    if mention.type != "DATE" or not _has_day(mention.fields) or "part" in mention.fields:
        return
    m = resources.lead_match("part_of_lead", text, mention.start)
    if m is None:
        return
    part = resources.words["part_of_day"].get(m.group("part").lower())
    if part:
        mention.fields["part"] = part
        mention.start = m.start()
        mention.text = text[mention.start:mention.end]


def _widen_with_quantifier(mention: Mention, text: str, resources: Resources) -> None:
    """"through most of 2021": keep the year's value, remember "most" for the label."""
    if mention.type != "DATE" or "ref" in mention.fields:
        return
    quantifiers = resources.words.get("quantifier", {})
    for form in sorted(quantifiers, key=len, reverse=True):
        start = mention.start - len(form) - 1
        if start >= 0 and text[start:mention.start].lower() == form + " " and (
                start == 0 or not text[start - 1].isalnum()):
            mention.fields["quantifier"] = quantifiers[form].replace("_", " ")
            mention.start = start
            mention.text = text[start:mention.end]
            return
