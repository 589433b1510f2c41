"""Which removed operation reappears under a new name: one endpoint moved, not one gone and one new.

An API version that regroups its endpoints (``/api/deposit-refund`` -> ``/direct/refund``)
renames operations as well as paths.  Reported as removed + added, a reviewer
loses the one fact they need: what to call instead, with which fields.  A
removed and an added operation are one endpoint moved when both hold:

* their paths share a distinctive word (``refund``): words of the path segments
  and of the operation name, less the words most paths of a side carry (``api``);
* their requests share distinctive fields: at least ``MIN_SHARED`` of them, and at
  least ``MIN_CONTAINMENT`` of the smaller request's.  Envelope fields, the ones
  most requests of a side carry (credentials, timestamps, signatures), say
  nothing about purpose and are left out.

Pairs are taken best first (Jaccard overlap, then containment), each operation
at most once, so the result is deterministic and one-to-one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from ..model import Operation
from .wire import Side, flat_fields

# A word or field on at least this share of a side's operations is generic there.
GENERIC_SHARE = 0.75
MIN_SHARED = 2
MIN_CONTAINMENT = 0.5


def _words(op: Operation) -> set[str]:
    """Lower-case words of the path (placeholders dropped) and of the operation name."""
    path = re.sub(r"\{[^}]*\}", "", op.path)
    return {w for w in re.split(r"[^a-z0-9]+", f"{path} {op.name}".lower()) if w}


def _request_fields(side: Side, op: Operation) -> set[str]:
    return set(flat_fields(side.types, op.request)) if op.request else set()


def _generic(counts: Iterable[set[str]]) -> set[str]:
    """Items found on at least ``GENERIC_SHARE`` of the sets (only when there are a few sets to judge by)."""
    sets = list(counts)
    if len(sets) < 3:
        return set()
    tally = Counter(item for s in sets for item in s)
    return {item for item, n in tally.items() if n >= GENERIC_SHARE * len(sets)}


def match_moves(a: Side, b: Side, removed: list[str], added: list[str]) -> dict[str, str]:
    """Old operation name -> new name, for the removed operations that moved to an added one."""
    old_ops = {op.name: op for op in a.api.operations}
    new_ops = {op.name: op for op in b.api.operations}
    generic_words = _generic(_words(op) for op in a.api.operations) | _generic(_words(op) for op in b.api.operations)
    envelope = _generic(_request_fields(a, op) for op in a.api.operations) | _generic(_request_fields(b, op) for op in b.api.operations)
    scored: list[tuple[float, float, str, str]] = []
    for old_name in removed:
        was = old_ops[old_name]
        old_words, old_fields = _words(was) - generic_words, _request_fields(a, was) - envelope
        for new_name in added:
            now = new_ops[new_name]
            if was.method != now.method or not old_words & (_words(now) - generic_words):
                continue
            new_fields = _request_fields(b, now) - envelope
            shared = old_fields & new_fields
            if len(shared) < MIN_SHARED:
                continue
            containment = len(shared) / min(len(old_fields), len(new_fields))
            if containment >= MIN_CONTAINMENT:
                scored.append((-len(shared) / len(old_fields | new_fields), -containment, old_name, new_name))
    moves: dict[str, str] = {}
    for _, _, old_name, new_name in sorted(scored):
        if old_name not in moves and new_name not in moves.values():
            moves[old_name] = new_name
    return moves
