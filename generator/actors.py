"""Who an event names: the people and organisations an editor would list, one name per identity.

The analysis finds names in each sentence (``events.py``: tagged entities and runs of proper
nouns). Before events are merged, each article's names are cast here, in the events phase, so that
a site's own settings apply without analysing anything again:

- the site's ``actor_aliases`` (``dateline.toml``) name one actor by the name the editor chose;
- places are no actors: a name the tagger read as a place anywhere in the article ("Marlow" in
  "the mayor of Marlow"), or one ending in a word of place (``place_heads``: "Harbor Street Bridge");
  they are the event's ``places``, listed apart, which merging compares as it compares actors;
- the article's own publication ("the Dispatch" in a story whose ``source:`` is "Harbor Dispatch")
  reports, it does not take part; nor does a name in the site's ``not_actors``;
- a lone word that names no one in particular ("Council" of "Council member Priya Nair", "City")
  is a title or a common noun written with a capital.

Joining a short name to the full one the other articles give ("Ruiz" -> "Elena Ruiz", "City
Council" -> "Marlow City Council") needs every article, so it is the timeline's (``timeline.aliases``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .model import Analysis, Event
from .words import words as language_words

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})  # the tagger's labels for where, not who


def key(name: str) -> str:
    """A name as settings and comparisons match it: any case, without a leading "the"."""
    return re.sub(r"^the\s+", "", " ".join(name.split()).lower())


@dataclass(frozen=True)
class Cast:
    """How one article's names become the actors of its events."""

    aliases: dict[str, str]  # key(name) -> the name to list
    places_named: frozenset[str]  # keys of names the tagger read as places
    dropped: frozenset[str]  # keys of names that are nothing to list
    people: frozenset[str]  # keys of names the tagger read as people: never places or common nouns
    place_heads: frozenset[str]
    generic: frozenset[str]

    @classmethod
    def of(cls, analysis: Analysis, source: str, config, language: str = "en") -> Cast:
        """The cast of an article: its analysis (for what it tags as places and people), its
        publication (front matter ``source:``) and the site's settings."""
        vocabulary = language_words(language)
        places = {key(e.text) for e in analysis.entities if e.label in PLACE_LABELS}
        people = frozenset(key(e.text) for e in analysis.entities if e.label == "PERSON")
        dropped = {key(n) for n in config.not_actors} | _publication(source)
        return cls({key(k): v for k, v in config.actor_aliases}, frozenset(places - people - dropped),
                   frozenset(dropped - people), people, vocabulary["place_heads"], vocabulary["generic_names"])

    def actors(self, names: tuple[str, ...]) -> tuple[str, ...]:
        """``names`` as the actors to list, in order, each once."""
        return self._kind(names, "actor")

    def places(self, names: tuple[str, ...]) -> tuple[str, ...]:
        """The places among ``names``: where it happened, which merging compares as it does actors."""
        return self._kind(names, "place")

    def _kind(self, names: tuple[str, ...], kind: str) -> tuple[str, ...]:
        out = []
        for name in names:
            name = self.aliases.get(key(name), name)
            if self.kind(name) == kind and name not in out:
                out.append(name)
        return tuple(out)

    def kind(self, name: str) -> str | None:
        """"actor", "place", or None for a name that is neither (a publication, a common word, a
        name the site excludes)."""
        k = key(name)
        if k in self.people:
            return "actor"
        words = k.split()
        if k in self.places_named or (words and words[-1] in self.place_heads):
            return "place"
        if k in self.dropped or not words or (len(words) == 1 and k in self.generic):
            return None
        return "actor"


def _publication(source: str) -> set[str]:
    """The names a publication goes by in its own pages: its name, and its last word when the name
    has several ("Harbor Dispatch": "the Dispatch")."""
    k = key(source)
    return {k, k.split()[-1]} if k else set()


def cast_events(events: list[Event], cast: Cast) -> list[Event]:
    """``events`` with their actors cast; an event whose actors do not change stays the same object,
    and so does one the editor added (front matter ``events:``): its actors are the editor's."""
    out = []
    for event in events:
        if event.basis == "override":
            out.append(event)
            continue
        actors, places = cast.actors(event.actors), cast.places(event.actors)
        out.append(event if actors == event.actors and not places else replace(event, actors=actors, places=places))
    return out
