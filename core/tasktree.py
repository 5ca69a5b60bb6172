"""Task paths such as "II.1.a", built from the ordinals printed in a plan's task tree.

A plan numbers its levels "I.", "1.", "a)", "-"; the path joins each level's ordinal with
dots. Bullets carry no number, so they get their position among their siblings, and an
ordinal that repeats its parent's number ("1.2" under "1") contributes only its own part.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeVar

from core.vntext import clean

K = TypeVar("K", bound=Hashable)


def normalise_ordinal(text: str) -> str:
    """The ordinal without its punctuation: "1." → "1", "a)" → "a", "(2)" → "2", "1.2." → "1.2".

    Bullets ("-", "+", "*", "•") are returned unchanged; `task_paths` numbers them.
    """
    ordinal = clean(text).replace(" ", "")
    stripped = ordinal.strip(".)(:")
    return stripped or ordinal


def _is_bullet(ordinal: str) -> bool:
    return not any(ch.isalnum() for ch in ordinal)


def task_paths(nodes: Sequence[tuple[K, K | None, str]]) -> dict[K, str]:
    """Path of every node, given (key, parent key or None, ordinal) in tree order.

    Tree order means parents before their children and siblings in position order. Each
    level contributes its normalised ordinal; an empty ordinal or a bullet ("-", "+", "*",
    "•", anything without a letter or digit) contributes its 1-based position among all its
    siblings. When an ordinal starts with the end of its parent's path followed by a dot
    (parent "1", child "1.2"; or parent path "II.1.2", child "1.2.3"), only the remainder is
    used, giving "II.1.2" rather than "II.1.1.2". Raises ValueError for a parent that has not
    been seen yet or a key that appears twice.
    """
    paths: dict[K, str] = {}
    segments: dict[K, list[str]] = {}
    sibling_count: dict[K | None, int] = {}
    for key, parent, ordinal in nodes:
        if key in paths:
            raise ValueError(f"Nhiệm vụ bị lặp trong cây: {key!r}")
        if parent is not None and parent not in paths:
            raise ValueError(f"Nhiệm vụ {key!r} đứng trước nhiệm vụ cha {parent!r} của nó")
        position = sibling_count.get(parent, 0) + 1
        sibling_count[parent] = position
        parent_segments = segments[parent] if parent is not None else []
        own = normalise_ordinal(ordinal)
        own = str(position) if _is_bullet(own) else _without_parent_prefix(own, parent_segments)
        segments[key] = [*parent_segments, own]
        paths[key] = ".".join(segments[key])
    return paths


def _without_parent_prefix(ordinal: str, parent_segments: list[str]) -> str:
    # Longest tail of the parent's path first, so "1.2.3" under "…1.2" leaves "3", not "2.3".
    for size in range(len(parent_segments), 0, -1):
        prefix = ".".join(parent_segments[-size:]) + "."
        if ordinal.startswith(prefix) and len(ordinal) > len(prefix):
            return ordinal[len(prefix):]
    return ordinal
