"""The editable body of a kept report: head fields, the sections as plain text, signer and Nơi nhận.

Sections are edited as plain text because that is what the renderers read
(`core.reports.period_data.section_lines`): a line starting "- " prints as a bullet, "1. " as a
bold sub-heading, "1) " or "a) " as an italic one; anything else is a paragraph. The editor keeps
the report it was loaded with and answers the edited copy, so the screen compares, saves or
discards without reading widgets itself.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.periods import parse_period
from core.report_document import (
    FULL_TASK_TEXT,
    REPORT_KINDS,
    ReportDocument,
    printing_option,
    with_printing_option,
)
from core.report_sections import Section
from gui.widgets import date_edit, pydate, qdate

SECTION_HINT = (
    "Mỗi dòng một đoạn. Dòng bắt đầu bằng «- » in thành gạch đầu dòng; «1. » in đậm (mục nhỏ);"
    " «1) » hoặc «a) » in nghiêng."
)

_BLANK = ReportDocument(kind="ket_qua", period=parse_period("2000"), plan_ids=())  # what "no report" shows


def _lines(edit: QPlainTextEdit) -> tuple[str, ...]:
    return tuple(line.strip() for line in edit.toPlainText().splitlines() if line.strip())


def _text_edit(height: int | None = None, placeholder: str = "") -> QPlainTextEdit:
    edit = QPlainTextEdit()
    # Tab moves on to the next field: the sections are many and a keyboard user must get past them.
    edit.setTabChangesFocus(True)
    edit.setPlaceholderText(placeholder)
    if height:
        edit.setFixedHeight(height)
    return edit


class SectionEditor(QWidget):
    """One section: its title as it prints and its text."""

    def __init__(self, section: Section, parent: QWidget | None = None):
        super().__init__(parent)
        self.section = section
        self.title_label = QLabel(section.title)
        font = QFont(self.title_label.font())
        font.setBold(True)
        self.title_label.setFont(font)
        self.text_edit = _text_edit()
        self.text_edit.setObjectName(f"section-{section.key}")
        self.text_edit.setMinimumHeight(120)
        self.text_edit.setPlainText(section.text)
        self.text_edit.setAccessibleName(section.title)
        self.title_label.setBuddy(self.text_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.title_label)
        layout.addWidget(self.text_edit)

    def edited(self) -> Section:
        return dataclasses.replace(self.section, text=self.text_edit.toPlainText())


class ReportEditor(QTabWidget):
    """Two tabs (Thông tin chung, Nội dung) over one report; `changed` on every edit a user makes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.report: ReportDocument | None = None
        self.sections: list[SectionEditor] = []
        self._loading = False

        self.kind_combo = QComboBox()
        for key, label in REPORT_KINDS.items():
            self.kind_combo.addItem(label, key)
        self.period_label = QLabel()
        self.period_label.setObjectName("reportPeriod")
        self.start_edit, self.end_edit = date_edit(), date_edit()
        self.start_edit.setToolTip("Ngày đầu kỳ; đổi xong nhấn «Cập nhật số liệu» để tính lại")
        self.end_edit.setToolTip("Ngày chốt số liệu; đổi xong nhấn «Cập nhật số liệu» để tính lại")
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("reportTitle")
        self.request_edit = QLineEdit()
        self.request_edit.setPlaceholderText("Thực hiện Công văn số …/… ngày … của … về việc báo cáo …")
        self.addressees_edit = _text_edit(60, "Mỗi dòng một nơi; để trống nếu không ghi «Kính gửi»")
        self.unit_label = QLabel()
        self.unit_label.setObjectName("reportUnit")
        self.authority_edit = _text_edit(48, "TM. …, KT. …: mỗi dòng một dòng in")
        self.signer_title_edit = QLineEdit()
        self.signer_name_edit = QLineEdit()
        self.recipients_edit = _text_edit(80, "Mỗi dòng một nơi nhận, ví dụ: Như trên;")
        self.full_text_check = QCheckBox("In toàn văn nội dung nhiệm vụ ở Phụ lục I")
        self.full_text_check.setObjectName("fullTaskText")
        self.full_text_check.setToolTip(
            "Bỏ chọn: Phụ lục I in tiêu đề ngắn của nhiệm vụ (hoặc đoạn đầu nội dung) cho gọn"
        )

        dates = QHBoxLayout()
        dates.addWidget(self.period_label)
        dates.addSpacing(12)
        start_label = QLabel("&từ ngày")
        start_label.setBuddy(self.start_edit)
        end_label = QLabel("đế&n ngày")
        end_label.setBuddy(self.end_edit)
        for widget in (start_label, self.start_edit, end_label, self.end_edit):
            dates.addWidget(widget)
        dates.addStretch(1)
        head = QWidget()
        form = QFormLayout(head)
        for text, field in (
            ("L&oại báo cáo:", self.kind_combo),
            ("Kỳ báo cáo:", dates),
            ("Trích &yếu:", self.title_edit),
            ("Văn bản yêu &cầu:", self.request_edit),
            ("Kính &gửi:", self.addressees_edit),
            ("Đơn vị báo cáo:", self.unit_label),
            ("Thẩm &quyền ký:", self.authority_edit),
            ("Chức vụ người &ký:", self.signer_title_edit),
            ("&Họ tên người ký:", self.signer_name_edit),
            ("Nơi nhậ&n:", self.recipients_edit),
            ("Phụ lục:", self.full_text_check),
        ):
            caption = QLabel(text)
            if isinstance(field, QWidget):
                caption.setBuddy(field)
            form.addRow(caption, field)
        self.addTab(head, "Thông tin &chung")

        self.opening_edit = _text_edit(60)
        self.opening_edit.setObjectName("reportOpening")
        self.closing_edit = _text_edit(48)
        self.closing_edit.setObjectName("reportClosing")
        hint = QLabel(SECTION_HINT)
        hint.setWordWrap(True)
        hint.setObjectName("sectionHint")
        opening_label = QLabel("Câu mở đầ&u:")
        opening_label.setBuddy(self.opening_edit)
        closing_label = QLabel("Câu &kết:")
        closing_label.setBuddy(self.closing_edit)
        body = QWidget()
        self.body_layout = QVBoxLayout(body)
        self.body_layout.addWidget(hint)
        self.body_layout.addWidget(opening_label)
        self.body_layout.addWidget(self.opening_edit)
        self.sections_layout = QVBoxLayout()
        self.body_layout.addLayout(self.sections_layout)
        self.body_layout.addWidget(closing_label)
        self.body_layout.addWidget(self.closing_edit)
        self.body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.addTab(scroll, "Nội d&ung")

        for edit in (self.title_edit, self.request_edit, self.signer_title_edit, self.signer_name_edit):
            edit.textEdited.connect(self._edited)
        for edit in (self.addressees_edit, self.authority_edit, self.recipients_edit, self.opening_edit,
                     self.closing_edit):  # fmt: skip
            edit.textChanged.connect(self._edited)
        self.kind_combo.currentIndexChanged.connect(self._edited)
        self.full_text_check.toggled.connect(self._edited)
        self.start_edit.dateChanged.connect(self._edited)
        self.end_edit.dateChanged.connect(self._edited)

    def _edited(self) -> None:
        if not self._loading:
            self.changed.emit()

    def load(self, report: ReportDocument | None, unit_name: str = "") -> None:
        """Show `report` (None: nothing chosen, the fields empty and disabled)."""
        self._loading = True
        try:
            self.report = report
            for editor in self.sections:
                self.sections_layout.removeWidget(editor)
                editor.setParent(None)  # out of sight now; deleteLater only frees it later
                editor.deleteLater()
            self.sections = []
            shown = report or _BLANK
            self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(shown.kind), 0))
            self.period_label.setText(shown.period.label if report else "")
            if report:
                self.start_edit.setDate(qdate(report.period.start))
                self.end_edit.setDate(qdate(report.period.end))
            self.title_edit.setText(shown.title)
            self.title_edit.setCursorPosition(0)  # a long trích yếu shows its beginning
            self.request_edit.setText(shown.request)
            self.addressees_edit.setPlainText("\n".join(shown.addressees))
            self.unit_label.setText(unit_name)
            self.authority_edit.setPlainText("\n".join(shown.signer_authority))
            self.signer_title_edit.setText(shown.signer_title)
            self.signer_name_edit.setText(shown.signer_name)
            self.recipients_edit.setPlainText("\n".join(shown.recipients))
            self.opening_edit.setPlainText(shown.opening)
            self.closing_edit.setPlainText(shown.closing)
            self.full_text_check.setChecked(printing_option(shown.snapshot, FULL_TASK_TEXT))
            for section in shown.sections:
                editor = SectionEditor(section)
                editor.text_edit.textChanged.connect(self._edited)
                self.sections.append(editor)
                self.sections_layout.addWidget(editor)
        finally:
            self._loading = False
        self.setEnabled(report is not None)
        self.set_read_only(report is None or report.issued)

    def set_read_only(self, read_only: bool) -> None:
        """An issued report is shown, not edited: its text can still be selected and copied."""
        for edit in (self.title_edit, self.request_edit, self.signer_title_edit, self.signer_name_edit,
                     self.addressees_edit, self.authority_edit, self.recipients_edit, self.opening_edit,
                     self.closing_edit, *(s.text_edit for s in self.sections)):  # fmt: skip
            edit.setReadOnly(read_only)
        for widget in (self.kind_combo, self.start_edit, self.end_edit, self.full_text_check):
            widget.setEnabled(not read_only)

    def section(self, key: str) -> SectionEditor | None:
        return next((editor for editor in self.sections if editor.section.key == key), None)

    def set_section_text(self, key: str, text: str) -> None:
        """Replace one section's text as if typed (the report becomes unsaved)."""
        editor = self.section(key)
        if editor is not None:
            editor.text_edit.setPlainText(text)

    def dates(self) -> tuple[date, date]:
        return pydate(self.start_edit.date()), pydate(self.end_edit.date())

    def edited_report(self) -> ReportDocument:
        """The loaded report with the edits (ValueError when the cut-off dates are the wrong way round)."""
        assert self.report is not None
        start, end = self.dates()
        return dataclasses.replace(
            self.report,
            kind=self.kind_combo.currentData(),
            period=self.report.period.with_dates(start, end),
            title=self.title_edit.text(),
            request=self.request_edit.text(),
            addressees=_lines(self.addressees_edit),
            opening=self.opening_edit.toPlainText(),
            sections=tuple(editor.edited() for editor in self.sections),
            closing=self.closing_edit.toPlainText(),
            signer_authority=_lines(self.authority_edit),
            signer_title=self.signer_title_edit.text(),
            signer_name=self.signer_name_edit.text(),
            recipients=_lines(self.recipients_edit),
            snapshot=with_printing_option(
                self.report.snapshot, FULL_TASK_TEXT, self.full_text_check.isChecked()
            ),
        )
