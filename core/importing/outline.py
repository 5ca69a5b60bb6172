"""The numbered structure of a plan's body: sections, items, sub-items and bullets.

Vietnamese official documents number their levels "I." → "1." → "1.1." → "a)" → "-" → "+",
but any level may be skipped (a section with "a)" items directly), numbering may jump, and a
level may be bulleted instead of numbered. Each marker therefore gets a rank, and an item
becomes the child of the nearest open item of lower rank. Field lines such as "Đơn vị chủ
trì: …" or "Thời gian thực hiện: …" belong to the item above instead of becoming items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.importing.textprep import (
    ARABIC,
    ARABIC_MULTI,
    BULLET,
    LETTER,
    PARA_BREAK,
    roman_match,
    roman_value,
)
from core.tasktree import POINT_LETTERS
from core.vntext import search_key

SECTION_RANK = 0
LETTER_RANK = 5
DASH_RANK = 6
PLUS_RANK = 7

_FIELD = re.compile(
    r"^(?P<label>(?:đơn vị|cơ quan|bộ phận|người)\s+(?:chủ trì|thực hiện|phối hợp|phụ trách)(?:\s+thực hiện)?"
    r"|chủ trì(?:\s+thực hiện)?|phối hợp(?:\s+thực hiện)?|thời gian(?:\s+(?:thực hiện|hoàn thành))?"
    r"|thời hạn(?:\s+(?:thực hiện|hoàn thành))?|tiến độ(?:\s+(?:thực hiện|hoàn thành))?)"
    r"\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_FIELD_BULLET = re.compile(r"^[-–—+•·*]\s*")
_CLOSING = re.compile(r"^Trên đây\b|\./\.$")
_BRACKETS = re.compile(r"\(([^()]{3,300})\)")


@dataclass(eq=False)
class Node:
    """An item of the outline while it is being built (mutable, identity-compared)."""

    kind: str  # "root", "section", "arabic", "letter", "dash", "plus", "row"
    rank: int
    ordinal: str  # as printed, without punctuation ("II", "1", "1.2", "a", "-", "")
    text: str  # the item's own line, after its marker
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    paras: list[str] = field(default_factory=list)
    fields: dict[str, list[str]] = field(default_factory=dict)
    from_annex: bool = False

    def add(self, child: Node) -> Node:
        child.parent = self
        self.children.append(child)
        return child

    def walk(self) -> list[Node]:
        """This node's descendants in document order (not the node itself)."""
        found: list[Node] = []
        for child in self.children:
            found.append(child)
            found.extend(child.walk())
        return found

    def label(self) -> str:
        """Printed ordinals from the top: "III.2.a" (bullets shown as "-")."""
        parts: list[str] = []
        node: Node | None = self
        while node is not None and node.kind != "root":
            parts.append(node.ordinal or "?")
            node = node.parent
        return ".".join(reversed(parts))


def classify(text: str, uppercase_sections: bool) -> tuple[str, int, str, str] | None:
    """(kind, rank, ordinal, text) for a paragraph that starts an item, else None."""
    if match := roman_match(text):
        return "section", SECTION_RANK, match["ord"], match["text"]
    if match := ARABIC_MULTI.match(text):
        ordinal = match["ord"]
        return "arabic", ordinal.count(".") + 1, ordinal, match["text"]
    if match := ARABIC.match(text):
        body = match["text"]
        if uppercase_sections and _is_upper_heading(body):
            return "section", SECTION_RANK, match["ord"], body
        return "arabic", 1, match["ord"], body
    if match := LETTER.match(text):
        return "letter", LETTER_RANK, match["ord"], match["text"]
    if match := BULLET.match(text):
        kind, rank = ("plus", PLUS_RANK) if match["ord"] == "+" else ("dash", DASH_RANK)
        return kind, rank, "-" if kind == "dash" else "+", match["text"]
    return None


def _is_upper_heading(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)


def field_of(text: str) -> tuple[str, str] | None:
    """("lead" | "support" | "time", value) for a line such as "- Đơn vị chủ trì: Phòng GD&ĐT"."""
    match = _FIELD.match(_FIELD_BULLET.sub("", text))
    if match is None:
        return None
    label = search_key(match["label"])
    if "phoi hop" in label:
        name = "support"
    elif label.startswith(("thoi", "tien do")):
        name = "time"
    else:
        name = "lead"
    return name, match["value"].strip().rstrip(".;").strip()


def _fields_in(text: str) -> list[tuple[str, str]]:
    """All fields of a line, which may hold several: "Chủ trì: A; phối hợp: B; thời gian: 2025"."""
    first = field_of(text)
    if first is None:
        return []
    name, value = first
    merged: dict[str, list[str]] = {}
    for part in value.split(";"):
        part = part.strip()
        nested = field_of(part)
        if nested is not None:
            name, part = nested
        if part:
            merged.setdefault(name, []).append(part)
    return [(key, "; ".join(items)) for key, items in merged.items()]


def is_closing(text: str) -> bool:
    """"Trên đây là Kế hoạch …" and a plain paragraph ending the text with "./."."""
    return bool(_CLOSING.search(text)) and classify(text, False) is None


def build_outline(paragraphs: list[str]) -> Node:
    """The item tree of the body paragraphs (after title and basis)."""
    uppercase_sections = not any(roman_match(p) for p in paragraphs)
    root = Node("root", -1, "", "")
    stack = [root]
    for text in paragraphs:
        if is_closing(text):
            continue
        fields = _fields_in(text)
        if fields and len(stack) > 1:
            for name, value in fields:
                stack[-1].fields.setdefault(name, []).append(value)
            continue
        item = classify(text, uppercase_sections)
        if item is None:
            stack[-1].paras.append(text)
            _inline_fields(stack[-1], text)
            continue
        kind, rank, ordinal, body = item
        while stack[-1].rank >= rank:
            stack.pop()
        stack.append(stack[-1].add(Node(kind, rank, ordinal, body)))
        _inline_fields(stack[-1], body)
    return root


def _inline_fields(node: Node, text: str) -> None:
    """Fields written in brackets inside a paragraph: "(Thời gian thực hiện: Quý II/2025)"."""
    if node.kind == "root" or "(" not in text:
        return
    for match in _BRACKETS.finditer(text):
        for name, value in _fields_in(match.group(1)):
            node.fields.setdefault(name, []).append(value)


# --- numbering checks ---------------------------------------------------------------------


def _position(node: Node) -> int | None:
    if node.kind == "section" and roman_match(node.ordinal + ". x"):
        return roman_value(node.ordinal)
    if node.kind in ("arabic", "section", "row"):
        last = node.ordinal.split(".")[-1]
        return int(last) if last.isdigit() else None
    if node.kind == "letter":
        return POINT_LETTERS.index(node.ordinal) + 1 if node.ordinal in POINT_LETTERS else None
    return None


def numbering_gaps(root: Node) -> list[str]:
    """Warnings for numbering that jumps ("1" then "3"); "d" then "e" is accepted (no "đ")."""
    warnings: list[str] = []
    for parent in [root, *root.walk()]:
        previous: dict[str, Node] = {}
        for child in parent.children:
            position = _position(child)
            before = previous.get(child.kind)
            previous[child.kind] = child
            if position is None or before is None:
                continue
            before_position = _position(before)
            if before_position is None:
                continue
            expected = {before_position + 1}
            if child.kind == "letter" and before.ordinal == "d":
                expected.add(before_position + 2)
            if position not in expected:
                where = f"mục {parent.label()}" if parent.kind != "root" else "cấp cao nhất"
                warnings.append(f"Đánh số không liên tục ở {where}: sau {before.ordinal} là {child.ordinal}.")
    return warnings


def node_texts(node: Node) -> list[str]:
    """The item's own line and its paragraphs, cell paragraphs split apart."""
    texts = [node.text, *node.paras]
    return [part for text in texts for part in text.split(PARA_BREAK) if part.strip()]
