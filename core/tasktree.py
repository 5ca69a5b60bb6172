"""Task paths such as "II.1.a", built from the ordinals printed in a plan's task tree.

A plan numbers its levels "I.", "1.", "a)", "-"; the path joins each level's ordinal with
dots. Bullets carry no number, so they get their position among their siblings, and an
ordinal that repeats its parent's number ("1.2" under "1") contributes only its own part.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from typing import TypeVar

from core.vntext import clean

K = TypeVar("K", bound=Hashable)

# Points (điểm) follow the Vietnamese alphabet, which has đ and no f, j, w, z.
POINT_LETTERS = "abcdđeghiklmnopqrstuvxy"
_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip
_ROMAN_NUMERAL = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")


def roman(number: int) -> str:
    """3 → "III", 14 → "XIV" (numbers from 1)."""
    text = ""
    for value, letters in _ROMAN:
        while number >= value:
            text += letters
            number -= value
    return text


def roman_value(text: str) -> int | None:
    """"XIV" → 14; None for anything that is not an upper-case Roman numeral."""
    if not text or not _ROMAN_NUMERAL.fullmatch(text):
        return None
    values = dict((letters, value) for value, letters in _ROMAN if len(letters) == 1)
    total = 0
    for index, letter in enumerate(text):
        value = values[letter]
        following = values[text[index + 1]] if index + 1 < len(text) else 0
        total += -value if value < following else value
    return total


def _section_number(ordinal: str) -> int | None:
    """The number of a section ordinal (I … XXXIX); "C", "D", "L", "M" are upper-case points."""
    value = roman_value(ordinal)
    return value if value is not None and set(ordinal) <= set("IVX") else None


def point_letter(index: int) -> str:
    """The `index`-th point letter (0 → a, 4 → đ, 6 → g), "-" past the last letter."""
    return POINT_LETTERS[index] if 0 <= index < len(POINT_LETTERS) else "-"


def next_ordinal(ordinal: str) -> str:
    """The ordinal that follows `ordinal` at the same level: "II" → "III", "2." → "3.", "d)" → "đ)",
    "đ)" → "e)", "e)" → "g)". Bullets, "y)" and anything else unknown repeat as they are."""
    text = ordinal.strip()
    core = text.rstrip(".)")
    suffix = text[len(core) :]
    if (number := _section_number(core)) is not None:
        return roman(number + 1) + suffix
    if m := re.fullmatch(r"(.*?)(\d+)", core):
        return f"{m[1]}{int(m[2]) + 1}{suffix}"
    lower = core.lower()
    if len(core) == 1 and lower in POINT_LETTERS and lower != POINT_LETTERS[-1]:
        following = POINT_LETTERS[POINT_LETTERS.index(lower) + 1]
        return (following.upper() if core.isupper() else following) + suffix
    return text


def first_child_ordinal(parent_ordinal: str) -> str:
    """The first ordinal one level below `parent_ordinal`: I → 1, 1 → a), a) → -."""
    core = parent_ordinal.strip().rstrip(".)")
    if _section_number(core) is not None:
        return "1"
    if core.isdigit():
        return "a)"
    if not core:
        return "I"
    return "-"


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
