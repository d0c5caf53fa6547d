"""From dated sentences to raw events: what happened, when, who was involved.

A sentence yields one event per calendar date it carries (a DATE or TIME
expression; durations, sets and "now" place nothing on a timeline). The
event's text is the clause the date belongs to, read off the dependency
parse: the verb the expression attaches to with its arguments, without the
side clauses and the other dates of the sentence ("Inspectors visited the
site on Dec. 12, 2022, and again in February" gives two events). Its actors
are the people, organisations and places named in that clause, with "Biden"
after "Joe Biden" read as the same person.
Events of all articles are merged later, in ``timeline.py``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import timedelta


from . import overrides
from .content import Article
from .entries import posted_at
from .model import Analysis, EntityRecord, Event, RawEvent, Source, TimexRecord, sentence_anchor
from .temporal import DateValue, Span, as_date, doc_text, parse
from .temporal.value import Gran
from .temporal.stretch import counted_stretch, ranges as stretch_ranges
from .timeline import event_id
from .words import furniture as furniture_rules, words as language_words

# Who takes part: people, organisations and named products. Places are where, not who.
ACTOR_LABELS = ("PERSON", "ORG", "PRODUCT", "WORK_OF_ART")
# Names that are no actors whatever the tagger reads in them; a proper noun inside one is none either.
NOT_ACTOR_LABELS = frozenset({"GPE", "LOC", "FAC", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "LANGUAGE",
                              "EVENT", "LAW"})
_QUOTES = re.compile(r"[\"“”]")


# ---- page furniture -----------------------------------------------------------------------------
# What a news page prints around the story (datelines, update stamps, comment signatures, live-blog
# clocks, sign-offs, "Related stories"): its dates date the page, not a happening. The kinds and
# their patterns are data (``[furniture]`` in events.toml); here they are compiled and applied.

@dataclass(frozen=True)
class FurnitureKind:
    name: str
    pattern: re.Pattern
    tail: bool = False  # the rest of the text after a match is page material as well
    at_least: int = 1  # matches the text must hold for any of them to count


def _compiled(language: str = "en") -> tuple[FurnitureKind, ...]:
    table = furniture_rules(language)
    parts: dict[str, str] = {}

    def expand(pattern: str) -> str:
        return re.sub(r"\{([a-z_]+)\}", lambda m: parts[m.group(1)], pattern)

    for name, pattern in table["parts"].items():  # in order: a part may use the ones before it
        parts[name] = expand(pattern)
    return tuple(FurnitureKind(kind["name"], re.compile("|".join(f"(?:{expand(p)})" for p in kind["patterns"])),
                               kind.get("tail", False), kind.get("at_least", 1)) for kind in table["kind"])


FURNITURE = _compiled()


def furniture(text: str, kinds: tuple[FurnitureKind, ...] = FURNITURE) -> list[tuple[int, int, str]]:
    """The stretches of ``text`` that are page furniture, as (start, end, kind), in order and not
    overlapping (where two kinds overlap, they are one stretch, named by the first)."""
    found = []
    for kind in kinds:
        matches = [m for m in kind.pattern.finditer(text) if m.end() > m.start()]
        if len(matches) < kind.at_least:
            continue
        if kind.tail and matches:
            found.append((matches[0].start(), len(text), kind.name))
        else:
            found += [(m.start(), m.end(), kind.name) for m in matches]
    out: list[tuple[int, int, str]] = []
    for start, end, name in sorted(found):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]), out[-1][2])
        else:
            out.append((start, end, name))
    return out


class _Stretches:
    """Whether a character offset lies in one of some sorted, disjoint stretches."""

    def __init__(self, stretches: list[tuple[int, int, str]]):
        self.starts = [s for s, _e, _k in stretches]
        self.ends = [e for _s, e, _k in stretches]

    def __contains__(self, offset: int) -> bool:
        i = bisect_right(self.starts, offset) - 1
        return i >= 0 and offset < self.ends[i]

    def __bool__(self) -> bool:
        return bool(self.starts)


def analysis_of(doc) -> Analysis:
    """What the pipeline learned of a parsed document, as plain data: sentences, dates, names, events."""
    timexes = tuple(
        TimexRecord(t.start, t.end, t.text, t.type, t.value.timex, t.mod, t.quantifier, t.label)
        for t in (span._.timex for span in doc.spans.get("timexes", [])))
    sentences = tuple((s.start_char, s.end_char) for s in doc.sents) if doc.has_annotation("SENT_START") \
        else ((0, len(doc.text)),)
    entities = tuple(EntityRecord(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents)
    return Analysis(sentences, timexes, entities, tuple(raw_events(doc)))


def raw_events(doc) -> list[RawEvent]:
    """Events of one parsed document (its temporal spans must be in ``doc.spans["timexes"]``)."""
    spans = list(doc.spans.get("timexes", []))
    sentences = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    entities = list(doc.ents)  # once: spaCy builds them from every token of the document on each call
    names = _names(doc, entities, spans)
    aliases = _person_aliases(entities, names)
    persons = _antecedents(sentences, names, aliases)
    events, seen = [], set()
    page = _Stretches(furniture(doc_text(doc)))
    on_page = {i for i, span in enumerate(spans) if span._.timex.start in page}  # dates of the page, not news
    ranges = stretch_ranges(doc_text(doc), [s._.timex for s in spans])
    for index, span in enumerate(spans):
        timex = span._.timex
        if index in ranges.values() or index in on_page:
            continue  # the end of "between 2012 and 2016": part of the event of its start
        stretch = counted_stretch(timex, as_date(doc._.dct)) if doc._.dct is not None else None
        if index in ranges:
            end = spans[ranges[index]]._.timex.value
            stretch = Span(timex.value, end)
        if not isinstance(timex.value, DateValue) and stretch is None:
            continue
        sent_index = next((i for i, s in enumerate(sentences) if s.start_char <= timex.start < s.end_char), None)
        if sent_index is None:
            continue
        if (sent_index, timex.value) in seen:  # "Thanksgiving tomorrow": one date, one event
            continue
        seen.add((sent_index, timex.value))
        sent = sentences[sent_index]
        others = [s for j, s in enumerate(spans) if s is not span and sent.start <= s.start < sent.end
                  and j not in on_page]
        item = _labelled_item(span, spans, sentences)
        if item is None:
            if stretch is not None and index not in ranges and (others or _governing_verb(span.root, sent) is None):
                continue  # a span is an event only when it is what the clause happens over
            if _describes_a_noun(span, sent, others):
                continue  # "the report on the Nov. 3 inspection was released Monday": the event is Monday's
            if _names_a_thing_of_a_noun(span):
                continue  # "oversaw payments to victims of the 2001 attacks": no payment was made in 2001
            if _asked(span, sent):
                continue  # "Who closed the bridge on Monday?": a question reports nothing
            framing = _framing(span, sent, others)
            if framing is None or _counterfactual(span, sent):
                continue  # "Last year ... on Christmas Eve": one date, the finer; "should have acted": none
            others = [o for o in others if o not in framing]
        clause = item or clause_tokens(span, sent, others)
        if page and clause:
            clause = _off_page(clause, page) or None
        actors = _actors(_within(names, sent), aliases, clause, _referred(clause or (), persons))
        tokens = clause or _off_page(_sentence_tokens(sent), page)
        anchored = stretch if index not in ranges else None  # "over the past year", not "between 2012 and 2016"
        text = _text(_bracketed(_named(tokens, persons), span, anchored or timex.value, timex, doc._.dct))
        within = {t.i for t in clause} if clause else set(range(sent.start, sent.end))
        sole = not any(isinstance(o._.timex.value, DateValue) and o.root.i in within for o in others)
        events.append(RawEvent(sent_index, index, text, actors, _in_quote(sent.text, timex.start - sent.start_char),
                               sole, stretch.timex if stretch else None))
    return _with_reported(doc, sentences, spans, events, names, aliases, persons, page)


def _labelled_item(span, spans, sentences) -> list | None:
    """The item a date labels when a colon follows it, as a chronology prints ("20 April: Rig
    explodes, killing 11 28 April: Coastguard fears the worst"): its words run to the next date so
    labelled or the end of their sentence (a list run together defeats the parse, so its clauses
    cannot tell the items apart). None when no colon follows the date."""
    doc = span.doc
    first = span.end + 1
    if first >= len(doc) or doc[span.end].text != ":":
        return None
    stop = next((s.end for s in sentences if s.start <= first < s.end), len(doc))
    stop = min([stop] + [o.start for o in spans if span.end < o.start < stop and o.end < len(doc)
                         and doc[o.end].text == ":"])
    tokens = [t for t in doc[first:stop] if not t.is_space]
    while tokens and tokens[-1].is_punct and not tokens[-1].is_quote:
        tokens.pop()
    return tokens or None


def _off_page(tokens: list, page: _Stretches) -> list:
    """``tokens`` without those of page furniture ("LONDON | Tue Mar 1, 2011 7:40am EST Police said ...")."""
    if not page:
        return tokens
    kept = [t for t in tokens if t.i < 0 or t.idx not in page]
    while kept and kept[0].is_punct and not kept[0].is_quote:
        kept = kept[1:]
    return kept


# Reported happenings without a date of their own. News tells what happened by the dateline: "Apple
# released a new phone." in an article of June 8 was reported on June 8. A sentence whose main verb
# is a finite past (or present perfect) with a subject is such a report; opinion in quotes,
# background (past perfect), negation, the generic present and the future are not.
RECENT = timedelta(days=7)  # a day this close before the publication becomes the story's "now"
PRONOUN_SUBJECTS = language_words()["pronoun_subjects"]
CONDITIONS = language_words()["condition_marks"]
UNASSERTING = language_words()["unasserting_verbs"]
THING_OF = language_words()["thing_of"]  # "the floods of 1953": a date naming the thing it follows
COPULAS = language_words()["copula_lemmas"]  # "was": a state unless it makes a passive
POSSESSIONS = language_words()["possession_lemmas"]  # "had": a state, and the perfect's auxiliary
ATTRIBUTIONS = language_words()["attribution_words"]


def _with_reported(doc, sentences, spans, events, names, aliases, persons, page=None) -> list[RawEvent]:
    """``events`` and one event for each undated sentence that reports a happening, dated at the
    publication day or, after a sentence dated a few days before it ("Jobs spoke yesterday"), at
    that day: the story's "now", which the following sentences tell of ("He also said ...")."""
    dct = doc._.dct
    if dct is None or not doc.has_annotation("DEP") or not sentences:
        return events
    today = as_date(dct)
    now, basis = DateValue.of_day(today), "publication"
    by_sentence: dict[int, list[RawEvent]] = {}
    for e in events:
        by_sentence.setdefault(e.sentence, []).append(e)
    out = []
    for k, sent in enumerate(sentences):
        own = by_sentence.get(k, [])
        out += own
        if not own:
            verb = reported_verb(sent)
            tokens = _sentence_tokens(sent) if verb is not None else []
            if page and tokens:  # furniture has no happening; a happening's text has no furniture
                tokens = [] if verb.idx in page else _off_page(tokens, page)
                tokens = tokens if len(tokens) >= MIN_CLAUSE_TOKENS else []
            if tokens:
                out.append(RawEvent(k, -1, _text(_named(tokens, persons)), _actors(_within(names, sent), aliases, tokens,
                                                                   _referred(tokens, persons)),
                                    False, True, None, basis, now.timex))
        for e in own:  # the last recent day its main clause tells of (not in a quotation) is the story's day
            value = spans[e.timex]._.timex.value
            if (isinstance(value, DateValue) and value.gran >= Gran.DAY and not e.quote and e.span is None
                    and today - RECENT <= value.start.date() <= today and _tells_the_sentence(spans[e.timex], sent)):
                day = value.start.date()
                now = DateValue.of_day(day)
                basis = "publication" if day == today else "context"
    return out


def _tells_the_sentence(span, sent) -> bool:
    """The date belongs to the sentence's main verb ("Jobs spoke yesterday"), not to a side clause
    ("talks, which broke down last Thursday"): only then is its day what the next sentences tell of."""
    verb = _governing_verb(span.root, sent)
    return verb is not None and verb.i == sent.root.i


def reported_verb(sent):
    """The main verb of a sentence that reports a happening, or None (see above)."""
    text = sent.text.strip()
    if not text or text[0] in "\"“'‘" or text.endswith("?"):
        return None  # a quotation or a question
    root = sent.root
    if root.pos_ not in ("VERB", "AUX") or root.lemma_ in COPULAS or _in_quote(sent.text, root.idx - sent.start_char):
        return None
    children = list(root.children)
    if any(c.dep_ == "neg" for c in children):
        return None
    if not any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "csubjpass") for c in children):
        return None
    aux = [c for c in children if c.dep_ in ("aux", "auxpass")]
    if any(a.tag_ == "MD" or a.tag_ == "TO" for a in aux):
        return None  # will, would, could, may: not (yet) a happening
    if root.tag_ == "VBD":
        return None if aux or root.lemma_ in POSSESSIONS else root  # "had": a state
    if root.tag_ == "VBN":
        perfect = [a for a in aux if a.lemma_ in POSSESSIONS]
        if perfect:  # "has filed" reports; "had filed" is background, before the story
            return root if perfect[0].tag_ in ("VBZ", "VBP") else None
        passive = [a for a in aux if a.dep_ == "auxpass"]
        return root if passive and passive[0].tag_ == "VBD" else None  # "was fired"
    if root.tag_ == "VBG":  # "was testing"
        return root if any(a.tag_ == "VBD" and a.lemma_ in COPULAS for a in aux) else None
    return None


def _sentence_tokens(sent) -> list:
    tokens = [t for t in sent if not t.is_space]
    while tokens and tokens[-1].is_punct and not tokens[-1].is_quote:
        tokens = tokens[:-1]
    return tokens


def _antecedents(sentences, names, aliases) -> list[tuple[int, int, str, bool]]:
    """The people named in the article, in order: (token index, sentence start, full name, whether
    the name is a subject), the candidates for "he" and "she"."""
    people = set(aliases.values())
    out = []
    for name in sorted(names, key=lambda n: n.start):
        full = _clean_name(name.text)
        full = aliases.get(full, full)
        if full in people:
            out.append((name.start, name.root.sent.start, full, name.root.dep_ in SUBJECTS))
    return out


def _antecedent(people: list, token, recent: bool = False) -> str | None:
    """Who "he" or "she" at ``token`` is: the last person named as a subject in its sentence or the
    one before, or else (unless ``recent`` is asked) the last person named before it."""
    before = [p for p in people if p[0] < token.i]
    if not before:
        return None
    sent = token.sent
    previous = sent.start - 1
    start = token.doc[previous].sent.start if previous >= 0 else sent.start
    subjects = [p for p in before if p[3] and p[1] >= start]
    if recent:
        return subjects[-1][2] if subjects else None
    return (subjects or before)[-1][2]


def _named(tokens: list, people: list) -> list:
    """``tokens`` with each pronoun subject replaced by its antecedent in brackets, as a
    newsroom edits a quoted sentence ("[Elena Ruiz] would brief the council"), when the person is
    named as a subject just before; an antecedent further back is too much of a guess to print."""
    out = []
    for t in tokens:
        person = _antecedent(people, t, recent=True) if _pronoun_subject(t) else None
        out.append(_Word(f"[{person}]", t) if person else t)
    return out


def _pronoun_subject(token) -> bool:
    return not isinstance(token, _Word) and token.lower_ in PRONOUN_SUBJECTS and token.dep_ in SUBJECTS


def _referred(tokens: list, people: list) -> list[str]:
    """Who the pronoun subjects of ``tokens`` are ("she announced": the last person named): they are
    the event's actors, while its text keeps the article's own words."""
    found = []
    for t in tokens:
        if _pronoun_subject(t):
            person = _antecedent(people, t)
            if person and person not in found:
                found.append(person)
    return found


class _Name:
    """A name in the text that may be an actor: a tagged entity, or a run of proper nouns the tagger
    left out ("Jobs welcomed ...", "iPhone 4")."""

    __slots__ = ("start", "end", "text", "label_", "root")

    def __init__(self, tokens, label: str):
        self.start, self.end = tokens[0].i, tokens[-1].i + 1
        self.text = tokens[0].doc[self.start:self.end].text
        self.label_ = label
        self.root = tokens[0].doc[self.start:self.end].root


def _names(doc, entities, timexes=()) -> list:
    """The document's names in order: entities of ACTOR_LABELS, then runs of proper nouns
    outside any entity and any temporal expression ("09 Jun 2010": no "Jun"; a numeral or model
    code right after one belongs to it: "iPhone 4")."""
    dates = {i for span in timexes for i in range(span.start, span.end)}
    out = [_Name(_untitled(list(e)), e.label_) for e in entities
           if e.label_ in ACTOR_LABELS and not dates.intersection(range(e.start, e.end))]
    if not doc.has_annotation("TAG"):
        return out
    taken = dates | {i for e in entities if e.label_ in ACTOR_LABELS or e.label_ in NOT_ACTOR_LABELS
                     for i in range(e.start, e.end)}
    run: list = []
    words = {t.text for t in doc if t.text.islower()}  # the words the article writes in lower case
    # the last names of people the article names in full: "Jobs" alone is Steve Jobs, not jobs
    surnames = {e[-1].text for e in entities if e.label_ == "PERSON" and len(e) > 1
                and e[-1].tag_ in ("NNP", "NNPS") and e[-1].is_alpha and e[-1].is_title}

    def close():
        while run and (run[-1].lower_ in TITLES or run[-1].is_punct):
            run.pop()
        while run and (run[0].lower_ in TITLES or run[0].is_punct):
            run.pop(0)
        if run and run[-1].dep_ == "compound" and run[-1].head.i in taken:
            run.clear()  # "City Engineer [Tomas Varga]", "Acting Mayor [...]": a title, not a name
        if len(run) == 1 and run[0].text not in surnames and (
                run[0].lower_ in words or (run[0].is_sent_start and run[0].tag_ == "NNPS")):
            run.clear()  # "Inspectors found...", "the City said": a common noun with a capital
        if run and len(run[0].text) > 1 and any(t.is_alpha for t in run):
            out.append(_Name(list(run), "PERSON" if run[0].ent_type_ == "PERSON" else ""))
        run.clear()

    glued: set[int] = set()  # tokens already taken as the end of a model code
    for token in doc:
        if token.i in glued:
            continue
        proper = (token.tag_ in ("NNP", "NNPS") or token.text in surnames) and token.i not in taken \
            and not token.is_punct  # a surname the tagger read as a plural noun ("Jobs welcomed")
        code = _word_from(token) if run and token.i not in taken and token.tag_ in ("CD", "NNP", "NN") else []
        model = bool(code) and bool(_MODEL_CODE.fullmatch("".join(t.text for t in code)))
        if proper and run and token.is_sent_start:
            close()
        if model:
            run.extend(code)
            glued.update(t.i for t in code)
            close()
        elif proper:
            run.append(token)
        else:
            close()
    close()
    return sorted(out, key=lambda n: n.start)


def _untitled(tokens: list) -> list:
    """An entity's tokens without the titles the tagger took into it ("Adm Thad Allen" is Thad
    Allen), keeping its last word."""
    while len(tokens) > 1 and tokens[0].lower_ in TITLES:
        tokens = tokens[1:]
    return tokens


def _word_from(token) -> list:
    """The tokens of the written word that starts at ``token``: the tokenizer splits "3G" into "3"
    and "G", and a model code is the whole of it ("iPhone 3G", not "iPhone 3")."""
    word = [token]
    while not word[-1].whitespace_ and word[-1].i + 1 < len(word[-1].doc) and word[-1].nbor().is_alpha:
        word.append(word[-1].nbor())
    return word


_MODEL_CODE = re.compile(r"\d{1,2}[A-Za-z]{0,2}|[0-9A-Z]{1,3}\d[0-9A-Z]{0,2}")
TITLES = language_words()["titles"]
_NAME_ARTICLES = frozenset(w for a in language_words()["name_articles"] for w in (a, a.capitalize()))
_POSSESSIVE = re.compile(rf"(?<=\w)(?:{'|'.join(map(re.escape, language_words()['possessive_endings']))})$")  # "CEO Steve Jobs", "Mr Smith": not part of the name


def _person_aliases(entities, names=()) -> dict[str, str]:
    """Short forms of names mentioned in full in the article: "Biden" -> "Joe Biden", and the first
    name when no other full name shares it ("Steve" -> "Steve Jobs", not when there is a Steve Ballmer)."""
    aliases: dict[str, str] = {}
    firsts: dict[str, set[str]] = {}
    for ent in entities:
        words = _untitled(list(ent))
        if ent.label_ == "PERSON" and len(words) > 1:
            full = _clean_name(ent.doc[words[0].i:words[-1].i + 1].text)
            if len(full.split()) < 2:
                continue
            aliases.setdefault(full.split()[-1], full)
            aliases.setdefault(full, full)
            firsts.setdefault(full.split()[0], set()).add(full)
    for first, fulls in firsts.items():
        if len(fulls) == 1 and first not in aliases:
            aliases[first] = next(iter(fulls))
    return aliases


def _clean_name(text: str) -> str:
    """A name as listed: without a possessive ("Jobs's", "Jobs'"), a leading "the" or stray
    punctuation, but with the period that ends an abbreviation ("U.S.")."""
    text = _POSSESSIVE.sub("", text.strip())
    words = text.split(None, 1)
    if len(words) == 2 and words[0] in _NAME_ARTICLES:
        text = words[1]
    text = text.strip(" ,;:")
    abbreviation = text.endswith(".") and "." in text[:-1]
    return text if abbreviation else text.rstrip(".").strip()


def _within(entities, sent) -> list:
    """The entities wholly inside the sentence (what ``sent.ents`` gives, without rebuilding them all)."""
    found = []
    for ent in entities:
        if ent.start >= sent.start:
            if ent.end > sent.end:
                break
            found.append(ent)
    return found


def _actors(entities, aliases: dict[str, str], clause: list | None, referred: list[str] = ()) -> tuple[str, ...]:
    names = []
    inside = {t.i for t in clause if t.i >= 0} if clause else None
    for ent in entities:
        if inside is not None and ent.root.i not in inside:
            continue
        name = _clean_name(ent.text)
        name = aliases.get(name, name)
        if len(name) > 1 and name not in names:
            names.append(name)
    names += [person for person in referred if person not in names]  # "she": the person she is
    return tuple(names)


# Dependents that are clauses of their own: left out unless they hold the date.
SIDE_CLAUSES = frozenset({"conj", "advcl", "relcl", "parataxis", "cc", "preconj"})
# Dependents that may carry another date of the sentence: dropped when they do.
DATE_CARRIERS = frozenset({"prep", "npadvmod", "advmod", "pobj", "tmod", "obl", "nmod", "appos"})
MIN_CLAUSE_TOKENS = 3
SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})


def _governing_verb(token, sent):
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX") and token.dep_ != "aux":
            return token
        if token.head.i == token.i or not (sent.start <= token.head.i < sent.end):
            return None
        token = token.head
    return None


def _attachment(span, sent):
    """(the date's root token, the verb it belongs to), or None without a parse or a verb."""
    if not span.doc.has_annotation("DEP"):
        return None
    verb = _governing_verb(span.root, sent)
    return None if verb is None else (span.root, verb)


def clause_tokens(span, sent, others) -> list | None:
    """Tokens of the clause the date in ``span`` belongs to, or None when the parse offers none."""
    attached = _attachment(span, sent)
    if attached is None:
        return None
    verb = attached[1]
    while verb.dep_ in ("xcomp", "auxpass") and verb.head.pos_ in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head  # "is scheduled to reopen in the fall": keep what governs the infinitive
    verb = _denied_by(verb) or verb  # "denied that she met the builder on Monday": never the claim alone
    own = {t.i for t in span}
    other_dates = [{t.i for t in o} for o in others]
    keep = {t.i for t in verb.subtree}
    for child in verb.children:
        sub = {t.i for t in child.subtree}
        if own & sub:
            continue
        if ((child.dep_ in SIDE_CLAUSES and not _adjunct(child) and not _states_a_condition(child))
                or (child.dep_ in DATE_CARRIERS and _mostly_a_date(sub, other_dates))
                or child.lower_ in ATTRIBUTIONS):  # attribution belongs to the source, not the event
            keep -= sub
    if verb.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        subject = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            keep |= {t.i for t in subject.subtree}
    if not any(span.doc[i].dep_ in SUBJECTS for i in keep):
        # "an email sent late Saturday", "a report released Monday": the date tells of a noun of a
        # larger clause, whose news ("Miller will serve as acting chief, Mayorkas said in an email
        # sent ...") a clause of its own would lose; and "an email was sent" would be our words
        return _named_participle(verb)  # else a fragment; the whole sentence reads better
    keep -= _stray_words(keep, span.doc) | _stray_subjects(keep, verb)
    tokens = [span.doc[i] for i in sorted(keep)]
    while tokens and ((tokens[0].is_punct and not tokens[0].is_quote) or tokens[0].dep_ == "cc"
                      or (tokens[0].dep_ == "mark" and tokens[0].lower_ not in CONDITIONS)  # keep "If"
                      or (tokens[0].tag_ == "WRB" and tokens[0].head.i == verb.i)):  # "When engineers removed"
        tokens = tokens[1:]
    while tokens and ((tokens[-1].is_punct and not tokens[-1].is_quote) or tokens[-1].dep_ == "cc"):
        tokens = tokens[:-1]
    if tokens and tokens[-1].i == verb.i and verb.pos_ == "AUX":
        return None  # "the first crossing will be [fifteen minutes earlier]": a copula left bare says nothing
    if verb.dep_ == "relcl":
        tokens = _with_antecedent(tokens, verb)
    return tokens if len(tokens) >= MIN_CLAUSE_TOKENS else None


def _denied_by(verb):
    """The clause that holds the clause of ``verb`` without vouching for it, by its verb: a verb that
    denies, alleges or supposes it ("denied that she met him", "allege that he stole"), or a noun
    whose content it is ("rumours that the mayor quit on Monday were false", "rejected claims that
    it dumped waste"); or None."""
    head = verb.head
    if head.i == verb.i or verb.dep_ not in ("acl", "ccomp"):
        return None
    if head.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "mark" for c in verb.children):
        return _governing_verb(head, verb.sent)  # the claims, the rumours, the news that ...
    return head if verb.dep_ == "ccomp" and head.lower_ in UNASSERTING else None


def _named_participle(verb) -> list | None:
    """A name and the participle that tells what was done to it then ("Jobs, born in San Francisco
    on February 24, 1955, has built ..."): the date is the participle's, and the whole sentence
    under it would date what the name did later. None when the participle is not a past one on a
    name ("an email sent late Saturday": the sentence's news is the email's)."""
    noun = verb.head
    if verb.dep_ != "acl" or verb.tag_ != "VBN" or noun.pos_ != "PROPN" or noun.i > verb.i:
        return None
    doc = verb.doc
    start = min([noun.i] + [c.left_edge.i for c in noun.lefts if c.dep_ in ("compound", "det", "flat")])
    between = doc[noun.i + 1:verb.left_edge.i]
    if not len(between) or not all(t.is_punct for t in between):
        return None  # set off by a comma, or it is no aside ("which the Dispatch obtained yesterday")
    tokens = list(doc[start:verb.right_edge.i + 1])
    return tokens if len(tokens) >= MIN_CLAUSE_TOKENS else None


def _stray_subjects(keep: set[int], verb) -> set[int]:
    """The subject of a left-out clause that the parser hung on a noun of the kept one ("shut off on
    Thursday and testing [has continued since]" read "testing" as a second day): with its "and",
    kept alone it would say something else ("on Thursday and testing")."""
    out: set[int] = set()
    for clause in verb.children:
        if clause.dep_ != "conj" or clause.pos_ not in ("VERB", "AUX") or clause.i in keep or any(
                c.dep_ in ("nsubj", "nsubjpass") for c in clause.children):
            continue
        before = clause.doc[clause.left_edge.i - 1] if clause.left_edge.i > 0 else None
        if before is not None and before.i in keep and before.dep_ == "conj" and before.pos_ in ("NOUN", "PROPN"):
            out |= {t.i for t in before.subtree}
            out |= {c.i for c in before.head.children if c.dep_ == "cc" and before.head.i < c.i < before.i}
    return out


def _stray_words(keep: set[int], doc) -> set[int]:
    """Words the parser hung on the verb as punctuation ("AT&T." read as one full stop) right after
    a part left out: they end that part ("overwhelming Apple and AT&T."), and kept alone they would
    make the clause say something else ("began Tuesday, AT&T.")."""
    return {i for i in keep if doc[i].dep_ == "punct" and any(c.isalnum() for c in doc[i].text)
            and i > 0 and i - 1 not in keep}


def _describes_a_noun(span, sent, others) -> bool:
    """A date inside a noun phrase ("the Nov. 3 inspection") while another date of the same clause
    belongs to its verb: the clause happened on that other date."""
    attached = _attachment(span, sent)
    if attached is None:
        return False
    root, verb = attached
    dated = [o for o in others if isinstance(o._.timex.value, DateValue)]
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        # "records going back to 2012": the date describes the records; the clause has a date of its own
        return any(_governing_verb(o.root, sent) not in (None, verb) for o in dated)
    if root.dep_ not in ("compound", "nmod", "amod", "nummod", "poss") or root.head.pos_ not in ("NOUN", "PROPN"):
        return False
    return any(_governing_verb(o.root, sent) == verb and o.root.head.pos_ not in ("NOUN", "PROPN") for o in dated)


def _asked(span, sent) -> bool:
    """Whether the date is in a question: the sentence, or the quotation holding it, ends at the
    first "?" after the date ("Who closed the bridge on Monday?", "\"Did you close it on Monday?\" she
    asked.")."""
    after = sent.doc.text[span.end_char:sent.end_char]
    end = re.search(r"[.!?]", after)
    return end is not None and end.group() == "?"


def _names_a_thing_of_a_noun(span) -> bool:
    """A date that names a thing ("the 2001 attacks", "Tuesday's vote", "the floods of 1953") which
    belongs to another noun of the clause ("victims of the 2001 attacks", "opposition to Tuesday's
    vote"): the clause tells what was done to or about that noun, at another time. A thing that is
    the subject, or hangs on the verb ("spoke at the June 5 rally", "won the 2004 election"), is
    what the clause happened at."""
    root = span.root
    if not span.doc.has_annotation("DEP"):
        return False
    if root.dep_ in ("compound", "nmod", "amod", "nummod", "poss") and root.head.pos_ in ("NOUN", "PROPN"):
        thing = root.head
    elif root.dep_ == "pobj" and root.head.lower_ in THING_OF and root.head.head.pos_ in ("NOUN", "PROPN"):
        thing = root.head.head  # "the floods of 1953"
    else:
        return False
    while thing.dep_ in ("compound", "appos", "conj") and thing.head.pos_ in ("NOUN", "PROPN") and thing.head.i != thing.i:
        thing = thing.head
    head = thing.head.head if thing.dep_ == "pobj" and thing.head.dep_ in ("prep", "agent") else thing.head
    return thing.dep_ not in SUBJECTS and thing.head.i != thing.i and head.pos_ in ("NOUN", "PROPN")


def _framing(span, sent, others) -> list | None:
    """The dates of ``span``'s clause that only frame it ("Last year" in "Last year we had a line out
    the door on Christmas Eve": the finer date lies inside the coarser), or None when ``span`` is such
    a frame itself. One happening gives one event, at its finer date, with the frame left in its text."""
    value = span._.timex.value
    verb = _governing_verb(span.root, sent)
    if verb is None or not isinstance(value, DateValue):
        return []
    framing = []
    for other in others:
        inner = other._.timex.value
        if not isinstance(inner, DateValue) or getattr(_governing_verb(other.root, sent), "i", None) != verb.i:
            continue
        if _frames(inner, value):
            framing.append(other)
        elif _frames(value, inner):
            return None
    return framing


def _frames(outer: DateValue, inner: DateValue) -> bool:
    return outer.gran < inner.gran and outer.contains(inner)


def _counterfactual(span, sent) -> bool:
    """"The city should have acted two years ago": a modal perfect tells what did not happen (or
    is only supposed), so its date is no happening's; so does a condition ("if a pandemic broke
    out today", "unless the board meets on Friday"), in whatever clause below it the date is."""
    verb = _governing_verb(span.root, sent)
    if verb is None:
        return False
    if _conditional(verb, sent):
        return True
    if verb.tag_ != "VBN":
        return False
    aux = [c for c in verb.children if c.dep_ == "aux"]
    return any(a.tag_ == "MD" for a in aux) and any((a.lemma_ or a.lower_) in POSSESSIONS for a in aux)  # the
    # attribute ruler lemmatises "has" and "had" but not the bare "have" after a modal


def _states_a_condition(clause) -> bool:
    """"If the council approves the plan": a clause the rest holds under, which stays in the text
    ("work will start in June" alone would promise what the article does not)."""
    return any(c.dep_ == "mark" and c.lower_ in CONDITIONS for c in clause.children)


def _conditional(verb, sent) -> bool:
    """Whether ``verb`` or a verb it depends on in its sentence is introduced by "if", "unless" and
    the like: what it tells is supposed, not reported."""
    token = verb
    while sent.start <= token.i < sent.end:
        if token.pos_ in ("VERB", "AUX") and _states_a_condition(token):
            return True
        if token.head.i == token.i:
            return False
        token = token.head
    return False


# The steps of resolution (``temporal.resolve.Basis.step``) whose words do not name the date they
# come to: "16 days ago", "yesterday", "last week", "two years later". Beside them, the event's text
# shows that date in brackets, since a reader of the timeline does not know the article's day.
BRACKETED_STEPS = frozenset({"counted"})


def _bracketed(tokens: list, span, value, timex, dct) -> list:
    """``tokens`` with ``value`` in brackets after the date's words when they only count to it
    ("The service resumed 16 days ago [Nov. 16]"), or an anchored stretch ("over the past year")."""
    counted = timex.basis is not None and timex.basis.step in BRACKETED_STEPS
    if dct is None or not (counted or isinstance(value, Span)):
        return tokens
    at = next((k for k, t in enumerate(tokens) if t.i == span[-1].i and not isinstance(t, _Word)), None)
    if at is None:
        return tokens
    note = _Word(f"[{value.brief(as_date(dct).year)}]", tokens[at])
    return tokens[:at + 1] + [note] + tokens[at + 1:]


def _adjunct(child) -> bool:
    """"spent $14 million patching the deck": a participle with no subject or marker of its own is part
    of the same happening, not a side clause."""
    return child.dep_ == "advcl" and child.tag_ in ("VBG", "VBN") and not any(
        c.dep_ in SUBJECTS or c.dep_ == "mark" for c in child.children)


class _Word:
    """Words the event text shows that the sentence does not have: an antecedent in brackets for a
    pronoun ("[Elena Ruiz] would brief ...") or a resolved date beside its words ("16 days ago
    [Nov. 16]"). It stands where ``like`` stands, with the spacing that follows it."""

    def __init__(self, text: str, like):
        self.text, self.whitespace_, self.i = text, like.whitespace_, like.i
        self.is_punct = self.is_quote = False
        self.dep_ = "bracket"
        self.lower_ = text.lower()


def _mostly_a_date(sub: set[int], other_dates: list[set[int]]) -> bool:
    """A phrase that is little more than another date of the sentence ("on Dec. 12, 2022")."""
    return any(len(d & sub) * 2 >= len(sub) - 1 for d in other_dates if d & sub)


def _with_antecedent(tokens: list, verb) -> list:
    """"a ferry that had carried people since 1920": the relative clause after the noun it tells of,
    in the article's words. Never the noun in the pronoun's place: the parser may attach the clause
    to the wrong noun ("talks on rest periods, which broke down" read as the periods breaking down),
    and a substituted subject would then say something the article does not."""
    noun = verb.head
    doc = noun.doc
    start = min(noun.left_edge.i, tokens[0].i) if tokens else noun.left_edge.i
    phrase = [t for t in doc[start:tokens[0].i]] if tokens and start < tokens[0].i else []
    return phrase + tokens


def _text(tokens) -> str:
    """Tokens as a readable sentence: original spacing, a capital first letter, a full stop."""
    parts = []
    for i, token in enumerate(tokens):
        parts.append(token.text)
        if i + 1 < len(tokens):
            gap = tokens[i + 1].i != token.i + 1
            parts.append(" " if gap and not tokens[i + 1].is_punct else token.whitespace_)
    text = re.sub(r"\s+", " ", "".join(parts)).strip()
    if text.count("\"") % 2:  # a quotation cut in two: keep the words, drop the stray mark
        text = text.replace("\"", "")
    if text.count("“") != text.count("”"):
        text = text.replace("“", "").replace("”", "")
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    text = re.sub(r",(\s*,)+", ",", text).strip(" ,;:")
    if text and text[0].islower():
        text = text[0].upper() + text[1:]
    if text and text[-1] not in ".!?\"”":
        text += "."
    return text


def _in_quote(text: str, offset: int) -> bool:
    """Whether ``offset`` lies between an odd number of quotation marks: inside a quotation."""
    return len(_QUOTES.findall(text[:offset])) % 2 == 1


def article_events(article: Article, analysis: Analysis, text: str, entries: tuple = ()) -> list[Event]:
    """The article's events (from its plain ``text`` and its front matter) with their provenance:
    each source quotes the article's sentence as it stands; the event's text is its clause. On a
    live page (``entries``), a happening reported without a date is dated at its entry's time."""
    events = []
    title = _plain(article.title)
    for order, raw in enumerate(analysis.events):
        start, end = analysis.sentences[raw.sentence]
        sentence = " ".join(text[start:end].split())
        if raw.timex < 0:  # a happening reported without a date
            if _plain(raw.text) == title or article.undated == "skip":
                continue  # the headline: the lead below tells the same happening in full
            value, basis = parse(raw.value), _reported_basis(raw)
            posted = posted_at(entries, start) if raw.basis == "publication" else None
            if posted is not None:
                value, basis = _entry_time(posted, article)
            source = Source(article.slug, article.title, article.url, sentence, sentence_anchor(raw.sentence),
                            "", article.published, order, basis)
            events.append(Event(event_id(value, raw.text), value, None, None, raw.text, raw.actors, article.tags,
                                (source,), basis=raw.basis))
            continue
        t = analysis.timexes[raw.timex]
        value = parse(raw.span or t.value)
        source = Source(article.slug, article.title, article.url, sentence, sentence_anchor(raw.sentence),
                        t.text, article.published, order, _basis(t, raw))
        events.append(Event(event_id(value, raw.text), value, t.mod, t.quantifier, raw.text, raw.actors,
                            article.tags, (source,), quote=raw.quote, sole_date=raw.sole_date))
    for order, added in enumerate(overrides.added_events(article), start=len(events)):
        source = Source(article.slug, article.title, article.url, added.text, "", added.value.label(added.mod),
                        article.published, order, (("step", "override"), ("confidence", "certain")))
        tags = tuple(dict.fromkeys(((added.group,) if added.group else ()) + article.tags))
        events.append(Event(event_id(added.value, added.text), added.value, added.mod, None, added.text,
                            added.actors, tags, (source,), basis="override", media=added.media,
                            detail=added.detail, display_date=added.display_date))
    return events


def _basis(timex, raw) -> tuple:
    """How a source's date was found: the engine's account of its expression, and the span the
    event covers when it is one counted from that expression ("over the past year")."""
    basis = tuple((timex.basis or {}).items())
    return basis + ((("span", raw.span),) if raw.span else ())


def _reported_basis(raw) -> tuple:
    """How a happening reported without a date was placed: on the publication day, or on the day
    an earlier sentence told of; a convention of news, not a reading of words, so "likely"."""
    anchor = "publication" if raw.basis == "publication" else "previous"
    return ("step", raw.basis), ("anchor", anchor), ("anchor_value", raw.value), ("confidence", "likely")


def _entry_time(posted, article: Article) -> tuple[DateValue, tuple]:
    """A live entry's time as the date of what it reports (to the minute, in the article's zone, as
    its other times are) and how that was found: a convention of live pages, so "likely"."""
    if posted.tzinfo is not None and article.published.tzinfo is not None:
        posted = posted.astimezone(article.published.tzinfo)
    value = parse(posted.strftime("%Y-%m-%dT%H:%M"))
    return value, (("step", "publication"), ("anchor", "entry"), ("anchor_value", value.timex),
                   ("confidence", "likely"))


def _plain(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))
