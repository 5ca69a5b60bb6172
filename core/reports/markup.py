"""User text → reportlab Paragraph markup that prints literally.

reportlab's Paragraph reads an XML-like markup, so a task content containing "<b>" or "&" would
be taken as markup (or make the parser fail). Everything a user typed goes through `literal`:
markup characters are escaped, line breaks become <br/>, control characters that no font can show
are dropped, and runs of spaces (the blanks of a draft's "Số:     /KH-UBND") become non-breaking
spaces so that they keep their width. Very long words are broken by the paragraph styles
(`splitLongWords`), not here, because only the layout knows the column width.
"""

from __future__ import annotations

import re

from core.vntext import nfc

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u200b\ufeff]")
_LINE_BREAKS = str.maketrans({"\r": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n"})
_SPACE_RUN = re.compile(r" {2,}")
NBSP = "\u00a0"


def plain(text: str) -> str:
    """The text as it will print: NFC, tabs as spaces, no invisible control characters."""
    text = nfc(text).replace("\r\n", "\n").translate(_LINE_BREAKS).replace("\t", " ")
    return _CONTROL.sub("", text)


def literal(text: str) -> str:
    """Markup printing `text` exactly; several lines stay several lines."""
    lines = [_escape_line(line) for line in plain(text).split("\n")]
    return "<br/>".join(lines)


def _escape_line(line: str) -> str:
    line = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPACE_RUN.sub(lambda match: NBSP * len(match.group()), line)


def bold(text: str) -> str:
    return f"<b>{literal(text)}</b>"


def italic(text: str) -> str:
    return f"<i>{literal(text)}</i>"


def upper(text: str) -> str:
    """Vietnamese upper case, NFC (agency names and titles print in capitals)."""
    return nfc(nfc(text).upper())
