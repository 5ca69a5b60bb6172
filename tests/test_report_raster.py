"""Pages drawn as pixels for the preview and for printing (pdfium over the generated PDF)."""

from __future__ import annotations

from core.model import Plan, TaskKind
from core.reports import render_pdf
from core.reports.data import PlanItem, PlanReportData, ReportOptions
from core.reports.raster import PdfPages


def _plan_pdf() -> bytes:
    items = (
        PlanItem("I", "Nhiệm vụ", TaskKind.SECTION, depth=0),
        PlanItem(
            "1",
            "Rà soát, sắp xếp điểm trường lẻ",
            depth=1,
            lead_units=("Phòng GD&ĐT",),
            timeframe_text="Năm 2025",
        ),
    )
    return render_pdf(
        PlanReportData(Plan(title="Kế hoạch thử", symbol="KH-UBND"), (), items), ReportOptions()
    )


def test_pages_know_their_size_and_orientation():
    pages = PdfPages(_plan_pdf())
    try:
        assert len(pages) == 2
        assert [round(side) for side in pages.sizes[0]] == [595, 842]
        assert (pages.is_landscape(0), pages.is_landscape(1)) == (False, True)
    finally:
        pages.close()


def test_a_page_renders_at_the_requested_resolution_with_ink_on_white():
    pages = PdfPages(_plan_pdf())
    try:
        pixels = pages.render(0, 36)
    finally:
        pages.close()
    assert (pixels.width, pixels.height) == (298, 421)
    assert pixels.stride >= pixels.width * 4 and len(pixels.data) == pixels.stride * pixels.height
    assert pixels.data[:3] == b"\xff\xff\xff"  # white paper in the corner
    assert min(pixels.data[0::4]) < 128  # and dark text somewhere
