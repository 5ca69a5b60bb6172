"""Preview of a generated PDF inside the application, and printing it on A4.

PySide6-Essentials has no QtPdf, so pages are drawn by pdfium (`core.reports.raster`): the preview
shows exactly the bytes that are saved and printed. Pages are rendered when they scroll into view
and only the most recent few are kept, so a 250-page report costs no more memory than a short one.
Printing draws each page at the printer's resolution on a whole A4 sheet (the PDF carries the
margins); landscape annex pages are turned onto the portrait sheet with their top at the binding
edge, as the margins are laid out.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel, QProgressDialog, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from core.reports.raster import PdfPages, Pixels

SCREEN_DPI = 96
CACHED_PAGES = 12
PRINT_DPI_LIMIT = 300  # enough for text on paper; a full A4 page at 600 dpi would be 140 MB


def to_image(pixels: Pixels) -> QImage:
    """A QImage owning its own copy of the pixels."""
    image = QImage(pixels.data, pixels.width, pixels.height, pixels.stride, QImage.Format.Format_RGBX8888)
    return image.copy()


class _PageView(QWidget):
    def __init__(self, preview: PdfPreview, index: int):
        super().__init__()
        self.preview, self.index = preview, index
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        width, height = self.preview.pages.sizes[self.index]
        scale = self.preview.zoom * SCREEN_DPI / 72
        return QSize(round(width * scale), round(height * scale))

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        image = self.preview.page_image(self.index, self.size(), self.devicePixelRatioF())
        painter.drawImage(self.rect(), image)
        painter.setPen(QColor("#9a9a9a"))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))


class PdfPreview(QScrollArea):
    """Pages one under the other on a grey desk, at a zoom (1.0 = real size on a 96 dpi screen)."""

    def __init__(self, empty_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.pages: PdfPages | None = None
        self.empty_label: QLabel | None = None
        self.zoom = 0.75
        self.fitting = False  # the zoom follows the view's width
        self._images: OrderedDict[tuple[int, int, int], QImage] = OrderedDict()
        self.setWidgetResizable(True)
        self.setBackgroundRole(QPalette.ColorRole.Dark)
        self._empty_text = empty_text
        self.page_views: list[_PageView] = []
        self.set_pdf(None)

    def set_pdf(self, pdf: bytes | None) -> None:
        """Show `pdf` from its first page; None goes back to the empty text."""
        if self.pages is not None:
            self.pages.close()
        self.pages = PdfPages(pdf) if pdf else None
        self._images.clear()
        self.page_views = []
        if self.pages is None:
            # setWidget() deletes the widget it replaces, so the label is made anew each time.
            self.empty_label = QLabel(self._empty_text)
            self.empty_label.setObjectName("reportPreviewEmpty")
            self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.empty_label.setWordWrap(True)
            self.setWidget(self.empty_label)
            return
        desk = QWidget()
        desk.setBackgroundRole(QPalette.ColorRole.Dark)
        layout = QVBoxLayout(desk)
        layout.setSpacing(12)
        layout.setContentsMargins(12, 12, 12, 12)
        for index in range(len(self.pages)):
            view = _PageView(self, index)
            self.page_views.append(view)
            layout.addWidget(view, 0, Qt.AlignmentFlag.AlignHCenter)
        self.setWidget(desk)

    def set_zoom(self, zoom: float) -> None:
        self.fitting = False
        self._zoom_to(zoom)

    def _zoom_to(self, zoom: float) -> None:
        self.zoom = zoom
        for view in self.page_views:
            view.updateGeometry()
            view.adjustSize()
        if self.widget() is not None:
            self.widget().adjustSize()

    def fit_width(self) -> None:
        """The widest page as wide as the view, now and whenever the view is resized."""
        self.fitting = True
        if self.pages is None:
            return
        widest = max(width for width, _ in self.pages.sizes)
        available = self.viewport().width() - 40
        self._zoom_to(max(0.2, available / (widest * SCREEN_DPI / 72)))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        # A preview made while its screen was hidden was fitted to a guess of its width.
        if self.fitting and self.pages is not None and event.oldSize().width() != event.size().width():
            self.fit_width()

    def page_image(self, index: int, size: QSize, ratio: float) -> QImage:
        key = (index, round(size.width() * ratio), round(size.height() * ratio))
        image = self._images.get(key)
        if image is None:
            width_points = self.pages.sizes[index][0]
            image = to_image(self.pages.render(index, key[1] / width_points * 72))
            self._images[key] = image
            while len(self._images) > CACHED_PAGES:
                self._images.popitem(last=False)
        self._images.move_to_end(key)
        return image


def print_pages(pages: PdfPages, printer: QPrinter, on_page: Callable[[int, int], bool] | None = None) -> int:
    """Print every page on A4 at the printer's resolution; `on_page(done, total)` returns False to
    stop. Returns the number of pages sent."""
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("Không mở được máy in (hoặc tệp in). Hãy kiểm tra máy in rồi thử lại.")
    sent = 0
    try:
        dpi = min(printer.resolution(), PRINT_DPI_LIMIT)
        for index in range(len(pages)):
            if on_page is not None and not on_page(index, len(pages)):
                break
            if index:
                printer.newPage()
            sheet = printer.paperRect(QPrinter.Unit.DevicePixel).toRect()
            image = to_image(pages.render(index, dpi))
            painter.save()
            if pages.is_landscape(index):
                # A quarter turn anticlockwise: the landscape page's top along the sheet's left edge.
                painter.translate(0, sheet.height())
                painter.rotate(-90)
                target = QRect(0, 0, sheet.height(), sheet.width())
            else:
                target = QRect(0, 0, sheet.width(), sheet.height())
            painter.drawImage(target, image)
            painter.restore()
            sent += 1
    finally:
        painter.end()
    return sent


def print_with_progress(parent: QWidget, pages: PdfPages, printer: QPrinter) -> int:
    """`print_pages` behind a modal progress dialog whose «Hủy» stops after the current page."""
    progress = QProgressDialog("Đang in…", "Hủy", 0, len(pages), parent)
    progress.setWindowTitle("In báo cáo")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(500)

    def page(done: int, total: int) -> bool:
        progress.setValue(done)
        progress.setLabelText(f"Đang in trang {done + 1}/{total}…")
        return not progress.wasCanceled()

    try:
        return print_pages(pages, printer, page)
    finally:
        progress.close()


def ask_and_print(parent: QWidget, printer: QPrinter, send: Callable[[QPrinter], int]) -> int:
    """Qt's print dialog for `printer`, then `send(printer)` when the user prints; pages sent."""
    from PySide6.QtPrintSupport import QPrintDialog

    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("In báo cáo")
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return 0
    return send(printer)


def send_pages(parent: QWidget, pages: PdfPages, printer: QPrinter, status: QLabel) -> int:
    """The previewed pages to `printer` with a cancellable progress dialog, the outcome in
    `status`; a printer the system refuses is a message. The number of pages sent."""
    from gui.operations import USER_ERRORS, show_error

    try:
        sent = print_with_progress(parent, pages, printer)
    except USER_ERRORS as error:
        show_error(parent, error, "Không in được")
        return 0
    if sent:
        status.setText(f"Đã gửi {sent} trang tới máy in.")
    return sent


def a4_printer(document_name: str) -> QPrinter:
    """A high-resolution printer set to A4 portrait (landscape annexes are turned onto it)."""
    from PySide6.QtGui import QPageLayout, QPageSize

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setDocName(document_name)
    return printer
