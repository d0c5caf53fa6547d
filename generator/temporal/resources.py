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


def _year_words(text: str) -> int:
    """A year said as two numbers: "nineteen ninety-six" is 19 hundred and 96."""
    first, _, rest = text.lower().partition(" ")
    return int(_count(first) * 100 + _count(rest))


def _year_2000(text: str) -> int:
    """"two thousand" (2000), "two thousand and three" (2003): the last word counts after 2000."""
    words = text.split()
    return 2000 + (int(_count(words[-1])) if len(words) > 2 else 0)


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
# Named patterns of rules.toml read as the words right before an expression (see ``Resources.led_by``).
LEADS = ("ahead_lead", "point_lead")
BUILTIN_PATTERNS = {"qnum": "[1-4]", "century_num": "1[0-9]00s"}


@dataclass(frozen=True)
class Rule:
    name: str
    regex: re.Pattern
    trigger: str | None  # key of ``Resources.triggers``: something every match contains
    value: dict
    normalisers: dict  # group name -> callable(text) -> value
    examples: tuple
    line: int
    order: int


@dataclass(frozen=True)
class Resources:
    rules: tuple[Rule, ...]
    triggers: dict[str, frozenset[str]]  # trigger key -> its words ("#" for a number); rules run near one
    words: dict[str, dict[str, str]]  # list name -> lower-cased form -> normalised key
    patterns: dict[str, str]  # list or pattern name -> regex source
    digest: str  # hash of the resource files: part of the analysis cache key
    leads: dict = None  # lead name -> compiled pattern of words right before an expression

    def led_by(self, name: str, text: str, start: int) -> bool:
        """Whether the words right before ``start`` are those of the lead pattern ``name``
        (``ahead_lead``: "as soon as Monday"; ``point_lead``: "on Christmas Eve")."""
        lead = (self.leads or {}).get(name)
        return lead is not None and lead.search(text, max(0, start - 40), start) is not None


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


def _compile_rule(i: int, raw: dict, patterns: dict, words: dict, path: Path, text: str) -> Rule:
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
    body = body.replace(" ", r"\s+")
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
    return Rule(name, regex, _trigger_key(raw["pattern"], words), value, normalisers,
                tuple(tuple(e) for e in examples), line, i)


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
    rules = tuple(_compile_rule(i, raw, patterns, words, rules_path, rules_text)
                  for i, raw in enumerate(rules_data.get("rule", [])))
    digest = _digest(words_text, rules_text)
    triggers = {r.trigger: _trigger_words(r.trigger, words) for r in rules if r.trigger}
    leads = {}
    for lead in LEADS:
        if lead in patterns:
            source = _expand(patterns[lead], patterns, lead, rules_path, _line_of(rules_text, f"{lead} ="), {}, words)
            leads[lead] = re.compile(rf"(?<![\w'’])(?:{source.replace(' ', chr(92) + 's+')})\s+$", re.IGNORECASE)
    return Resources(rules, triggers, words, patterns, digest, leads)


# ---- triggers: where a rule can match at all ------------------------------------
# Most prose holds no dates. Each rule names (implicitly) one piece every match of
# it contains; the matcher looks for that piece first and runs the rule only near it.

_NUMERIC = frozenset({"year", "bc_year", "day", "mnum", "dnum", "hour", "hour12", "minute", "qnum",
                      "decade_num", "short_decade", "century_num"})
_COMMON_WORDS = frozenset({"the", "and", "that", "this", "same", "from", "with", "for", "than"})
_WEAK = frozenset({"number", "count", "position", "quantity", "direction", "sequence", "those", "after",
                   "zone", "ampm"})


def _required(source: str, words: dict) -> list[str]:
    """References (<list>, {list}) and literal words a pattern cannot match without, at its top level;
    for alternatives ("now|currently"), one "any:" item: the trigger words of every branch."""
    branches = _top_level_branches(source)
    if len(branches) > 1:
        keys = [_trigger_key(branch, words) for branch in branches]
        if None in keys:
            return []  # a branch that needs no particular word: nothing every match holds
        return ["any:" + "|".join(sorted(set().union(*(_trigger_words(k, words) for k in keys))))]
    out, i, n = [], 0, len(source)
    while i < n:
        c = source[i]
        if c == "\\":
            i += 2
        elif c == "[":
            i = source.index("]", i + 1) + 1
        elif c == "(":
            end = _closing(source, i)
            optional = source[end + 1:end + 2] in ("?", "*")
            inner = source[i + 1:end]
            if not optional and not inner.startswith(("?=", "?!", "?<=", "?<!")):
                inner = re.sub(r"^\?(?::|P<\w+>)", "", inner)
                out += _required(inner, words)
            i = end + 1
        elif c in "<{":
            end = source.index(">" if c == "<" else "}", i)
            optional = source[end + 1:end + 2] in ("?", "*")
            if not optional:
                out.append(source[i + 1:end].split(":")[0])
            i = end + 1
        elif c.isalpha():
            word = re.match(r"[A-Za-z]+", source[i:]).group()
            i += len(word)
            if source[i:i + 1] not in ("?", "*") and len(word) > 2:
                out.append("'" + word.lower())
        else:
            i += 1
    return out


def _top_level_branches(source: str) -> list[str]:
    """``source`` split at its top-level ``|`` (groups skipped whole, with ``_closing``)."""
    branches, start, i = [], 0, 0
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 1
        elif c == "[":
            i = source.index("]", i + 1)
        elif c == "(":
            i = _closing(source, i)
        elif c == "|":
            branches.append(source[start:i])
            start = i + 1
        i += 1
    return branches + [source[start:]]


def _closing(source: str, start: int) -> int:
    depth, i = 0, start
    while i < len(source):
        if source[i] == "\\":
            i += 2
            continue
        if source[i] == "[":
            i = source.index("]", i + 1)
        elif source[i] == "(":
            depth += 1
        elif source[i] == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError("unbalanced parentheses")


def _trigger_key(source: str, words: dict) -> str | None:
    """The most selective required piece: a word list, then a literal word, then a digit."""
    required = _required(source, words)
    lists = [r for r in required if r in words and r not in _WEAK]
    literals = [r for r in required if r.startswith("'") and r[1:] not in _COMMON_WORDS]
    alternatives = [r for r in required if r.startswith("any:")]
    if lists:
        return min(lists, key=lambda name: len(words[name]))
    if literals:
        return max(literals, key=len)
    if alternatives:
        return min(alternatives, key=lambda r: r.count("|"))
    if any(r in _NUMERIC for r in required):
        return "digit"
    return None


def _trigger_words(key: str, words: dict) -> frozenset[str]:
    """Lower-case words (or "#", any number) of which a text must hold one for the rule to match."""
    if key == "digit":
        return frozenset({"#"})
    if key.startswith("'"):
        return frozenset({key[1:]})
    if key.startswith("any:"):
        return frozenset(key[4:].split("|"))
    return frozenset(_rarest(form) for form in words[key])


def _rarest(form: str) -> str:
    """One word every match of ``form`` holds, as rare as can be told without a frequency list: the
    longest. "Fourth of July" needs only "fourth" near it; its "of" would send the rule everywhere."""
    found = re.findall(r"[a-z]+|[0-9]+", form.lower())
    return max(found, key=lambda w: (len(w), w)) if found else form.lower()
