"""The office identity: who issues the reports, who signs them, where they go, on what margins.

`LetterheadForm` edits a `Letterhead` (agency names, place, abbreviation, signer, recipients); the
'Báo cáo' screen uses it to change them for one report. `OfficeSettingsDialog` wraps it with the
margins and the 'sắp đến hạn' window and saves them all as the defaults, in one transaction.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from core.reports.data import Letterhead, Signer
from gui.operations import USER_ERRORS
from gui.widgets import save_cancel_buttons
from storage.database import StorageError
from storage.reports import office_letterhead
from storage.settings import SETTINGS, get_setting, set_settings

MARGIN_FIELDS = (
    ("margins.top", "Lề t&rên"),
    ("margins.bottom", "Lề &dưới"),
    ("margins.left", "Lề trá&i"),
    ("margins.right", "Lề &phải"),
)


def _lines(edit: QPlainTextEdit) -> tuple[str, ...]:
    return tuple(line.strip() for line in edit.toPlainText().splitlines() if line.strip())


def _text_box(placeholder: str, rows: int) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * rows + 14)
    return edit


class LetterheadForm(QWidget):
    """Fields of a letterhead, signer and recipients, one line per item in the multi-line boxes."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.parent_edit = QLineEdit()
        self.parent_edit.setPlaceholderText("VD: UBND HUYỆN PHONG THỔ (để trống nếu không có)")
        self.issuing_edit = QLineEdit()
        self.issuing_edit.setPlaceholderText("VD: PHÒNG GIÁO DỤC VÀ ĐÀO TẠO")
        self.place_edit = QLineEdit()
        self.place_edit.setPlaceholderText("VD: Phong Thổ")
        self.abbreviation_edit = QLineEdit()
        self.abbreviation_edit.setPlaceholderText("VD: PGDĐT, UBND")
        self.abbreviation_edit.setToolTip("Phần sau dấu gạch của ký hiệu văn bản: Số: …/BC-PGDĐT")
        self.authority_edit = _text_box("VD: TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", 2)
        self.authority_edit.setToolTip(
            "TM., KT., Q., TL., TUQ. — mỗi dòng một dòng; để trống khi người đứng đầu tự ký"
        )
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("VD: TRƯỞNG PHÒNG")
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Họ và tên người ký")
        self.recipients_edit = _text_box("Mỗi dòng một nơi nhận, VD:\nNhư trên;\nLưu: VT, PGDĐT.", 4)
        self.recipients_edit.setToolTip(
            "Dòng «Lưu: VT…» được đưa xuống cuối; nếu thiếu, báo cáo tự thêm «Lưu: VT.»"
        )

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for label, field in (
            ("Cơ quan &chủ quản:", self.parent_edit),
            ("Cơ quan &ban hành:", self.issuing_edit),
            ("Đị&a danh:", self.place_edit),
            ("&Ký hiệu viết tắt:", self.abbreviation_edit),
            ("Thẩm &quyền ký:", self.authority_edit),
            ("Chức &vụ người ký:", self.title_edit),
            ("Họ &tên người ký:", self.name_edit),
            ("&Nơi nhận:", self.recipients_edit),
        ):
            caption = QLabel(label)
            caption.setBuddy(field)
            form.addRow(caption, field)

    def letterhead(self) -> Letterhead:
        return Letterhead(
            parent_body=self.parent_edit.text().strip(),
            issuing_body=self.issuing_edit.text().strip(),
            place=self.place_edit.text().strip(),
            abbreviation=self.abbreviation_edit.text().strip(),
            signer=Signer(
                _lines(self.authority_edit), self.title_edit.text().strip(), self.name_edit.text().strip()
            ),
            recipients=_lines(self.recipients_edit),
        )

    def set_letterhead(self, letterhead: Letterhead) -> None:
        self.parent_edit.setText(letterhead.parent_body)
        self.issuing_edit.setText(letterhead.issuing_body)
        self.place_edit.setText(letterhead.place)
        self.abbreviation_edit.setText(letterhead.abbreviation)
        self.authority_edit.setPlainText("\n".join(letterhead.signer.authority))
        self.title_edit.setText(letterhead.signer.title)
        self.name_edit.setText(letterhead.signer.name)
        self.recipients_edit.setPlainText("\n".join(letterhead.recipients))


class OfficeSettingsDialog(QDialog):
    """Edits the defaults every report starts from; saves them on «Lưu», all or nothing."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Thông tin cơ quan")
        self._damaged: list[str] = []
        self.form = LetterheadForm()
        self.form.set_letterhead(office_letterhead(db))

        self.margin_spins: dict[str, QSpinBox] = {}
        margins = QGroupBox("Lề giấy (mm, theo Nghị định 30/2020)")
        margin_form = QFormLayout(margins)
        for key, label in MARGIN_FIELDS:
            spin = QSpinBox()
            spin.setRange(SETTINGS[key].minimum, SETTINGS[key].maximum)
            spin.setValue(self._stored(key))
            spin.setSuffix(" mm")
            spin.setToolTip(f"Từ {SETTINGS[key].minimum} đến {SETTINGS[key].maximum} mm")
            self.margin_spins[key] = spin
            caption = QLabel(f"{label}:")
            caption.setBuddy(spin)
            margin_form.addRow(caption, spin)

        self.warn_spin = QSpinBox()
        self.warn_spin.setRange(SETTINGS["warn_days"].minimum, SETTINGS["warn_days"].maximum)
        self.warn_spin.setValue(self._stored("warn_days"))
        self.warn_spin.setSuffix(" ngày")
        self.warn_spin.setToolTip(
            "Nhiệm vụ còn từ chừng này ngày trở xuống đến hạn được tính là «Sắp đến hạn»"
        )
        tracking = QGroupBox("Theo dõi hạn")
        tracking_form = QFormLayout(tracking)
        warn_label = QLabel("Báo «&sắp đến hạn» trước:")
        warn_label.setBuddy(self.warn_spin)
        tracking_form.addRow(warn_label, self.warn_spin)

        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(bool(self._damaged))
        if self._damaged:
            self.error_label.setText(
                f"Giá trị đã lưu của {', '.join(self._damaged)} không hợp lệ (ngoài khoảng cho phép); "
                "đang hiện giá trị mặc định, nhấn «Lưu» để ghi lại."
            )
        buttons = save_cancel_buttons(self)

        intro = QLabel(
            "Các báo cáo lấy những thông tin này làm mặc định; có thể sửa riêng cho từng báo cáo ở màn "
            "hình «Báo cáo»."
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(margins)
        layout.addWidget(tracking)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(620, self.sizeHint().height())

    def _stored(self, key: str) -> int:
        # A value saved before the margins were limited to the decree's ranges must not keep the
        # dialog that fixes it from opening.
        try:
            return int(get_setting(self.db, key))
        except StorageError:
            self._damaged.append(SETTINGS[key].label)
            return int(SETTINGS[key].default)

    def values(self) -> dict[str, object]:
        letterhead = self.form.letterhead()
        values: dict[str, object] = {
            "office.parent_body": letterhead.parent_body,
            "office.issuing_body": letterhead.issuing_body,
            "office.place": letterhead.place,
            "office.abbreviation": letterhead.abbreviation,
            "signer.authority": list(letterhead.signer.authority),
            "signer.title": letterhead.signer.title,
            "signer.name": letterhead.signer.name,
            "recipients": list(letterhead.recipients),
            "warn_days": self.warn_spin.value(),
        }
        values.update({key: spin.value() for key, spin in self.margin_spins.items()})
        return values

    def accept(self) -> None:
        try:
            set_settings(self.db, self.values())
        except USER_ERRORS as error:
            self.error_label.setText(str(error))
            self.error_label.show()
            return
        super().accept()
