"""Importing a plan document: read it in the background, preview and correct it, then save it in one go.

`start_plan_import(parent, context, path=None, text=None)` is what the menu action «Nhập kế
hoạch từ văn bản…», dropping a file on the window (`import_dropped_files`) and «Dán văn
bản…» (`paste_plan_text`) call. Reading — a PDF page by page, OCR of a scan, converting a
.doc — runs on the worker behind a progress dialog whose «Hủy» stops it at the next page.
Nothing reaches the database until the user presses «Lưu kế hoạch» in the preview; saving
then runs `storage.plan_import.save_imported_plan` (one transaction) on a worker with its own
connection, so a failure or a cancel leaves the database as it was.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.errors import UserError
from core.importing import DomainPlan, ParsedPlan, parse_plan_text, read_plan_file, to_domain
from core.importing.units import unit_key
from gui.context import AppContext, Change
from gui.dialogs.plan_form import PlanForm, spin_value
from gui.dialogs.plan_import.banner import DuplicateBanner, NotesList
from gui.dialogs.plan_import.pages import BasisPage, IndicatorPage, ResponsibilityPage, TaskPage, UnitPage
from gui.dialogs.plan_import.paste import PasteTextDialog
from gui.dialogs.plan_import.review import (
    OCR_UNSURE_EXPLANATION,
    TAB_BASIS,
    TAB_GENERAL,
    TAB_INDICATORS,
    TAB_NOTES,
    TAB_RESPONSIBILITIES,
    TAB_SIGNER,
    TAB_TASKS,
    TAB_TITLES,
    TAB_UNITS,
    Note,
    rename_units,
    review_notes,
    save_in_own_connection,
    unit_task_counts,
)
from gui.models.import_basis import BasisLink
from gui.models.import_tasks import UNSURE_MARK
from gui.models.import_units import unit_rows
from gui.operations import USER_ERRORS, run_with_progress, show_error
from gui.workers import Progress
from storage.database import StorageError
from storage.plan_import import find_duplicates, match_units, unit_names
from storage.plans import find_plan, list_plans
from storage.units import list_units

__all__ = ["FILE_FILTER", "PasteTextDialog", "PlanImportDialog", "import_dropped_files", "is_importable",
           "paste_plan_text", "start_plan_import"]

FILE_FILTER = "Văn bản kế hoạch (*.pdf *.docx *.doc *.rtf *.txt *.xlsx)"
IMPORTABLE_SUFFIXES = (".pdf", ".docx", ".doc", ".rtf", ".txt", ".xlsx")
PASTED_SOURCE = "văn bản dán"
LAST_DIR_KEY = "import/last_dir"
UNSURE_STYLE = "background: #fff1c2;"


def is_importable(path: Path) -> bool:
    """Whether a dropped file is one the importer reads (by its name; the content is checked on reading)."""
    return Path(path).suffix.lower() in IMPORTABLE_SUFFIXES


def _field_value(widget: QWidget) -> object:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QSpinBox):
        return widget.value()
    raise TypeError(type(widget).__name__)


def _row_label(pages: tuple[QWidget, ...], widget: QWidget) -> QLabel | None:
    """The label of the form row that holds `widget`, alone or in the row's layout."""
    for page in pages:
        for form in page.findChildren(QFormLayout):
            for row in range(form.rowCount()):
                field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
                label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
                if field is None or label is None:
                    continue
                inner = field.layout()
                if field.widget() is widget or (inner is not None and inner.indexOf(widget) >= 0):
                    return label.widget()
    return None


class PlanImportDialog(QDialog):
    """The preview of one parsed document; «Lưu kế hoạch» saves it, «Hủy» leaves the database alone."""

    def __init__(
        self, context: AppContext, parsed: ParsedPlan, domain: DomainPlan, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.context, self.parsed, self.domain = context, parsed, domain
        self.setWindowTitle(f"Nhập kế hoạch — {parsed.source_name or PASTED_SOURCE}")
        self.resize(1100, 750)
        db = context.db
        self.form = PlanForm(domain.plan, list_plans(db))
        self.banner = DuplicateBanner()
        self.basis_page = BasisPage(self._resolve_link)
        self.task_page = TaskPage()
        self.unit_page = UnitPage()
        self.unit_page.model.set_directory(list_units(db))
        self.indicator_page = IndicatorPage(self.task_page.model.paths)
        self.responsibility_page = ResponsibilityPage()
        self.notes = NotesList()

        self.tabs = QTabWidget()
        self._tab_names: list[str] = []
        pages = (
            (TAB_GENERAL, self.form.general_page), (TAB_BASIS, self.basis_page), (TAB_TASKS, self.task_page),
            (TAB_UNITS, self.unit_page), (TAB_RESPONSIBILITIES, self.responsibility_page),
            (TAB_INDICATORS, self.indicator_page), (TAB_SIGNER, self.form.signer_page),
            (TAB_NOTES, self._notes_page()),
        )
        for key, page in pages:
            self.tabs.addTab(page, "")
            self._tab_names.append(key)

        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        self.notes_button = QPushButton()
        self.notes_button.setFlat(True)
        self.notes_button.setToolTip("Xem danh sách những chỗ cần xem lại")
        self.notes_button.clicked.connect(lambda: self.show_tab(TAB_NOTES))
        self.cancel_button = QPushButton("Hủy")
        self.cancel_button.setToolTip("Đóng mà không lưu gì (Esc)")
        self.cancel_button.clicked.connect(self.reject)
        self.save_button = QPushButton("Lưu kế hoạch")
        self.save_button.setObjectName("saveButton")
        # Plain Enter confirms a cell or field, never the whole import: saving is Ctrl+Enter.
        for button in (self.notes_button, self.save_button, self.cancel_button):
            button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(key), self, activated=self.save)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.notes_button)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(bottom)

        self._unit_names: list[str] | None = None
        self._saved_plan_id: int | None = None
        # OCR-unsure header fields stay marked until the user changes them (having checked the original).
        f = self.form
        self._header_fields: dict[str, tuple[QWidget, ...]] = {
            "number": (f.number, f.symbol), "issued_on": (f.day, f.month, f.year), "place": (f.place,),
            "issuer": (f.issuer,), "title": (f.title,), "signer": (f.signer_title, f.signer_name),
        }
        self._ocr_loaded = {field: tuple(map(_field_value, self._header_fields[field]))
                            for field in parsed.unsure if field in self._header_fields}
        pages = (f.general_page, f.signer_page)
        self._field_labels = {field: label for field, widgets in self._header_fields.items()
                              if (label := _row_label(pages, widgets[0])) is not None}
        self._label_texts = {field: label.text() for field, label in self._field_labels.items()}
        self._load()
        self._connect()
        self._initial = self._snapshot()

    def _notes_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        hint = QLabel("Nhấp đúp hoặc nhấn Enter vào một dòng để đến chỗ cần sửa.")
        hint.setStyleSheet("color: #444;")
        layout.addWidget(hint)
        layout.addWidget(self.notes, 1)
        return page

    # ------------------------------------------------------------------ loading
    def _load(self) -> None:
        self.basis_page.model.set_basis(self.domain.basis)
        inferred = {task.path: task.inferred for task in self.parsed.tasks if task.inferred}
        self.task_page.set_roots(self.domain.tasks, inferred)
        self.indicator_page.model.set_indicators(self.domain.indicators)
        self.responsibility_page.set_responsibilities(self.parsed.responsibilities)
        # A plan written to carry out a plan already in the database implements it.
        linked = next((link.plan_id for row in range(self.basis_page.model.rowCount())
                       if (link := self.basis_page.model.link(row)) and link.plan_id is not None), None)
        if linked is not None and self.domain.plan.parent_plan_id is None:
            self.form.parent_plan.setCurrentIndex(max(self.form.parent_plan.findData(linked), 0))
        self._match_units()
        self._check_duplicates()
        self._refresh()

    def _connect(self) -> None:
        f = self.form
        for edit in (f.number, f.symbol):
            edit.editingFinished.connect(self._check_duplicates)
        f.year.valueChanged.connect(self._check_duplicates)
        for edit in (f.number, f.symbol, f.issuer, f.place):
            edit.textChanged.connect(self._refresh)
        for spin in (f.day, f.month, f.year, f.period_start, f.period_end):
            spin.valueChanged.connect(self._refresh)
        for edit in (f.title, f.signer_title, f.signer_name):
            edit.textChanged.connect(self._refresh)
        self.task_page.model.dataChanged.connect(self._tasks_changed)
        self.unit_page.model.dataChanged.connect(self._refresh)
        for model in (self.basis_page.model, self.indicator_page.model):
            model.dataChanged.connect(self._refresh)
            model.rowsInserted.connect(self._refresh)
        self.banner.changed.connect(self._refresh)
        self.notes.note_opened.connect(self.go_to)
        self.responsibility_page.assign_requested.connect(self._assign_lead)

    def _resolve_link(self, reference: str) -> BasisLink:
        try:
            plan = find_plan(self.context.db, reference)
        except StorageError:
            return BasisLink(None, "chưa có trong dữ liệu")
        caption = plan.title if len(plan.title) <= 60 else plan.title[:59] + "…"
        return BasisLink(plan.id, f"→ liên kết tới kế hoạch {plan.reference}: {caption}")

    # ------------------------------------------------------------------ live checks
    def _tasks_changed(self, *_args) -> None:
        self._match_units()
        self._refresh()

    def _match_units(self) -> None:
        roots = self.task_page.model.roots()
        names = unit_names(dataclasses.replace(self.domain, tasks=roots))
        if names == self._unit_names:
            return  # only re-match when the set of names changed, not on every keystroke
        self._unit_names = names
        self.unit_page.model.set_rows(unit_rows(match_units(self.context.db, names), unit_task_counts(roots)))

    def _check_duplicates(self) -> None:
        self.banner.set_duplicates(find_duplicates(self.context.db, self.form.result_plan()))

    def _refresh(self, *_args) -> None:
        self._mark_header()
        tasks = self.task_page.model
        units = self.unit_page.model
        notes = review_notes(
            parser_warnings=self.parsed.warnings,
            header_problem=self.form.validate(),
            duplicates=self.banner.plans(),
            paths_without_lead=tasks.paths_without_lead(),
            unclear_timeframes=tasks.unclear_timeframes(),
            empty_contents=tasks.empty_contents(),
            new_units=[(row.name, row.is_group) for row in units.rows() if units.will_create(row)],
            ocr_unsure=self.ocr_unsure_fields(),
            inferred_count=sum(len(task.inferred) for task in self.parsed.tasks),
        )
        self.notes.set_notes(notes)
        live = sum(1 for note in notes if not note.from_parser)
        self.notes_button.setText(f"{live} chỗ cần xem lại…" if live else "Không có gì cần xem lại")
        basis, indicators = self.basis_page.model, self.indicator_page.model
        counts = {
            TAB_GENERAL: "", TAB_BASIS: f" ({len(basis.basis())})", TAB_TASKS: f" ({tasks.task_count()})",
            TAB_UNITS: f" ({units.rowCount()})",
            TAB_RESPONSIBILITIES: f" ({self.responsibility_page.model.rowCount()})",
            TAB_INDICATORS: f" ({len(indicators.indicators())})", TAB_SIGNER: "", TAB_NOTES: f" ({live})",
        }
        for number, key in enumerate(self._tab_names, start=1):
            self.tabs.setTabText(number - 1, f"&{number} {TAB_TITLES[key]}{counts[key]}")
            self.tabs.setTabToolTip(number - 1, f"Alt+{number}")
        sections = len(tasks.paths()) - tasks.task_count()
        self.summary.setText(
            f"{tasks.task_count()} nhiệm vụ trong {sections} mục · {units.rowCount()} đơn vị "
            f"({len(units.new_names())} tạo mới) · {len(indicators.indicators())} chỉ tiêu · "
            f"{len(basis.basis())} căn cứ ({basis.linked_count()} nối với kế hoạch đã có)")
        blocked = self.banner.needs_decision()
        self.save_button.setEnabled(not blocked)
        self.save_button.setToolTip(
            "Hãy chọn cập nhật kế hoạch đã có hay thêm kế hoạch mới (khung vàng ở trên)" if blocked
            else "Lưu kế hoạch, nhiệm vụ, đơn vị và chỉ tiêu vào dữ liệu (Ctrl+Enter)")

    def ocr_unsure_fields(self) -> list[str]:
        """The header fields OCR was unsure of that the user has not changed yet."""
        return [field for field, loaded in self._ocr_loaded.items()
                if tuple(map(_field_value, self._header_fields[field])) == loaded]

    def _mark_header(self) -> None:
        f = self.form
        marks = [
            (f.issuer, not f.issuer.text().strip(), "Không đọc được cơ quan ban hành; hãy nhập."),
            (f.number, not f.number.text().strip(), "Văn bản chưa có số: kế hoạch sẽ được lưu là dự thảo."),
            (f.day, spin_value(f.day) is None, "Chưa đọc được ngày ban hành đầy đủ."),
            (f.place, not f.place.text().strip(), "Không đọc được địa danh."),
        ]
        ocr_unsure = self.ocr_unsure_fields()
        marks += [(widget, True, OCR_UNSURE_EXPLANATION)
                  for field in ocr_unsure for widget in self._header_fields[field]]
        reasons: dict[QWidget, list[str]] = {w: [] for ws in self._header_fields.values() for w in ws}
        for widget, unsure, reason in marks:
            if unsure:
                reasons[widget].append(reason)
        for widget, texts in reasons.items():
            widget.setStyleSheet(UNSURE_STYLE if texts else "")
            widget.setToolTip("\n".join(texts))
        for field, label in self._field_labels.items():
            unsure = field in ocr_unsure
            label.setText(self._label_texts[field] + (f" {UNSURE_MARK}" if unsure else ""))
            label.setStyleSheet(UNSURE_STYLE if unsure else "")
            label.setToolTip(OCR_UNSURE_EXPLANATION if unsure else "")

    # ------------------------------------------------------------------ navigation
    def show_tab(self, key: str) -> None:
        self.tabs.setCurrentIndex(self._tab_names.index(key))

    def go_to(self, note: Note) -> None:
        self.show_tab(note.tab)
        if note.tab == TAB_TASKS and note.key:
            self.task_page.select_path(note.key)
        elif note.tab == TAB_UNITS and note.key:
            self.unit_page.select_name(note.key)

    def _assign_lead(self, name: str) -> None:
        changed = self.task_page.model.assign_lead_where_missing(name)
        self.error_label.setText(
            f"Đã giao «{name}» chủ trì {changed} nhiệm vụ chưa có đơn vị chủ trì." if changed
            else "Mọi nhiệm vụ đều đã có đơn vị chủ trì.")

    # ------------------------------------------------------------------ result
    def edited_domain(self) -> DomainPlan:
        """The plan as the user corrected it, ready for `save_imported_plan`."""
        roots = rename_units(self.task_page.model.roots(), self.unit_page.model.renames())
        return dataclasses.replace(
            self.domain,
            plan=self.form.result_plan(),
            basis=self.basis_page.model.basis(),
            tasks=roots,
            indicators=self.indicator_page.model.indicators(),
        )

    def chosen_unit_ids(self, domain: DomainPlan) -> dict[str, int]:
        """The user's unit choices keyed by the names `save_imported_plan` will see."""
        by_key = {unit_key(name): unit_id for name, unit_id in self.unit_page.model.unit_ids().items()}
        return {name: by_key[unit_key(name)] for name in unit_names(domain) if unit_key(name) in by_key}

    def _snapshot(self) -> tuple:
        units = self.unit_page.model
        return (self.edited_domain(), units.unit_ids(), units.renames())

    def is_modified(self) -> bool:
        return self._snapshot() != self._initial

    def saved_plan_id(self) -> int | None:
        return self._saved_plan_id

    def _problem(self) -> tuple[str, str, str | None] | None:
        """(message, tab, key) of the first thing that stops saving."""
        problem = self.form.validate()
        if problem:
            return problem, TAB_GENERAL, None
        empty = self.task_page.model.empty_contents()
        if empty:
            return f"Nhiệm vụ {empty[0]}: chưa có nội dung.", TAB_TASKS, empty[0]
        if self.banner.needs_decision():
            return ("Kế hoạch này đã có trong dữ liệu: hãy chọn cập nhật hay thêm mới (khung vàng ở trên).",
                    "", None)
        return None

    def save(self) -> None:
        focused = QApplication.focusWidget()
        if focused is not None:
            focused.clearFocus()  # an open cell editor commits its text on losing focus
        problem = self._problem()
        if problem is not None:
            message, tab, key = problem
            self.error_label.setText(message)
            if tab:
                self.go_to(Note("", message, tab, key))
            return
        self.error_label.setText("")
        decision = self.banner.decision()
        domain = self.edited_domain()
        unit_ids = self.chosen_unit_ids(domain)
        db_path = self.context.db_path

        def job(progress: Progress) -> int:
            return save_in_own_connection(db_path, domain, decision.update_plan_id, unit_ids, progress)

        run_with_progress(self, self.context, "Lưu kế hoạch", job, self._saved)

    def _saved(self, plan_id: int) -> None:
        self._saved_plan_id = plan_id
        self.context.changed(Change.UNITS)
        self.context.changed(Change.PLANS)
        self.context.select_plan(plan_id)
        super().accept()

    def accept(self) -> None:
        self.save()

    def reject(self) -> None:
        if self.is_modified() and QMessageBox.question(
            self, "Bỏ kế hoạch đang nhập?",
            "Bản xem trước đã được sửa. Đóng mà không lưu?\nDữ liệu sẽ không thay đổi.",
        ) != QMessageBox.StandardButton.Yes:
            return
        super().reject()


def start_plan_import(
    parent: QWidget, context: AppContext, path: Path | None = None, text: str | None = None
) -> None:
    """Read a plan file (asked for when neither `path` nor `text` is given) or pasted text and preview it.

    Reading runs on the worker; a file that cannot be imported gives a one-line message naming
    it, and no preview. The preview opens window-modal and returns at once.
    """
    if path is None and text is None:
        start_dir = str(context.settings.value(LAST_DIR_KEY, "") or "")
        chosen, _ = QFileDialog.getOpenFileName(
            parent, "Nhập kế hoạch từ văn bản", start_dir, f"{FILE_FILTER};;Tất cả các tệp (*)")
        if not chosen:
            return
        path = Path(chosen)
        context.settings.setValue(LAST_DIR_KEY, str(path.parent))
    source = Path(path) if path is not None else None
    name = source.name if source is not None else PASTED_SOURCE

    def job(progress: Progress) -> tuple[ParsedPlan, DomainPlan]:
        def step(done: int, total: int, step_text: str) -> None:
            # The reader's own words ("Đang đọc trang 3/8…"); raising here is how «Hủy» stops it.
            progress.report(done, total, f"{name}\n{step_text}")
            progress.check()

        step(0, 0, "Đang đọc…")
        parsed = read_plan_file(source, step) if source is not None else parse_plan_text(text or "", name)
        step(0, 0, "Đang chuẩn bị bản xem trước…")
        domain = to_domain(parsed)
        progress.check()  # «Hủy» pressed during the last step: open nothing
        return parsed, domain

    def show(result: tuple[ParsedPlan, DomainPlan]) -> None:
        try:
            dialog = PlanImportDialog(context, *result, parent=parent)
        except USER_ERRORS as error:  # e.g. the database became unreadable meanwhile
            show_error(parent, error, "Nhập kế hoạch")
            return
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    run_with_progress(parent, context, "Nhập kế hoạch", job, show)


def import_dropped_files(parent: QWidget, context: AppContext, paths: list[Path]) -> None:
    """Import the one plan document dropped on the window; anything else is refused with a message."""
    if len(paths) != 1:
        show_error(parent, UserError(
            f"Đã thả {len(paths)} tệp: hãy thả từng tệp văn bản kế hoạch một."), "Nhập kế hoạch")
        return
    path = paths[0]
    if path.is_dir():
        show_error(parent, UserError(f"«{path.name}» là một thư mục: hãy thả một tệp văn bản kế hoạch."),
                   "Nhập kế hoạch")
        return
    if not is_importable(path):
        kinds = ", ".join(IMPORTABLE_SUFFIXES)
        message = f"Không nhập được tệp {path.name}: chương trình chỉ đọc văn bản kế hoạch {kinds}."
        show_error(parent, UserError(message), "Nhập kế hoạch")
        return
    start_plan_import(parent, context, path=path)


def paste_plan_text(parent: QWidget, context: AppContext) -> None:
    """Ask for pasted text, then preview it like a file."""
    dialog = PasteTextDialog(parent)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        start_plan_import(parent, context, text=dialog.text())
