"""Load and validate the engine's language resources (word lists and rules).

The English knowledge lives in ``resources/en/*.toml``; this module turns it
into compiled regular expressions and normalisers. Every problem in a file is
reported with the file and line it is on, so a broken rule never surfaces as
a stack trace from deep inside the matcher.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import RulesError

RESOURCE_DIR = Path(__file__).parent / "resources"
VALUE_KEYS = frozenset({
    "type", "year", "month", "day", "hour", "minute", "ampm", "weekday", "season", "quarter", "half",
    "decade", "century", "part", "holiday", "shift", "offset", "unit", "anchor", "dir", "gran",
    "mod", "amount", "set", "ref", "quantifier", "report", "unanchored",
})
TYPES = frozenset({"DATE", "TIME", "DURATION", "SET"})
_REF = re.compile(r"(?<!\?P)<([A-Za-z_]\w*)(?::(\w+))?>|\{([A-Za-z_]\w*)\}")
_WORD_NUMBERS: dict[str, int] = {}


def _leading_int(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def _count(text: str) -> float | str:
    """Parse an amount: "11", "1,460", "2.5", "twenty-five", "a", "two and a half"; "X" for "several"."""
    text = text.lower().strip().replace(",", "")
    half = text.endswith(" and a half")
    if half:
        text = text[: -len(" and a half")]
    try:
        n = float(text)
    except ValueError:
        n = None
        parts = re.split(r"[- ]", text)
        if text in _WORD_NUMBERS:
            n = _WORD_NUMBERS[text]
        elif all(p in _WORD_NUMBERS for p in parts):
            n = sum(_WORD_NUMBERS[p] for p in parts)
    if n is None:
        return "X"
    return n + 0.5 if half else n


def spaces(pattern: str) -> str:
    """A pattern's spaces as the text's: a space is one or more, a space with its own quantifier
    (" ?" in "3 ?pm") that many ("3pm", "3 pm")."""
    return re.sub(r" (?=[?*+]|\{\d)", r"\\s", pattern).replace(" ", r"\s+")


def _year_words(text: str) -> int | str:
    """A year said as two numbers: "nineteen ninety-six" is 19 hundred and 96 ("XXXX" when a word
    is no number the lists know, e.g. spelt with a lookalike letter)."""
    first, _, rest = text.lower().partition(" ")
    century, year = _count(first), _count(rest)
    return "XXXX" if "X" in (century, year) else int(century * 100 + year)


def _year_2000(text: str) -> int | str:
    """"two thousand" (2000), "two thousand and three" (2003): the last word counts after 2000."""
    words = text.split()
    last = _count(words[-1]) if len(words) > 2 else 0
    return "XXXX" if last == "X" else 2000 + int(last)


def _short_decade(text: str) -> int:
    d = int(text[1])
    return 190 + d if d else 200


# Normalisers for the named patterns in rules.toml that are not word lists.
PATTERN_NORMALISERS = {
    "year": _leading_int, "bc_year": _leading_int, "day": _leading_int, "mnum": _leading_int,
    "dnum": _leading_int, "hour": _leading_int, "hour12": _leading_int, "minute": _leading_int,
    "qnum": _leading_int, "count": _count, "decade_num": lambda t: int(t[:3]),
    "short_decade": _short_decade, "century_num": lambda t: int(t[:2]),
    "year_words": _year_words, "year_2000": _year_2000,
    "ampm": lambda t: "pm" if t.lower().startswith("p") else "am",
}
# Named patterns of rules.toml read around an expression rather than in it, by the end of their name:
# "_lead" the words right before it ("as soon as" Monday), "_trail" right after it ("three quarters" of),
# "_join" all that stands between two expressions ("between 2012" and "2016"), "_head" its own first
# words ("the past" year), "_word" one word as a whole (a regular past form). See ``Resources.context``.
CONTEXT_FORMS = {"_lead": r"(?<![\w'’])(?:{})\s+$", "_trail": r"(?:{})", "_join": r"\s*(?:{})\s*",
                 "_head": r"(?:{})\s", "_word": r"(?:{})"}
BUILTIN_PATTERNS = {"qnum": "[1-4]", "century_num": "1[0-9]00s"}


@dataclass(frozen=True)
class Rule:
    name: str
    regex: re.Pattern
    trigger: str | None  # key of ``Resources.triggers`` (its words joined by "|"); None: runs everywhere
    value: dict
    normalisers: dict  # group name -> callable(text) -> value
    examples: tuple
    line: int
    order: int
    # The group whose words give the direction (``dir = "$direction"``), kept with a mention for its
    # ``Basis``; None when the rule's own words do ("ago" of ``offset = "-$amount"``) or it has none.
    direction_group: str | None = None


_DIRECTION_KEYS = ("dir", "shift", "offset")


def _direction_group(value: dict) -> str | None:
    for key in _DIRECTION_KEYS:
        single = re.fullmatch(r"\$(\w+)", value[key]) if isinstance(value.get(key), str) else None
        if single and single.group(1) != "amount":  # an amount counts; the rule's words say which way
            return single.group(1)
    return None


@dataclass(frozen=True)
class Resources:
    rules: tuple[Rule, ...]
    triggers: dict[str, frozenset[str]]  # trigger key -> its words ("#" for a number); rules run near one
    words: dict[str, dict[str, str]]  # list name -> lower-cased form -> normalised key
    patterns: dict[str, str]  # list or pattern name -> regex source
    digest: str  # hash of the resource files: part of the analysis cache key
    context: dict = None  # name of a pattern of CONTEXT_FORMS -> compiled

    def led_by(self, name: str, text: str, start: int) -> bool:
        """Whether the words right before ``start`` are those of the lead pattern ``name``
        (``ahead_lead``: "as soon as Monday"; ``point_lead``: "on Christmas Eve")."""
        return self.lead_match(name, text, start) is not None

    def lead(self, name: str, text: str, start: int) -> str | None:
        """The words of the lead pattern ``name`` right before ``start`` ("as soon as"), or None."""
        found = self.lead_match(name, text, start)
        return " ".join(found.group().split()) if found is not None else None

    def lead_match(self, name: str, text: str, start: int) -> re.Match | None:
        """The match of the lead pattern ``name`` ending right before ``start`` (with its groups)."""
        return self._pattern(name, "_lead").search(text, max(0, start - 40), start)

    def trailed_by(self, name: str, text: str, end: int) -> bool:
        """Whether the trail pattern ``name`` starts right at ``end`` ("of" after "three quarters")."""
        return self._pattern(name, "_trail").match(text, end) is not None

    def joined_by(self, name: str, between: str) -> bool:
        """Whether ``between`` (the text between two expressions) is all the join pattern ``name``."""
        return self._pattern(name, "_join").fullmatch(between) is not None

    def head_match(self, name: str, text: str) -> re.Match | None:
        """The match of the head pattern ``name`` at the start of an expression's ``text``."""
        return self._pattern(name, "_head").match(text)

    def is_word(self, name: str, word: str) -> bool:
        """Whether ``word`` is, as a whole, of the word pattern ``name`` (a regular past form)."""
        return self._pattern(name, "_word").fullmatch(word) is not None

    def _pattern(self, name: str, form: str) -> re.Pattern:
        if not name.endswith(form) or name not in (self.context or {}):
            raise KeyError(f"no {form[1:]} pattern {name!r} in the resources")
        return self.context[name]


def _line_of(text: str, needle: str) -> int:
    idx = text.find(needle)
    return text.count("\n", 0, idx) + 1 if idx >= 0 else 1


def _load_toml(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_from_message(str(exc))
        if line is None and "end of document" in str(exc):
            line = text.count("\n") + 1
        raise RulesError(f"invalid TOML: {exc}", path, line) from None


def _line_from_message(message: str) -> int | None:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else None


def _word_regex(forms: list[str], case_sensitive: bool) -> str:
    if case_sensitive:
        forms = sorted({f for form in forms for f in (form, form.upper())}, key=len, reverse=True)
    else:
        forms = sorted(set(forms), key=len, reverse=True)
    alternatives = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
    return f"(?-i:{alternatives})" if case_sensitive else f"(?:{alternatives})"


def _compile_words(data: dict, path: Path, text: str):
    case_sensitive = set(data.pop("case_sensitive", []))
    words, patterns = {}, {}
    for name, table in data.items():
        if not isinstance(table, dict):
            raise RulesError(f"word list {name!r} must be a table", path, _line_of(text, f"[{name}]"))
        forms_of = {}
        for key, forms in table.items():
            if not isinstance(forms, list) or not all(isinstance(f, str) for f in forms):
                raise RulesError(f"{name}.{key} must be a list of strings", path, _line_of(text, f"{key} ="))
            for form in forms:
                forms_of[re.sub(r"\s+", " ", form.lower())] = str(key)
        all_forms = [f for forms in table.values() for f in forms]
        words[name] = forms_of
        patterns[name] = _word_regex(all_forms, name in case_sensitive)
    return words, patterns


def _expand(source: str, patterns: dict, rule: str, path: Path, line: int, normalisers: dict,
            words: dict, depth: int = 0) -> str:
    """Replace <list>, <list:name> and {list} references with regular expressions."""
    if depth > 5:
        raise RulesError(f"rule {rule!r}: patterns nest too deeply", path, line)

    def sub(m: re.Match) -> str:
        name, alias, plain = m.group(1), m.group(2), m.group(3)
        ref = name or plain
        if ref not in patterns:
            raise RulesError(f"rule {rule!r} refers to unknown list or pattern <{ref}>", path, line)
        inner = _expand(patterns[ref], patterns, rule, path, line, {}, words, depth + 1)
        if plain:
            return f"(?:{inner})"
        group = alias or name
        if ref in words:
            table = words[ref]
            normalisers[group] = lambda t, table=table: table.get(re.sub(r"\s+", " ", t.lower()))
        else:
            normalisers[group] = PATTERN_NORMALISERS.get(ref, str)
        return f"(?P<{group}>{inner})"

    return _REF.sub(sub, source)


def _compile_rule(i: int, raw: dict, patterns: dict, words: dict, path: Path, text: str,
                  reader: _TriggerReader) -> Rule:
    name = raw.get("name")
    line = _line_of(text, f'name = "{name}"') if name else 1
    if not isinstance(name, str) or not isinstance(raw.get("pattern"), str):
        raise RulesError("every rule needs a name and a pattern", path, line)
    value = raw.get("value", {})
    unknown = set(value) - VALUE_KEYS
    if unknown:
        raise RulesError(f"rule {name!r}: unknown value key(s) {', '.join(sorted(unknown))}", path, line)
    if value.get("type", "DATE") not in TYPES:
        raise RulesError(f"rule {name!r}: type must be one of {', '.join(sorted(TYPES))}", path, line)
    examples = raw.get("examples")
    if not examples or not all(isinstance(e, list) and len(e) == 3 for e in examples):
        raise RulesError(f"rule {name!r} needs examples: [[text, publication date, value], ...]", path, line)
    normalisers: dict = {}
    body = _expand(raw["pattern"], patterns, name, path, line, normalisers, words)
    body = spaces(body)
    try:
        # An expression ends at a word boundary, or before a possessive ("Friday's", "five years'").
        regex = re.compile(rf"(?<![\w'’])(?:{body})(?![\w]|['’](?!s\b))", re.IGNORECASE)
    except re.error as exc:
        raise RulesError(f"rule {name!r}: bad pattern: {exc}", path, line) from None
    for key, spec in value.items():
        for ref in re.findall(r"\$(\w+)", str(spec)):
            if ref not in regex.groupindex:
                raise RulesError(f"rule {name!r}: value {key} uses ${ref}, which the pattern does not capture",
                                 path, line)
    trigger = reader.words(raw["pattern"])
    return Rule(name, regex, "|".join(sorted(trigger)) if trigger else None, value, normalisers,
                tuple(tuple(e) for e in examples), line, i, _direction_group(value))


def _digest(words_text: str, rules_text: str) -> str:
    return hashlib.sha256((words_text + "\0" + rules_text).encode()).hexdigest()[:16]


@lru_cache(maxsize=4)
def files_digest(language: str = "en") -> str:
    """The resources' hash from the files alone: what the analysis cache key needs, without
    compiling a rule (a build with nothing to analyse never compiles them)."""
    folder = RESOURCE_DIR / language
    try:
        return _digest(*((folder / name).read_text(encoding="utf-8") for name in ("words.toml", "rules.toml")))
    except OSError:
        return load(language).digest  # the error names the missing file


@lru_cache(maxsize=4)
def languages() -> list[str]:
    """The languages the engine has resources for."""
    return sorted(p.name for p in RESOURCE_DIR.iterdir() if (p / "rules.toml").is_file())


@lru_cache(maxsize=4)
def load(language: str = "en") -> Resources:
    """Load, validate and compile the resources of one language (cached per process)."""
    folder = RESOURCE_DIR / language
    words_path, rules_path = folder / "words.toml", folder / "rules.toml"
    if not words_path.exists() or not rules_path.exists():
        raise RulesError(f"no temporal resources for language {language!r}", folder)
    words_data, words_text = _load_toml(words_path)
    rules_data, rules_text = _load_toml(rules_path)
    words, patterns = _compile_words(words_data, words_path, words_text)
    _WORD_NUMBERS.update({form: int(k) for form, k in words.get("number", {}).items() if k.isdigit()})
    named = rules_data.get("patterns", {})
    for name, source in {**BUILTIN_PATTERNS, **named}.items():
        if name in patterns:
            raise RulesError(f"pattern {name!r} has the name of a word list", rules_path,
                             _line_of(rules_text, f"{name} ="))
        patterns[name] = source
    reader = _TriggerReader(patterns)
    rules = tuple(_compile_rule(i, raw, patterns, words, rules_path, rules_text, reader)
                  for i, raw in enumerate(rules_data.get("rule", [])))
    digest = _digest(words_text, rules_text)
    triggers = {r.trigger: frozenset(r.trigger.split("|")) for r in rules if r.trigger}
    return Resources(rules, triggers, words, patterns, digest, _compile_context(patterns, words, rules_path, rules_text))


def _compile_context(patterns: dict, words: dict, path: Path, text: str) -> dict[str, re.Pattern]:
    """The patterns of CONTEXT_FORMS, each compiled in the form its name's ending gives."""
    out = {}
    for name in patterns:
        form = next((f for f in CONTEXT_FORMS if name.endswith(f)), None)
        if form is not None and name not in words:
            source = _expand(patterns[name], patterns, name, path, _line_of(text, f"{name} ="), {}, words)
            try:
                out[name] = re.compile(CONTEXT_FORMS[form].format(spaces(source)), re.IGNORECASE)
            except re.error as exc:
                raise RulesError(f"pattern {name!r}: {exc}", path, _line_of(text, f"{name} =")) from None
    return out


# ---- triggers: where a rule can match at all ------------------------------------
# Most prose holds no dates, so the matcher runs a rule only near one of its trigger words
# (``recognise._windows``). They are read off Python's own parse of the pattern (each <list> it refers
# to parsed on its own, once), whatever its syntax, so that every match is sure to hold one of them as
# a whole word. When no such set is found, or only one of very common words, the rule has no trigger
# and runs everywhere: a trigger only saves time, it must never lose a match.
#
# Tokens are what ``recognise`` indexes: runs of ASCII letters (lower-cased) or of digits (all "#");
# anything else separates them. The pattern is read left to right, as a match is: after each part,
# for each token the match may be in the middle of (its "tail": "" after a separator, "*" for letters
# not told apart), what the tokens it has finished are known to include, as clauses: sets of words,
# one of each is there.

try:
    from re import _parser as _sre
except ImportError:  # Python before 3.11
    import sre_parse as _sre

_NONE: frozenset = frozenset()
# Matched case-insensitively, i, k and s also match these letters, which are not ASCII: a token ends there.
_LOOKALIKES = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}
_LOOKALIKE_OF = {c: letter for letter, chars in _LOOKALIKES.items() for c in chars}
_DIGITS = frozenset("0123456789")
_PROBES = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") | _DIGITS | frozenset(_LOOKALIKE_OF)
_CATEGORIES = {  # the probes a class like \d matches; every one also matches other characters
    _sre.CATEGORY_DIGIT: _DIGITS, _sre.CATEGORY_NOT_DIGIT: _PROBES - _DIGITS,
    _sre.CATEGORY_WORD: _PROBES, _sre.CATEGORY_NOT_WORD: _NONE,
    _sre.CATEGORY_SPACE: _NONE, _sre.CATEGORY_NOT_SPACE: _PROBES,
    _sre.CATEGORY_LINEBREAK: _NONE, _sre.CATEGORY_NOT_LINEBREAK: _PROBES,
}
_MAX_LETTERS, _MAX_LENGTH = 3, 40  # a class of more letters ("[a-z]"), or a longer token, is "*"
_MAX_CLAUSES = 6
_MAX_ROUNDS = 8  # of a repeat still changing, after which it may be any text
_MAX_COST = 0.03  # a trigger as common as "the" would put a window everywhere
_VERY_COMMON = frozenset("the of and a to in".split())
_COMMON = frozenset("""an on at by for from with as is was be are were has had have it its this that these
those he she they we his her their not but or than then so up out over after before about all one some
more most last next same early late may now me""".split())


class _TriggerReader:
    """Reads the triggers of one language's rules, each named pattern once (per token it can follow)."""

    def __init__(self, patterns: dict):
        self.patterns, self.memo = patterns, {}

    def words(self, pattern: str) -> frozenset[str] | None:
        """Words (or "#", a number) of which every match of a rule's ``pattern`` holds one. A match
        starts and ends at a word boundary (``_compile_rule`` wraps it in lookarounds): it starts as
        if after a separator, and the token it ends in is a whole one."""
        ends = self.read(pattern, True, {"": _NONE})
        clause = _best(_add(clauses, tail) if _known(tail) else clauses for tail, clauses in ends.items())
        return clause if clause and _cost(clause) < _MAX_COST else None

    def read(self, source: str, icase: bool, states: dict) -> dict:
        """The states after ``source`` (a pattern with <list> and {list} references)."""
        out: dict = {}
        for tail, clauses in states.items():
            for tail_after, found in self.summary(source, icase, tail).items():
                _put(out, tail_after, _both(clauses, found))
        return out

    def summary(self, source: str, icase: bool, tail: str) -> dict:
        """What ``source`` adds to a match, from ``tail`` on. References are parsed as placeholder
        characters, and read (once) where the parse meets them."""
        key = (source, icase, tail)
        if key not in self.memo:
            refs: list[str] = []
            skeleton = _REF.sub(lambda m: _placeholder(refs, self.patterns[m.group(1) or m.group(3)]), source)
            try:
                if _PRIVATE_USE.search(source):
                    raise re.error("holds a character that stands for a reference")
                parsed = _sre.parse(spaces(skeleton), re.IGNORECASE if icase else 0)
            except re.error:  # e.g. a part that is a regular expression only inside its rule: unknown
                self.memo[key] = _anything({tail: _NONE})
            else:
                self.memo[key] = self.run(parsed, {tail: _NONE}, bool(parsed.state.flags & re.IGNORECASE), refs)
        return self.memo[key]

    def run(self, items, states: dict, icase: bool, refs: list) -> dict:
        for op, av in items:
            states = self.step(op, av, states, icase, refs)
        return states

    def step(self, op, av, states: dict, icase: bool, refs: list) -> dict:
        """The states after one parsed node. Assertions match no text; what is not handled here may
        match any text, which is always safe to assume."""
        placeholders = range(_PLACEHOLDER, _PLACEHOLDER + len(refs))
        if op is _sre.LITERAL and av in placeholders:
            return self.read(refs[av - _PLACEHOLDER], icase, states)
        if op is _sre.IN and any(item in placeholders for _op, item in av):
            return _advance(states, _character(_sre.ANY, None, icase))  # a reference inside [...]
        if op in (_sre.LITERAL, _sre.NOT_LITERAL, _sre.ANY, _sre.IN):
            return _advance(states, _character(op, tuple(av) if op is _sre.IN else av, icase))
        if op is _sre.BRANCH:
            return _merge([self.run(branch, states, icase, refs) for branch in av[1]])
        if op is _sre.SUBPATTERN:
            _group, add, remove, items = av
            return self.run(items, states, bool((icase or add & re.IGNORECASE) and not remove & re.IGNORECASE), refs)
        if op is _sre.ATOMIC_GROUP:
            return self.run(av, states, icase, refs)
        if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)):
            return self.repeat(av[2], av[0], av[1], states, icase, refs)
        if op is _sre.GROUPREF_EXISTS:
            no = self.run(av[2], states, icase, refs) if av[2] else states
            return _merge([self.run(av[1], states, icase, refs), no])
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            return states
        return _anything(states)

    def repeat(self, items, low: int, high: int, states: dict, icase: bool, refs: list) -> dict:
        """``items`` ``low`` to ``high`` times, one more time a round until that changes nothing (then
        no count does); still changing after a few rounds, it may be any text."""
        if low > _MAX_ROUNDS:
            return _anything(states)
        for _ in range(low):
            states = self.run(items, states, icase, refs)
        for rounds in range(high - low):
            grown = _merge([states, self.run(items, states, icase, refs)])
            if grown == states:
                break
            if rounds == _MAX_ROUNDS:
                return _anything(grown)
            states = grown
        return states


_PLACEHOLDER = 0xE000  # private-use characters stand for references while a pattern is parsed
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def _placeholder(refs: list, source: str) -> str:
    refs.append(source)
    return f"(?:{chr(_PLACEHOLDER + len(refs) - 1)})"


def _best(alternatives) -> frozenset[str] | None:
    """The likely rarest clause true whichever of the alternatives (sets of clauses) holds."""
    found = None
    for clauses in alternatives:
        found = clauses if found is None else _either(found, clauses)
    return min(found, key=_rank) if found else None


@lru_cache(maxsize=None)
def _frequency(word: str) -> float:
    """A guess at the share of a text's tokens that are ``word``, without a frequency list."""
    if word in _VERY_COMMON or word in _COMMON:
        return 0.03 if word in _VERY_COMMON else 0.006
    return 0.02 if word == "#" else 0.005 if len(word) == 1 else 0.004 / 2 ** len(word)


def _cost(clause: frozenset[str]) -> float:
    return _rank(clause)[0]


@lru_cache(maxsize=1 << 13)
def _rank(clause: frozenset[str]) -> tuple:
    return sum(map(_frequency, clause)), sorted(clause)


def _prune(clauses) -> frozenset:
    """The clauses worth keeping: none implied by a smaller one, at most the likely rarest few.
    Dropping a clause only forgets something, so what is left stays true."""
    kept: list = []
    for clause in sorted(set(clauses), key=_rank):  # a clause comes after any it holds (rarer)
        if len(kept) == _MAX_CLAUSES:
            break
        if not any(k <= clause for k in kept):
            kept.append(clause)
    return frozenset(kept)


def _both(a: frozenset, b: frozenset) -> frozenset:
    """Clauses true of what satisfies ``a`` and ``b``."""
    return a or b if not a or not b or a == b else _prune(a | b)


def _either(a: frozenset, b: frozenset) -> frozenset:
    """Clauses true of whatever satisfies ``a`` or ``b``: one clause of each, joined."""
    if a <= b or b <= a:
        return a if a <= b else b  # what satisfies more clauses satisfies fewer
    shared = a & b  # true either way; a clause joined to one of them would only be weaker
    return _prune(shared | {x | y for x in a - shared for y in b - shared})


def _add(clauses: frozenset, word: str) -> frozenset:
    """``clauses`` and the word a match was just seen to hold (which makes any clause with it idle)."""
    kept = {c for c in clauses if word not in c} | {frozenset([word])}
    return frozenset(kept) if len(kept) <= _MAX_CLAUSES else _prune(kept)


def _known(tail: str) -> bool:
    return tail not in ("", "*")


def _put(states: dict, tail: str, clauses: frozenset) -> None:
    """Add a way to reach ``tail``; the ways to one tail keep what is true of each."""
    states[tail] = _either(states[tail], clauses) if tail in states else clauses


def _merge(alternatives: list[dict]) -> dict:
    out: dict = {}
    for states in alternatives:
        for tail, clauses in states.items():
            _put(out, tail, clauses)
    return out


def _anything(states: dict) -> dict:
    """After any text at all: nothing, or letters not told apart (a text says no less than that)."""
    return _merge([states, _advance(states, {"*"})])


def _advance(states: dict, kinds: set) -> dict:
    """The states after one character of one of ``kinds``: a letter, "*", "#" (a digit) or " "."""
    out: dict = {}
    for tail, clauses in states.items():
        for kind in kinds:
            if kind == " " or (kind == "#") != (tail == "#"):
                whole, tail_after = tail, kind.strip()
            else:
                whole, tail_after = "", tail + kind if tail != "#" else "#"
            if "*" in tail_after or len(tail_after) > _MAX_LENGTH:
                tail_after = "*"
            _put(out, tail_after, _add(clauses, whole) if _known(whole) else clauses)
    return out


@lru_cache(maxsize=None)
def _character(op, av, icase: bool) -> frozenset:
    """What one character may be: which letters ("*" for many), a digit ("#"), a separator (" ")."""
    if op is _sre.ANY:
        matched, other = set(_PROBES), True
    else:
        negate = [(_sre.NEGATE, None)] if op is _sre.NOT_LITERAL else []
        matched, other = _members(av if op is _sre.IN else negate + [(_sre.LITERAL, av)], icase)
    letters = {c.lower() for c in matched if c.isascii() and c.isalpha()}
    kinds = letters if len(letters) <= _MAX_LETTERS else {"*"} if letters else set()
    kinds |= {"#"} if matched & _DIGITS else set()
    return frozenset(kinds | ({" "} if other or matched & _LOOKALIKE_OF.keys() else set()))


def _members(items, icase: bool) -> tuple[set, bool]:
    """Which of ``_PROBES`` a character set matches, and whether it matches any other character."""
    matched, other, negate = set(), False, False
    for op, av in items:
        if op is _sre.NEGATE:
            negate = True
        elif op is _sre.LITERAL:
            matched, other = matched | ({chr(av)} & _PROBES), other or chr(av) not in _PROBES
        elif op is _sre.RANGE:
            inside = {c for c in _PROBES if av[0] <= ord(c) <= av[1]}
            matched, other = matched | inside, other or av[1] - av[0] + 1 > len(inside)
        elif op is _sre.CATEGORY and av in _CATEGORIES:
            matched, other = matched | _CATEGORIES[av], True
        else:
            return set(_PROBES), True
    if icase:
        matched = set().union(*(_CASE_CLASS[c] for c in matched))
    return (_PROBES - matched, True) if negate else (matched, other)


def _case_class(c: str) -> frozenset:
    """The probes ``c`` matches case-insensitively (and that match it)."""
    letter = _LOOKALIKE_OF.get(c, c.lower())
    return frozenset({letter, letter.upper(), *_LOOKALIKES.get(letter, "")} if letter.isalpha() else {c})


_CASE_CLASS = {c: _case_class(c) for c in _PROBES}
