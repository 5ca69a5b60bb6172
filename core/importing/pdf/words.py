"""Words with their place on the page: what the PDF text layer and OCR both give the layout step.

Coordinates are PDF points from the page's top-left corner (y grows downwards), whatever
produced them, so the layout rules do not care whether a page was born digital or scanned.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Word:
    text: str  # NFC
    x0: float
    top: float
    x1: float
    bottom: float
    size: float  # font size in points (for OCR: the line height)
    bold: bool = False
    confidence: float = 100.0  # OCR confidence 0–100; 100 for a text layer

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True, slots=True)
class Rule:
    """A ruled line drawn on the page (table borders), horizontal or vertical."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)


@dataclass(frozen=True, slots=True)
class PageWords:
    number: int  # 1-based
    width: float
    height: float
    words: tuple[Word, ...]
    rules: tuple[Rule, ...] = ()
    ocr: bool = False
    picture_share: float = 0.0  # share of the page covered by its largest picture (a scan: nearly 1)
    stamps: tuple[str, ...] = field(default=())  # digital-signature stamp texts kept out of the body
