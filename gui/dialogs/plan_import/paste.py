"""A box to paste a plan's text into, for plans copied from a web page, an e-mail or a PDF viewer."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class PasteTextDialog(QDialog):
    """Collects pasted text; `text()` gives it once the user presses «Đọc văn bản»."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Dán văn bản kế hoạch")
        self.resize(760, 560)
        self.edit = QPlainTextEdit()
        self.edit.setObjectName("pastedText")
        self.edit.setPlaceholderText(
            "Dán toàn bộ văn bản kế hoạch vào đây (Ctrl+V), từ phần đầu «ỦY BAN NHÂN DÂN …» "
            "đến «Nơi nhận», kể cả phụ lục nếu có.")
        label = QLabel("&Văn bản kế hoạch:")
        label.setBuddy(self.edit)
        paste = QPushButton("&Dán từ bộ nhớ tạm")
        paste.setToolTip("Thay nội dung ô bằng văn bản đang có trong bộ nhớ tạm")
        paste.clicked.connect(self.paste_clipboard)
        buttons = QDialogButtonBox()
        self.read_button = buttons.addButton("Đọc &văn bản", QDialogButtonBox.ButtonRole.AcceptRole)
        self.read_button.setToolTip("Đọc văn bản và xem trước kế hoạch trước khi lưu (Ctrl+Enter)")
        buttons.addButton("&Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.addButton(paste, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(key), self, activated=self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.edit, 1)
        layout.addWidget(buttons)
        self.edit.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.read_button.setEnabled(bool(self.text().strip()))

    def paste_clipboard(self) -> None:
        text = QGuiApplication.clipboard().text()
        if text:
            self.edit.setPlainText(text)

    def text(self) -> str:
        return self.edit.toPlainText()

    def accept(self) -> None:
        if self.text().strip():
            super().accept()
