"""Read TimeML gold folders and score a system on them, TempEval-3 style.

The shared folder's README names tools/timex_score.py for this; it is not in
the shared folder, so this module implements the same measures: strict and
relaxed extraction P/R/F1 (one-to-one, leftmost overlap first), and value and
type F1 over relaxed matches (correct attribute / harmonic of system and gold
counts).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

_TIMEX = re.compile(r"<TIMEX3([^>]*)>(.*?)</TIMEX3>", re.DOTALL)
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass
class GoldDoc:
    name: str
    dct: str
    text: str
    timexes: list[dict]  # start, end, text, type, value


def read_tml(path: Path) -> GoldDoc:
    raw = path.read_text(encoding="utf-8")
    dct_match = re.search(r"<DCT>.*?value=\"([^\"]+)\"", raw, re.DOTALL)
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.DOTALL).group(1)
    text, timexes, pos = [], [], 0
    length = 0
    for m in _TIMEX.finditer(body):
        before = _strip(body[pos:m.start()])
        text.append(before)
        length += len(before)
        inner = _strip(m.group(2))
        attrs = dict(_ATTR.findall(m.group(1)))
        timexes.append({"start": length, "end": length + len(inner), "text": inner,
                        "type": attrs.get("type", "DATE"), "value": attrs.get("value", "")})
        text.append(inner)
        length += len(inner)
        pos = m.end()
    text.append(_strip(body[pos:]))
    return GoldDoc(path.stem, dct_match.group(1)[:10] if dct_match else "", "".join(text), timexes)


def _strip(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def read_folder(folder: Path) -> list[GoldDoc]:
    return [read_tml(p) for p in sorted(folder.glob("*.tml"))]


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(gold_docs: list[GoldDoc], system: dict[str, list[dict]]) -> dict[str, float]:
    n_gold = n_sys = strict = relaxed = value_ok = type_ok = 0
    for doc in gold_docs:
        sys_items = sorted(system.get(doc.name, []), key=lambda t: (t["start"], t["end"]))
        n_gold += len(doc.timexes)
        n_sys += len(sys_items)
        used: set[int] = set()
        for g in doc.timexes:
            for i, s in enumerate(sys_items):
                if i not in used and s["start"] < g["end"] and g["start"] < s["end"]:
                    used.add(i)
                    relaxed += 1
                    strict += s["start"] == g["start"] and s["end"] == g["end"]
                    value_ok += s["value"] == g["value"]
                    type_ok += s["type"] == g["type"]
                    break
    out = {}
    for name, hits in (("strict", strict), ("relaxed", relaxed), ("value", value_ok), ("type", type_ok)):
        p, r = hits / max(n_sys, 1), hits / max(n_gold, 1)
        out[name] = 100 * _f1(p, r)
        out[name + "_p"], out[name + "_r"] = 100 * p, 100 * r
    out["gold"], out["system"] = n_gold, n_sys
    return out
