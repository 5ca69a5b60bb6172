"""The "Nhiệm vụ" screen: the task tree of the chosen plan, with search and tree editing.

Every change goes through storage and is announced with `context.changed(Change.TASKS)`; the screen
reloads on that signal like every other screen, keeping the current task, the rows the user
collapsed and the column widths. Deleting or changing a task other plans derive from says so.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QByteArray, QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QAction, QFont, QFontMetrics, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from core.model import Plan, Task, TaskKind
from core.tasktree import first_child_ordinal, next_ordinal
from gui.context import AppContext, Change
from gui.dialogs.task.dialog import TaskDialog
from gui.models.task_tree import (
    BODY_ROLE,
    COL_CONTENT,
    COL_DEADLINE,
    COL_LEAD,
    COL_ORDINAL,
    COL_STATUS,
    COL_SUPPORT,
    COL_TIMEFRAME,
    TITLE_ROLE,
    TaskFilterProxy,
    TaskTreeModel,
    one_line,
    statuses_by_task,
)
from gui.operations import attempt
from gui.views.plan_chooser import PlanChooser
from gui.views.plans import DERIVE_TEXT, derive_implementation_plan
from storage import tasks as task_store
from storage.chain import derived_count, rollup
from storage.deadlines import deadline_rows
from storage.settings import get_setting

NO_PLAN_TEXT = "Chọn một kế hoạch ở ô «Kế hoạch» phía trên để xem và phân công nhiệm vụ."
NO_PLANS_TEXT = ("Chưa có kế hoạch nào.\nThêm hoặc nhập kế hoạch ở màn hình «Kế hoạch» (Ctrl+2), "
                 "rồi chọn kế hoạch đó ở đây để nhập nhiệm vụ.")
NO_TASKS_TEXT = "Kế hoạch chưa có nhiệm vụ. Nhấn «Thêm nhiệm vụ» (Insert) để bắt đầu."
SETTINGS_HEADER = "tasks/header"
# The content column takes what the others leave; these fit a 1000-pixel screen area.
COLUMN_WIDTHS = {COL_ORDINAL: 84, COL_LEAD: 130, COL_SUPPORT: 130, COL_TIMEFRAME: 100, COL_DEADLINE: 135,
                 COL_STATUS: 150}


class ContentDelegate(QStyledItemDelegate):
    """Paints the content cell as a bold title followed by the content, elided to one line."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        title = index.data(TITLE_ROLE) or ""
        if not title:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        body = index.data(BODY_ROLE) or ""
        opt.text = ""
        style = opt.widget.style() if opt.widget else QStyle()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        rect: QRect = text_rect.adjusted(3, 0, -3, 0)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setPen(opt.palette.highlightedText().color() if selected else opt.palette.text().color())
        bold = QFont(opt.font)
        bold.setBold(True)
        title_text = QFontMetrics(bold).elidedText(title, Qt.TextElideMode.ElideRight, rect.width())
        painter.setFont(bold)
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(rect, align, title_text)
        used = QFontMetrics(bold).horizontalAdvance(title_text + " ")
        if body and used < rect.width():
            painter.setFont(opt.font)
            rest = rect.adjusted(used, 0, 0, 0)
            painter.drawText(rest, align, QFontMetrics(opt.font).elidedText(body, Qt.TextElideMode.ElideRight,
                                                                             rest.width()))
        painter.restore()


class TasksScreen(QWidget):
    title = "Nhiệm vụ"

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.plan: Plan | None = None
        self._collapsed: set[int] = set()  # tasks the user folded; new ones start unfolded
        self._tracking_expansion = True
        self._pending_current: int | None = None

        self.plan_combo = PlanChooser(context)
        self.plan_combo.plan_changed.connect(self.reload_tasks)
        plan_label = QLabel("&Kế hoạch:")
        plan_label.setBuddy(self.plan_combo)
        self.search = QLineEdit()
        self.search.setObjectName("taskSearch")
        self.search.setPlaceholderText("Tìm nhiệm vụ…")
        self.search.setToolTip("Tìm trong số thứ tự, nội dung, đơn vị, thời gian (không cần dấu); Ctrl+F")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        top = QHBoxLayout()
        top.addWidget(plan_label)
        top.addWidget(self.plan_combo, 3)
        top.addWidget(self.search, 2)

        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add_action = self._action("Thêm nhiệm vụ", "Thêm nhiệm vụ cùng cấp, ngay sau nhiệm vụ đang chọn",
                                       ["Insert", "Ctrl+N"], self.add_task, self)
        self.add_child_action = self._action("Thêm nhiệm vụ con",
                                             "Thêm nhiệm vụ con vào cuối nhiệm vụ đang chọn",
                                             ["Ctrl+Insert"], self.add_child_task, self)
        self.toolbar.addSeparator()
        self.edit_action = self._action("Sửa", "Sửa nhiệm vụ đang chọn", ["F2", "Return", "Enter"],
                                        self.edit_task)
        self.delete_action = self._action("Xóa", "Xóa nhiệm vụ đang chọn cùng các nhiệm vụ con",
                                          [QKeySequence.StandardKey.Delete], self.delete_task)
        self.toolbar.addSeparator()
        self.up_action = self._action("Lên", "Chuyển lên trước nhiệm vụ cùng cấp đứng trước", ["Ctrl+Up"],
                                      lambda: self._tree_change(task_store.move_task_up))
        self.down_action = self._action("Xuống", "Chuyển xuống sau nhiệm vụ cùng cấp đứng sau", ["Ctrl+Down"],
                                        lambda: self._tree_change(task_store.move_task_down))
        self.indent_action = self._action("Thụt vào", "Thành nhiệm vụ con của nhiệm vụ cùng cấp đứng trước",
                                          ["Ctrl+Right"], lambda: self._tree_change(task_store.indent_task))
        self.outdent_action = self._action("Lùi ra", "Thành nhiệm vụ cùng cấp, đứng ngay sau nhiệm vụ cha",
                                           ["Ctrl+Left"], lambda: self._tree_change(task_store.outdent_task))
        self.toolbar.addSeparator()
        self.derive_action = self.toolbar.addAction(DERIVE_TEXT, self.derive_plan)
        self.derive_action.setIconText(DERIVE_TEXT)  # the toolbar keeps the "…": a wizard opens
        self.derive_action.setToolTip("Lập kế hoạch của đơn vị mình để thực hiện kế hoạch này")

        self.model = TaskTreeModel(self)
        self.proxy = TaskFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.tree = QTreeView()
        self.tree.setObjectName("taskTree")
        self.tree.setModel(self.proxy)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setExpandsOnDoubleClick(False)  # double-click edits, the arrow folds
        self.tree.setUniformRowHeights(True)
        self.tree.setWordWrap(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setItemDelegateForColumn(COL_CONTENT, ContentDelegate(self.tree))
        self.tree.setIndentation(14)  # the TT column holds the tree; keep room for "a)" three levels down
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        for column, width in COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        header.setSectionResizeMode(COL_CONTENT, header.ResizeMode.Stretch)
        # Not `activated`: some desktops activate on a single click, which would open the editor.
        self.tree.doubleClicked.connect(lambda _index: self.edit_task())
        self.tree.selectionModel().currentChanged.connect(lambda *_: self._update_actions())
        self.tree.expanded.connect(lambda index: self._expansion_changed(index, False))
        self.tree.collapsed.connect(lambda index: self._expansion_changed(index, True))
        for action in (self.edit_action, self.delete_action, self.up_action, self.down_action,
                       self.indent_action, self.outdent_action):
            self.tree.addAction(action)  # these keys act on the tree, not while typing in the search box
        find = QAction(self)
        find.setShortcut(QKeySequence("Ctrl+F"))
        find.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.triggered.connect(self.search.setFocus)
        self.addAction(find)

        self.empty_label = QLabel()
        self.empty_label.setObjectName("tasksEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tree)
        self.stack.addWidget(self.empty_label)
        self.summary = QLabel()
        self.summary.setObjectName("tasksSummary")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.summary)

        context.database_opened.connect(self._database_opened)
        context.data_changed.connect(self._data_changed)
        self.refresh()

    def _action(self, text: str, tip: str, keys: list, slot, owner: QWidget | None = None) -> QAction:
        action = QAction(text, self)
        shortcuts = [QKeySequence(key) for key in keys]
        action.setShortcuts(shortcuts)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{tip} ({shortcuts[0].toString(QKeySequence.SequenceFormat.NativeText)})")
        action.triggered.connect(slot)
        self.toolbar.addAction(action)
        if owner is not None:
            owner.addAction(action)
        return action

    # ------------------------------------------------------------ loading
    def _data_changed(self, what: str) -> None:
        if what == Change.PLANS:
            self.refresh()
        elif what in (Change.TASKS, Change.UNITS, Change.PROGRESS):
            self.reload_tasks()

    def _database_opened(self) -> None:
        self._collapsed.clear()  # ids of another file
        self.refresh()

    def refresh(self) -> None:
        """Reload the plan list and the current plan's tasks."""
        self.plan_combo.reload()  # emits plan_changed, which reloads the rest

    def reload_tasks(self) -> None:
        self.plan = self.plan_combo.current_plan()
        keep = self._pending_current if self._pending_current is not None else self.current_task_id()
        self._pending_current = None
        if self.plan is None:
            self.model.set_tasks([])
        else:
            db = self.context.db
            # One query for the whole plan: every open occurrence with its status as of today.
            rows = deadline_rows(db, date.today(), self._warn_days(), plan_id=self.plan.id)
            counts = statuses_by_task((row.task_id, row.status) for row in rows)
            # A received task passed down stands where the work made from it stands.
            for rolled in rollup(db, self.plan.id, date.today(), self._warn_days()):
                if rolled.derived:
                    parts = statuses_by_task((rolled.task_id, unit.status) for unit in rolled.units)
                    counts[rolled.task_id] = parts.get(rolled.task_id, {})
            self.model.set_tasks(task_store.list_tasks(db, self.plan.id), counts)
        self._restore_view(keep)

    def _warn_days(self) -> int:
        return int(get_setting(self.context.db, "warn_days"))

    def _restore_view(self, current_id: int | None) -> None:
        self._tracking_expansion = False
        self.tree.expandAll()
        if not self.proxy.active:
            for task_id in self._collapsed:
                self.tree.collapse(self.proxy.mapFromSource(self.model.index_of(task_id)))
        self._tracking_expansion = True
        index = self.proxy.mapFromSource(self.model.index_of(current_id))
        if not index.isValid() and self.proxy.rowCount() > 0:
            index = self.proxy.index(0, 0)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        self._show_state()
        self._update_actions()

    def _show_state(self) -> None:
        if self.plan is None:
            self.empty_label.setText(NO_PLAN_TEXT if self.plan_combo.plans else NO_PLANS_TEXT)
        elif self.model.task_count() == 0:
            self.empty_label.setText(NO_TASKS_TEXT)
        elif self.proxy.rowCount() == 0:
            self.empty_label.setText(f"Không có nhiệm vụ nào khớp «{self.search.text().strip()}».")
        else:
            self.stack.setCurrentWidget(self.tree)
            found = (f"{self.proxy.match_count()} nhiệm vụ khớp «{self.search.text().strip()}» · "
                     if self.proxy.active else "")
            self.summary.setText(found + self.model.summary_text())
            return
        self.stack.setCurrentWidget(self.empty_label)
        self.summary.setText("")

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._restore_view(self.current_task_id())

    def _expansion_changed(self, index: QModelIndex, collapsed: bool) -> None:
        if not self._tracking_expansion or self.proxy.active:
            return
        task_id = self.model.task_at(self.proxy.mapToSource(index)).id
        if collapsed:
            self._collapsed.add(task_id)
        else:
            self._collapsed.discard(task_id)

    # ----------------------------------------------------------- current
    def current_task(self) -> Task | None:
        return self.model.task_at(self.proxy.mapToSource(self.tree.currentIndex()))

    def current_task_id(self) -> int | None:
        task = self.current_task()
        return task.id if task is not None else None

    def select_task(self, task_id: int) -> None:
        self.tree.setCurrentIndex(self.proxy.mapFromSource(self.model.index_of(task_id)))

    def _update_actions(self) -> None:
        source = self.proxy.mapToSource(self.tree.currentIndex())
        task = self.model.task_at(source)
        has_plan, has_task = self.plan is not None, task is not None
        siblings = self.model.rowCount(source.parent()) if has_task else 0
        self.add_action.setEnabled(has_plan)
        self.derive_action.setEnabled(has_plan)
        self.add_child_action.setEnabled(has_task)
        self.edit_action.setEnabled(has_task)
        self.delete_action.setEnabled(has_task)
        self.up_action.setEnabled(has_task and source.row() > 0)
        self.down_action.setEnabled(has_task and source.row() < siblings - 1)
        self.indent_action.setEnabled(has_task and source.row() > 0)
        self.outdent_action.setEnabled(has_task and task.parent_id is not None)

    # ----------------------------------------------------------- changes
    def add_task(self) -> None:
        """A new task at the level of the current one, right after it (first task: top level)."""
        if self.plan is None:
            return
        current = self.current_task()
        if current is None:
            last = self.model.children_of(None)
            ordinal = next_ordinal(last[-1].ordinal) if last else "I"
            new = Task(plan_id=self.plan.id, content="", ordinal=ordinal,
                       kind=last[-1].kind if last else TaskKind.TASK)
        else:
            new = Task(plan_id=self.plan.id, content="", ordinal=next_ordinal(current.ordinal),
                       kind=current.kind, parent_id=current.parent_id)
        self._open_dialog(new, place_after=current)

    def add_child_task(self) -> None:
        parent = self.current_task()
        if self.plan is None or parent is None:
            return
        children = self.model.children_of(parent.id)
        ordinal = next_ordinal(children[-1].ordinal) if children else first_child_ordinal(parent.ordinal)
        self._open_dialog(Task(plan_id=self.plan.id, content="", ordinal=ordinal, parent_id=parent.id))

    def edit_task(self) -> None:
        task = self.current_task()
        if self.plan is not None and task is not None:
            self._open_dialog(task)

    def make_dialog(self, task: Task, place_after: Task | None = None) -> TaskDialog:
        """The dialog for `task` (new when its id is None); tests drive it before `exec`."""
        return TaskDialog(self.context, self.plan, task, place_after=place_after, parent=self)

    def _open_dialog(self, task: Task, place_after: Task | None = None) -> None:
        dialog = self.make_dialog(task, place_after)
        if dialog.exec() == TaskDialog.DialogCode.Accepted and dialog.saved_task is not None:
            self._pending_current = dialog.saved_task.id
            self.context.changed(Change.TASKS)
            if dialog.saved_note and isinstance(window := self.window(), QMainWindow):
                window.statusBar().showMessage(dialog.saved_note, 15000)

    def delete_task(self) -> None:
        source = self.proxy.mapToSource(self.tree.currentIndex())
        task = self.model.task_at(source)
        if task is None:
            return
        row = self.model.row_at(source)
        below = self.model.descendant_count(task.id)
        what = f"«{row.path or task.ordinal} {one_line(task.title or task.content)[:80]}»"
        extra = f" cùng {below} nhiệm vụ con" if below else ""
        these = "các nhiệm vụ này" if below else "nhiệm vụ này"
        derived = derived_count(self.context.db, self._subtree_ids(task.id))
        chain = (f"\n\n{derived} nhiệm vụ của kế hoạch khác được triển khai từ {these}; chúng vẫn được giữ "
                 "nhưng mất liên kết tới nhiệm vụ nguồn." if derived else "")
        answer = QMessageBox.question(
            self, "Xóa nhiệm vụ",
            f"Xóa nhiệm vụ {what}{extra}?\n\nPhân công và tiến độ đã báo cáo của "
            f"{these} cũng bị xóa. Không hoàn tác được.{chain}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        # Land on the next sibling, else the previous one, else the parent.
        if source.row() + 1 < self.model.rowCount(source.parent()):
            neighbour = source.siblingAtRow(source.row() + 1)
        else:
            neighbour = source.siblingAtRow(source.row() - 1) if source.row() > 0 else source.parent()
        following = self.model.task_at(neighbour)
        if attempt(self, lambda: task_store.delete_task(self.context.db, task.id), "Không xóa được nhiệm vụ"):
            self._pending_current = following.id if following is not None else None
            self.context.changed(Change.TASKS)

    def _subtree_ids(self, task_id: int) -> list[int]:
        ids, pending = [], [task_id]
        while pending:
            ids.append(pending.pop())
            pending.extend(child.id for child in self.model.children_of(ids[-1]))
        return ids

    def derive_plan(self) -> None:
        if self.plan is not None:
            derive_implementation_plan(self, self.context, self.plan.id)  # the chooser follows the new plan

    def _tree_change(self, change: Callable[[Database, int], Task]) -> None:
        task = self.current_task()
        if task is None:
            return
        if attempt(self, lambda: change(self.context.db, task.id), "Không chuyển được nhiệm vụ"):
            self._pending_current = task.id
            self.context.changed(Change.TASKS)

    # -------------------------------------------------------------- state
    def save_state(self, settings) -> None:
        settings.setValue(SETTINGS_HEADER, self.tree.header().saveState())

    def restore_state(self, settings) -> None:
        state = settings.value(SETTINGS_HEADER)
        if isinstance(state, QByteArray):
            self.tree.header().restoreState(state)
