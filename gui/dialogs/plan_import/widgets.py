"""Cell editors and painters of the import preview: a unit chooser, a comparator, inferred-value tints.

`UnitChoiceCombo` is an editable combo box whose typed text filters the offered units by
search key ("phong noi vu" finds "Phòng Nội vụ"); `UnitChoiceDelegate` puts it in the
"Đơn vị trong danh mục" column of the units table and draws that cell as a combo box, so the
choice is visibly a choice. `ComparatorDelegate` edits an indicator's comparison.
`InferredDelegate` tints the task cells whose values the importer read out of a sentence and
shows that sentence as the cell's tooltip; the cells stay editable as before.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QCompleter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionComboBox,
    QToolTip,
    QWidget,
)

from core.importing import Inference
from core.vntext import search_key
from gui.dialogs.plan_import.review import inference_lines
from gui.models import import_tasks
from gui.models.import_indicators import COMPARATOR_LABELS
from gui.models.import_tasks import split_names
from gui.models.import_units import ImportUnitModel, UnitChoice

Index = QModelIndex | QPersistentModelIndex
SEARCH_KEY_ROLE = Qt.ItemDataRole.UserRole + 30
# A second tint, told apart from the yellow of "unsure" and the blue of "new unit".
INFERRED_BACKGROUND = "#e9e1fb"
# The inference fields each task column shows; "owner" is the issuer taking a task that names no unit.
INFERRED_FIELDS = {
    import_tasks.COL_LEAD: ("lead", "owner"),
    import_tasks.COL_SUPPORT: ("support",),
    import_tasks.COL_TIMEFRAME: ("timeframe",),
}


class _SearchProxy(QSortFilterProxyModel):
    """Rows whose search key contains every typed word, diacritics and case ignored."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._words: list[str] = []

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._words = search_key(text).split()
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        key = self.sourceModel().index(source_row, 0, source_parent).data(SEARCH_KEY_ROLE) or ""
        return all(word in key for word in self._words)


class UnitChoiceCombo(QComboBox):
    """The offered (label, UnitChoice) pairs; typing filters them without regard to diacritics."""

    def __init__(self, options: Sequence[tuple[str, UnitChoice]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        for row, (label, choice) in enumerate(options):
            self.addItem(label, choice)
            self.setItemData(row, search_key(label), SEARCH_KEY_ROLE)
        self.search_model = _SearchProxy(self)
        self.search_model.setSourceModel(self.model())
        completer = QCompleter(self.search_model, self)
        # The proxy does the filtering; the completer only shows what is left.
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCompleter(completer)
        self.lineEdit().textEdited.connect(self._search)
        self.lineEdit().returnPressed.connect(self._take_typed)
        self.lineEdit().setPlaceholderText("Gõ để tìm đơn vị (không cần dấu)…")
        self.setToolTip("Chọn đơn vị trong danh mục; gõ vài chữ để tìm (không cần dấu)")

    def _search(self, text: str) -> None:
        self.search_model.set_search(text)
        if self.search_model.rowCount() and text.strip():
            self.completer().complete()

    def _take_typed(self) -> None:
        # Enter after typing a search takes the first unit found, as if picked from the list.
        if self.lineEdit().text() != self.itemText(self.currentIndex()) and self.choose_first_match():
            self.activated.emit(self.currentIndex())

    def set_choice(self, choice: UnitChoice) -> None:
        # Compared in Python: QVariant cannot compare wrapped Python objects.
        row = next((row for row in range(self.count()) if self.itemData(row) == choice), 0)
        self.setCurrentIndex(row)
        self.lineEdit().selectAll()  # typing replaces the shown choice with a search

    def choice(self) -> UnitChoice:
        return self.currentData()

    def choose_first_match(self) -> bool:
        """Take the first unit the typed search leaves (what Enter in the popup would pick)."""
        if not self.search_model.rowCount():
            return False
        source = self.search_model.mapToSource(self.search_model.index(0, 0))
        self.setCurrentIndex(source.row())
        return True


class UnitChoiceDelegate(QStyledItemDelegate):
    """Edits an ImportUnitModel choice cell with a UnitChoiceCombo."""

    def createEditor(self, parent: QWidget, option, index: Index) -> QWidget:
        model: ImportUnitModel = index.model()
        editor = UnitChoiceCombo(model.options(index.row()), parent)
        editor.activated.connect(lambda _row: self._commit(editor))
        return editor

    def _commit(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.SubmitModelCache)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        editor.set_choice(index.data(Qt.ItemDataRole.EditRole))

    def setModelData(self, editor: QWidget, model, index: Index) -> None:
        model.setData(index, editor.choice(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option, index: Index) -> None:
        editor.setGeometry(option.rect)

    def paint(self, painter, option, index: Index) -> None:
        # Drawn as a combo box so the cell reads as "pick something here".
        style = option.widget.style() if option.widget else QApplication.style()
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        if background is not None:
            painter.fillRect(option.rect, background)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        box = QStyleOptionComboBox()
        box.rect = option.rect.adjusted(2, 2, -2, -2)
        box.state = option.state | QStyle.StateFlag.State_Enabled
        box.state &= ~QStyle.StateFlag.State_Selected
        box.currentText = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        box.palette = option.palette
        style.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, box, painter, option.widget)
        style.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, box, painter, option.widget)

    def sizeHint(self, option, index: Index):
        hint = super().sizeHint(option, index)
        hint.setHeight(max(hint.height(), 28))
        return hint


class ComparatorDelegate(QStyledItemDelegate):
    """Edits an indicator's comparator (">=", ">", "=", "<=", "<") with a combo of readable labels."""

    def createEditor(self, parent: QWidget, option, index: Index) -> QWidget:
        editor = QComboBox(parent)
        for symbol, label in COMPARATOR_LABELS.items():
            editor.addItem(label, symbol)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor: QWidget, model, index: Index) -> None:
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class InferredDelegate(QStyledItemDelegate):
    """Paints inferred task cells in their own tint and gives them their source sentence as tooltip.

    The inferences come keyed by task path; a cell counts as inferred while it still holds an
    inferred value, so a value the user typed over loses its tint. A cell the model already
    marks unsure keeps the unsure tint: a problem outranks an explanation.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._inferred: Mapping[str, Sequence[Inference]] = {}

    def set_inferred(self, inferred: Mapping[str, Sequence[Inference]]) -> None:
        self._inferred = dict(inferred)

    def lines(self, index: Index) -> list[str]:
        """The explanation of an inferred cell, one line per source sentence; empty when not inferred."""
        fields = INFERRED_FIELDS.get(index.column())
        inferences = self._inferred.get(index.data(import_tasks.PATH_ROLE) or "")
        if not fields or not inferences:
            return []
        text = index.data(Qt.ItemDataRole.EditRole) or ""
        values = (text,) if index.column() == import_tasks.COL_TIMEFRAME else split_names(text)
        return inference_lines(inferences, fields, values)

    def is_tinted(self, index: Index) -> bool:
        return bool(self.lines(index)) and index.data(Qt.ItemDataRole.BackgroundRole) is None

    def initStyleOption(self, option, index: Index) -> None:
        super().initStyleOption(option, index)
        if self.is_tinted(index):
            option.backgroundBrush = QBrush(QColor(INFERRED_BACKGROUND))

    def helpEvent(self, event, view, option, index: Index) -> bool:
        lines = self.lines(index) if event.type() == QEvent.Type.ToolTip else []
        if not lines:
            return super().helpEvent(event, view, option, index)
        # The model's own tip (the names, how a timeframe is read, a problem) follows the sentence.
        own = index.data(Qt.ItemDataRole.ToolTipRole)
        # Rich text so that a long sentence wraps instead of making a screen-wide tooltip.
        body = "<br>".join(html.escape(line) for line in [*lines, *([""] + own.splitlines() if own else [])])
        QToolTip.showText(event.globalPos(), f"<p>{body}</p>", view, option.rect)
        return True
