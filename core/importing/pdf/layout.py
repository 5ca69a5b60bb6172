"""Words with positions → the text the plan parser reads, laid out by where things stand.

What the page geometry decides, so the parser need not guess:
- lines are words on one baseline; a line splits into segments where a gap is wider than a
  column gap, so the header's two columns (cơ quan | quốc hiệu) and the foot's (Nơi nhận |
  signer) come out as pieces of one line at their x positions, the way `pdftotext -layout`
  prints them and `core.importing.header`/`signature` read them;
- every other line flows into paragraphs: a paragraph ends at a short line, before a
  first-line indent, a bigger gap, or a numbered item after a full stop, and continues
  across a page break when the page ends mid-paragraph; paragraphs are printed one per line
  with blank lines between, as Word's own text export gives them;
- ruled tables (borders drawn on the page) become tab-separated rows, one per table row, the
  form the parser reads annex tables in;
- page numbers, running heads repeated at the top of pages, footnotes (small type at the
  foot of a page) and digital-signature stamps are left out.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from core.importing.pdf.words import PageWords, Rule, Word
from core.importing.textprep import ANNEX_START, PARA_BREAK, is_marker, is_signature_stamp

_COLUMN_GAP = 2.2  # in font sizes: a wider gap inside a line separates two columns
_PAGE_NUMBER = re.compile(r"^[-–(]?\s*(?:trang\s+)?\d{1,3}\s*(?:/\s*\d{1,3})?\s*[-–)]?$", re.IGNORECASE)
_TERMINAL = (".", ";", ":", "!", "?", "./.")


@dataclass
class _Line:
    words: list[Word]
    page: int

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(word.x1 for word in self.words)

    @property
    def top(self) -> float:
        return min(word.top for word in self.words)

    @property
    def bottom(self) -> float:
        return max(word.bottom for word in self.words)

    @property
    def size(self) -> float:
        return statistics.median(word.size for word in self.words)

    @property
    def text(self) -> str:
        return _join(self.words)

    def segments(self) -> list[list[Word]]:
        pieces: list[list[Word]] = [[self.words[0]]]
        for word in self.words[1:]:
            previous = pieces[-1][-1]
            if word.x0 - previous.x1 > _COLUMN_GAP * max(previous.size, word.size):
                pieces.append([word])
            else:
                pieces[-1].append(word)
        return pieces


@dataclass
class _Table:
    top: float
    bottom: float
    x0: float
    x1: float
    columns: list[float]  # x of each vertical border, sorted
    rows: list[float]  # y of each horizontal border, sorted
    words: list[Word] = field(default_factory=list)


_OPENING = ("“", "(", "[", "‘")
_CLOSING = ("”", ")", "]", "’")


def glue(before: str, after: str) -> str:
    """Two lines of running text joined: no space inside quotes and brackets split by the wrap."""
    if not before:
        return after
    if not after:
        return before
    if before.endswith(_OPENING) or after.startswith(_CLOSING):
        return before + after
    return f"{before} {after}"


def _join(words: list[Word]) -> str:
    return " ".join(word.text for word in words)


# --- lines -----------------------------------------------------------------------------------


def _lines(words: list[Word], page: int) -> list[_Line]:
    """Words grouped by baseline, each line's words left to right, lines top to bottom."""
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: (w.bottom, w.x0)):
        line = lines[-1] if lines else None
        if line is not None and abs(word.bottom - line.words[0].bottom) < 0.3 * max(word.size, line.size):
            line.words.append(word)
        else:
            lines.append(_Line([word], page))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


# --- tables ------------------------------------------------------------------------------------


def _cluster(values: list[float], tolerance: float) -> list[float]:
    found: list[float] = []
    for value in sorted(values):
        if found and value - found[-1] <= tolerance:
            continue
        found.append(value)
    return found


def _tables(rules: tuple[Rule, ...]) -> list[_Table]:
    """Grids of ruled borders: at least two vertical and two horizontal rules that meet."""
    horizontal = [rule for rule in rules if rule.horizontal]
    vertical = [rule for rule in rules if not rule.horizontal]
    if len(horizontal) < 2 or len(vertical) < 2:
        return []
    tables: list[_Table] = []
    for rule in sorted(vertical, key=lambda r: r.top):
        table = next(
            (
                t
                for t in tables
                if rule.top <= t.bottom + 3
                and rule.bottom >= t.top - 3
                and rule.x0 >= t.x0 - 3
                and rule.x1 <= t.x1 + 3
            ),
            None,
        )
        crossing = [
            h
            for h in horizontal
            if h.x0 - 3 <= rule.x0 <= h.x1 + 3 and rule.top - 3 <= h.top <= rule.bottom + 3
        ]
        if not crossing:
            continue
        x0, x1 = min(h.x0 for h in crossing), max(h.x1 for h in crossing)
        if table is None:
            tables.append(_Table(rule.top, rule.bottom, x0, x1, [rule.x0], [h.top for h in crossing]))
        else:
            table.top, table.bottom = min(table.top, rule.top), max(table.bottom, rule.bottom)
            table.x0, table.x1 = min(table.x0, x0), max(table.x1, x1)
            table.columns.append(rule.x0)
            table.rows.extend(h.top for h in crossing)
    grids = []
    for table in tables:
        table.columns = _cluster(table.columns, 3)
        table.rows = _cluster(table.rows, 3)
        if len(table.columns) >= 3 and len(table.rows) >= 2:
            grids.append(table)
    return grids


def _cell_text(lines: list[_Line], right: float) -> str:
    """A cell's lines joined; a short line ending a sentence ends a paragraph of the cell."""
    text = ""
    previous: _Line | None = None
    for line in lines:
        if (
            previous is not None
            and previous.text.endswith(_TERMINAL)
            and previous.x1 < right - 3 * previous.size
        ):
            text += PARA_BREAK + line.text
        else:
            text = glue(text, line.text)
        previous = line
    return text


def _table_rows(table: _Table) -> list[str]:
    """Tab-separated rows of a grid; a cell's lines joined; empty rows dropped."""
    rows: list[str] = []
    for top, bottom in zip(table.rows, table.rows[1:], strict=False):
        cells: list[str] = []
        for left, right in zip(table.columns, table.columns[1:], strict=False):
            inside = [
                w
                for w in table.words
                if top - 1 <= (w.top + w.bottom) / 2 <= bottom + 1
                and left - 1 <= (w.x0 + w.x1) / 2 <= right + 1
            ]
            cells.append(_cell_text(_lines(inside, 0), right))
        if any(cell.strip() for cell in cells):
            rows.append("\t".join(cells))
    return rows


# --- noise ---------------------------------------------------------------------------------


def _body_size(pages: list[list[_Line]]) -> float:
    sizes = [word.size for lines in pages for line in lines for word in line.words for _ in word.text]
    return statistics.median(sizes) if sizes else 12.0


def _drop_page_furniture(pages: list[list[_Line]], body: float) -> None:
    """Page numbers, running heads, footnotes and signature stamps, in place."""
    heads: dict[str, int] = {}
    for lines in pages:
        if lines:
            heads[lines[0].text] = heads.get(lines[0].text, 0) + 1
    for lines in pages:
        lines[:] = [line for line in lines if not is_signature_stamp(line.text)]
        _drop_footnotes(lines, body)
        changed = True
        while lines and changed:
            changed = False
            if (
                _PAGE_NUMBER.match(lines[0].text)
                or heads.get(lines[0].text, 0) >= 2
                and len(pages) > 2
                and len(lines[0].text) < 120
            ):
                del lines[0]
                changed = True
            elif _PAGE_NUMBER.match(lines[-1].text):
                del lines[-1]
                changed = True


def _drop_footnotes(lines: list[_Line], body: float) -> None:
    """Small type at the foot of a page that starts with a note number: the page's footnotes."""
    start = len(lines)
    for index in range(len(lines) - 1, 0, -1):
        line = lines[index]
        # A footnote is small type throughout: one word of body size makes the line body text.
        if max(word.size for word in line.words) >= 0.88 * body:
            break
        if line.text[:1].isdigit() or line.words[0].size < 0.75 * body:
            start = index
    if start < len(lines) and len(lines) - start <= 12:
        del lines[start:]


# --- paragraphs ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Frame:
    left: float
    right: float

    @property
    def middle(self) -> float:
        return (self.left + self.right) / 2


def _frame(pages: list[list[_Line]]) -> _Frame:
    lefts = sorted(line.x0 for lines in pages for line in lines)
    rights = sorted(line.x1 for lines in pages for line in lines)
    if not lefts:
        return _Frame(0, 1)
    return _Frame(lefts[len(lefts) // 10], rights[min(len(rights) - 1, len(rights) * 9 // 10)])


def _is_positioned(line: _Line, frame: _Frame) -> bool:
    """A line of side-by-side columns, or one standing in the right-hand column alone."""
    return len(line.segments()) >= 2 or line.x0 > frame.middle - 0.05 * (frame.right - frame.left)


def _positioned_text(line: _Line, frame: _Frame, body: float) -> str:
    unit = max(body * 0.5, 1.0)
    text = ""
    for segment in line.segments():
        column = max(0, round((segment[0].x0 - frame.left) / unit))
        gap = " " * 4 if text else ""
        text = text + gap if len(text) + len(gap) >= column else text.ljust(column)
        text += _join(segment)
    return text


def _starts_paragraph(line: _Line, previous: _Line, frame: _Frame, pitch: float) -> bool:
    size = max(line.size, previous.size)
    text, before = line.text, previous.text
    indented = line.x0 > frame.left + 0.8 * size
    full_before = previous.x1 >= frame.right - 2.5 * size
    wide_before = full_before and previous.x0 < frame.left + size  # a full line, centred or justified
    title_lines = (
        _symmetric(line, frame, size)
        and _symmetric(previous, frame, size)
        and (line.words[0].bold and previous.words[-1].bold)
    )
    if title_lines or _centred(line, frame, size) and (_centred(previous, frame, size) or wide_before):
        # A centred title wrapped on two lines goes on, unless an upper-case heading ("KẾ HOẠCH")
        # stands above a summary line, or the line above ends a sentence.
        return _upper(before) != _upper(text) or before.endswith(_TERMINAL) or _gap(line, previous, pitch)
    if indented:
        return True  # a first-line indent
    if _gap(line, previous, pitch):
        return True
    if not full_before:
        return True  # the line before stops short: its paragraph ended
    if (
        abs(line.size - previous.size) > 0.15 * size
        or line.words[0].bold != previous.words[-1].bold
        and is_marker(text)
    ):
        return True
    return bool(before.endswith(_TERMINAL) and (is_marker(text) or ANNEX_START.match(text)))


def _gap(line: _Line, previous: _Line, pitch: float) -> bool:
    """More space above the line than between the lines of a paragraph."""
    size = max(line.size, previous.size)
    return line.page == previous.page and line.top - previous.bottom > max(pitch, size) * 0.9


def _centred(line: _Line, frame: _Frame, size: float) -> bool:
    return (
        line.x0 > frame.left + size
        and line.x1 < frame.right - size
        and abs((line.x0 + line.x1) / 2 - frame.middle) < 1.5 * size
    )


def _symmetric(line: _Line, frame: _Frame, size: float) -> bool:
    return abs((line.x0 + line.x1) / 2 - frame.middle) < 1.5 * size


def _upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _pitch(lines: list[_Line]) -> float:
    gaps = [
        b.top - a.bottom
        for a, b in zip(lines, lines[1:], strict=False)
        if b.page == a.page and b.top > a.bottom
    ]
    return statistics.median(gaps) if gaps else 0.0


def layout_text(pages: list[PageWords]) -> str:
    """The document's text: positioned lines, paragraphs one per line, tables as tab rows."""
    page_lines: list[list[_Line]] = []
    page_tables: list[list[_Table]] = []
    for page in pages:
        tables = _tables(page.rules)
        free: list[Word] = []
        for word in page.words:
            middle_x, middle_y = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
            table = next(
                (t for t in tables if t.x0 <= middle_x <= t.x1 and t.top <= middle_y <= t.bottom), None
            )
            (table.words if table is not None else free).append(word)
        page_lines.append(_lines(free, page.number))
        page_tables.append(tables)
    body = _body_size(page_lines)
    _drop_page_furniture(page_lines, body)
    frame = _frame(page_lines)
    pitch = _pitch([line for lines in page_lines for line in lines])

    blocks: list[str] = []
    paragraph: list[str] = []
    previous: _Line | None = None

    def end_paragraph() -> None:
        if paragraph:
            joined = ""
            for piece in paragraph:
                joined = glue(joined, piece)
            blocks.append(joined)
            paragraph.clear()

    for lines, tables in zip(page_lines, page_tables, strict=True):
        pending = sorted(tables, key=lambda t: t.top)
        for line in lines:
            while pending and pending[0].top < line.top:
                end_paragraph()
                blocks.extend(_table_rows(pending.pop(0)))
                previous = None
            if _is_positioned(line, frame):
                end_paragraph()
                blocks.append(_positioned_text(line, frame, body))
                previous = None
                continue
            if previous is not None and paragraph and not _starts_paragraph(line, previous, frame, pitch):
                paragraph.append(line.text)
            else:
                end_paragraph()
                paragraph.append(line.text)
            previous = line
        for table in pending:
            end_paragraph()
            blocks.extend(_table_rows(table))
            previous = None
    end_paragraph()
    return _render(blocks)


def _render(blocks: list[str]) -> str:
    """Paragraphs and positioned lines apart by blank lines; a table's rows kept together."""
    out: list[str] = []
    for block in blocks:
        if out and not ("\t" in block and "\t" in out[-1]):
            out.append("")
        out.append(block)
    return "\n".join(out) + "\n"
