"""Word (.docx) → the text the plan parser reads.

The body's paragraphs and tables are taken in document order (python-docx lists them apart,
so the body XML is walked directly). Paragraphs are separated by a blank line, as in text
extracted from a PDF. A table becomes tab-separated rows; a cell's paragraphs are kept apart
by `PARA_BREAK`, merged cells are written once (a horizontal span leaves its other columns
empty, a vertical continuation is empty). Small layout tables — the two-column header and
the "Nơi nhận" / signature block — are written column by column instead. Numbering that
Word generates (list paragraphs) is written out as text ("1.", "a)", "-"), since the parser
reads the numbers.

Runs set in a legacy Vietnamese font (".VnTime": TCVN3, "VNI-Times": VNI, directly or by their
style) hold the font's bytes as characters; they are converted to Unicode run by run, unless
the document's runs in those fonts were already typed in Unicode (`core.importing.legacy_text`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from core.importing.legacy_text import (
    capitals_font,
    convert,
    font_encoding,
    is_legacy_text,
    vietnamese_reading,
)
from core.importing.textprep import PARA_BREAK
from core.vntext import search_key

_LAYOUT_WORDS = ("cong hoa xa hoi", "doc lap", "noi nhan", "so:", "tm.", "kt.")


def open_document(path: Path) -> Any:
    """The python-docx document; raises `ValueError` naming the cause when the file is damaged."""
    try:
        return Document(str(path))
    except Exception as error:  # python-docx and lxml raise many types for a damaged package
        raise ValueError(f"{type(error).__name__}: {error}") from error


def docx_text(document: Any) -> tuple[str, tuple[str, ...]]:
    """The text of an opened document (see `open_document`), and the legacy encodings converted."""
    numbering = _Numbering(document)
    runs = _LegacyRuns(document)
    parts: list[str] = []
    for element in _body_elements(document.element.body):
        if element.tag == qn("w:p"):
            text = numbering.marker(element) + runs.paragraph_text(element, document)
            parts.append(text.replace("\t", "   "))
            parts.append("")
        elif element.tag == qn("w:tbl"):
            parts.extend(_table_lines(element, document, runs))
            parts.append("")
    return "\n".join(parts), runs.converted


def _font_of(properties: Any) -> str | None:
    """The font a `w:rPr` names for Latin text (hAnsi covers the bytes 0x80–0xFF legacy text uses)."""
    fonts = properties.find(qn("w:rFonts")) if properties is not None else None
    if fonts is None:
        return None
    return fonts.get(qn("w:hAnsi")) or fonts.get(qn("w:ascii"))


class _LegacyRuns:
    """Finds each run's font (direct, character style, paragraph style, defaults) and converts the
    runs set in TCVN3 or VNI fonts.

    An encoding's runs are converted only when none of them holds a letter beyond Latin-1 and
    Windows-1252 and the converted text reads more as Vietnamese than the text as stored: a
    document typed in Unicode while its style still names ".VnTime" is left as it is.
    """

    def __init__(self, document: Any) -> None:
        root = document.styles.element
        self._styles: dict[str, tuple[str | None, str | None]] = {}
        self._default_style: str | None = None
        for style in root.iterchildren(qn("w:style")):
            style_id = style.get(qn("w:styleId"), "")
            based_on = style.find(qn("w:basedOn"))
            self._styles[style_id] = (
                _font_of(style.find(qn("w:rPr"))),
                based_on.get(qn("w:val")) if based_on is not None else None,
            )
            if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in ("1", "true", "on"):
                self._default_style = style_id
        defaults = root.find(qn("w:docDefaults"))
        default = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
        self._default_font = _font_of(default)
        self._convert: set[str] = set()
        named = [self._default_font, *(font for font, _ in self._styles.values())]
        body = document.element.body
        named.extend(_font_of(properties) for properties in body.iter(qn("w:rPr")))
        if any(font_encoding(font) for font in named):
            self._decide(body)

    @property
    def converted(self) -> tuple[str, ...]:
        return tuple(sorted(self._convert))

    def _style_font(self, style_id: str | None) -> str | None:
        for _ in range(10):  # basedOn chains are short; a cycle must not loop forever
            if style_id is None or style_id not in self._styles:
                return None
            font, style_id = self._styles[style_id]
            if font:
                return font
        return None

    def _run_font(self, run: Any, paragraph: Any) -> str | None:
        properties = run.find(qn("w:rPr"))
        font = _font_of(properties)
        if font:
            return font
        character_style = properties.find(qn("w:rStyle")) if properties is not None else None
        if character_style is not None and (font := self._style_font(character_style.get(qn("w:val")))):
            return font
        paragraph_properties = paragraph.find(qn("w:pPr"))
        style = paragraph_properties.find(qn("w:pStyle")) if paragraph_properties is not None else None
        style_id = style.get(qn("w:val")) if style is not None else self._default_style
        return self._style_font(style_id) or self._default_font

    def _decide(self, body: Any) -> None:
        stored: dict[str, list[str]] = {}
        for paragraph in body.iter(qn("w:p")):
            for run in paragraph.iter(qn("w:r")):
                encoding = font_encoding(self._run_font(run, paragraph))
                if encoding is not None:
                    stored.setdefault(encoding, []).append(run.text)
        for encoding, texts in stored.items():
            text = " ".join(texts)
            if not is_legacy_text(text):
                continue  # typed in Unicode, whatever the font is called
            converted = convert(text, encoding)
            if vietnamese_reading(converted).score > vietnamese_reading(text).score:
                self._convert.add(encoding)

    def paragraph_text(self, paragraph: Any, document: Any) -> str:
        """As python-docx's `Paragraph.text` (runs and hyperlinks), legacy runs converted."""
        if not self._convert:
            return Paragraph(paragraph, document).text
        parts: list[str] = []
        for child in paragraph.xpath("w:r | w:hyperlink"):
            for run in [child] if child.tag == qn("w:r") else child.xpath("w:r"):
                font = self._run_font(run, paragraph)
                text = run.text
                encoding = font_encoding(font)
                if encoding in self._convert:
                    text = convert(text, encoding)
                    if capitals_font(font):
                        text = text.upper()
                parts.append(text)
        return "".join(parts)


def _body_elements(parent: Any) -> Iterator[Any]:
    for child in parent.iterchildren():
        if child.tag == qn("w:sdt"):  # content controls wrap ordinary paragraphs and tables
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _body_elements(content)
        elif child.tag in (qn("w:p"), qn("w:tbl")):
            yield child


def _cell_text(tc: Any, document: Any, runs: _LegacyRuns) -> str:
    paragraphs = [runs.paragraph_text(p, document).replace("\t", " ") for p in tc.iter(qn("w:p"))]
    return PARA_BREAK.join(text.replace("\n", PARA_BREAK) for text in paragraphs if text.strip())


def _rows(tbl: Any, document: Any, runs: _LegacyRuns) -> list[list[str]]:
    rows: list[list[str]] = []
    for tr in tbl.iterchildren(qn("w:tr")):
        cells: list[str] = [""] * _grid_before(tr)
        for tc in tr.iterchildren(qn("w:tc")):
            properties = tc.find(qn("w:tcPr"))
            span, continued = 1, False
            if properties is not None:
                grid_span = properties.find(qn("w:gridSpan"))
                if grid_span is not None:
                    span = max(1, int(grid_span.get(qn("w:val"), "1")))
                v_merge = properties.find(qn("w:vMerge"))
                continued = v_merge is not None and v_merge.get(qn("w:val"), "continue") == "continue"
            cells.append("" if continued else _cell_text(tc, document, runs))
            cells.extend([""] * (span - 1))
        rows.append(cells)
    return rows


def _grid_before(tr: Any) -> int:
    properties = tr.find(qn("w:trPr"))
    if properties is None:
        return 0
    before = properties.find(qn("w:gridBefore"))
    return int(before.get(qn("w:val"), "0")) if before is not None else 0


def _table_lines(tbl: Any, document: Any, runs: _LegacyRuns) -> list[str]:
    rows = _rows(tbl, document, runs)
    flat = search_key(" ".join(" ".join(row) for row in rows))
    if len(rows) <= 3 and any(word in flat for word in _LAYOUT_WORDS):
        # Header or signature block: left column first, then the right one, line by line.
        lines: list[str] = []
        width = max((len(row) for row in rows), default=0)
        for column in range(width):
            for row in rows:
                if column < len(row):
                    lines.extend(part for part in row[column].split(PARA_BREAK) if part.strip())
        return lines
    return ["\t".join(row) for row in rows if any(cell.strip() for cell in row)]


class _Numbering:
    """Writes out the numbers Word draws for list paragraphs ("1.", "a)", "I.", "-")."""

    def __init__(self, document: Any) -> None:
        self._levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        # List styles ("List Number") carry the numbering in the style, not the paragraph.
        self._styles: dict[str, tuple[Any, str | None]] = {}
        for style in document.styles.element.iterchildren(qn("w:style")):
            properties = style.find(qn("w:pPr"))
            based_on = style.find(qn("w:basedOn"))
            self._styles[style.get(qn("w:styleId"), "")] = (
                properties.find(qn("w:numPr")) if properties is not None else None,
                based_on.get(qn("w:val")) if based_on is not None else None,
            )
        try:
            part = document.part.numbering_part
        except (KeyError, NotImplementedError):  # python-docx cannot add one to a file that has none
            part = None
        root = part.element if part is not None else None
        if root is None:
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.iterchildren(qn("w:abstractNum")):
            levels: dict[int, tuple[str, str, int]] = {}
            for level in node.iterchildren(qn("w:lvl")):
                fmt = level.find(qn("w:numFmt"))
                text = level.find(qn("w:lvlText"))
                start = level.find(qn("w:start"))
                levels[int(level.get(qn("w:ilvl"), "0"))] = (
                    fmt.get(qn("w:val"), "decimal") if fmt is not None else "decimal",
                    text.get(qn("w:val"), "") if text is not None else "",
                    int(start.get(qn("w:val"), "1")) if start is not None else 1,
                )
            abstract[node.get(qn("w:abstractNumId"), "")] = levels
        for node in root.iterchildren(qn("w:num")):
            reference = node.find(qn("w:abstractNumId"))
            if reference is not None:
                self._levels[node.get(qn("w:numId"), "")] = abstract.get(reference.get(qn("w:val"), ""), {})

    def _style_numbering(self, style_id: str | None) -> Any:
        for _ in range(10):  # basedOn chains are short; a cycle must not loop forever
            if style_id is None or style_id not in self._styles:
                return None
            num_pr, style_id = self._styles[style_id]
            if num_pr is not None:
                return num_pr
        return None

    def marker(self, paragraph: Any) -> str:
        properties = paragraph.find(qn("w:pPr"))
        num_pr = properties.find(qn("w:numPr")) if properties is not None else None
        if num_pr is None and properties is not None:
            style = properties.find(qn("w:pStyle"))
            num_pr = self._style_numbering(style.get(qn("w:val")) if style is not None else None)
        if num_pr is None:
            return ""
        num_id_node, level_node = num_pr.find(qn("w:numId")), num_pr.find(qn("w:ilvl"))
        num_id = num_id_node.get(qn("w:val"), "") if num_id_node is not None else ""
        level = int(level_node.get(qn("w:val"), "0")) if level_node is not None else 0
        levels = self._levels.get(num_id)
        if not levels or level not in levels:
            return ""
        counters = self._counters.setdefault(num_id, {})
        fmt, text, start = levels[level]
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [key for key in counters if key > level]:
            del counters[deeper]
        if fmt == "bullet":
            return "- "
        marker = text
        for index in range(level + 1):
            level_fmt, _, level_start = levels.get(index, ("decimal", "", 1))
            value = counters.get(index, level_start)
            marker = marker.replace(f"%{index + 1}", _format(level_fmt, value))
        return f"{marker} " if marker else ""


# Word letters its lists in Latin order (no "đ"), so that is what the document shows.
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _format(fmt: str, value: int) -> str:
    if fmt == "upperRoman":
        return _roman(value)
    if fmt == "lowerRoman":
        return _roman(value).lower()
    if fmt in ("lowerLetter", "upperLetter"):
        letter = _LETTERS[(value - 1) % len(_LETTERS)]
        return letter.upper() if fmt == "upperLetter" else letter
    return str(value)


def _roman(value: int) -> str:
    numerals = (
        (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    )
    text = ""
    for amount, numeral in numerals:
        while value >= amount:
            text += numeral
            value -= amount
    return text
