"""PDF pages as pixels, for the preview and for printing: the very bytes that are saved are drawn.

pdfium (pypdfium2) renders the generated PDF; the GUI wraps the pixels in a QImage. pdfium is not
thread-safe, so one `PdfPages` is used from one thread only (the GUI thread).
"""

from __future__ import annotations

from dataclasses import dataclass

POINTS_PER_INCH = 72


@dataclass(frozen=True, slots=True)
class Pixels:
    """An RGBX image (4 bytes a pixel, the fourth unused), rows `stride` bytes apart."""

    width: int
    height: int
    stride: int
    data: bytes


class PdfPages:
    """A PDF opened for drawing its pages."""

    def __init__(self, pdf: bytes):
        import pypdfium2  # loaded with the first preview, not at start-up

        self._document = pypdfium2.PdfDocument(pdf)
        self.sizes: list[tuple[float, float]] = [
            self._document[index].get_size() for index in range(len(self._document))
        ]

    def __len__(self) -> int:
        return len(self.sizes)

    def is_landscape(self, index: int) -> bool:
        width, height = self.sizes[index]
        return width > height

    def render(self, index: int, dpi: float) -> Pixels:
        """Page `index` at `dpi` dots per inch, on white."""
        bitmap = self._document[index].render(
            scale=dpi / POINTS_PER_INCH, rev_byteorder=True, prefer_bgrx=True, may_draw_forms=False
        )
        if bitmap.mode != "RGBX":
            raise ValueError(f"pdfium trả về ảnh dạng {bitmap.mode}, cần RGBX")
        return Pixels(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer))

    def close(self) -> None:
        self._document.close()
