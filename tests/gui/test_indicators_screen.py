"""The "Chỉ tiêu" screen: a plan's targets with their figures, achievement and verdict; adding,
correcting and deleting targets and figures through the dialogs; filtering; keyboard."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from core.importing import read_plan_file, to_domain
from core.model import Indicator, IndicatorValue, Plan, Task, Unit
from gui.dialogs.indicator_dialog import IndicatorDialog
from gui.dialogs.indicator_value_dialog import IndicatorValueDialog
from gui.models.indicator_table import (
    COL_ACTUAL,
    COL_FIGURE,
    COL_RATE,
    COL_TARGET,
    COL_TASK,
    COL_TEXT,
    COL_UNIT,
    COL_VERDICT,
    WHOLE_PLAN,
    IndicatorTableModel,
    IndicatorValueModel,
    build_indicator_rows,
)
from gui.views.indicators import NO_INDICATORS_TEXT, NO_PLAN_TEXT, NO_PLANS_TEXT, IndicatorsScreen
from storage.indicators import indicator_values, list_indicators, record_indicator_value, save_indicator
from storage.plan_import import save_imported_plan
from storage.plans import save_plan
from storage.tasks import list_tasks, save_task
from storage.units import save_unit


@pytest.fixture
def plan(context):
    return save_plan(context.db, Plan(title="Nâng cao chất lượng giáo dục năm học 2024-2025", number="12",
                                      symbol="KH-PGDĐT", issued_on=date(2024, 9, 5)))


@pytest.fixture
def screen(qtbot, context, plan):
    context.select_plan(plan.id)
    widget = IndicatorsScreen(context)
    qtbot.addWidget(widget)
    return widget


def _indicator(context, plan, text="Tỷ lệ huy động trẻ mẫu giáo ra lớp", **fields) -> Indicator:
    fields.setdefault("target_value", 98)
    saved = save_indicator(context.db, Indicator(plan_id=plan.id, text=text, **fields))
    context.changed("indicators")
    return saved


def _cell(screen, indicator_id, column):
    index = screen.proxy.mapFromSource(screen.model.index(screen.model.row_of(indicator_id), column))
    return index.data()


def _column(screen, column) -> list[str]:
    return [screen.proxy.index(row, column).data() for row in range(screen.proxy.rowCount())]


def _doing(fill):
    """Replace a dialog's exec: fill the real widgets, press Lưu, return what the dialog decided."""

    def exec_(dialog) -> int:
        fill(dialog)
        dialog.accept()
        return dialog.result()

    return exec_


def test_empty_states_say_what_to_do(qtbot, context):
    widget = IndicatorsScreen(context)
    qtbot.addWidget(widget)
    assert widget.stack.currentWidget() is widget.empty_label
    assert widget.empty_label.text() == NO_PLANS_TEXT
    assert not widget.add_button.isEnabled()
    plan = save_plan(context.db, Plan(title="Kế hoạch chưa có chỉ tiêu"))
    context.changed("plans")
    assert widget.empty_label.text() == NO_PLAN_TEXT
    context.select_plan(plan.id)
    assert widget.empty_label.text() == NO_INDICATORS_TEXT
    assert widget.add_button.isEnabled() and widget.figures.isHidden()


def test_the_screen_follows_the_chosen_plan_and_sets_it(screen, context, plan):
    other = save_plan(context.db, Plan(title="Kế hoạch phổ cập giáo dục"))
    _indicator(context, other, "10/10 xã giữ vững chuẩn phổ cập", measure="xã", target_value=10)
    context.changed("plans")
    assert screen.model.rowCount() == 0
    context.select_plan(other.id)
    assert screen.plan_combo.currentData() == other.id
    assert _column(screen, COL_TEXT) == ["10/10 xã giữ vững chuẩn phổ cập"]
    screen.plan_combo.setCurrentIndex(screen.plan_combo.findData(plan.id))
    assert context.current_plan_id == plan.id and screen.model.rowCount() == 0


def test_sample_004_targets_are_listed_with_their_levels(qtbot, context, samples_dir):
    domain = to_domain(read_plan_file(samples_dir / "004_2b9630492192a680.txt"))
    plan = save_imported_plan(context.db, domain)
    context.select_plan(plan.id)
    widget = IndicatorsScreen(context)
    qtbot.addWidget(widget)
    count = len(list_indicators(context.db, plan.id))
    assert count >= 20 and widget.model.rowCount() == count
    targets = _column(widget, COL_TARGET)
    assert {"≥ 78,5%", "≥ 22,6%", "≥ 98,1%"} <= set(targets)
    assert set(_column(widget, COL_ACTUAL)) == {"—"}
    assert set(_column(widget, COL_VERDICT)) == {"Chưa có số liệu"}
    assert "III.2.b" in _column(widget, COL_TASK)  # the target found inside a task keeps its link
    assert widget.summary.text().startswith(f"{count} chỉ tiêu · 0 đạt")


def test_a_plan_wide_figure_sets_actual_rate_and_verdict(screen, context, plan, monkeypatch):
    target = _indicator(context, plan)
    screen.select_indicator(target.id)
    assert _cell(screen, target.id, COL_TARGET) == "≥ 98%"

    def enter(text):
        def fill(dialog: IndicatorValueDialog):
            dialog.period_edit.setText("2024-2025")
            assert dialog.unit_combo.currentText() == WHOLE_PLAN
            dialog.value_radio.setChecked(True)
            dialog.value_edit.setText(text)
        return fill

    monkeypatch.setattr(IndicatorValueDialog, "exec", _doing(enter("98,5")))
    screen.add_value()
    assert _cell(screen, target.id, COL_ACTUAL) == "98,5%"
    assert _cell(screen, target.id, COL_RATE) == "100,5%"
    assert _cell(screen, target.id, COL_VERDICT) == "Đạt"
    monkeypatch.setattr(IndicatorValueDialog, "exec", _doing(enter("97")))
    screen.edit_value()
    assert _cell(screen, target.id, COL_ACTUAL) == "97%"
    assert _cell(screen, target.id, COL_VERDICT) == "Chưa đạt"
    # the correction replaced the figure of that period instead of adding one
    [figure] = indicator_values(context.db, target.id)
    assert figure.value == 97 and screen.figures.model.rowCount() == 1
    assert screen.figures.model.index(0, COL_UNIT).data() == WHOLE_PLAN


def test_unit_counts_add_up_to_a_count_target_but_unit_percentages_do_not(screen, context, plan):
    schools = _indicator(context, plan, "41/51 trường đạt chuẩn quốc gia", measure="trường",
                         target_value=None, numerator=41, denominator=51)
    rate = _indicator(context, plan, "Tỷ lệ học sinh hoàn thành chương trình tiểu học", target_value=99)
    san_thang = save_unit(context.db, Unit(name="Trường Tiểu học San Thàng"))
    sung_phai = save_unit(context.db, Unit(name="Trường Mầm non Sùng Phài"))
    for unit, (done, total) in ((san_thang, (20, 25)), (sung_phai, (21, 26))):
        record_indicator_value(context.db, IndicatorValue(schools.id, "2025", unit.id, numerator=done,
                                                          denominator=total))
        record_indicator_value(context.db, IndicatorValue(rate.id, "2025", unit.id, value=99.5))
    context.changed("indicators")
    assert _cell(screen, schools.id, COL_TARGET) == "41/51 trường"
    assert _cell(screen, schools.id, COL_ACTUAL) == "41/51 trường"
    assert _cell(screen, schools.id, COL_VERDICT) == "Đạt"
    assert _cell(screen, rate.id, COL_ACTUAL) == "—"  # two schools' percentages cannot be added
    assert "không cộng được" in screen.proxy.index(1, COL_ACTUAL).data(Qt.ItemDataRole.ToolTipRole)
    screen.select_indicator(schools.id)
    assert [screen.figures.model.index(row, COL_FIGURE).data() for row in range(2)] == [
        "20/25 trường", "21/26 trường"]
    assert "Cộng số liệu của 2 đơn vị" in screen.figures.facts.text()


def test_the_figure_dialog_reads_a_decimal_comma(qtbot, context, plan):
    target = _indicator(context, plan, "41/51 trường đạt chuẩn, tỷ lệ 80,39%", target_value=80.39)
    dialog = IndicatorValueDialog(context.db, target, [])
    qtbot.addWidget(dialog)
    dialog.period_edit.setText("2025")
    dialog.value_edit.setText("80,39")
    assert "Đạt" in dialog.reading.text()
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [(v.period, v.unit_id, v.value) for v in indicator_values(context.db, target.id)] == [
        ("2025", None, 80.39)]


def test_the_figure_dialog_refuses_more_achieved_than_the_total(qtbot, context, plan):
    target = _indicator(context, plan, "Trường đạt chuẩn", measure="trường", numerator=41, denominator=51)
    school = save_unit(context.db, Unit(name="Trường THCS Sùng Phài"))
    dialog = IndicatorValueDialog(context.db, target, [school])
    qtbot.addWidget(dialog)
    assert dialog.ratio_radio.isChecked()  # a count target asks for a count
    dialog.period_edit.setText("2025")
    dialog.unit_combo.setCurrentIndex(dialog.unit_combo.findData(school.id))
    dialog.numerator_edit.setText("52")
    dialog.denominator_edit.setText("51")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert not dialog.ratio_error.isHidden()
    assert dialog.ratio_error.text() == "Số đạt (52) không được lớn hơn tổng số (51)"
    dialog.denominator_edit.setText("0")
    dialog.accept()
    assert dialog.ratio_error.text() == "Tổng số phải lớn hơn 0"
    dialog.value_radio.setChecked(True)
    dialog.accept()
    assert dialog.value_error.text().startswith("Nhập giá trị")
    dialog.period_edit.clear()
    dialog.accept()
    assert not dialog.period_error.isHidden()
    assert indicator_values(context.db, target.id) == []


def test_add_edit_and_delete_an_indicator(screen, context, plan, monkeypatch):
    task = save_task(context.db, Task(plan_id=plan.id, ordinal="1", content="Xây dựng trường chuẩn quốc gia"))
    context.changed("tasks")

    def add(dialog: IndicatorDialog):
        dialog.text_edit.setPlainText("09 trường đạt chuẩn quốc gia (lũy kế)")
        dialog.task_combo.setCurrentIndex(dialog.task_combo.findData(task.id))
        dialog.measure_combo.setCurrentText("trường")
        dialog.comparator_combo.setCurrentIndex(dialog.comparator_combo.findData("="))
        dialog.target_edit.setText("9")
        dialog.deadline_edit.setText("năm học 2024-2025")
        dialog.breakdown_edit.setPlainText("Mầm non: 5\nTiểu học: 2 trường\nTHCS 02")

    monkeypatch.setattr(IndicatorDialog, "exec", _doing(add))
    screen.add_indicator()
    [saved] = list_indicators(context.db, plan.id)
    assert (saved.measure, saved.comparator, saved.target_value, saved.task_id) == ("trường", "=", 9, task.id)
    assert saved.breakdown == (("Mầm non", 5.0), ("Tiểu học", 2.0), ("THCS", 2.0))
    assert screen.current_indicator_id() == saved.id
    assert _cell(screen, saved.id, COL_TASK) == list_tasks(context.db, plan.id)[0].path
    assert "Chi tiết: Mầm non 5 · Tiểu học 2 · THCS 2 (tổng 9)" in screen.figures.facts.text()

    def edit(dialog: IndicatorDialog):
        assert dialog.breakdown_edit.toPlainText() == "Mầm non: 5\nTiểu học: 2\nTHCS: 2"
        dialog.text_edit.setPlainText("10 trường đạt chuẩn quốc gia")
        dialog.target_edit.setText("10")

    monkeypatch.setattr(IndicatorDialog, "exec", _doing(edit))
    screen.edit_indicator()
    [edited] = list_indicators(context.db, plan.id)
    assert edited.id == saved.id and edited.target_value == 10
    assert _column(screen, COL_TEXT) == ["10 trường đạt chuẩn quốc gia"]

    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.No)
    screen.delete_indicator()
    assert len(list_indicators(context.db, plan.id)) == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    screen.delete_indicator()
    assert list_indicators(context.db, plan.id) == []
    assert screen.empty_label.text() == NO_INDICATORS_TEXT


def test_the_indicator_dialog_shows_mistakes_beside_the_fields_and_saves_nothing(qtbot, context, plan):
    dialog = IndicatorDialog(context.db, plan.id, [])
    qtbot.addWidget(dialog)
    dialog.breakdown_edit.setPlainText("Mầm non: 5\nTiểu học: 2.\nTHCS hai trường")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.text_error.text() == "Nhập nội dung chỉ tiêu"
    assert dialog.target_error.text().startswith("Nhập mức cần đạt")
    assert "Dòng 2" in dialog.breakdown_error.text()
    dialog.text_edit.setPlainText("Tỷ lệ trường đạt chuẩn")
    dialog.target_edit.setText("80,39")
    dialog.numerator_edit.setText("52")
    dialog.denominator_edit.setText("51")
    dialog.breakdown_edit.clear()
    dialog.accept()
    assert dialog.target_error.text() == "Số đạt (52) không được lớn hơn tổng số (51)"
    assert dialog.text_error.isHidden() and dialog.breakdown_error.isHidden()
    assert list_indicators(context.db, plan.id) == []


def test_the_filter_ignores_diacritics(screen, context, plan):
    _indicator(context, plan, "Duy trì huy động trẻ nhà trẻ ra lớp đạt từ 22,6% trở lên", target_value=22.6)
    _indicator(context, plan, "Trẻ mẫu giáo ra lớp đạt từ 98,1% trở lên", target_value=98.1)
    screen.search.setText("tre nha tre")
    assert _column(screen, COL_TEXT) == ["Duy trì huy động trẻ nhà trẻ ra lớp đạt từ 22,6% trở lên"]
    assert screen.summary.text().startswith("Đang hiện 1 trong số 2 chỉ tiêu")
    screen.search.setText("mau giao")
    assert _column(screen, COL_TARGET) == ["≥ 98,1%"]
    screen.search.setText("trung hoc pho thong")
    assert screen.stack.currentWidget() is screen.empty_label
    assert "Không có chỉ tiêu nào khớp" in screen.empty_label.text()


def test_keyboard_adds_edits_and_filters(screen, qtbot, context, plan, monkeypatch):
    target = _indicator(context, plan)
    screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is screen)
    opened = []
    monkeypatch.setattr(IndicatorDialog, "exec", lambda dialog: opened.append(dialog.windowTitle()) or 0)
    monkeypatch.setattr(IndicatorValueDialog, "exec", lambda dialog: opened.append(dialog.windowTitle()) or 0)
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_Insert)
    qtbot.keyClick(screen.table, Qt.Key.Key_F2)
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    qtbot.keyClick(screen.table, Qt.Key.Key_Insert, Qt.KeyboardModifier.ControlModifier)
    assert opened == ["Thêm chỉ tiêu", "Sửa chỉ tiêu", "Sửa chỉ tiêu", "Nhập số liệu chỉ tiêu"]
    qtbot.keyClick(screen.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert screen.search.hasFocus()
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    qtbot.keyClick(screen.search, Qt.Key.Key_Delete)  # in the search box Delete edits the text
    assert len(list_indicators(context.db, plan.id)) == 1
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_Delete)
    assert list_indicators(context.db, plan.id) == [] and target.id is not None


def test_models_pass_the_item_model_tester(qtbot, context, plan):
    rate = _indicator(context, plan)
    schools = _indicator(context, plan, "Trường đạt chuẩn", measure="trường", numerator=41, denominator=51)
    figure = record_indicator_value(context.db, IndicatorValue(rate.id, "2025", value=97.5, note="Ước tính"))
    model = IndicatorTableModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    ended = date(2025, 12, 31)
    model.set_rows(build_indicator_rows([rate, schools], {rate.id: [figure]}, {}, plan_end=ended))
    assert model.rowCount() == 2 and model.index(0, COL_VERDICT).data() == "Chưa đạt"
    assert model.index(0, COL_VERDICT).data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.index(1, COL_TARGET).data() == "41/51 trường"
    # The same figure before the plan's end: short of the target but not yet due.
    model.set_rows(build_indicator_rows([rate], {rate.id: [figure]}, {}, as_of=date(2025, 6, 1),
                                        plan_end=date(2025, 12, 31)))  # fmt: skip
    assert model.index(0, COL_VERDICT).data() == "Đang thực hiện"
    values = IndicatorValueModel()
    QAbstractItemModelTester(values, QAbstractItemModelTester.FailureReportingMode.Fatal)
    values.set_values(rate, [figure], {})
    assert values.index(0, COL_FIGURE).data() == "97,5%" and values.index(0, COL_UNIT).data() == WHOLE_PLAN
    values.set_values(None, [], {})
    assert values.rowCount() == 0


def test_column_widths_and_the_split_are_remembered(screen, qtbot, context, settings):
    screen.table.horizontalHeader().resizeSection(COL_TARGET, 173)
    screen.figures.table.horizontalHeader().resizeSection(COL_UNIT, 311)
    screen.save_state(settings)
    again = IndicatorsScreen(context)
    qtbot.addWidget(again)
    again.restore_state(settings)
    assert again.table.horizontalHeader().sectionSize(COL_TARGET) == 173
    assert again.figures.table.horizontalHeader().sectionSize(COL_UNIT) == 311
