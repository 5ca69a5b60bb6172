"""Task tables (the annex, Phụ lục): TT | Nội dung | Chủ trì | Phối hợp | Thời gian.

The header row names the columns, in any order and wording ("Cơ quan chủ trì thực hiện",
"Đơn vị phối hợp", "Thời gian hoàn thành"), possibly over two rows ("Cơ quan thực hiện" over
"Chủ trì" | "Phối hợp"). Roman TT rows are groups, numbered rows are tasks. A row whose TT is
empty either continues the row above — a row cut by a page break, merged cell by cell — or
is an unnumbered task of its own (directly under a group, or complete in itself).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.importing.outline import DASH_RANK, LETTER_RANK, PLUS_RANK, SECTION_RANK, Node
from core.importing.progress import TICK_EVERY, Tick, no_tick
from core.importing.textprep import PARA_BREAK, Row, roman_match
from core.vntext import search_key

_ARABIC_TT = re.compile(r"^\d{1,3}(?:\.\d{1,3}){0,3}$")
_NUMBERING_CELL = re.compile(r"^\(?\d{1,2}\)?$")
_TERMINAL = (".", ";", ":", "!", "?", "./.")


@dataclass(frozen=True, slots=True)
class Columns:
    tt: int | None = None
    content: int | None = None
    lead: int | None = None
    support: int | None = None
    time: int | None = None


def _column_role(cell: str) -> str | None:
    key = search_key(cell).strip(" .:")
    if not key:
        return None
    if key in ("tt", "stt", "so tt", "so thu tu", "thu tu"):
        return "tt"
    if "phoi hop" in key:
        return "support"
    if "chu tri" in key:
        return "lead"
    if key.startswith(("thoi gian", "thoi han", "tien do", "moc thoi gian")):
        return "time"
    if "thuc hien" in key and key.startswith(("co quan", "don vi", "bo phan", "nguoi")):
        return "performer"
    if key.startswith(("noi dung", "nhiem vu", "giai phap", "cong viec", "ten nhiem vu", "hoat dong", "ten")):
        return "content"
    return None


def header_columns(cells: tuple[str, ...]) -> Columns | None:
    """The column layout if this row is a task table's header row."""
    roles: dict[str, int] = {}
    for index, cell in enumerate(cells):
        role = _column_role(cell)
        if role is not None and role not in roles:
            roles[role] = index
    if "performer" in roles and "lead" not in roles:
        roles["lead"] = roles["performer"]
    columns = Columns(
        tt=roles.get("tt"),
        content=roles.get("content"),
        lead=roles.get("lead"),
        support=roles.get("support"),
        time=roles.get("time"),
    )
    if columns.content is None or len([r for r in roles if r != "performer"]) < 3:
        return None
    return columns


def _sub_header(columns: Columns, cells: tuple[str, ...]) -> Columns | None:
    """A second header row under "Cơ quan thực hiện": "Chủ trì" | "Phối hợp"."""
    roles = {_column_role(cell): index for index, cell in enumerate(cells) if cell.strip()}
    if not roles or None in roles or not set(roles) <= {"lead", "support", "time"}:
        return None
    return Columns(
        tt=columns.tt,
        content=columns.content,
        lead=roles.get("lead", columns.lead),
        support=roles.get("support", columns.support),
        time=roles.get("time", columns.time),
    )


def find_header(rows: list[Row]) -> tuple[int, Columns] | None:
    """(index of the first data row, columns) of the first header row among `rows`."""
    for index, row in enumerate(rows):
        columns = header_columns(row.cells)
        if columns is None:
            continue
        if index + 1 < len(rows) and (sub := _sub_header(columns, rows[index + 1].cells)) is not None:
            return index + 2, sub
        return index + 1, columns
    return None


def guessed_columns(rows: list[Row]) -> Columns | None:
    """Columns of a header-less table whose first cell holds the TT: TT, content, lead, support, time."""
    wide = [row for row in rows if len(row.cells) >= 4]
    if len(wide) < max(2, len(rows) // 2):
        return None
    numbered = [
        row for row in wide if row.cells[0].strip() and _tt_kind(row.cells[0].strip(" .)")) != "other"
    ]
    if len(numbered) < len(wide) // 2:
        return None
    width = max(len(row.cells) for row in wide)
    return Columns(tt=0, content=1, lead=2, support=3 if width >= 5 else None, time=width - 1)


def _tt_kind(tt: str) -> str:
    if not tt:
        return "empty"
    if roman_match(tt + ". x") and tt.isupper():
        return "roman"
    if _ARABIC_TT.match(tt):
        return "arabic"
    if len(tt) == 1 and tt.isalpha() and tt.islower():
        return "letter"
    if tt in ("-", "–", "+", "•", "*"):
        return "bullet"
    return "other"


def _cell(cells: tuple[str, ...], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def _ends_sentence(text: str) -> bool:
    return text.rstrip("”\"' )").endswith(_TERMINAL)


def join_cut(first: str, second: str, *, prose: bool) -> str:
    """Join a cell cut by a page break: "Phòng Giáo" + "dục và Đào tạo", "Thường" + "xuyên"."""
    if not first:
        return second
    if not second:
        return first
    if prose and _ends_sentence(first) and second[:1].isupper():
        return f"{first}{PARA_BREAK}{second}"
    if first.endswith("/") or second.startswith("/"):
        return first + second
    return f"{first} {second}"


def _is_repeated_header(cells: tuple[str, ...], columns: Columns) -> bool:
    return header_columns(cells) is not None or all(
        _NUMBERING_CELL.match(cell.strip()) for cell in cells if cell.strip()
    ) and sum(1 for cell in cells if cell.strip()) >= 3


def _continues(previous: Node, row: Row, content: str, has_units_or_time: bool) -> bool:
    """Is a row with an empty TT the rest of `previous`, cut by a page break?"""
    if row.blank_before or not content or content[:1].islower():
        return True
    if not has_units_or_time:
        return True
    return not _ends_sentence(previous.text)


def parse_rows(rows: list[Row], columns: Columns, tick: Tick = no_tick) -> Node:
    """The group/task tree of a table's data rows."""
    root = Node("root", -1, "", "", from_annex=True)
    stack = [root]
    last: Node | None = None
    for number, row in enumerate(rows):
        if number % TICK_EVERY == 0:
            tick(number, len(rows))
        cells = row.cells
        if not any(cell.strip() for cell in cells) or _is_repeated_header(cells, columns):
            continue
        tt = _cell(cells, columns.tt).strip(" .)(")
        content = _cell(cells, columns.content)
        values = {
            "lead": _cell(cells, columns.lead),
            "support": _cell(cells, columns.support),
            "time": _cell(cells, columns.time),
        }
        kind = _tt_kind(tt)
        if kind == "empty" and last is not None and last.kind != "section" and _continues(
            last, row, content, any(values.values())
        ):
            last.text = join_cut(last.text, content, prose=True)
            for name, value in values.items():
                if value:
                    existing = last.fields.setdefault(name, [""])
                    existing[-1] = join_cut(existing[-1], value, prose=False)
            continue
        if kind == "roman":
            node_kind, rank, ordinal = "section", SECTION_RANK, tt
        elif kind == "arabic":
            node_kind, rank, ordinal = "arabic", tt.count(".") + 1, tt
        elif kind == "letter":
            node_kind, rank, ordinal = "letter", LETTER_RANK, tt
        elif kind == "bullet":
            node_kind, ordinal = ("plus", "+") if tt == "+" else ("dash", "-")
            rank = PLUS_RANK if tt == "+" else DASH_RANK
        else:  # an unnumbered task: under the group above, or beside the task above
            node_kind, ordinal = "arabic", ""
            rank = 1 if last is None else last.rank + (1 if last.kind == "section" else 0)
        while stack[-1].rank >= rank:
            stack.pop()
        node = stack[-1].add(Node(node_kind, rank, ordinal, content, from_annex=True))
        node.fields = {name: [value] for name, value in values.items() if value}
        stack.append(node)
        last = node
    return root
