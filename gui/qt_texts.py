"""Qt's own texts in Vietnamese: the standard buttons (Yes, No, OK, Cancel, Save, Discard…) of
message boxes, button boxes and Qt's file and input dialogs.

PySide6 ships no Vietnamese translation of Qt, so a `QMessageBox.question` would ask in Vietnamese
and answer «&Yes / &No». One translator, installed on the application before any window, names
those buttons once for every dialog; the application's own buttons are Vietnamese in the code.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

# (context, Qt's source text) → Vietnamese. The contexts are those of qplatformtheme.cpp and
# qgnomeplatformtheme.cpp (Linux desktops), qmessagebox.cpp, qfiledialog.cpp, qinputdialog.cpp.
_BUTTONS = {
    "OK": "Đồng ý",
    "&OK": "Đồn&g ý",
    "Save": "Lưu",
    "&Save": "&Lưu",
    "Save All": "Lưu tất cả",
    "Open": "Mở",
    "&Open": "&Mở",
    "&Yes": "&Có",
    "Yes to &All": "Có với tất &cả",
    "&No": "&Không",
    "N&o to All": "Khô&ng với tất cả",
    "Abort": "Dừng",
    "Retry": "Thử lại",
    "Ignore": "Bỏ qua",
    "Close": "Đóng",
    "&Close": "Đó&ng",
    "Cancel": "Hủy",
    "&Cancel": "&Hủy",
    "Discard": "Không lưu",
    "Close without Saving": "Đóng, không lưu",
    "Help": "Trợ giúp",
    "Apply": "Áp dụng",
    "Reset": "Đặt lại",
    "Restore Defaults": "Khôi phục mặc định",
}
TEXTS: dict[tuple[str, str], str] = {
    **{("QPlatformTheme", source): text for source, text in _BUTTONS.items()},
    **{("QGnomeTheme", source): text for source, text in _BUTTONS.items()},
    ("QMessageBox", "Show Details..."): "Xem chi tiết…",
    ("QMessageBox", "Hide Details..."): "Ẩn chi tiết…",
    ("QMessageBox", "About Qt"): "Giới thiệu Qt",
    ("QFileDialog", "Look in:"): "Tìm trong:",
    ("QFileDialog", "File &name:"): "&Tên tệp:",
    ("QFileDialog", "Files of type:"): "Loại tệp:",
    ("QFileDialog", "&Open"): "&Mở",
    ("QFileDialog", "&Save"): "&Lưu",
    ("QFileDialog", "&Choose"): "&Chọn",
    ("QFileDialog", "Directory:"): "Thư mục:",
    ("QFileDialog", "Back"): "Quay lại",
    ("QFileDialog", "Parent Directory"): "Thư mục cha",
    ("QFileDialog", "Create New Folder"): "Tạo thư mục mới",
    ("QFileDialog", "New Folder"): "Thư mục mới",
    ("QFileDialog", "Detail View"): "Xem chi tiết",
    ("QFileDialog", "List View"): "Xem danh sách",
    ("QFileDialog", "All Files (*)"): "Tất cả các tệp (*)",
    ("QInputDialog", "Enter a value:"): "Nhập giá trị:",
}


class VietnameseQtTexts(QTranslator):
    """Answers Qt's own texts from `TEXTS`; every other text is left to the next translator."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None is a null QString: "not translated here", so Qt falls back to the source text (an
        # empty string would be a translation, and page sizes, shortcuts and menus would lose their names).
        return TEXTS.get((context, source))

    def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
        return False


def install_qt_texts(app: QCoreApplication) -> VietnameseQtTexts:
    """Install the translator on `app` (kept as its child, so it lives as long as the application)."""
    existing = app.findChild(VietnameseQtTexts)
    if existing is not None:
        return existing
    translator = VietnameseQtTexts(app)
    app.installTranslator(translator)
    return translator
