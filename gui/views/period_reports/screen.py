"""The «Báo cáo theo kỳ» screen: the reports kept in the data file, one open in the editor, its preview.

Above, every report kept (drafts and issued ones); below, the chosen one's head fields and sections
beside its PDF preview. A draft is edited, saved (Ctrl+S), its figures recounted for its period
(«Cập nhật số liệu») or one section written again from the data; «Ban hành» gives it a number and
freezes it. An issued report re-prints exactly as it was, from its snapshot.

Edits are never dropped silently: choosing another report, opening another file or closing the
window asks whether to save them first (`confirm_leave`).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QByteArray, QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.paths import atomic_write_bytes
from core.report_document import ReportDocument
from gui import questions
from gui.context import AppContext, Change
from gui.dialogs.office_settings import OfficeWarningBar
from gui.operations import attempt, run_with_progress
from gui.views.period_reports import jobs
from gui.views.period_reports.editor import ReportEditor
from gui.views.period_reports.list_model import ReportListModel, ReportRow
from gui.views.report_preview import PdfPreview, a4_printer, ask_and_print, send_pages
from gui.widgets import add_shortcuts

EMPTY_LIST = "Chưa có báo cáo nào. Nhấn «Báo cáo mới» (Ctrl+N) để soạn báo cáo từ số liệu của kỳ."
EMPTY_PREVIEW = "Chưa có bản xem trước.\nChọn một báo cáo rồi nhấn «Xem trước» (F5)."
NO_REPORT = "Chọn một báo cáo trong danh sách, hoặc tạo báo cáo mới."


def file_stem(report: ReportDocument) -> str:
    """'bao-cao-2025-Q2' for a draft, 'bao-cao-so-05-2025-Q2' once issued: a name a clerk can sort."""
    number = f"so-{report.number}-" if report.issued and report.number else ""
    return f"bao-cao-{number}{report.period.code}"


class PeriodReportsScreen(QWidget):
    title = "Báo cáo theo kỳ"

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.pdf: bytes | None = None
        self.dirty = False
        self._shown_id: int | None = None  # the report in the editor, kept while the list reloads

        self.lower = QSplitter(Qt.Orientation.Horizontal)
        self.lower.addWidget(self._build_editor())
        self.lower.addWidget(self._build_preview())
        self.lower.setSizes([560, 520])
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self._build_list())
        self.splitter.addWidget(self.lower)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([200, 560])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self._connect()
        self.reload()

    # ------------------------------------------------------------------ building
    @staticmethod
    def _button(text: str, tip: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    @staticmethod
    def _row(*widgets: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        for widget in widgets:
            row.addWidget(widget)
        row.addStretch(1)
        return row

    @staticmethod
    def _pane(*parts) -> QWidget:
        """A widget holding `parts` top to bottom; a (widget, stretch) pair stretches."""
        pane = QWidget()
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        for part in parts:
            if isinstance(part, QHBoxLayout):
                layout.addLayout(part)
            elif isinstance(part, tuple):
                layout.addWidget(*part)
            else:
                layout.addWidget(part)
        return pane

    def _build_list(self) -> QWidget:
        """The reports kept, with «Báo cáo mới» and «Xoá dự thảo» above them."""
        self.model = ReportListModel(self)
        self.table = QTableView()
        self.table.setObjectName("reportList")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAccessibleName("Danh sách báo cáo")
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 150), (1, 180), (3, 150), (4, 200)):
            self.table.setColumnWidth(column, width)
        self.empty_label = QLabel(EMPTY_LIST)
        self.empty_label.setObjectName("reportListEmpty")
        self.empty_label.setWordWrap(True)
        self.new_button = self._button(
            "Báo cáo &mới…", "Soạn báo cáo mới cho một kỳ từ số liệu (Ctrl+N)", self.new_report
        )
        self.delete_button = self._button(
            "Xoá &dự thảo", "Xoá báo cáo chưa ban hành (Delete); báo cáo đã ban hành được giữ lại",
            self.delete_report,
        )  # fmt: skip
        return self._pane(self._row(self.new_button, self.delete_button), (self.table, 1), self.empty_label)

    def _build_editor(self) -> QWidget:
        """The report's head fields and sections, with Lưu, Cập nhật số liệu, Viết lại, Ban hành."""
        self.editor = ReportEditor()
        self.editor.setObjectName("reportEditor")
        self.save_button = self._button("&Lưu", "Lưu nội dung đã sửa của dự thảo (Ctrl+S)", self.save)
        self.refresh_button = self._button(
            "Cập nhật &số liệu",
            "Tính lại số liệu và phụ lục của kỳ từ dữ liệu hôm nay; nội dung đã sửa được giữ nguyên",
            self.refresh_figures,
        )
        self.redraft_button = QToolButton()
        self.redraft_button.setText("&Viết lại phần…")
        self.redraft_button.setToolTip("Soạn lại một phần của báo cáo từ số liệu (thay nội dung đang có)")
        self.redraft_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.redraft_menu = QMenu(self.redraft_button)
        self.redraft_button.setMenu(self.redraft_menu)
        self.issue_button = self._button(
            "&Ban hành…", "Ghi số, ngày ký và khoá báo cáo; sau đó chỉ in lại, không sửa", self.issue
        )
        buttons = self._row(self.save_button, self.refresh_button, self.redraft_button, self.issue_button)
        return self._pane((self.editor, 1), buttons)

    def _build_preview(self) -> QWidget:
        """The PDF as it prints, with Xem trước, In, Lưu PDF, Lưu Word above it."""
        self.preview_button = self._button(
            "&Xem trước", "Dàn trang báo cáo như khi in, kể cả phần đang sửa (F5)", self.show_preview
        )
        self.print_button = self._button("&In…", "In báo cáo trên giấy A4 (Ctrl+P)", self.print_report)
        self.pdf_button = self._button("Lưu &PDF…", "Lưu báo cáo thành tệp PDF", self.save_pdf)
        self.word_button = self._button(
            "Lưu &Word…", "Lưu báo cáo thành tệp Word (.docx) để sửa tiếp rồi trình ký (Ctrl+Shift+S)",
            self.save_word,
        )  # fmt: skip
        self.status_label = QLabel()
        self.status_label.setObjectName("periodReportStatus")
        self.status_label.setWordWrap(True)
        self.office_warning = OfficeWarningBar(self.context)
        self.preview = PdfPreview(EMPTY_PREVIEW)
        self.preview.setObjectName("periodReportPreview")
        buttons = self._row(self.preview_button, self.print_button, self.pdf_button, self.word_button)
        return self._pane(buttons, self.status_label, self.office_warning, (self.preview, 1))

    def _connect(self) -> None:
        add_shortcuts([
            ("Ctrl+N", self.new_report, self),
            (QKeySequence.StandardKey.Save, self.save, self),
            (Qt.Key.Key_F5, self.show_preview, self),
            (QKeySequence.StandardKey.Print, self.print_report, self),
            ("Ctrl+Shift+S", self.save_word, self),
            (QKeySequence.StandardKey.Delete, self.delete_report, self.table),
        ])  # fmt: skip
        self.editor.changed.connect(self._edited)
        self.redraft_menu.aboutToShow.connect(self._fill_redraft_menu)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.context.database_opened.connect(self._database_opened)
        self.context.data_changed.connect(self._data_changed)

    # ------------------------------------------------------------------ the list
    def report(self) -> ReportDocument | None:
        """The report in the editor, as stored (None when none is chosen)."""
        return self.editor.report

    def reload(self, select_id: int | None = None) -> None:
        """Read the reports again and show `select_id` (else the one shown, else the newest)."""
        from storage.office import get_office
        from storage.report_documents import list_reports
        from storage.units import get_unit

        office = get_office(self.context.db).name or "Cơ quan mình"
        reports = list_reports(self.context.db)
        # Only the units that report for themselves are named: a national file has thousands.
        units = {uid: get_unit(self.context.db, uid).name for uid in {r.unit_id for r in reports} if uid}
        rows = [ReportRow(r, units[r.unit_id] if r.unit_id else office) for r in reports]
        wanted = select_id if select_id is not None else self._shown_id
        self.table.selectionModel().blockSignals(True)
        self.model.set_rows(rows)
        self.table.selectionModel().blockSignals(False)
        self.empty_label.setVisible(not rows)
        row = self.model.row_of(wanted)
        if row < 0 and rows:
            row = 0
        if row >= 0:
            self._select_row(row)
        else:
            self._load(None)

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().blockSignals(True)
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.selectionModel().blockSignals(False)
        chosen = self.model.row_at(row)
        self._load(chosen)

    def select_report(self, report_id: int) -> None:
        """Show the report with this id (after the unsaved-edits question)."""
        row = self.model.row_of(report_id)
        if row >= 0 and row != self.table.currentIndex().row() and self.confirm_leave():
            self._select_row(row)

    def _row_changed(self, current, previous) -> None:
        if current.row() == previous.row():
            return
        if not self.confirm_leave():
            # Stay on the report being edited: put the selection back without asking again.
            self.table.selectionModel().blockSignals(True)
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.table.selectionModel().setCurrentIndex(previous, flags)
            self.table.selectionModel().blockSignals(False)
            return
        self._load(self.model.row_at(current.row()))

    def _load(self, row: ReportRow | None) -> None:
        report = row.report if row else None
        self._shown_id = report.id if report else None
        self.editor.load(report, row.unit_name if row else "")
        self.dirty = False
        self._show_pdf(None)
        self._update()

    # ------------------------------------------------------------------ state
    def _edited(self) -> None:
        if not self.dirty:
            self.dirty = True
            self._update()

    def _update(self) -> None:
        report = self.report()
        draft = report is not None and not report.issued
        self.delete_button.setEnabled(draft)
        self.save_button.setEnabled(draft and self.dirty)
        for button in (self.refresh_button, self.redraft_button, self.issue_button):
            button.setEnabled(draft)
        self.preview_button.setEnabled(report is not None)
        for button in (self.print_button, self.pdf_button):
            button.setEnabled(self.pdf is not None)
        self.word_button.setEnabled(report is not None)
        self.status_label.setText(self._status(report))

    def _status(self, report: ReportDocument | None) -> str:
        if report is None:
            return NO_REPORT
        if report.issued:
            issued_on = f" ngày {report.issued_on:%d/%m/%Y}" if report.issued_on else ""
            return f"Đã ban hành số {report.number}{issued_on}: in lại đúng như khi ban hành."
        if self.dirty:
            return "Dự thảo có thay đổi chưa lưu (Ctrl+S để lưu)."
        saved = report.updated_at[:16].replace("T", " ")
        return f"Dự thảo, lưu lúc {saved}." if saved else "Dự thảo."

    def confirm_leave(self) -> bool:
        """True when the editor may show something else: no edits, or they were saved or dropped."""
        if not self.dirty or self.report() is None:
            return True
        answer = questions.ask_unsaved(
            self, "Báo cáo chưa lưu", f"Lưu các thay đổi của báo cáo «{self.report().title}»?"
        )
        if answer == "cancel":
            return False
        if answer == "save":
            return self.save()
        self.dirty = False
        return True

    def edited_report(self) -> ReportDocument | None:
        """The report as the editor holds it; None (after saying why) when its dates are wrong."""
        edited: list[ReportDocument] = []
        if self.report() is None:
            return None
        if not attempt(self, lambda: edited.append(self.editor.edited_report()), "Kỳ báo cáo không hợp lệ"):
            return None
        return edited[0]

    # ------------------------------------------------------------------ changes
    def new_report(self) -> None:
        from gui.views.period_reports.new_report import NewReportDialog

        if not self.confirm_leave():
            return
        dialog = NewReportDialog(self.context, self)
        if dialog.exec() and dialog.created_id is not None:
            self.context.changed(Change.REPORTS)
            self.reload(select_id=dialog.created_id)
            self.show_preview()

    def save(self) -> bool:
        """Store the edits of the draft shown; True when nothing is left unsaved."""
        from storage.report_documents import save_report

        report = self.report()
        if report is None or report.issued or not self.dirty:
            return True
        edited = self.edited_report()
        if edited is None:
            return False
        saved: list[ReportDocument] = []
        if not attempt(
            self, lambda: saved.append(save_report(self.context.db, edited)), "Không lưu được báo cáo"
        ):
            return False
        self.dirty = False
        self.context.changed(Change.REPORTS)
        self.reload(select_id=saved[0].id)
        self.status_label.setText("Đã lưu báo cáo.")
        return True

    def delete_report(self) -> None:
        from storage.report_documents import delete_report

        report = self.report()
        if report is None or report.issued:
            return
        question = f"Xoá dự thảo báo cáo «{report.title}»? Nội dung đã soạn sẽ mất."
        if not questions.confirm(self, "Xoá dự thảo", question, yes="&Xoá", no="&Không xoá"):
            return
        if attempt(self, lambda: delete_report(self.context.db, report.id), "Không xoá được báo cáo"):
            self.dirty = False
            self._shown_id = None
            self.context.changed(Change.REPORTS)
            self.reload()

    def refresh_figures(self) -> None:
        """Save the edits, then recount the period's figures and annexes from today's data."""
        report = self.report()
        if report is None or report.issued or not self.save():
            return

        def done(refreshed: ReportDocument) -> None:
            self.context.changed(Change.REPORTS)
            self.reload(select_id=refreshed.id)
            self.show_preview()
            self.status_label.setText("Đã cập nhật số liệu của kỳ; nội dung đã soạn giữ nguyên.")

        run_with_progress(self, self.context, "Đang cập nhật số liệu…",
                          jobs.refresh_job(self.context.db_path, report.id), done)  # fmt: skip

    def _fill_redraft_menu(self) -> None:
        self.redraft_menu.clear()
        for editor in self.editor.sections:
            section = editor.section
            action = self.redraft_menu.addAction(section.title)
            action.triggered.connect(lambda _=False, key=section.key: self.redraft(key))

    def redraft(self, key: str) -> None:
        """Write one section again from the data, after asking when it has text of the user's."""
        editor = self.editor.section(key)
        report = self.edited_report()
        if editor is None or report is None or report.issued:
            return
        if editor.text_edit.toPlainText().strip():
            question = f"Thay nội dung phần «{editor.section.title}» bằng bản soạn lại từ số liệu?"
            if not questions.confirm(self, "Viết lại từ số liệu", question, yes="&Viết lại", no="&Giữ"):
                return

        def done(section) -> None:
            self.editor.set_section_text(key, section.text)
            self.status_label.setText(f"Đã viết lại phần «{section.title}»; nhấn Ctrl+S để lưu.")

        run_with_progress(self, self.context, "Đang viết lại từ số liệu…",
                          jobs.redraft_job(self.context.db_path, report, key), done)  # fmt: skip

    def issue(self) -> None:
        from gui.views.period_reports.issue_report import IssueReportDialog

        report = self.report()
        if report is None or report.issued or not self.save():
            return
        dialog = IssueReportDialog(self.context.db, self.report(), self)
        if dialog.exec() and dialog.issued is not None:
            self.context.changed(Change.REPORTS)
            self.reload(select_id=dialog.issued.id)
            self.show_preview()

    # ------------------------------------------------------------------ output
    def _output_report(self) -> ReportDocument | None:
        """What prints: an issued report as stored, a draft as the editor holds it."""
        report = self.report()
        if report is None or report.issued:
            return report
        return self.edited_report()

    def show_preview(self) -> None:
        report = self._output_report()
        if report is None:
            return
        run_with_progress(self, self.context, "Đang dàn trang báo cáo…",
                          jobs.pdf_job(self.context.db_path, report), self._previewed)  # fmt: skip

    def _previewed(self, pdf: bytes) -> None:
        self._show_pdf(pdf)
        self._update()
        pages = len(self.preview.pages)
        self.status_label.setText(f"{self._status(self.report())} Bản xem trước: {pages} trang.")

    def _show_pdf(self, pdf: bytes | None) -> None:
        self.pdf = pdf
        self.preview.set_pdf(pdf)
        if pdf is not None:
            self.preview.fit_width()

    def _ask_path(self, caption: str, suffix: str, filter_text: str) -> str:
        report = self.report()
        assert report is not None
        start = self.context.db_path.parent / f"{file_stem(report)}-{date.today().isoformat()}{suffix}"
        path, _ = QFileDialog.getSaveFileName(self, caption, str(start), filter_text)
        if path and not path.lower().endswith(suffix):
            path += suffix
        return path

    def save_pdf(self) -> None:
        if self.pdf is None:
            return
        path = self._ask_path("Lưu báo cáo PDF", ".pdf", "Tệp PDF (*.pdf)")
        pdf = self.pdf
        if path and attempt(self, lambda: atomic_write_bytes(path, pdf), "Không lưu được báo cáo"):
            self.status_label.setText(f"Đã lưu {path}")

    def save_word(self) -> None:
        report = self._output_report()
        if report is None:
            return
        path = self._ask_path("Lưu báo cáo Word", ".docx", "Tệp Word (*.docx)")
        if not path:
            return
        run_with_progress(self, self.context, "Đang lưu báo cáo Word…",
                          jobs.docx_job(self.context.db_path, report, path),
                          lambda saved: self.status_label.setText(f"Đã lưu {saved}"))  # fmt: skip

    def make_printer(self) -> QPrinter:
        report = self.report()
        return a4_printer(report.title if report else self.title)

    def print_report(self) -> None:
        if self.pdf is not None:
            ask_and_print(self, self.make_printer(), self.print_to)

    def print_to(self, printer: QPrinter) -> int:
        """Send the previewed report to `printer`; the number of pages sent."""
        return send_pages(self, self.preview.pages, printer, self.status_label)

    # ------------------------------------------------------------------ signals
    def _data_changed(self, what: str) -> None:
        # Other screens' edits change what a draft would say, not what it says: only names refresh.
        if what in (Change.UNITS, Change.SETTINGS, Change.PLANS) and not self.dirty:
            self.reload()

    def _database_opened(self) -> None:
        self.dirty = False  # the main window asked `confirm_leave` before opening another file
        self._shown_id = None
        self.reload()

    # ------------------------------------------------------------------ window memory
    def save_state(self, settings) -> None:
        settings.setValue("period_reports/splitter", self.splitter.saveState())
        settings.setValue("period_reports/lower", self.lower.saveState())

    def restore_state(self, settings) -> None:
        for key, splitter in (("splitter", self.splitter), ("lower", self.lower)):
            state = settings.value(f"period_reports/{key}")
            if isinstance(state, QByteArray):
                splitter.restoreState(state)
