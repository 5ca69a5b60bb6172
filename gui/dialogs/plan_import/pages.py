"""The tabs of the import preview that show tables: tasks, units, basis lines, indicators, responsibilities.

Each page holds its model and view and knows only its own layout; the dialog wires them
together (dialog.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QCursor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QTableView,
    QToolTip,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from core.importing import Inference
from gui.dialogs.plan_import.review import after_dash
from gui.dialogs.plan_import.widgets import (
    INFERRED_BACKGROUND,
    INFERRED_FIELDS,
    ComparatorDelegate,
    InferredDelegate,
    UnitChoiceDelegate,
)
from gui.models import import_basis, import_indicators, import_tasks, import_units
from gui.models.import_basis import BasisModel, LinkResolver, ResponsibilityModel
from gui.models.import_indicators import IndicatorModel
from gui.models.import_tasks import ImportTaskModel
from gui.models.import_units import ImportUnitModel

EDIT_TRIGGERS = (
    QAbstractItemView.EditTrigger.DoubleClicked
    | QAbstractItemView.EditTrigger.SelectedClicked
    | QAbstractItemView.EditTrigger.EditKeyPressed
)


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #444;")
    return label


class _EnterEdits(QObject):
    """Enter edits the current cell as F2 does; an open editor still gets its Enter (to commit)."""

    def eventFilter(self, view, event) -> bool:
        if (event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not event.modifiers() and view.state() != QAbstractItemView.State.EditingState):
            return view.edit(view.currentIndex(), QAbstractItemView.EditTrigger.EditKeyPressed, event)
        return False


def _enter_edits(view: QAbstractItemView) -> None:
    view.installEventFilter(_EnterEdits(view))


def _table(model) -> QTableView:
    view = QTableView()
    _enter_edits(view)
    view.setModel(model)
    view.setEditTriggers(EDIT_TRIGGERS)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setHighlightSections(False)
    return view


class _PanelDelegate(QStyledItemDelegate):
    """Cells whose text is long (title, content) are edited in the panel below the tree, not in place."""

    panel_requested = Signal()

    def createEditor(self, parent, option, index):
        self.panel_requested.emit()
        return None


def _legend() -> QLabel:
    swatch = '<span style="background: {}; color: #333;">&nbsp;{}&nbsp;</span>'
    label = QLabel(
        f"{swatch.format(import_tasks.UNSURE_BACKGROUND, import_tasks.UNSURE_MARK)} chương trình chưa chắc, "
        f"cần xem lại &nbsp;&nbsp; {swatch.format(INFERRED_BACKGROUND, '&nbsp;&nbsp;')} chương trình suy ra "
        "từ câu trong văn bản (di chuột lên ô, hoặc xem khung dưới, để thấy câu đó)")
    label.setObjectName("importTaskLegend")
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    return label


class TaskPage(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = ImportTaskModel(parent=self)
        self.tree = QTreeView()
        self.tree.setObjectName("importTaskTree")
        self.tree.setModel(self.model)
        self.inferred_delegate = InferredDelegate(self.tree)
        self.tree.setItemDelegate(self.inferred_delegate)
        _enter_edits(self.tree)
        self.tree.setEditTriggers(EDIT_TRIGGERS)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setColumnHidden(import_tasks.COL_TITLE, True)
        self._panel_delegate = _PanelDelegate(self.tree)
        self._panel_delegate.panel_requested.connect(lambda: self.content_edit.setFocus())
        self.tree.setItemDelegateForColumn(import_tasks.COL_CONTENT, self._panel_delegate)
        header = self.tree.header()
        header.setStretchLastSection(False)
        self.tree.setIndentation(16)
        for column, width in ((import_tasks.COL_PATH, 110), (import_tasks.COL_LEAD, 170),
                              (import_tasks.COL_SUPPORT, 170), (import_tasks.COL_TIMEFRAME, 200)):
            self.tree.setColumnWidth(column, width)
        header.setSectionResizeMode(import_tasks.COL_CONTENT, QHeaderView.ResizeMode.Stretch)

        self.where = QLabel()
        self.where.setStyleSheet("font-weight: bold;")
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("importTaskTitle")
        self.content_edit = QPlainTextEdit()
        self.content_edit.setObjectName("importTaskContent")
        self.content_edit.setTabChangesFocus(True)
        # The sentences behind the current task's inferred cells, for whoever works without a mouse.
        self.inferred_label = QLabel()
        self.inferred_label.setObjectName("importTaskInferred")
        self.inferred_label.setWordWrap(True)
        self.inferred_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.inferred_label.setStyleSheet(f"background: {INFERRED_BACKGROUND}; padding: 3px;")
        panel = QWidget()
        form = QFormLayout(panel)
        form.setContentsMargins(0, 4, 0, 0)
        form.addRow(self.where)
        form.addRow(self.inferred_label)
        form.addRow("Tiêu đề:", self.title_edit)
        form.addRow("Nội dung:", self.content_edit)
        self.title_edit.textChanged.connect(lambda text: self._write(import_tasks.COL_TITLE, text))
        self.content_edit.textChanged.connect(
            lambda: self._write(import_tasks.COL_CONTENT, self.content_edit.toPlainText()))

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tree)
        splitter.addWidget(panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(_hint(
            "Sửa ô Chủ trì, Phối hợp, Thời gian ngay trong bảng (F2 hoặc nhấp đúp); nhiều đơn vị cách "
            "nhau bằng «;». Tiêu đề và nội dung sửa ở khung dưới. Ô tô vàng có dấu «?» là chỗ chương trình "
            "chưa chắc."))
        layout.addWidget(_legend())
        layout.addWidget(splitter, 1)
        self.tree.selectionModel().currentRowChanged.connect(self._show_current)
        self.model.dataChanged.connect(self._show_inferred)
        self._loading = False

    def set_roots(self, roots, inferred: Mapping[str, Sequence[Inference]] | None = None) -> None:
        """Show the task tree; `inferred` (by task path) are the values read out of sentences."""
        self.inferred_delegate.set_inferred(inferred or {})
        self.model.set_roots(roots)
        self.tree.expandAll()
        self.tree.setCurrentIndex(self.model.index(0, 0))
        self._show_current()

    def select_path(self, path: str) -> None:
        index = self.model.index_of_path(path, import_tasks.COL_LEAD)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
            self.tree.setFocus()

    def _current(self) -> QModelIndex:
        return self.tree.currentIndex().siblingAtColumn(0)

    def _show_current(self, *_args) -> None:
        index = self._current()
        self._loading = True
        enabled = index.isValid()
        edit = Qt.ItemDataRole.EditRole
        path = index.data(import_tasks.PATH_ROLE)
        self.where.setText(f"Nhiệm vụ {path}" if enabled else "Chưa chọn nhiệm vụ")
        title = index.siblingAtColumn(import_tasks.COL_TITLE).data(edit) if enabled else ""
        content = index.siblingAtColumn(import_tasks.COL_CONTENT).data(edit) if enabled else ""
        self.title_edit.setText(title)
        self.content_edit.setPlainText(content)
        self.title_edit.setEnabled(enabled)
        self.content_edit.setEnabled(enabled)
        self._loading = False
        self._show_inferred()

    def inferred_text(self, index: QModelIndex) -> str:
        """What the current row's inferred cells come from: "Chủ trì — suy ra từ câu: “…”", one per line."""
        lines = []
        for column in INFERRED_FIELDS:
            cell = index.siblingAtColumn(column)
            heading = self.model.headerData(column, Qt.Orientation.Horizontal).split(" →")[0]
            lines += [after_dash(heading, line) for line in self.inferred_delegate.lines(cell)]
        return "\n".join(lines)

    def _show_inferred(self, *_args) -> None:
        index = self._current()
        text = self.inferred_text(index) if index.isValid() else ""
        self.inferred_label.setText(text)
        self.inferred_label.setVisible(bool(text))

    def _write(self, column: int, text: str) -> None:
        index = self._current()
        if not self._loading and index.isValid():
            self.model.setData(index.siblingAtColumn(column), text)


class UnitPage(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = ImportUnitModel(self)
        self.table = _table(self.model)
        self.table.setObjectName("importUnitTable")
        self.table.setEditTriggers(EDIT_TRIGGERS | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.setItemDelegateForColumn(import_units.COL_CHOICE, UnitChoiceDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(import_units.COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(import_units.COL_CHOICE, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(import_units.COL_TASKS, 130)
        self.table.setColumnWidth(import_units.COL_OUTCOME, 150)
        self.empty = _hint("Các nhiệm vụ chưa nêu đơn vị nào. Có thể nhập đơn vị ở thẻ «Nhiệm vụ».")
        layout = QVBoxLayout(self)
        layout.addWidget(_hint(
            "Tên đơn vị trong văn bản được đối chiếu với danh mục, không phân biệt hoa thường, dấu và viết "
            "tắt («Phòng GD&ĐT» = «Phòng Giáo dục và Đào tạo», «UBND» = «Ủy ban nhân dân»). Tên chưa có "
            "sẽ được tạo mới khi lưu (nền xanh). Muốn dùng một đơn vị đã có, chọn ở cột «Đơn vị trong danh "
            "mục» (F2 rồi gõ tên, không cần dấu)."))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        self.model.modelReset.connect(lambda: self.empty.setVisible(self.model.rowCount() == 0))

    def select_name(self, name: str) -> None:
        for row, item in enumerate(self.model.rows()):
            if item.name == name:
                self.table.setCurrentIndex(self.model.index(row, import_units.COL_CHOICE))
                self.table.setFocus()
                return


class BasisPage(QWidget):
    def __init__(self, resolver: LinkResolver, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = BasisModel(resolver, self)
        self.table = _table(self.model)
        self.table.setObjectName("importBasisTable")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(import_basis.COL_TEXT, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(import_basis.COL_REFERENCE, 130)
        self.table.setColumnWidth(import_basis.COL_LINK, 260)
        add = QPushButton("Thêm căn cứ")
        add.setToolTip("Thêm một dòng căn cứ (Insert)")
        add.clicked.connect(self.add_line)
        shortcut = QShortcut(QKeySequence(Qt.Key.Key_Insert), self.table)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(self.add_line)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(_hint(
            "Các văn bản làm căn cứ. Văn bản nào có số hiệu trùng một kế hoạch đã có trong dữ liệu sẽ được "
            "nối với kế hoạch đó khi lưu, để xem được chuỗi kế hoạch cấp trên – cấp dưới. Bỏ đánh dấu dòng "
            "nào thì dòng đó không được lưu; F2 để sửa."))
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def add_line(self) -> None:
        index = self.model.add_line()
        self.table.setCurrentIndex(index)
        self.table.edit(index)


class IndicatorPage(QWidget):
    def __init__(self, task_paths, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = IndicatorModel(task_paths, self)
        self.table = _table(self.model)
        self.table.setObjectName("importIndicatorTable")
        self.table.setItemDelegateForColumn(import_indicators.COL_COMPARATOR, ComparatorDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(import_indicators.COL_TEXT, QHeaderView.ResizeMode.Stretch)
        for column, width in ((import_indicators.COL_COMPARATOR, 70), (import_indicators.COL_VALUE, 70),
                              (import_indicators.COL_MEASURE, 110), (import_indicators.COL_NUMERATOR, 60),
                              (import_indicators.COL_DENOMINATOR, 65), (import_indicators.COL_DEADLINE, 160),
                              (import_indicators.COL_TASK, 80)):
            self.table.setColumnWidth(column, width)
        self.empty = _hint("Không thấy chỉ tiêu nào (con số cần đạt) trong văn bản.")
        self.refused = QLabel()
        self.refused.setObjectName("indicatorEditRefused")
        self.refused.setWordWrap(True)
        self.refused.setStyleSheet("color: #b00020;")
        self.refused.hide()
        self.model.edit_refused.connect(self._show_refusal)
        layout = QVBoxLayout(self)
        layout.addWidget(_hint(
            "Các con số cần đạt tìm thấy trong văn bản. Sửa ô nào thì chọn ô đó và nhấn F2; bỏ đánh dấu "
            "những dòng không phải chỉ tiêu."))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.refused)
        layout.addWidget(self.empty)
        self.model.modelReset.connect(lambda: self.empty.setVisible(self.model.rowCount() == 0))


    def _show_refusal(self, reason: str) -> None:
        self.refused.setText(f"Không sửa được — {reason}. Ô giữ giá trị cũ." if reason else "")
        self.refused.setVisible(bool(reason))
        if reason:
            QToolTip.showText(QCursor.pos(), self.refused.text(), self.table)


class ResponsibilityPage(QWidget):
    """Who the document charges with what; a unit can be made the lead of tasks that have none."""

    assign_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = ResponsibilityModel(self)
        self.table = _table(self.model)
        self.table.setObjectName("importResponsibilityTable")
        self.table.setColumnWidth(0, 260)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.assign_button = QPushButton("&Giao chủ trì các nhiệm vụ chưa có đơn vị cho đơn vị này")
        self.assign_button.setToolTip("Đơn vị đang chọn sẽ chủ trì mọi nhiệm vụ chưa có đơn vị chủ trì")
        self.assign_button.clicked.connect(self._assign)
        self.empty = _hint("Văn bản không có mục «Tổ chức thực hiện» nêu nhiệm vụ của từng đơn vị.")
        buttons = QHBoxLayout()
        buttons.addWidget(self.assign_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(_hint(
            "Phần «Tổ chức thực hiện» của văn bản: đơn vị nào được giao việc gì (di chuột để xem đầy đủ). "
            "Phần này để đối chiếu; việc giao đơn vị cho từng nhiệm vụ nằm ở thẻ «Nhiệm vụ»."))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        self.model.modelReset.connect(self._update)
        self.table.selectionModel().selectionChanged.connect(self._update)

    def set_responsibilities(self, rows) -> None:
        self.model.set_responsibilities(rows)
        if rows:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def _update(self, *_args) -> None:
        empty = self.model.rowCount() == 0
        self.empty.setVisible(empty)
        self.table.setVisible(not empty)
        self.assign_button.setEnabled(self.table.currentIndex().isValid())

    def _assign(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.assign_requested.emit(self.model.unit_at(index.row()))
