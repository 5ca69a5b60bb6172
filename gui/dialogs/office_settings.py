"""Our office: who issues the documents, who signs them, where they go, on what margins.

`LetterheadForm` edits a `Letterhead` (agency names, place, abbreviation, signer, recipients); the
'Báo cáo' screen uses it to change them for one report. `OfficeForm` is the same form for our
`Office`, with its kind of unit and its name first; the first-start page and `OfficeSettingsDialog`
use it. The dialog adds the margins and the 'sắp đến hạn' window and saves everything in one
transaction. `OfficeWarningBar` tells a screen that prints what the office still lacks.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from core.office import Office, missing_office_warning
from core.reports.data import Letterhead, Signer
from gui.context import AppContext, Change
from gui.operations import USER_ERRORS, error_text
from gui.widgets import save_cancel_buttons
from storage.database import StorageError, transaction
from storage.office import get_office, save_office
from storage.settings import SETTINGS, get_setting, set_settings
from storage.units import UnitKind, list_unit_kinds

NO_KIND = "(chưa chọn)"
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

    # (field attribute, caption) in the order of the rows and of the Tab key.
    ROWS: tuple[tuple[str, str], ...] = (
        ("parent_edit", "Cơ quan &chủ quản:"),
        ("issuing_edit", "Cơ quan &ban hành:"),
        ("place_edit", "Đị&a danh:"),
        ("abbreviation_edit", "&Ký hiệu viết tắt:"),
        ("authority_edit", "Thẩm &quyền ký:"),
        ("title_edit", "Chức &vụ người ký:"),
        ("name_edit", "Họ &tên người ký:"),
        ("recipients_edit", "&Nơi nhận:"),
    )

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
        self._add_fields()

        self.captions: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        fields = [getattr(self, attribute) for attribute, _ in self.ROWS]
        for (attribute, text), field in zip(self.ROWS, fields, strict=True):
            caption = QLabel(text)
            caption.setBuddy(field)
            self.captions[attribute] = caption
            form.addRow(caption, field)
        for before, after in zip(fields, fields[1:], strict=False):
            QWidget.setTabOrder(before, after)

    def _add_fields(self) -> None:
        """Where a subclass makes the fields of its extra rows, before the rows are laid out."""

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


class OfficeForm(LetterheadForm):
    """Our office: its name (the issuing body of what we print, and our unit in the directory) and
    kind first, then the rest of the letterhead. Its Alt keys leave B, D, I, L, H, M, P, Q, R, S to
    the other fields and buttons of the dialogs around it."""

    ROWS = (
        ("issuing_edit", "&Tên đơn vị:"),
        ("kind_combo", "L&oại đơn vị:"),
        ("parent_edit", "Cơ quan &chủ quản:"),
        ("place_edit", "Đị&a danh:"),
        ("abbreviation_edit", "Ký hiệ&u viết tắt:"),
        ("authority_edit", "Thẩm qu&yền ký:"),
        ("title_edit", "Chức &vụ người ký:"),
        ("name_edit", "Họ tên người &ký:"),
        ("recipients_edit", "&Nơi nhận:"),
    )

    def __init__(self, kinds: list[UnitKind], parent: QWidget | None = None):
        self._kinds = kinds
        self._unit_id: int | None = None
        super().__init__(parent)
        self.issuing_edit.setPlaceholderText("VD: Phòng Giáo dục và Đào tạo huyện Phong Thổ")
        self.issuing_edit.setToolTip(
            "Cơ quan ban hành in trên văn bản, và tên đơn vị của bạn trong danh mục đơn vị"
        )
        self.parent_edit.setPlaceholderText("VD: UBND huyện Phong Thổ (để trống nếu không có)")

    def _add_fields(self) -> None:
        self.kind_combo = QComboBox()
        self.kind_combo.setToolTip("Loại đơn vị trong danh mục: kế hoạch giao việc cho «các trường THCS»…")
        self.kind_combo.addItem(NO_KIND, "")
        for kind in self._kinds:
            self.kind_combo.addItem(kind.name, kind.code)

    def office(self) -> Office:
        letterhead = self.letterhead()
        return Office(
            name=letterhead.issuing_body,
            parent_body=letterhead.parent_body,
            kind_code=self.kind_combo.currentData(),
            place=letterhead.place,
            symbol=letterhead.abbreviation,
            signer=letterhead.signer,
            recipients=letterhead.recipients,
            unit_id=self._unit_id,
        )

    def set_office(self, office: Office) -> None:
        self.set_letterhead(office.letterhead())
        self._unit_id = office.unit_id
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(office.kind_code)))


class OfficeSettingsDialog(QDialog):
    """Edits our office and the defaults every report starts from; saves them on «Lưu», all or nothing."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Thông tin đơn vị")
        self._damaged: list[str] = []
        self.form = OfficeForm(list_unit_kinds(db))
        self.form.set_office(get_office(db))

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
            "Đơn vị của bạn (cũng là một đơn vị trong danh mục) và thông tin mặc định của mọi văn bản "
            "in ra. Có thể sửa riêng cho từng báo cáo ở màn hình «Báo cáo»."
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
        """The settings besides the office: margins and the 'sắp đến hạn' window."""
        values: dict[str, object] = {key: spin.value() for key, spin in self.margin_spins.items()}
        values["warn_days"] = self.warn_spin.value()
        return values

    def accept(self) -> None:
        try:
            with transaction(self.db):
                save_office(self.db, self.form.office())
                set_settings(self.db, self.values())
        except USER_ERRORS as error:
            self.error_label.setText(error_text(error))  # a full disk or read-only file in words
            self.error_label.show()
            return
        super().accept()


class OfficeWarningBar(QFrame):
    """A yellow line over what gets printed while the office lacks what a document needs, with a
    button to fill it in; hidden once nothing is missing. It warns, it never stops printing."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setObjectName("officeWarning")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#officeWarning { background: #fff4ce; border: 1px solid #e0b400; border-radius: 3px; }"
        )
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.button = QPushButton("Điền t&hông tin đơn vị…")
        self.button.setToolTip("Mở Tệp → Thông tin đơn vị…")
        self.button.clicked.connect(self.edit_office)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        context.database_opened.connect(self.refresh)
        context.data_changed.connect(lambda what: self.refresh() if what == Change.SETTINGS else None)
        self.refresh()

    def refresh(self) -> None:
        warning = missing_office_warning(get_office(self.context.db))
        self.label.setText(warning)
        self.setVisible(bool(warning))

    def edit_office(self) -> None:
        if OfficeSettingsDialog(self.context.db, self.window()).exec():
            self.context.changed(Change.SETTINGS)
