"""Which way a bare date points: the tense of the clause it belongs to.

"The senators voted Monday" is the last Monday; "will vote Monday" the next
one. With a parsed Doc the verb the expression attaches to is found through
the dependency tree and its tense and auxiliaries are read; without one a few
lexical cues in the same sentence stand in for it.
"""

from __future__ import annotations

import re

# "would" is the future seen from a past report: "said it would restart the ferry on Wednesday".
FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "’ll", "would", "'d"})
# Verbs whose infinitive complement lies ahead: "plans to vote Friday".
FUTURE_GOVERNORS = frozenset({"plan", "expect", "schedule", "set", "aim", "hope", "intend", "want", "seek",
                              "prepare", "promise", "vow", "pledge", "threaten", "propose", "agree", "need",
                              "due", "slate", "poise", "go"})
PAST_WORDS = frozenset("""
said told was were had did met took came went made began left found gave saw held sent spent won lost fell
rose struck quit ran broke brought bought built caught chose cut drew drove fought flew forgot got grew hit
hung kept knew led lay meant paid put read rode rang sat set shot shut sang sank slept spoke stood stole swore
swept taught tore thought threw understood woke wore wrote became announced
""".split())
_FUTURE_TEXT = re.compile(r"\b(?:will|shall|'ll|’ll|going to|plans? to|planned to|expects? to|expected to|"
                          r"scheduled to|set to|due to|slated to|is to|are to|intends? to|aims? to)\b", re.I)


def tense_in_doc(doc, start: int, end: int) -> str | None:
    """"past", "future", "present" or None for the clause governing characters start..end ("past
    infinitive" for an infinitive under a past verb: "asked them to testify on Feb. 10")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    verb = _governing_verb(span.root)
    if verb is None:
        return None
    return _verb_tense(verb)


def _governing_verb(token):
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _verb_tense(verb, depth: int = 0) -> str | None:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & FUTURE_AUX:
        return "future"
    if "going" in words or (verb.lower_ == "going" and any(c.lower_ == "to" for c in verb.children)):
        return "future"
    if verb.tag_ in ("VBD",) or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if verb.tag_ == "VBN" and words & {"has", "have", "had", "'ve"}:
        return "past"
    if verb.tag_ == "VBN" and words & {"is", "are", "am", "'re", "be"}:
        return "present"  # "is forecast for Friday", "is expected Monday"
    if verb.tag_ == "VB" and "to" in words:
        head = verb.head
        if head.i != verb.i and head.pos_ in ("VERB", "AUX", "ADJ") and depth < 3:
            if head.lemma_.lower() in FUTURE_GOVERNORS or head.lower_ in FUTURE_GOVERNORS:
                return "future"
            inherited = _verb_tense(head, depth + 1)
            # "invited them to a ceremony on March 12": the head is past, the infinitive's time may not be
            return "past infinitive" if inherited == "past" else inherited
        return None
    if verb.tag_ == "VBG" and words & {"is", "are", "am", "'s", "'re"}:
        return "future"
    if verb.tag_ in ("VBZ", "VBP"):
        return "present"
    if verb.tag_ == "MD":
        return None
    if verb.tag_ == "VBN":
        return "past"
    return None


def tense_in_text(text: str, start: int, end: int) -> str | None:
    """The lexical fallback: cues in the sentence around characters start..end."""
    left = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
    right_stop = re.search(r"[.!?\n]", text[end:])
    right = end + right_stop.start() if right_stop else len(text)
    sentence = text[left:start] + " " + text[end:right]
    if _FUTURE_TEXT.search(sentence):
        return "future"
    for word in re.findall(r"[A-Za-z']+", sentence):
        low = word.lower()
        if low in PAST_WORDS or (len(low) > 4 and low.endswith("ed") and not low.endswith("eed")):
            return "past"
    return None
