"""A4 pages with the official margins, page numbers, and landscape pages for annex tables.

Portrait pages have the margins of the settings; landscape pages (annexes) keep the same margins
on the same edges of the sheet, rotated with it (the wide binding margin is the top of a landscape
page, as a word processor does when a section turns landscape). Page numbers are centred in the
top margin, not on the first page of the document, and each annex is numbered on its own, again
without a number on its first page.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageBreak, PageTemplate

from core.about import APP_NAME
from core.reports.data import Margins, PageCallback
from core.reports.fonts import register_fonts
from core.reports.styles import BODY_SIZE, PAGE_NUMBER_SIZE

# Page streams are written compressed and binary rather than ASCII85-armoured: smaller files, and
# the encoding was a tenth of the time of a long report.
rl_config.useA85 = 0

PORTRAIT = "portrait"
LANDSCAPE = "landscape"


@dataclass(frozen=True, slots=True)
class Box:
    """The text box of a page in points: where the frame is and how big."""

    x: float
    y: float
    width: float
    height: float


def text_box(margins: Margins, orientation: str = PORTRAIT) -> Box:
    page_width, page_height = A4 if orientation == PORTRAIT else landscape(A4)
    if orientation == PORTRAIT:
        left, right, top, bottom = margins.left, margins.right, margins.top, margins.bottom
    else:
        # Turned a quarter anticlockwise onto the sheet: the sheet's left edge is the page's top.
        left, right, top, bottom = margins.top, margins.bottom, margins.left, margins.right
    return Box(left * mm, bottom * mm, page_width - (left + right) * mm, page_height - (top + bottom) * mm)


class SectionStart(Flowable):
    """Marks where an annex begins: page numbering restarts from it."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        """Nothing to draw; `_Document.afterFlowable` notices it."""


def annex_break() -> list[Flowable]:
    """Flowables that start an annex on a new landscape page numbered from 1."""
    return [NextPageTemplate(LANDSCAPE), PageBreak(), SectionStart()]


class _Document(BaseDocTemplate):
    def __init__(self, target, margins: Margins, on_page: PageCallback | None, **metadata):
        super().__init__(target, pagesize=A4, **metadata)
        self.section_start = 1
        self.on_page = on_page
        self.margins = margins
        templates = []
        for orientation in (PORTRAIT, LANDSCAPE):
            box = text_box(margins, orientation)
            frame = Frame(
                box.x, box.y, box.width, box.height,
                leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=orientation,
            )  # fmt: skip
            templates.append(
                PageTemplate(
                    id=orientation,
                    frames=[frame],
                    pagesize=A4 if orientation == PORTRAIT else landscape(A4),
                    onPageEnd=self._page_end,
                )
            )
        self.addPageTemplates(templates)

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, SectionStart):
            self.section_start = self.page

    def _page_end(self, canvas, doc) -> None:
        number = self.page - self.section_start + 1
        if number > 1:
            width, height = self.pageTemplate.pagesize
            orientation = PORTRAIT if width < height else LANDSCAPE
            top_margin = self.margins.top if orientation == PORTRAIT else self.margins.left
            canvas.saveState()
            canvas.setFont(register_fonts().regular, PAGE_NUMBER_SIZE)
            # Centred in the top margin, its baseline a little below the middle of the margin.
            canvas.drawCentredString(
                width / 2, height - top_margin * mm / 2 - PAGE_NUMBER_SIZE / 3, str(number)
            )
            canvas.restoreState()
        if self.on_page is not None:
            self.on_page(self.page)


def build_pdf(
    story: Sequence[Flowable],
    margins: Margins,
    *,
    title: str,
    author: str = "",
    subject: str = "",
    on_page: PageCallback | None = None,
) -> bytes:
    """Lay out `story` on A4 pages and return the PDF. `on_page(n)` is called as each page is finished
    (for progress bars; it may raise to cancel)."""
    fonts = register_fonts()
    buffer = io.BytesIO()
    document = _Document(
        buffer,
        margins,
        on_page,
        title=title,
        author=author,
        subject=subject,
        creator=APP_NAME,
        lang="vi",
        # reportlab starts every page in Helvetica, which would land in the PDF unembedded.
        initialFontName=fonts.regular,
        initialFontSize=BODY_SIZE,
    )
    document.build(list(story))
    return buffer.getvalue()
