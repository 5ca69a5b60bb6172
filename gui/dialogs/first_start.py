"""The page a new data file opens with: who we are, and whether to load the demo data.

The same fields as «Tệp → Thông tin đơn vị…» (`OfficeForm`), because printed documents need the
issuing body and the signer, and plans from above assign work to units the office must be among.
«Bỏ qua» saves nothing; the demo data choice holds for both buttons.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget
from sqlite_utils import Database

from gui.dialogs.office_settings import OfficeForm
from gui.operations import USER_ERRORS, error_text
from storage.office import get_office, save_office
from storage.units import list_unit_kinds

TITLE = "Thông tin đơn vị của bạn"
WHY = (
    "Văn bản in ra cần tên cơ quan ban hành và người ký, còn kế hoạch cấp trên giao việc cho từng "
    "đơn vị — hãy cho chương trình biết đơn vị của bạn."
)
LATER = "Có thể điền hoặc sửa sau ở Tệp → Thông tin đơn vị…"


class FirstStartDialog(QDialog):
    """«Bắt đầu» (Enter) saves the office; «Bỏ qua» (Esc) saves nothing."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(TITLE)

        heading = QLabel(TITLE)
        heading.setObjectName("firstStartHeading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        why = QLabel(WHY)
        why.setWordWrap(True)
        later = QLabel(LATER)
        later.setWordWrap(True)
        later.setStyleSheet("color: #5f6368;")  # a remark, not an instruction

        self.form = OfficeForm(list_unit_kinds(db))
        self.form.set_office(get_office(db))
        self.demo_check = QCheckBox("Nạp dữ liệu &mẫu để làm quen")
        self.demo_check.setToolTip(
            "Năm văn bản kế hoạch thật (kế hoạch, nhiệm vụ, đơn vị, phân công) được nhập vào tệp này; "
            "có thể xóa sau"
        )

        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        buttons = QDialogButtonBox()
        self.start_button = buttons.addButton("&Bắt đầu", QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setDefault(True)
        self.skip_button = buttons.addButton("Bỏ &qua", QDialogButtonBox.ButtonRole.RejectRole)
        self.skip_button.setToolTip("Không lưu gì; điền sau ở Tệp → Thông tin đơn vị… (Esc)")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(why)
        layout.addSpacing(6)
        layout.addWidget(self.form)
        layout.addWidget(later)
        layout.addSpacing(6)
        layout.addWidget(self.demo_check)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        QWidget.setTabOrder(self.form.recipients_edit, self.demo_check)
        QWidget.setTabOrder(self.demo_check, self.start_button)
        QWidget.setTabOrder(self.start_button, self.skip_button)
        self.form.issuing_edit.setFocus()
        self.resize(640, self.sizeHint().height())

    def wants_demo_data(self) -> bool:
        return self.demo_check.isChecked()

    def accept(self) -> None:
        try:
            save_office(self.db, self.form.office())
        except USER_ERRORS as error:
            self.error_label.setText(error_text(error))  # a full disk or read-only file in words
            self.error_label.show()
            return
        super().accept()
