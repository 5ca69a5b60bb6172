"""Task tables inside a document: annex regions ("Phụ lục …") and tables within the body.

An annex region has title lines (the "Phụ lục" label, the annex title, "(Kèm theo Kế hoạch số …
ngày … của …)") above its table; a table in the body stands where it is printed. Rows that
do not form a task table are given back as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.importing.annex import Columns, find_header, guessed_columns, parse_rows
from core.importing.header import parse_reference
from core.importing.outline import Node
from core.importing.progress import Tick, no_tick
from core.importing.textprep import ANNEX_START, Block, Line, Row, paragraphs, roman_match, tidy
from core.vntext import search_key

_ATTACHED_TO = re.compile(
    r"Kèm theo\s+(?P<type>Kế hoạch|Chương trình(?: hành động)?|Quyết định|Báo cáo|Thông báo|Hướng dẫn"
    r"|Nghị quyết|Chỉ thị|Thông tư liên tịch|Thông tư)\s*(?:số\s*:?\s*)?"
    r"(?P<ref>[^\s]*\s*/\s*[^\s]+)?(?P<rest>.*)",
    re.IGNORECASE,
)
_ATTACHED_DATE = re.compile(
    r"ngày[\s.…_]{0,20}(?P<d>\d{1,2})?[\s.…_]{0,20}tháng[\s.…_]{0,20}(?P<m>\d{1,2})?[\s.…_]{0,20}"
    r"năm[\s.…_]{0,20}(?P<y>\d{4})?",
    re.I,
)
_ATTACHED_DATE_NUMERIC = re.compile(r"ngày\s*(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})", re.I)
_ATTACHED_ISSUER = re.compile(r"\bcủa\s+(?P<issuer>[^)]+)")
_TYPE_NAMES = {
    "ke hoach": "KH", "chuong trinh": "CTr", "chuong trinh hanh dong": "CTr", "quyet dinh": "QĐ",
    "bao cao": "BC", "thong bao": "TB", "huong dan": "HD", "nghi quyet": "NQ", "chi thi": "CT",
    "thong tu lien tich": "TTLT", "thong tu": "TT",
}


@dataclass
class Table:
    """A task table: an annex, or a table inside the body."""

    root: Node
    title: str = ""
    attached_to: str = ""


def split_tables(blocks: list[Block], tick: Tick = no_tick) -> tuple[list[str], list[Table]]:
    """Body paragraphs, and the task tables found among them; other table rows become text."""
    texts: list[str] = []
    tables: list[Table] = []
    run: list[Row] = []

    def flush() -> None:
        if not run:
            return
        table = table_from_rows(run, tick)
        if table is not None:
            tables.append(table)
        else:
            texts.extend(" – ".join(c for c in row.cells if c.strip()) for row in run)
        run.clear()

    for block in blocks:
        if isinstance(block, Row):
            run.append(block)
        else:
            flush()
            texts.append(block)
    flush()
    return texts, tables


def table_from_rows(rows: list[Row], tick: Tick = no_tick) -> Table | None:
    header = find_header(rows)
    columns: Columns | None
    if header is not None:
        start, columns = header
        data = rows[start:]
    else:
        columns, data = guessed_columns(rows), rows
    if columns is None:
        return None
    root = parse_rows(data, columns, tick)
    return Table(root) if root.children else None


def annex_region(lines: list[Line], tick: Tick = no_tick) -> tuple[Table | None, list[str]]:
    """One annex region: its title lines, then its task table (or prose, returned as paragraphs)."""
    first_row = next((i for i, line in enumerate(lines) if "\t" in line.raw.strip("\n")), len(lines))
    title_parts: list[str] = []
    attached = ""
    for line in lines[:first_row]:
        text = line.text
        if not text:
            continue
        label = ANNEX_START.match(text)
        if label is not None and not title_parts:
            rest = label["rest"].strip(" :.-–")
            if rest and not roman_match(rest + ". x") and not rest.isdigit():
                title_parts.append(rest)
            continue
        if text.startswith("(") and "kèm theo" in text.lower():
            attached = text.strip("()")
            continue
        title_parts.append(text)
    blocks = paragraphs(lines[first_row:])
    texts, tables = split_tables(blocks, tick)
    title = tidy(" ".join(title_parts))
    if tables:
        table = tables[0]
        table.title, table.attached_to = title, attached
        return table, texts
    return None, [title, *texts] if title else texts


@dataclass(frozen=True, slots=True)
class AttachedTo:
    """What "(Kèm theo Kế hoạch số …/KH-UBND ngày … tháng … năm 2025 của UBND …)" says."""

    doc_type: str | None = None
    serial: str | None = None
    symbol: str | None = None
    number: str | None = None
    issuer: str | None = None
    year: int | None = None
    month: int | None = None


def attached_to(text: str) -> AttachedTo:
    match = _ATTACHED_TO.search(text)
    if match is None:
        return AttachedTo()
    serial = symbol = number = None
    if match["ref"]:
        serial, symbol, number = parse_reference(match["ref"])
    rest = match["rest"] or ""
    date_match = _ATTACHED_DATE_NUMERIC.search(rest) or _ATTACHED_DATE.search(rest)
    issuer_match = _ATTACHED_ISSUER.search(rest)
    return AttachedTo(
        doc_type=_TYPE_NAMES.get(search_key(match["type"])),
        serial=serial,
        symbol=symbol,
        number=number,
        issuer=tidy(issuer_match["issuer"]).rstrip(".") if issuer_match else None,
        year=int(date_match["y"]) if date_match and date_match["y"] else None,
        month=int(date_match["m"]) if date_match and date_match["m"] else None,
    )
