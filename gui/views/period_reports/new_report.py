"""«Báo cáo mới»: the kind of report, its period and cut-off dates, the plans and the unit it reports for.

The period is picked the way a clerk names it (quý II năm 2025, học kỳ I năm học 2025-2026); the
dates shown are the defaults of `core.periods` (the decree's 15th → 14th rule, the school year's
timetable) and may be moved. OK drafts the report from the data in the background, saves it and
leaves its id in `created_id` for the screen to select.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from core.errors import UserError
from core.periods import Period, coming_quarter
from core.plan_names import plan_choice_text
from core.report_document import REPORT_KINDS
from gui.context import AppContext
from gui.operations import attempt, run_with_progress, show_error
from gui.period_picker import PeriodPicker
from gui.widgets import date_edit, pydate, qdate, save_cancel_buttons

NO_PLANS = "Chưa có kế hoạch nào: thêm hoặc nhập kế hoạch ở màn hình «Kế hoạch» trước."




class NewReportDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None, today: date | None = None):
        from storage.office import get_office
        from storage.plans import list_plans
        from storage.units import list_units

        super().__init__(parent)
        self.context = context
        self.created_id: int | None = None
        today = today or date.today()
        self.setWindowTitle("Báo cáo mới")
        self.setMinimumWidth(620)

        self.kind_combo = QComboBox()
        for key, label in REPORT_KINDS.items():
            self.kind_combo.addItem(label, key)
        self.period_picker = PeriodPicker(coming_quarter(today), show_dates=False)  # the dates are below
        self.start_edit, self.end_edit = date_edit(), date_edit()
        self.start_edit.setToolTip("Ngày đầu kỳ: mặc định theo quy định chốt số liệu, sửa được")
        self.end_edit.setToolTip("Ngày chốt số liệu cuối kỳ: mặc định ngày 14 (Nghị định 09/2019), sửa được")
        self.label_preview = QLabel()
        self.label_preview.setObjectName("periodLabel")
        self.label_preview.setWordWrap(True)

        dates_row = QHBoxLayout()
        dates_row.addWidget(self.start_edit)
        until = QLabel("đế&n ngày")
        until.setBuddy(self.end_edit)
        dates_row.addWidget(until)
        dates_row.addWidget(self.end_edit)
        dates_row.addStretch(1)

        self.plan_list = QListWidget()
        self.plan_list.setObjectName("reportPlans")
        self.plan_list.setMinimumHeight(110)
        current = context.current_plan_id
        plans = list_plans(context.db)
        for plan in plans:
            item = QListWidgetItem(plan_choice_text(plan))
            item.setData(Qt.ItemDataRole.UserRole, plan.id)
            item.setToolTip(plan.title)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            # The plan being worked on, else the newest (list_plans puts it first).
            chosen = plan.id == current or (current is None and plan is plans[0])
            item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)
            self.plan_list.addItem(item)
        self.unit_combo = QComboBox()
        office = get_office(context.db)
        self.unit_combo.addItem(f"{office.name or 'Cơ quan mình'} (báo cáo của cơ quan)", None)
        for unit in list_units(context.db):
            if not unit.is_group:
                self.unit_combo.addItem(unit.name, unit.id)
        self.request_edit = QLineEdit()
        self.request_edit.setPlaceholderText("Thực hiện Công văn số …/… ngày … của … về việc báo cáo …")
        self.addressees_edit = QPlainTextEdit()
        self.addressees_edit.setPlaceholderText(
            "Mỗi dòng một nơi nhận báo cáo, ví dụ: Sở Giáo dục và Đào tạo"
        )
        self.addressees_edit.setTabChangesFocus(True)
        self.addressees_edit.setFixedHeight(64)

        form = QFormLayout()
        for text, field, row in (
            ("&Loại báo cáo:", self.kind_combo, None),
            ("&Kỳ báo cáo:", self.period_picker, None),
            ("Từ ngà&y:", self.start_edit, dates_row),
            ("", None, self.label_preview),
            ("Báo cáo về &kế hoạch:", self.plan_list, None),
            ("Đơn &vị báo cáo:", self.unit_combo, None),
            ("Văn bản yêu &cầu:", self.request_edit, None),
            ("Kính &gửi:", self.addressees_edit, None),
        ):
            caption = QLabel(text)
            if field is not None:
                caption.setBuddy(field)
            form.addRow(caption, row if row is not None else field)
        if not plans:
            form.addRow(QLabel(NO_PLANS))

        buttons = save_cancel_buttons(self)
        self.ok_button = buttons.button(buttons.StandardButton.Ok)
        self.ok_button.setText("&Soạn báo cáo")
        self.ok_button.setEnabled(bool(plans))
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Báo cáo được soạn sẵn từ số liệu (các phần, phụ lục) và lưu thành dự thảo; sửa nội dung,"
            " xem trước rồi ban hành ở màn hình «Báo cáo theo kỳ»."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

        self.period_picker.changed.connect(self._period_changed)
        self.start_edit.dateChanged.connect(self._show_label)
        self.end_edit.dateChanged.connect(self._show_label)
        self._period_changed()

    def choose_period(self, kind: str, year: int, number: int = 1) -> None:
        """Pick a period as a clerk would (tests and callers); `year` starts a school year."""
        self.period_picker.choose(kind, year, number)

    def default_period(self) -> Period:
        return self.period_picker.period()

    def _period_changed(self) -> None:
        period = self.default_period()
        for edit, value in ((self.start_edit, period.start), (self.end_edit, period.end)):
            edit.blockSignals(True)
            edit.setDate(qdate(value))
            edit.blockSignals(False)
        self._show_label()

    def _show_label(self) -> None:
        period = self.default_period()
        start, end = pydate(self.start_edit.date()), pydate(self.end_edit.date())
        self.label_preview.setText(
            f"Báo cáo {period.label}: số liệu từ {start:%d/%m/%Y} đến hết {end:%d/%m/%Y}"
        )

    def period(self) -> Period:
        """The chosen period with the dates as shown (ValueError when they are the wrong way round)."""
        return self.default_period().with_dates(pydate(self.start_edit.date()), pydate(self.end_edit.date()))

    def plan_ids(self) -> list[int]:
        items = (self.plan_list.item(row) for row in range(self.plan_list.count()))
        return [
            item.data(Qt.ItemDataRole.UserRole)
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]

    def accept(self) -> None:
        from storage.database import open_database
        from storage.report_documents import draft_report, save_report
        from storage.reports import warn_days

        periods: list[Period] = []
        if not attempt(self, lambda: periods.append(self.period()), "Kỳ báo cáo không hợp lệ"):
            return
        plan_ids = self.plan_ids()
        if not plan_ids:
            show_error(
                self, UserError("Hãy đánh dấu ít nhất một kế hoạch để báo cáo."), "Chưa chọn kế hoạch"
            )
            return
        kind, unit_id = self.kind_combo.currentData(), self.unit_combo.currentData()
        request = self.request_edit.text()
        addressees = [line for line in self.addressees_edit.toPlainText().splitlines() if line.strip()]
        db_path, period = self.context.db_path, periods[0]

        def job(progress):
            # A connection of its own: SQLite connections belong to the thread that opened them.
            progress.report(0, 0, "Đang soạn báo cáo từ số liệu…")
            db = open_database(db_path, create=False)
            try:
                report = draft_report(
                    db, kind, plan_ids, period, unit_id=unit_id, request=request, addressees=addressees,
                    warn_days=warn_days(db),
                )  # fmt: skip
                progress.check()
                return save_report(db, report).id
            finally:
                db.close()

        run_with_progress(self, self.context, "Đang soạn báo cáo…", job, self._created)

    def _created(self, report_id: int) -> None:
        self.created_id = report_id
        super().accept()
