"""The "Báo cáo" screen: choose a report, its plan, unit, date and signer; generate the PDF in the
background; preview it here; print it on A4 or save it.

The letterhead, signer and recipients start from the settings (the plan's own for the plan
report) and can be changed for this one report; «Lấy lại mặc định» brings the defaults back.
While our office lacks what a printed document needs, a bar above the preview says so.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.errors import UserError
from core.paths import atomic_write_bytes
from core.plan_names import plan_choice_text
from core.reports import REPORT_KINDS
from core.reports.data import ReportOptions, ReportRequest
from gui.context import AppContext, Change
from gui.dialogs.office_settings import LetterheadForm, OfficeWarningBar
from gui.operations import attempt, run_with_progress, show_error
from gui.views.report_preview import PdfPreview, a4_printer, ask_and_print, send_pages
from gui.widgets import add_shortcuts, pydate, qdate

EMPTY_PREVIEW = "Chưa có bản xem trước.\nChọn báo cáo ở bên trái rồi nhấn «Tạo báo cáo» (F5)."
NO_PLANS = "Chưa có kế hoạch nào. Thêm hoặc nhập kế hoạch ở màn hình «Kế hoạch» trước khi in báo cáo này."
ALL_PLANS, ALL_UNITS = "(Tất cả kế hoạch)", "(Tất cả đơn vị)"
FILE_NAMES = {
    "plan": "ke-hoach",
    "progress": "bao-cao-ket-qua",
    "deadlines": "nhiem-vu-qua-han-sap-den-han",
    "assignment": "phieu-giao-nhiem-vu",
}
HINTS = {
    "plan": "In văn bản kế hoạch với số, ngày, người ký của kế hoạch; phụ lục nhiệm vụ in khổ ngang.",
    "progress": "Tính theo đơn vị chủ trì, đến ngày đã chọn; bảng nhiệm vụ và chỉ tiêu ở phụ lục.",
    "deadlines": "Nhiệm vụ quá hạn và sắp đến hạn của mọi kế hoạch, hoặc một kế hoạch, một đơn vị.",
    "assignment": "Mọi nhiệm vụ đơn vị chủ trì hoặc phối hợp, kèm thời hạn, để gửi thủ trưởng.",
}
ZOOMS = (("Vừa chiều rộng", None), ("50%", 0.5), ("75%", 0.75), ("100%", 1.0), ("150%", 1.5))




class ReportsScreen(QWidget):
    title = "Báo cáo"

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.pdf: bytes | None = None
        self._defaults_for: tuple | None = None

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_choice(), "Báo cáo")
        self.tabs.addTab(self._build_document(), "Cơ quan, người ký")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tabs, 1)
        left_layout.addLayout(self._build_buttons())

        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self._build_preview())
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([420, 780])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self._connect()
        self.refresh()

    # ------------------------------------------------------------------ building
    def _build_choice(self) -> QWidget:
        """The report, plan, unit, date and number chosen, with a hint under them."""
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("reportKind")
        for kind, label in REPORT_KINDS.items():
            self.kind_combo.addItem(label, kind)
        self.plan_combo = QComboBox()
        self.plan_combo.setObjectName("reportPlan")
        self.plan_combo.setMinimumContentsLength(24)
        self.plan_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.unit_combo = QComboBox()
        self.unit_combo.setObjectName("reportUnit")
        self.unit_combo.setMinimumContentsLength(24)
        self.unit_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.as_of_edit = self._date_edit("Tình trạng nhiệm vụ được tính đến hết ngày này")
        self.number_edit = QLineEdit()
        self.number_edit.setPlaceholderText("để trống: văn thư điền khi ký")
        self.date_check = QCheckBox("&Ghi ngày ký:")
        self.date_check.setToolTip("Bỏ chọn để in «ngày … tháng … năm …» trống, văn thư điền tay khi ký")
        self.date_edit = self._date_edit("Ngày ghi ở dòng địa danh, ngày tháng")
        self.date_edit.setEnabled(False)
        self.date_check.toggled.connect(self.date_edit.setEnabled)

        choice = QWidget()
        form = QFormLayout(choice)
        for text, field in (
            ("&Loại báo cáo:", self.kind_combo),
            ("&Kế hoạch:", self.plan_combo),
            ("Đơn &vị:", self.unit_combo),
            ("Tính đến &ngày:", self.as_of_edit),
            ("&Số văn bản:", self.number_edit),
        ):
            caption = QLabel(text)
            caption.setBuddy(field)
            form.addRow(caption, field)
        form.addRow(self.date_check, self.date_edit)
        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)
        self.hint_label.setObjectName("reportHint")
        form.addRow(self.hint_label)
        return choice

    def _build_document(self) -> QWidget:
        """This report's issuing body, signer and recipients; the defaults are one click away."""
        self.letterhead_form = LetterheadForm()
        self.defaults_button = QPushButton("Lấy lại &mặc định")
        self.defaults_button.setToolTip(
            "Điền lại cơ quan, người ký, nơi nhận từ Thông tin đơn vị (hoặc từ kế hoạch)"
        )
        self.defaults_button.clicked.connect(lambda: self._load_defaults(force=True))
        document = QWidget()
        document_layout = QVBoxLayout(document)
        document_layout.addWidget(self.letterhead_form)
        document_layout.addWidget(self.defaults_button, 0, Qt.AlignmentFlag.AlignRight)
        document_layout.addStretch(1)
        return document

    def _build_buttons(self) -> QHBoxLayout:
        """Tạo báo cáo, In, Lưu PDF, Lưu Word."""
        self.generate_button = QPushButton("Tạ&o báo cáo")
        self.generate_button.setToolTip("Tạo báo cáo PDF và xem trước (F5)")
        self.print_button = QPushButton("&In…")
        self.print_button.setToolTip("In báo cáo trên giấy A4 (Ctrl+P)")
        self.save_button = QPushButton("Lư&u PDF…")
        self.save_button.setToolTip("Lưu báo cáo thành tệp PDF (Ctrl+S)")
        self.word_button = QPushButton("Lưu &Word…")
        self.word_button.setToolTip(
            "Lưu báo cáo thành tệp Word (.docx) đúng thể thức, để sửa rồi trình ký (Ctrl+Shift+S)"
        )
        self.generate_button.clicked.connect(self.generate)
        self.print_button.clicked.connect(self.print_report)
        self.save_button.clicked.connect(self.save_report)
        self.word_button.clicked.connect(self.save_word)
        buttons = QHBoxLayout()
        for button in (self.generate_button, self.print_button, self.save_button, self.word_button):
            buttons.addWidget(button)
        return buttons

    def _build_preview(self) -> QWidget:
        """The status and zoom above the office warning and the pages."""
        self.preview = PdfPreview(EMPTY_PREVIEW)
        self.preview.setObjectName("reportPreview")
        self.zoom_combo = QComboBox()
        for text, zoom in ZOOMS:
            self.zoom_combo.addItem(text, zoom)
        self.zoom_combo.currentIndexChanged.connect(self._apply_zoom)
        zoom_label = QLabel("Cỡ &xem:")
        zoom_label.setBuddy(self.zoom_combo)
        self.status_label = QLabel()
        self.status_label.setObjectName("reportStatus")
        top = QHBoxLayout()
        top.addWidget(self.status_label, 1)
        top.addWidget(zoom_label)
        top.addWidget(self.zoom_combo)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(top)
        self.office_warning = OfficeWarningBar(self.context)
        right_layout.addWidget(self.office_warning)
        right_layout.addWidget(self.preview, 1)
        return right

    def _connect(self) -> None:
        add_shortcuts([
            (Qt.Key.Key_F5, self.generate, self),
            ("Ctrl+Return", self.generate, self),
            (QKeySequence.StandardKey.Print, self.print_report, self),
            (QKeySequence.StandardKey.Save, self.save_report, self),
            ("Ctrl+Shift+S", self.save_word, self),
        ])  # fmt: skip

        self.kind_combo.currentIndexChanged.connect(self._choice_changed)
        self.plan_combo.currentIndexChanged.connect(self._choice_changed)
        self.unit_combo.currentIndexChanged.connect(self._choice_changed)
        self.context.database_opened.connect(self._database_opened)
        self.context.data_changed.connect(self._data_changed)
        self.context.plan_selected.connect(self._plan_selected)

    def _date_edit(self, tooltip: str) -> QDateEdit:
        edit = QDateEdit(qdate(date.today()))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd/MM/yyyy")
        edit.setToolTip(tooltip)
        return edit

    # ------------------------------------------------------------------ choices
    def kind(self) -> str:
        return self.kind_combo.currentData()

    def refresh(self) -> None:
        """Reload the plans and units to choose from, keeping the current choice."""
        from storage.plans import list_plans
        from storage.units import list_units

        kind = self.kind()
        everything = kind in ("deadlines", "assignment")
        plan_id = self.plan_combo.currentData() if self.plan_combo.count() else self.context.current_plan_id
        unit_id = self.unit_combo.currentData()
        for combo in (self.plan_combo, self.unit_combo):
            combo.blockSignals(True)
            combo.clear()
        if everything:
            self.plan_combo.addItem(ALL_PLANS, None)
        for plan in list_plans(self.context.db):
            self.plan_combo.addItem(plan_choice_text(plan, 90), plan.id)
            self.plan_combo.setItemData(self.plan_combo.count() - 1, plan.title, Qt.ItemDataRole.ToolTipRole)
        if kind == "deadlines":
            self.unit_combo.addItem(ALL_UNITS, None)
        for unit in list_units(self.context.db):
            if not unit.is_group:
                self.unit_combo.addItem(unit.name, unit.id)
        for combo, wanted in ((self.plan_combo, plan_id), (self.unit_combo, unit_id)):
            index = combo.findData(wanted)
            combo.setCurrentIndex(index if index >= 0 else 0)
            combo.blockSignals(False)
        self.unit_combo.setEnabled(kind in ("deadlines", "assignment"))
        self.as_of_edit.setEnabled(kind != "plan")
        self.number_edit.setEnabled(kind != "plan")
        self.date_check.setEnabled(kind != "plan")
        self.date_edit.setEnabled(kind != "plan" and self.date_check.isChecked())
        self.hint_label.setText(self._hint())
        self._load_defaults()
        self._update_buttons()

    def _hint(self) -> str:
        kind = self.kind()
        if kind in ("plan", "progress") and self.plan_combo.count() == 0:
            return NO_PLANS
        if kind == "assignment" and self.unit_combo.count() == 0:
            return "Chưa có đơn vị nào. Thêm đơn vị ở màn hình «Đơn vị» trước khi in phiếu giao nhiệm vụ."
        return HINTS[kind]

    def request(self) -> ReportRequest:
        unit_id = self.unit_combo.currentData() if self.unit_combo.isEnabled() else None
        return ReportRequest(
            self.kind(), pydate(self.as_of_edit.date()), self.plan_combo.currentData(), unit_id
        )

    def options(self) -> ReportOptions:
        """Everything but the margins, which the job reads from the settings."""
        return ReportOptions(
            letterhead=self.letterhead_form.letterhead(),
            number=self.number_edit.text().strip() if self.kind() != "plan" else "",
            issued_on=pydate(self.date_edit.date()) if self.date_edit.isEnabled() else None,
        )

    def _load_defaults(self, force: bool = False) -> None:
        from storage.reports import default_letterhead

        request = self.request()
        key = (request.kind, request.plan_id, request.unit_id)
        if (key == self._defaults_for and not force) or (request.kind in ("plan", "progress")
                                                         and request.plan_id is None):  # fmt: skip
            return
        self._defaults_for = key
        attempt(
            self, lambda: self.letterhead_form.set_letterhead(default_letterhead(self.context.db, request))
        )

    def _choice_changed(self) -> None:
        if self.sender() is self.kind_combo:
            self.refresh()
        else:
            self._load_defaults()
        if self.pdf is not None:
            self.status_label.setText("Lựa chọn đã đổi — nhấn «Tạo báo cáo» (F5) để cập nhật bản xem trước.")

    def _plan_selected(self, plan_id: object) -> None:
        index = self.plan_combo.findData(plan_id)
        if plan_id is not None and index >= 0:
            self.plan_combo.setCurrentIndex(index)

    def _data_changed(self, what: str) -> None:
        if what == Change.SETTINGS:
            self._defaults_for = None
        if what in (Change.PLANS, Change.UNITS, Change.TASKS, Change.PROGRESS, Change.SETTINGS):
            self.refresh()

    def _database_opened(self) -> None:
        self._defaults_for = None
        self._show(None)
        self.refresh()

    # --------------------------------------------------------------- generating
    def generate(self) -> None:
        from core.reports import render_pdf
        from storage.database import open_database
        from storage.reports import gather, report_margins

        request, options = self.request(), self.options()
        if request.kind in ("plan", "progress") and request.plan_id is None:
            show_error(self, UserError(NO_PLANS), "Chưa chọn kế hoạch")
            return
        if request.kind == "assignment" and request.unit_id is None:
            show_error(self, UserError("Chưa chọn đơn vị nhận phiếu giao nhiệm vụ."), "Chưa chọn đơn vị")
            return
        db_path = self.context.db_path

        def job(progress):
            # A connection of its own: SQLite connections belong to the thread that opened them.
            progress.report(0, 0, "Đang đọc dữ liệu…")
            db = open_database(db_path, create=False)
            try:
                data = gather(db, request)
                margins = report_margins(db)
            finally:
                db.close()
            progress.check()

            def page_done(number: int) -> None:
                progress.check()
                progress.report(0, 0, f"Đang dàn trang {number}…")

            chosen = ReportOptions(options.letterhead, margins, options.number, options.issued_on)
            return render_pdf(data, chosen, page_done)

        run_with_progress(self, self.context, "Đang tạo báo cáo…", job, self._show)

    def _show(self, pdf: bytes | None) -> None:
        self.pdf = pdf
        self.preview.set_pdf(pdf)
        if pdf is not None:
            self._apply_zoom()
            pages = len(self.preview.pages)
            self.status_label.setText(f"{REPORT_KINDS[self.kind()]}: {pages} trang.")
        else:
            self.status_label.setText("")
        self._update_buttons()

    def _apply_zoom(self) -> None:
        zoom = self.zoom_combo.currentData()
        if zoom is None:
            self.preview.fit_width()
        else:
            self.preview.set_zoom(zoom)

    def _update_buttons(self) -> None:
        self.print_button.setEnabled(self.pdf is not None)
        self.save_button.setEnabled(self.pdf is not None)
        self.word_button.setEnabled(self.pdf is not None)

    # ------------------------------------------------------------ print and save
    def make_printer(self) -> QPrinter:
        return a4_printer(REPORT_KINDS[self.kind()])

    def print_report(self) -> None:
        if self.pdf is not None:
            ask_and_print(self, self.make_printer(), self.print_to)

    def print_to(self, printer: QPrinter) -> int:
        """Send the previewed report to `printer`, with a cancellable progress dialog; pages sent."""
        return send_pages(self, self.preview.pages, printer, self.status_label)

    def save_report(self) -> None:
        if self.pdf is None:
            return
        start = self.context.db_path.parent / f"{FILE_NAMES[self.kind()]}-{date.today().isoformat()}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, "Lưu báo cáo PDF", str(start), "Tệp PDF (*.pdf)")
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        pdf = self.pdf
        # Written whole or not at all: a full disk leaves no partial PDF behind.
        if attempt(self, lambda: atomic_write_bytes(path, pdf), "Không lưu được báo cáo"):
            self.status_label.setText(f"Đã lưu {path}")

    def save_word(self) -> None:
        """Write the report shown to a .docx, from the same data and letterhead as the preview."""
        from core.reports import render_docx
        from storage.database import open_database
        from storage.reports import gather, report_margins

        if self.pdf is None:
            return
        start = self.context.db_path.parent / f"{FILE_NAMES[self.kind()]}-{date.today().isoformat()}.docx"
        path, _ = QFileDialog.getSaveFileName(self, "Lưu báo cáo Word", str(start), "Tệp Word (*.docx)")
        if not path:
            return
        if not path.lower().endswith(".docx"):
            path += ".docx"
        request, options, db_path = self.request(), self.options(), self.context.db_path

        def job(progress):
            progress.report(0, 0, "Đang đọc dữ liệu…")
            db = open_database(db_path, create=False)
            try:
                data, margins = gather(db, request), report_margins(db)
            finally:
                db.close()
            progress.check()
            progress.report(0, 0, "Đang ghi tệp Word…")
            chosen = ReportOptions(options.letterhead, margins, options.number, options.issued_on)
            atomic_write_bytes(path, render_docx(data, chosen))
            return path

        run_with_progress(self, self.context, "Đang lưu báo cáo Word…", job,
                          lambda saved: saved and self.status_label.setText(f"Đã lưu {saved}"))  # fmt: skip

    # ------------------------------------------------------------ window memory
    def save_state(self, settings) -> None:
        settings.setValue("reports/splitter", self.splitter.saveState())
        settings.setValue("reports/kind", self.kind())

    def restore_state(self, settings) -> None:
        splitter = settings.value("reports/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        index = self.kind_combo.findData(settings.value("reports/kind", "plan"))
        if index >= 0:
            self.kind_combo.setCurrentIndex(index)
