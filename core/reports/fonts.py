"""The report typeface registered with reportlab: all four faces of one serif family, embedded.

`core.resources.font_paths()` picks the system's Times New Roman when installed, else the shipped
Liberation Serif. reportlab embeds TrueType fonts as subsets, with a ToUnicode map, so every
Vietnamese letter prints and extracts back as the same text.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from core.resources import font_paths

FAMILY = "ReportSerif"


@dataclass(frozen=True, slots=True)
class FontSet:
    """reportlab names of the four registered faces."""

    regular: str = FAMILY
    bold: str = f"{FAMILY}-Bold"
    italic: str = f"{FAMILY}-Italic"
    bolditalic: str = f"{FAMILY}-BoldItalic"


FONTS = FontSet()
_lock = threading.Lock()
_registered = False


def register_fonts() -> FontSet:
    """Register the four faces once (reports may be built from a worker thread); returns their names."""
    global _registered
    with _lock:
        if not _registered:
            paths = font_paths()
            for style, name in (
                ("regular", FONTS.regular),
                ("bold", FONTS.bold),
                ("italic", FONTS.italic),
                ("bolditalic", FONTS.bolditalic),
            ):
                pdfmetrics.registerFont(TTFont(name, str(paths[style])))
            # Paragraph markup (<b>, <i>) switches faces through these mappings.
            addMapping(FAMILY, 0, 0, FONTS.regular)
            addMapping(FAMILY, 1, 0, FONTS.bold)
            addMapping(FAMILY, 0, 1, FONTS.italic)
            addMapping(FAMILY, 1, 1, FONTS.bolditalic)
            _registered = True
    return FONTS


def text_width(text: str, font: str, size: float) -> float:
    """Width in points of `text` set on one line."""
    register_fonts()
    return pdfmetrics.stringWidth(text, font, size)
