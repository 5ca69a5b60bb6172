"""Bordered tables with a header row repeated on every page; a tall row breaks across pages.

Long tables are paginated here, not by reportlab: every row's height is measured once, and each
page gets a small reportlab table of the rows that fit under the header (letting reportlab split
one table of a thousand rows re-measures all remaining rows at every page). A short row that does
not fit what is left of a page moves whole to the next one; a tall row (a third of a page or more)
is broken at the page end and continues on the next page with its TT cell blank, as the sample
annex prints a row that runs over a page. (reportlab's own in-row split repeats the header row in
the middle of a page, so it is not used.) Every cell is a paragraph, so text wraps inside its column
and a very long word is broken instead of running past the margin.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from core.reports import markup
from core.reports.fonts import register_fonts
from core.reports.styles import TABLE_LEADING, styles

PADDING_X = 3
PADDING_TOP = 2
PADDING_BOTTOM = 3
SPACE_AFTER = 9
_MIN_BREAK = 3 * TABLE_LEADING  # a row is broken only if three lines of it fit on the page


class CellParagraph(Paragraph):
    """A paragraph that remembers its line breaks for the width it was last set at.

    A table wraps each cell to measure its row, again when it splits across pages and again to
    draw it; breaking the lines of thousands of cells once instead of three times is most of the
    speed of a long report. Only the width decides the breaks, so the cache is keyed on it.
    """

    _wrapped_width: float | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self._wrapped_width != available_width:
            super().wrap(available_width, available_height)
            self._wrapped_width = available_width
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Paragraph]:
        self._wrapped_width = None  # splitting re-breaks the lines; never trust the cache after it
        return super().split(available_width, available_height)


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: heading, share of the table width, paragraph style of its cells."""

    heading: str
    share: float
    style: str = "cell"


@dataclass(frozen=True, slots=True)
class Row:
    """Cells as Paragraph markup (callers escape user text with `markup.literal`)."""

    cells: tuple[str, ...]
    bold: bool = False


def data_table(columns: Sequence[Column], rows: Sequence[Row], width: float, page_height: float) -> Flowable:
    """A full-width table: bold centred header row repeated on each page, thin black grid.

    `page_height` is the height of the text box the table is laid out in.
    """
    s = styles()
    total = sum(column.share for column in columns)
    widths = [width * column.share / total for column in columns]
    header = [CellParagraph(markup.literal(column.heading), s["cell_head"]) for column in columns]
    body: list[_BodyRow] = []
    for row in rows:
        cells = []
        for column, cell in zip(columns, row.cells, strict=True):
            style = s["cell_bold"] if row.bold and column.style == "cell" else s[column.style]
            if row.bold and column.style == "cell_center":
                style = s["cell_head"]
            cells.append(CellParagraph(cell, style))
        body.append(_BodyRow(cells, _row_height(cells, widths), row.bold))
    return PagedTable(header, body, widths, page_height)


@dataclass(frozen=True, slots=True)
class _BodyRow:
    cells: list[Paragraph]
    height: float
    heading: bool  # a section row: kept with the row after it


class PagedTable(Flowable):
    """Rows with known heights, laid out as one small bordered table per page, header on each."""

    def __init__(
        self, header: list[Paragraph], rows: list[_BodyRow], widths: list[float], page_height: float
    ):
        super().__init__()
        self.header, self.rows, self.widths, self.page_height = header, rows, widths, page_height
        self.header_height = _row_height(header, widths)
        self.width = sum(widths)
        self.height = self.header_height + sum(row.height for row in rows)
        self.spaceAfter = SPACE_AFTER

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        room = available_height - self.header_height
        used, count = 0.0, 0
        for row in self.rows:
            if used + row.height > room:
                break
            used += row.height
            count += 1
        if count == len(self.rows):
            return [self._table(self.rows)]
        rows = list(self.rows)
        broken = self._break(rows[count], room - used)
        if broken is not None:
            rows[count : count + 1] = broken
            count += 1
        else:
            # A section row does not end a page: it goes over with the first row of its section,
            # unless the page is a fresh one (then nothing would ever fit).
            while count > 1 and rows[count - 1].heading:
                count -= 1
            fresh_page = available_height >= self.page_height - 1
            if count == 1 and rows[0].heading and not fresh_page:
                count = 0
        if count == 0:
            return []  # the whole table goes to the next page
        first = self._table(rows[:count])
        first.spaceAfter = 0
        return [first, PagedTable(self.header, rows[count:], self.widths, self.page_height)]

    def _break(self, row: _BodyRow, room: float) -> list[_BodyRow] | None:
        """The row cut in two at `room`, or None when it should move whole to the next page."""
        if row.height <= (self.page_height - self.header_height) / 3:
            return None
        content_room = room - PADDING_TOP - PADDING_BOTTOM
        if content_room < _MIN_BREAK:
            return None
        top, bottom = [], []
        for paragraph, width in zip(row.cells, self.widths, strict=True):
            inner = width - 2 * PADDING_X
            if paragraph.wrap(inner, content_room)[1] <= content_room:
                top.append(paragraph)
                bottom.append(CellParagraph("", paragraph.style))
                continue
            parts = paragraph.split(inner, content_room)
            if len(parts) != 2:
                parts = [CellParagraph("", paragraph.style), paragraph]
            top += parts[:1]
            bottom += parts[1:]
        if all(not p.getPlainText() for p in top):
            return None
        return [
            _BodyRow(top, _row_height(top, self.widths), row.heading),
            _BodyRow(bottom, _row_height(bottom, self.widths), False),
        ]

    def draw(self) -> None:
        table = self._table(self.rows)
        table.wrapOn(self.canv, self.width, self.height)
        table.drawOn(self.canv, 0, 0)

    def _table(self, rows: list[_BodyRow]) -> Table:
        data = [[[p] for p in self.header], *([[p] for p in row.cells] for row in rows)]
        table = Table(data, colWidths=self.widths, hAlign="CENTER", spaceAfter=SPACE_AFTER)
        table.setStyle(_table_style())
        return table


@cache
def _table_style() -> TableStyle:
    return TableStyle(
        [
            # Cells hold paragraphs, but a cell's own font (Helvetica by default) still lands in the
            # PDF, unembedded, unless it is ours.
            ("FONTNAME", (0, 0), (-1, -1), register_fonts().regular),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
            ("VALIGN", (0, 1), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), PADDING_X),
            ("RIGHTPADDING", (0, 0), (-1, -1), PADDING_X),
            ("TOPPADDING", (0, 0), (-1, -1), PADDING_TOP),
            ("BOTTOMPADDING", (0, 0), (-1, -1), PADDING_BOTTOM),
        ]
    )


def _row_height(cells: list[Paragraph], widths: list[float]) -> float:
    """The height reportlab's Table gives a row of these cells (tallest cell plus its padding)."""
    inner = [width - 2 * PADDING_X for width in widths]
    return max(p.wrap(w, 1e6)[1] for p, w in zip(cells, inner, strict=True)) + PADDING_TOP + PADDING_BOTTOM
