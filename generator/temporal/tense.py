"""Which way a bare date points: the tense of the clause it belongs to.

"The senators voted Monday" is the last Monday; "will vote Monday" the next
one. With a parsed Doc the verb the expression attaches to is found through
the dependency tree and its tense and auxiliaries are read; without one a few
lexical cues in the same sentence stand in for it.

``tense_and_cue_in_doc`` and ``tense_and_cue_in_text`` also say what told the
tense, as (kind, words): ("tense", "said"), ("auxiliary", "will"),
("preposition", "since"), ("governor", "plans"), ("sentence", "reported"); the
resolver keeps it in the expression's ``Basis``.
"""

from __future__ import annotations

import re

from functools import lru_cache

from . import resources


@lru_cache(maxsize=4)
def _cues(language: str = "en") -> dict:
    """The word lists of tense (resources/<language>/words.toml), as sets of forms, and the
    future phrases of the lexical fallback as one pattern."""
    words = resources.load(language).words
    cues = {name: frozenset(words.get(name, {})) for name in
            ("future_auxiliary", "future_governor", "future_verb", "future_copula", "future_adjective", "deferral_verb",
             "deadline_preposition", "past_form", "past_preposition", "perfect_auxiliary", "past_perfect_auxiliary",
             "passive_auxiliary", "progressive_auxiliary", "going_future", "infinitive_marker", "same_past_present")}
    phrases = sorted(words.get("future_phrase", {}), key=len, reverse=True)
    cues["future_text"] = re.compile(r"\b(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases) + r")\b",
                                     re.IGNORECASE) if phrases else None
    return cues


Cue = tuple[str, str]  # what told a tense: (kind, words)
_NONE: tuple[None, None] = (None, None)


def tense_in_doc(doc, start: int, end: int) -> str | None:
    """"past", "future", "present" or None for the clause governing characters start..end ("past
    infinitive" for an infinitive under a past verb: "asked them to testify on Feb. 10")."""
    return tense_and_cue_in_doc(doc, start, end)[0]


def tense_and_cue_in_doc(doc, start: int, end: int) -> tuple[str | None, Cue | None]:
    """The tense of ``tense_in_doc`` and what told it."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return _NONE
    verb = _governing_verb(span.root)
    if verb is None:
        return _NONE
    deadline = _deferred_until(span.root, verb)
    if deadline is not None:
        return "future", ("preposition", f"{verb.text} {deadline.text}")  # "postponed until Tuesday": ahead
    preposition = _governing_preposition(span.root, verb)
    if preposition is not None and preposition.lower_ in _cues()["past_preposition"]:
        # "since year-end": before the clause's time, which is never ahead in news
        return "past point", ("preposition", preposition.text)
    if span.root.dep_ in ("compound", "nmod", "amod") and span.root.head.pos_ == "NOUN" \
            and span.root.head.i != verb.i:
        return _NONE  # "under a June agreement": the date names the thing, the clause's tense is not its own
    adjective = _noun_adjective(span.root, verb)
    if adjective is not None:
        if adjective.lower_ in _cues()["future_adjective"]:
            return "future", ("governor", adjective.text)  # "declared a dividend, payable Dec. 15"
        return _NONE  # "her flats, worth $9 million in October, are worth half now": not the clause's present
    tense, cue = _verb_tense(verb)
    if tense == "past" and verb.tag_ == "VBD" and _on_the_verb(span.root, verb):
        return "past point", cue  # "changed to a calendar year in December": what the past verb did, before publication
    if span.root.dep_ == "poss" and tense != "past":
        return _NONE  # "before Friday's purchases is ...": the clause's present does not put the date ahead
    return tense, cue


def _on_the_verb(token, verb) -> bool:
    """The date says when the verb happened: it hangs on the verb itself ("ended Oct. 31") or
    through a preposition ("changed ... in December"), not on a noun or adjective of its clause
    ("declared a dividend, payable Dec. 15", whose day may lie ahead)."""
    head = token.head
    if head.dep_ == "prep" and head.head.i == verb.i:
        return True
    return head.i == verb.i and token.dep_ in ("npadvmod", "tmod", "obl", "pobj", "advmod", "nmod")


def _noun_adjective(token, verb):
    """The adjective a date hangs on when that adjective describes a noun or stands apart from the
    clause rather than being its predicate ("a dividend, payable Dec. 15", "created an office,
    effective Feb. 1"; not "is due Friday"), or None: such a date belongs to the adjective, and the
    tense of the clause around it does not place it."""
    while token.i != verb.i:
        if token.pos_ == "ADJ" and (token.dep_ == "advcl" or (
                token.dep_ in ("amod", "appos", "acl") and token.head.pos_ in ("NOUN", "PROPN"))):
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _deferred_until(token, verb):
    """The preposition of the deadline a verb of putting off sets ("until" of "postponed until
    Tuesday"), or None."""
    cues = _cues()
    if verb.lower_ not in cues["deferral_verb"]:
        return None
    while token.i != verb.i:
        if token.dep_ == "prep" and token.lower_ in cues["deadline_preposition"]:
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _governing_preposition(token, verb):
    """The preposition (token) that attaches the expression to its verb ("since" in "has risen since March")."""
    while token.i != verb.i:
        if token.dep_ == "prep":
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _governing_verb(token):
    """The nearest verb above ``token`` in the parse, however deep the phrase it sits in ("will be
    free to anyone with an iPhone 4 until September 30")."""
    while token.pos_ not in ("VERB", "AUX"):
        if token.head.i == token.i:
            return None
        token = token.head
    return token


def _sets_a_date(verb, cues) -> bool:
    """"has scheduled a news conference Thursday", "planned a rally on Saturday": the date is the
    thing's, set ahead. Not when the verb takes an infinitive ("On Friday, the government planned
    to pay": the planning's day, told by its tense), modifies a noun ("a service planned for
    Saturday was canceled": the clause's tense tells) or is a past perfect."""
    return (verb.lower_ in cues["future_verb"] and verb.dep_ != "acl" and _past_perfect(verb) is None
            and not any(c.dep_ == "xcomp" for c in verb.children))


def _past_perfect(word):
    """The "had" of a past perfect on ``word`` or on the verb it completes ("had been due"), or None."""
    for token in (word, word.head):
        had = next((c for c in token.children if c.dep_ == "aux" and c.lower_ in _cues()["past_perfect_auxiliary"]
                    and c.tag_ == "VBD"),
                   None)
        if had is not None:
            return had
    return None


def _past_read_as_present(verb) -> bool:
    """A verb whose past and present are one form ("hurt", "cut", "set") tagged as a plural present
    while its subject is a singular noun ("Weakness hurt the index"): a present would have been
    "hurts", so the tagger misread a past."""
    if verb.tag_ != "VBP" or verb.lower_ not in _cues()["same_past_present"] \
            or any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and subject.tag_ in ("NN", "NNP") and not any(
        c.dep_ == "conj" for c in subject.children)


def _going_to(verb, auxes, cues) -> str | None:
    """The words of a future told with "going to" ("going to" of "is going to vote"), or None."""
    going = next((a for a in auxes if a.lower_ in cues["going_future"]), None)
    if going is not None:
        return f"{going.text} {verb.text}"
    marker = next((c for c in verb.children if c.lower_ in cues["infinitive_marker"]), None)
    return f"{verb.text} {marker.text}" if verb.lower_ in cues["going_future"] and marker is not None else None


def _with_aux(auxes, forms, verb) -> str:
    """The words of an auxiliary reading: "will", "has risen"."""
    aux = next((a for a in auxes if a.lower_ in forms), None)
    return verb.text if aux is None else f"{aux.text} {verb.text}"


def _verb_tense(verb, depth: int = 0) -> tuple[str | None, Cue | None]:
    """The tense a verb gives the expressions it governs, and the words that tell it."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    cues = _cues()
    if words & cues["future_auxiliary"]:
        return "future", ("auxiliary", _with_aux(auxes, cues["future_auxiliary"], verb))
    going = _going_to(verb, auxes, cues)
    if going is not None:
        return "future", ("auxiliary", going)
    if _sets_a_date(verb, cues):
        return "future", ("governor", verb.text)  # "has scheduled a news conference Thursday"
    if verb.tag_ == "VBD" or _past_read_as_present(verb):
        return "past", ("tense", verb.text)
    past_aux = next((a for a in auxes if a.tag_ == "VBD"), None)
    if past_aux is not None:
        return "past", ("auxiliary", f"{past_aux.text} {verb.text}")
    if verb.tag_ == "VBN" and words & cues["perfect_auxiliary"]:
        return "past", ("auxiliary", _with_aux(auxes, cues["perfect_auxiliary"], verb))
    if verb.tag_ == "VBN" and words & cues["passive_auxiliary"]:
        # "is forecast for Friday", "is expected Monday"
        return "present", ("auxiliary", _with_aux(auxes, cues["passive_auxiliary"], verb))
    if verb.tag_ == "VB" and not auxes and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX") and depth < 3:
        return _verb_tense(verb.head, depth + 1)  # "expects to obtain approval and complete it by Friday"
    if verb.tag_ == "VB" and words & cues["infinitive_marker"]:
        head = verb.head
        if head.pos_ == "NOUN" and head.i != verb.i:
            return "future", ("governor", head.text)  # "an agreement to acquire the bank in January"
        if head.i != verb.i and head.pos_ in ("VERB", "AUX", "ADJ") and depth < 3:
            perfect = _past_perfect(head)
            if perfect is not None:  # "had been due to expire Friday": the plan was before, and so its day
                return "past", ("auxiliary", f"{perfect.text} {head.text}")
            if head.lemma_.lower() in cues["future_governor"] or head.lower_ in cues["future_governor"] or (
                    verb.dep_ == "xcomp" and head.lower_ in cues["future_copula"]):
                return "future", ("governor", head.text)
            inherited, cue = _verb_tense(head, depth + 1)
            # "invited them to a ceremony on March 12": the head is past, the infinitive's time may not be
            return ("past infinitive" if inherited == "past" else inherited), cue
        return _NONE
    if verb.tag_ == "VBG" and words & cues["progressive_auxiliary"]:
        return "future", ("auxiliary", _with_aux(auxes, cues["progressive_auxiliary"], verb))
    if verb.tag_ == "VBG" and not auxes and verb.dep_ in ("advcl", "pcomp") and depth < 3:
        clause = _governing_verb(verb.head)  # "would leave from March 30, with the third departing from August 6"
        if clause is not None and clause.i != verb.i:
            return _verb_tense(clause, depth + 1)
    if verb.tag_ in ("VBZ", "VBP"):
        return "present", ("tense", verb.text)
    if verb.tag_ == "MD":
        return _NONE
    if verb.tag_ == "VBN":
        return "past", ("tense", verb.text)
    return _NONE


def tense_in_text(text: str, start: int, end: int) -> str | None:
    """The lexical fallback: cues in the sentence around characters start..end."""
    return tense_and_cue_in_text(text, start, end)[0]


def tense_and_cue_in_text(text: str, start: int, end: int) -> tuple[str | None, Cue | None]:
    """The tense of ``tense_in_text`` and the word that told it."""
    left = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
    right_stop = re.search(r"[.!?\n]", text[end:])
    right = end + right_stop.start() if right_stop else len(text)
    sentence = text[left:start] + " " + text[end:right]
    cues = _cues()
    before = re.search(r"([A-Za-z]+)\s+$", text[max(0, start - 20):start])
    if before and before.group(1).lower() in cues["past_preposition"]:
        return "past point", ("preposition", before.group(1))
    future = cues["future_text"].search(sentence) if cues["future_text"] is not None else None
    if future is not None:
        return "future", ("sentence", future.group())
    for word in re.findall(r"[A-Za-z']+", sentence):
        low = word.lower()
        if low in cues["past_form"] or resources.load().is_word("regular_past_word", low):
            return "past", ("sentence", word)
    return _NONE
