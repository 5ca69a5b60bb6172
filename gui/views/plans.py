"""The "Kế hoạch" screen: the list of plans with search and sort; add, edit, delete to trash.

The details below the list show the plan chain: the plans this one implements and those that
implement it, each a link that selects it; «Xây dựng kế hoạch thực hiện…» opens the wizard that
makes our implementation plan from the selected one.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QByteArray, QItemSelectionModel, QPoint, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core import vntext
from core.model import Plan, PlanStatus
from gui.context import AppContext, Change
from gui.dialogs.issue_plan import IssuePlanDialog
from gui.dialogs.plan_dialog import PlanDialog
from gui.dialogs.trash_dialog import TrashDialog
from gui.models.plan_table import COL_DATE, COL_TITLE, PlanTableModel, plan_date_text
from gui.models.sorting import VietnameseSortProxy
from gui.operations import attempt
from gui.widgets import add_shortcuts
from storage.chain import implemented_plans, implementing_plans
from storage.plans import plan_label

PLAN_LINK = "plan:"  # href of a plan in the details: "plan:12"
DERIVE_TEXT = "Xây dựng kế hoạch thực hiện…"
CHAIN_TITLE_LENGTH = 90


def derive_implementation_plan(parent: QWidget, context: AppContext, source_plan_id: int) -> int | None:
    """Run the wizard making our implementation plan of `source_plan_id`; select the new plan."""
    # On use: the wizard is a large dialog package that start-up does not need.
    from gui.dialogs.derive_plan import open_derive_plan_wizard

    plan_id = open_derive_plan_wizard(parent, context, source_plan_id)
    if plan_id is not None:
        context.select_plan(plan_id)
        context.changed(Change.PLANS)
    return plan_id


def chain_plan_text(plan: Plan) -> str:
    """ "/KH-PGDĐT — Thực hiện Kế hoạch năm 2025 của…": a draft's bare symbol alone names nothing."""
    title = vntext.clean(plan.title)
    title = title[:CHAIN_TITLE_LENGTH - 1].rstrip() + "…" if len(title) > CHAIN_TITLE_LENGTH else title
    return f"{plan.reference or '(chưa có số)'} — {title}" if title else plan_label(plan)


def plan_links(plans: list[Plan]) -> str:
    links = [f"<a href='{PLAN_LINK}{plan.id}'>{html.escape(chain_plan_text(plan))}</a>" for plan in plans]
    return links[0] if len(links) == 1 else "".join(f"<br>• {link}" for link in links)


class PlansScreen(QWidget):
    title = "Kế hoạch"
    open_tasks_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context

        self.search = QLineEdit()
        self.search.setObjectName("planSearch")
        self.search.setPlaceholderText("Tìm theo số, trích yếu, cơ quan ban hành (không cần dấu)…")
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self, singleShot=True, interval=150)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._search_timer.start)

        self.add_button = QPushButton("&Thêm kế hoạch")
        self.add_button.setToolTip("Thêm kế hoạch mới (Insert)")
        self.edit_button = QPushButton("&Sửa")
        self.edit_button.setToolTip("Sửa kế hoạch đang chọn (F2)")
        self.delete_button = QPushButton("&Xóa")
        self.delete_button.setToolTip("Chuyển kế hoạch đang chọn vào thùng rác (Delete)")
        self.tasks_button = QPushButton("&Nhiệm vụ →")
        self.tasks_button.setToolTip("Xem nhiệm vụ của kế hoạch (Enter)")
        self.trash_button = QPushButton("Thùng &rác…")
        self.derive_action = QAction(DERIVE_TEXT, self)
        self.derive_action.setIconText(DERIVE_TEXT)  # buttons keep the "…": a wizard opens
        self.derive_action.setToolTip("Lập kế hoạch của đơn vị mình để thực hiện kế hoạch đang chọn: "
                                      "chọn các nhiệm vụ được giao, đơn vị và thời hạn")
        self.derive_action.triggered.connect(self.derive_plan)
        self.issue_action = QAction("&Ban hành…", self)
        self.issue_action.setToolTip("Ghi số, ngày ký và chuyển kế hoạch dự thảo sang «Đã ban hành»")
        self.issue_action.triggered.connect(self.issue_plan)
        self.derive_button = QToolButton()
        self.derive_button.setDefaultAction(self.derive_action)
        self.add_button.clicked.connect(self.add_plan)
        self.edit_button.clicked.connect(self.edit_plan)
        self.delete_button.clicked.connect(self.delete_plan)
        self.tasks_button.clicked.connect(self.open_tasks_requested)
        self.trash_button.clicked.connect(self.show_trash)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        for button in (
            self.add_button,
            self.edit_button,
            self.delete_button,
            self.tasks_button,
            self.derive_button,
            self.trash_button,
        ):
            top.addWidget(button)

        self.model = PlanTableModel(self)
        self.proxy = VietnameseSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("planTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_DATE, Qt.SortOrder.DescendingOrder)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(
            COL_TITLE, self.table.horizontalHeader().ResizeMode.Stretch
        )
        self.table.doubleClicked.connect(lambda _: self.open_tasks_requested.emit())
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)

        self.empty_label = QLabel()
        self.empty_label.setObjectName("plansEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty_label)

        self.details = QTextBrowser()
        self.details.setObjectName("planDetails")
        self.details.setOpenLinks(False)
        self.details.anchorClicked.connect(self._link_clicked)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.list_stack)
        self.splitter.addWidget(self.details)
        self.splitter.setSizes([480, 200])

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

        add_shortcuts([
            (Qt.Key.Key_Insert, self.add_plan, self),
            (Qt.Key.Key_F2, self.edit_plan, self),
            (QKeySequence.StandardKey.Delete, self.delete_plan, self),
            (Qt.Key.Key_Return, self.open_tasks_requested.emit, self),
            (Qt.Key.Key_Enter, self.open_tasks_requested.emit, self),
            ("Ctrl+F", self.search.setFocus, self),
        ])  # fmt: skip

        self._columns_sized = False
        context.database_opened.connect(self.refresh)
        context.data_changed.connect(self._data_changed)
        self.refresh()

    # --------------------------------------------------------------- data
    def _data_changed(self, what: str) -> None:
        if what in (Change.PLANS, Change.TASKS):
            self.refresh()

    def refresh(self) -> None:
        from storage.plans import list_plans

        keep = self.context.current_plan_id
        plans = list_plans(self.context.db, self.search.text())
        self.model.set_plans(plans)
        if plans and not self._columns_sized:
            # First data shown with no remembered widths: fit the short columns to their text.
            self.table.resizeColumnsToContents()
            self._columns_sized = True
        if plans:
            self.list_stack.setCurrentWidget(self.table)
        else:
            self.empty_label.setText(
                f"Không có kế hoạch nào khớp với «{self.search.text()}»."
                if self.search.text().strip()
                else "Chưa có kế hoạch nào.\nNhấn «Thêm kế hoạch» (Insert) để bắt đầu, "
                "hoặc nạp dữ liệu mẫu (Tệp → Nạp dữ liệu mẫu…)."
            )
            self.list_stack.setCurrentWidget(self.empty_label)
        self._select(keep if keep is not None else (plans[0].id if plans else None))
        self._update_buttons()

    def _select(self, plan_id: int | None) -> None:
        row = self.model.row_of(plan_id) if plan_id is not None else None
        if row is None:
            self.table.clearSelection()
            self._show_details(None)
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)

    def current_plan(self) -> Plan | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or self.list_stack.currentWidget() is not self.table:
            return None
        return self.model.plan_at(self.proxy.mapToSource(index).row())

    def _current_changed(self, *_) -> None:
        plan = self.current_plan()
        self.context.select_plan(plan.id if plan else None)
        self._show_details(plan)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_plan = self.current_plan() is not None
        for button in (self.edit_button, self.delete_button, self.tasks_button):
            button.setEnabled(has_plan)
        self.derive_action.setEnabled(has_plan)
        plan = self.current_plan()
        self.issue_action.setEnabled(plan is not None and plan.status is PlanStatus.DRAFT)

    def _context_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        menu = QMenu(self)
        menu.addAction("Xem nhiệm vụ", self.open_tasks_requested.emit)
        menu.addAction("Sửa…", self.edit_plan)
        menu.addAction(self.derive_action)
        menu.addAction(self.issue_action)
        menu.addSeparator()
        menu.addAction("Chuyển vào thùng rác", self.delete_plan)
        menu.exec(self.table.viewport().mapToGlobal(position))

    def _link_clicked(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith(PLAN_LINK):
            self.show_plan(int(text.removeprefix(PLAN_LINK)))

    def show_plan(self, plan_id: int) -> None:
        """Select `plan_id` in the list, clearing a search that hides it."""
        self.context.select_plan(plan_id)
        if self.model.row_of(plan_id) is None:
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self.refresh()
        else:
            self._select(plan_id)

    def _show_details(self, plan: Plan | None) -> None:
        if plan is None:
            self.details.setHtml("<p style='color:#666'>Chọn một kế hoạch để xem chi tiết.</p>")
            return
        from storage.plans import get_basis
        from storage.tasks import list_tasks

        db = self.context.db
        basis = get_basis(db, plan.id)
        above, below = implemented_plans(db, plan.id), implementing_plans(db, plan.id)
        task_count = sum(1 for row in list_tasks(db, plan.id) if row.task.kind.value == "task")
        esc = html.escape
        parts = [f"<b>{esc(plan.reference or '(chưa có số)')}</b> — {esc(plan.title)}"]
        meta = [x for x in (plan.issuer, plan.place, plan_date_text(plan)) if x]
        if meta:
            parts.append(esc(" · ".join(meta)))
        parts.append(f"{task_count} nhiệm vụ")
        if above:
            parts.append(f"<b>Thực hiện kế hoạch:</b> {plan_links(above)}")
        if below:
            parts.append(f"<b>Được thực hiện bởi:</b> {plan_links(below)}")
        if basis:
            parts.append("<b>Căn cứ:</b><br>" + "<br>".join(esc(item.text) for item in basis))
        signer = " · ".join(
            x for x in (" / ".join(plan.signer_authority), plan.signer_title, plan.signer_name) if x
        )
        if signer:
            parts.append(f"<b>Người ký:</b> {esc(signer)}")
        if plan.recipients:
            parts.append(f"<b>Nơi nhận:</b> {esc('; '.join(plan.recipients))}")
        self.details.setHtml("<p>" + "</p><p>".join(parts) + "</p>")

    # ------------------------------------------------------------ actions
    def add_plan(self) -> None:
        self._edit(None)

    def edit_plan(self) -> None:
        plan = self.current_plan()
        if plan is not None:
            self._edit(plan)

    def _edit(self, plan: Plan | None) -> None:
        from storage.plans import get_basis, list_plans, save_plan

        db = self.context.db
        basis = get_basis(db, plan.id) if plan else []
        dialog = PlanDialog(plan, basis, list_plans(db), self)
        if dialog.exec() != PlanDialog.DialogCode.Accepted:
            return
        saved: list[Plan] = []
        if attempt(self, lambda: saved.append(save_plan(db, dialog.result_plan(), dialog.result_basis()))):
            self.context.select_plan(saved[0].id)
            self.context.changed(Change.PLANS)

    def delete_plan(self) -> None:
        from storage.plans import delete_plan

        plan = self.current_plan()
        if plan is None:
            return
        name = plan.reference or vntext.clean(plan.title)[:60]
        below = implementing_plans(self.context.db, plan.id)
        names = "; ".join(map(chain_plan_text, below))
        chain = (
            f"\n\n{len(below)} kế hoạch khác thực hiện kế hoạch này ({names});"
            " chúng vẫn được giữ nhưng mất liên kết tới kế hoạch này (có lại khi khôi phục)."
            if below else ""
        )
        answer = QMessageBox.question(
            self,
            "Xóa kế hoạch",
            f"Chuyển kế hoạch «{name}» vào thùng rác?\nCó thể khôi phục từ «Thùng rác…».{chain}",
        )
        if answer == QMessageBox.StandardButton.Yes and attempt(
            self, lambda: delete_plan(self.context.db, plan.id)
        ):
            self.context.select_plan(None)
            self.context.changed(Change.PLANS)

    def derive_plan(self) -> None:
        plan = self.current_plan()
        if plan is not None and (new_id := derive_implementation_plan(self, self.context, plan.id)):
            self.show_plan(new_id)

    def issue_plan(self) -> None:
        plan = self.current_plan()
        if plan is None:
            return
        dialog = IssuePlanDialog(self.context.db, plan, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.issued is not None:
            self.context.changed(Change.PLANS)
            self.show_plan(dialog.issued.id)

    def show_trash(self) -> None:
        TrashDialog(self.context, self).exec()

    # ------------------------------------------------------- window memory
    def save_state(self, settings) -> None:
        settings.setValue("plans/header", self.table.horizontalHeader().saveState())
        settings.setValue("plans/splitter", self.splitter.saveState())

    def restore_state(self, settings) -> None:
        header = settings.value("plans/header")
        if isinstance(header, QByteArray):
            self.table.horizontalHeader().restoreState(header)
            self._columns_sized = True
        splitter = settings.value("plans/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
