"""Importing a plan document through the preview: read, correct and save it, or cancel and change nothing."""

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from core.importing import read_plan_file, to_domain
from core.model import Plan, TaskKind, Unit
from gui.dialogs.plan_import.dialog import PlanImportDialog, paste_plan_text, start_plan_import
from gui.dialogs.plan_import.paste import PasteTextDialog
from gui.dialogs.plan_import.widgets import UnitChoiceCombo
from gui.models import import_indicators, import_tasks, import_units
from gui.models.import_units import UnitChoice
from storage.indicators import list_indicators
from storage.plans import get_basis, list_plans, save_plan
from storage.tasks import list_tasks
from storage.units import find_unit, list_units, save_unit

SAMPLE_000 = "000_a704352cefaf8eca.txt"
SAMPLE_001 = "001_180f652b27df950a.txt"
SAMPLE_002 = "002_2317825042ac3b9f.txt"
SAMPLE_003 = "003_ba6238f9405d9d7b.txt"
SAMPLE_004 = "004_2b9630492192a680.txt"


@pytest.fixture
def window(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def _preview(window, context, path: Path | None = None, text: str | None = None) -> PlanImportDialog:
    start_plan_import(window, context, path=path, text=text)
    dialogs = [d for d in window.findChildren(PlanImportDialog) if d.isVisible()]
    assert len(dialogs) == 1, "the preview opens once the document is read"
    return dialogs[0]


def _save(dialog: PlanImportDialog) -> int:
    dialog.save()
    plan_id = dialog.saved_plan_id()
    assert plan_id is not None, dialog.error_label.text()
    assert not dialog.isVisible()
    return plan_id


def _dump(db) -> str:
    return "\n".join(db.conn.iterdump())


@pytest.mark.parametrize(
    "sample", [SAMPLE_000, SAMPLE_001, SAMPLE_002, SAMPLE_003, SAMPLE_004])
def test_each_sample_is_previewed_and_saved_with_its_tasks_and_units(window, context, samples_dir, sample):
    domain = to_domain(read_plan_file(samples_dir / sample))
    dialog = _preview(window, context, samples_dir / sample)
    names = [row.name for row in dialog.unit_page.model.rows()]
    assert dialog.task_page.model.paths() == [node.path for node in domain.all_tasks()]

    plan_id = _save(dialog)

    rows = list_tasks(context.db, plan_id)
    assert [row.path for row in rows] == [node.path for node in domain.all_tasks()]
    assert len(list_units(context.db)) == len(names)
    assert context.current_plan_id == plan_id
    assert len(list_indicators(context.db, plan_id)) == len(domain.indicators)


def test_sample_000_keeps_its_number_and_sample_002_gets_fifteen_led_tasks(window, context, samples_dir):
    _save(_preview(window, context, samples_dir / SAMPLE_000))
    [plan] = list_plans(context.db)
    assert plan.reference == "367/KH-UBND"

    plan_id = _save(_preview(window, context, samples_dir / SAMPLE_002))
    tasks = [row for row in list_tasks(context.db, plan_id) if row.task.kind is TaskKind.TASK]
    assert len(tasks) == 15
    assert all(row.lead_units for row in tasks)
    assert "Phòng Tài chính - Kế hoạch" in next(r for r in tasks if r.path == "VII.1").lead_units


def test_saving_announces_the_new_plan_and_units(window, context, samples_dir, qtbot):
    seen = []
    context.data_changed.connect(seen.append)
    with qtbot.waitSignal(context.plan_selected) as selected:
        plan_id = _save(_preview(window, context, samples_dir / SAMPLE_003))
    assert selected.args == [plan_id]
    assert {"plans", "units"} <= set(seen)


def test_editing_a_lead_unit_cell_changes_what_is_saved(window, context, samples_dir):
    directory = save_unit(context.db, Unit(name="Phòng Giáo dục và Đào tạo"))
    dialog = _preview(window, context, samples_dir / SAMPLE_000)
    model = dialog.task_page.model
    cell = model.index_of_path("II.3", import_tasks.COL_LEAD)
    assert cell.data() == "Ủy ban nhân dân"  # names no unit: owned by the signing body (TM.)

    assert model.setData(cell, "Phòng GD&ĐT; UBND các xã, thị trấn")
    assert cell.data() == "Phòng GD&ĐT; UBND các xã, thị trấn"
    assert cell.data(Qt.ItemDataRole.BackgroundRole) is None
    rows = {row.name: row for row in dialog.unit_page.model.rows()}
    assert rows["Phòng GD&ĐT"].matched == directory  # the abbreviation finds the directory unit
    assert rows["UBND các xã, thị trấn"].is_group
    created = dialog.unit_page.model.new_names()  # with the units other tasks' sentences name
    assert "UBND các xã, thị trấn" in created and "Phòng GD&ĐT" not in created

    plan_id = _save(dialog)
    task = next(row for row in list_tasks(context.db, plan_id) if row.path == "II.3")
    assert task.lead_units == ["Phòng Giáo dục và Đào tạo", "UBND các xã, thị trấn"]
    assert len(list_units(context.db)) == 1 + len(created)


def test_picking_an_existing_unit_in_the_units_tab_uses_it(window, context, samples_dir, qtbot):
    centre = save_unit(context.db, Unit(name="Trung tâm Văn hóa - Thể thao - Truyền thông thành phố"))
    dialog = _preview(window, context, samples_dir / SAMPLE_002)
    name = "Trung tâm Văn hoá, Thể thao và Truyền thông - thành phố Lai Châu"
    model = dialog.unit_page.model
    row = model.row_of(name)
    assert model.rows()[row].matched is None  # not recognised by itself

    dialog.show_tab("units")
    table = dialog.unit_page.table
    index = model.index(row, import_units.COL_CHOICE)
    table.setCurrentIndex(index)
    table.edit(index)
    editor = table.findChild(UnitChoiceCombo)
    qtbot.keyClicks(editor.lineEdit(), "van hoa the thao")  # without diacritics
    assert editor.search_model.rowCount() == 1
    qtbot.keyClick(editor.lineEdit(), Qt.Key.Key_Return)  # takes the one unit found
    assert model.choice(name) == UnitChoice(unit_id=centre.id)
    assert index.data() == centre.name
    assert "«" + name + "»" not in " ".join(note.line for note in dialog.notes.notes())

    before = len(list_units(context.db))
    plan_id = _save(dialog)
    assert find_unit(context.db, name) is None
    assert len(list_units(context.db)) == before + len(model.new_names())
    task = next(row for row in list_tasks(context.db, plan_id) if row.path == "V.1")
    assert centre.name in task.support_units


def test_two_spellings_can_become_one_new_unit(window, context, samples_dir):
    dialog = _preview(window, context, samples_dir / SAMPLE_002)
    model = dialog.unit_page.model
    # Two spellings 002 uses for the city's offices ("các" repeated or not is already one key).
    short, long = "Các phòng ban, ban, địa phương", "Các phòng, ban, cơ quan, đơn vị thành phố"
    offered = [choice for _, choice in model.options(model.row_of(short))]
    assert UnitChoice(merge_into=long) in offered
    cell = model.index(model.row_of(short), import_units.COL_CHOICE)
    assert model.setData(cell, UnitChoice(merge_into=long))
    created = len(model.new_names())

    plan_id = _save(dialog)
    assert len(list_units(context.db)) == created
    assert find_unit(context.db, short) is None
    task = next(row for row in list_tasks(context.db, plan_id) if row.path == "I.1")
    assert long in task.lead_units


def test_cancelling_leaves_the_database_exactly_as_it_was(window, context, samples_dir, monkeypatch):
    _save(_preview(window, context, samples_dir / SAMPLE_003))
    before = _dump(context.db)
    dialog = _preview(window, context, samples_dir / SAMPLE_002)
    model = dialog.task_page.model
    model.setData(model.index_of_path("I.2", import_tasks.COL_TIMEFRAME), "Quý II/2025")
    asked = []

    def answer(*args, **kwargs):
        asked.append(args[1])
        return QMessageBox.StandardButton.No if len(asked) == 1 else QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    dialog.reject()
    assert dialog.isVisible()  # "No": keep editing
    dialog.reject()
    assert not dialog.isVisible()
    assert len(asked) == 2
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert _dump(context.db) == before


def test_cancelling_an_unedited_preview_asks_nothing(window, context, samples_dir, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("nothing was edited"))
    dialog = _preview(window, context, samples_dir / SAMPLE_001)
    dialog.reject()
    assert not dialog.isVisible()
    assert list_plans(context.db) == []


def test_a_second_import_shows_the_duplicate_banner_and_update_keeps_one_plan(window, context, samples_dir):
    first = _save(_preview(window, context, samples_dir / SAMPLE_000))
    tasks_before = {row.path: row.task.id for row in list_tasks(context.db, first)}

    dialog = _preview(window, context, samples_dir / SAMPLE_000)
    assert dialog.banner.isVisible()
    assert [plan.id for plan in dialog.banner.plans()] == [first]
    assert not dialog.save_button.isEnabled()
    dialog.save()  # refused until the user chooses
    assert dialog.isVisible() and "cập nhật hay thêm mới" in dialog.error_label.text()

    dialog.banner.choose_update()
    assert dialog.save_button.isEnabled()
    assert _save(dialog) == first
    assert [plan.id for plan in list_plans(context.db)] == [first]
    assert {row.path: row.task.id for row in list_tasks(context.db, first)} == tasks_before


def test_a_second_import_saved_as_new_makes_two_plans(window, context, samples_dir):
    first = _save(_preview(window, context, samples_dir / SAMPLE_001))
    dialog = _preview(window, context, samples_dir / SAMPLE_001)  # no number: found by its text
    assert dialog.banner.needs_decision()
    dialog.banner.choose_new()
    second = _save(dialog)
    assert second != first
    assert sorted(plan.id for plan in list_plans(context.db)) == sorted([first, second])


def test_changing_the_number_in_the_preview_rechecks_duplicates(window, context, samples_dir):
    save_plan(context.db, Plan(title="Kế hoạch khác", number="999", symbol="KH-UBND", issued_year=2024))
    dialog = _preview(window, context, samples_dir / SAMPLE_000)
    assert not dialog.banner.isVisible()
    dialog.form.number.setText("999")
    dialog.form.number.editingFinished.emit()
    assert dialog.banner.isVisible() and dialog.banner.needs_decision()


def test_a_broken_file_gives_one_message_naming_it_and_no_preview(window, context, tmp_path, monkeypatch):
    broken = tmp_path / "ke_hoach_hong.docx"
    broken.write_bytes(b"PK\x03\x04 this is not a zip archive")
    messages = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: messages.append(text))
    start_plan_import(window, context, path=broken)
    assert len(messages) == 1
    assert "ke_hoach_hong.docx" in messages[0] and "\n" not in messages[0]
    assert window.findChildren(PlanImportDialog) == []


def test_pasted_text_imports(window, context, samples_dir, monkeypatch):
    text = (samples_dir / SAMPLE_003).read_text(encoding="utf-8")

    def paste(dialog: PasteTextDialog) -> int:
        assert not dialog.read_button.isEnabled()
        dialog.edit.setPlainText(text)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(PasteTextDialog, "exec", paste)
    paste_plan_text(window, context)
    [dialog] = window.findChildren(PlanImportDialog)
    plan_id = _save(dialog)
    [plan] = list_plans(context.db)
    assert plan.id == plan_id and plan.source_name == "văn bản dán"
    assert len(list_tasks(context.db, plan_id)) == 15  # with the groups and duties of "Tổ chức thực hiện"


def test_basis_lines_link_to_plans_already_in_the_database(window, context, samples_dir):
    province = save_plan(context.db, Plan(title="Thực hiện Kết luận 91", number="740", symbol="KH-BCSD"))
    dialog = _preview(window, context, samples_dir / SAMPLE_003)
    basis = dialog.basis_page.model
    links = [basis.index(row, 2).data() for row in range(basis.rowCount())]
    assert links[0] == "chưa có trong dữ liệu"
    assert links[1].startswith("→ liên kết tới kế hoạch 740/KH-BCSD")
    assert dialog.form.parent_plan.currentData() == province.id  # it carries that plan out

    plan_id = _save(dialog)
    assert [item.linked_plan_id for item in get_basis(context.db, plan_id)] == [None, province.id]
    assert next(p for p in list_plans(context.db) if p.id == plan_id).parent_plan_id == province.id


def test_an_empty_title_is_refused_and_nothing_is_saved(window, context, samples_dir):
    dialog = _preview(window, context, samples_dir / SAMPLE_003)
    dialog.show_tab("tasks")
    dialog.form.title.setPlainText("  ")
    dialog.save()
    assert dialog.isVisible()
    assert "Trích yếu" in dialog.error_label.text()
    assert dialog.tabs.currentIndex() == 0
    assert list_plans(context.db) == []


def test_unsure_tasks_are_marked_and_listed_until_fixed(window, context, samples_dir):
    dialog = _preview(window, context, samples_dir / SAMPLE_002)
    model = dialog.task_page.model
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    time = model.index_of_path("I.2", import_tasks.COL_TIMEFRAME)
    assert time.data() == "Năm 2025 → hạn 31/12/2025"

    model.setData(time, "tùy tình hình thực tế")
    assert time.data().endswith("? → chưa hiểu, cần nhập hạn")
    assert time.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index_of_path("I.2").data() == "I.2 ?"
    assert any(note.key == "I.2" and "chưa hiểu thời gian" in note.text for note in dialog.notes.notes())

    model.setData(time, "Quý II/2025")
    assert model.index_of_path("I.2").data() == "I.2"
    assert not any(note.key == "I.2" for note in dialog.notes.notes())


def test_a_responsible_unit_can_lead_every_task_without_one(window, context, tmp_path):
    # No issuing body and no signer: the tasks that name no unit are left without an owner.
    plan = tmp_path / "khong-co-don-vi.txt"
    plan.write_text(
        "KẾ HOẠCH\n\nTổ chức ngày hội đọc sách\n\nI. NHIỆM VỤ\n\n1. Trang trí thư viện.\n\n"
        "2. Giới thiệu sách mới.\n\nII. TỔ CHỨC THỰC HIỆN\n\n1. Phòng Giáo dục & Đào tạo\n\n"
        "Theo dõi, đôn đốc các trường.\n",
        encoding="utf-8",
    )
    dialog = _preview(window, context, plan)
    assert dialog.task_page.model.paths_without_lead() == ["I.1", "I.2"]
    page = dialog.responsibility_page
    assert page.model.unit_at(0) == "Phòng Giáo dục & Đào tạo"
    page.assign_button.click()
    assert dialog.task_page.model.paths_without_lead() == []

    plan_id = _save(dialog)
    tasks = [row for row in list_tasks(context.db, plan_id) if row.task.kind is TaskKind.TASK]
    assert {tuple(row.lead_units) for row in tasks} == {("Phòng Giáo dục & Đào tạo",)}


def test_indicators_can_be_corrected_or_left_out(window, context, samples_dir):
    dialog = _preview(window, context, samples_dir / SAMPLE_000)
    model = dialog.indicator_page.model
    value = model.index(0, import_indicators.COL_VALUE)
    assert value.data() == "80,39"
    refused = dialog.indicator_page.refused
    assert not model.setData(value, "tám mươi")  # not a number: refused, and the page says why
    assert value.data() == "80,39" and not refused.isHidden()
    assert refused.text() == ("Không sửa được — Dòng 1, cột «Giá trị»: «tám mươi» không phải là số"
                              " (ví dụ 80,39 hoặc 80.39). Ô giữ giá trị cũ.")  # fmt: skip
    assert not model.setData(model.index(0, import_indicators.COL_NUMERATOR), "-3")
    assert "phải là số nguyên không âm" in refused.text()
    assert model.setData(value, "81,5")
    assert refused.isHidden()  # an accepted edit clears the reason
    assert not model.setData(model.index(0, import_indicators.COL_TASK), "IX.9")  # no such task
    assert "kế hoạch không có nhiệm vụ «IX.9»" in refused.text()
    model.setData(model.index(1, import_indicators.COL_TEXT), Qt.CheckState.Unchecked.value,
                  Qt.ItemDataRole.CheckStateRole)

    plan_id = _save(dialog)
    saved = list_indicators(context.db, plan_id)
    assert len(saved) == 2
    assert saved[0].target_value == 81.5 and (saved[0].numerator, saved[0].denominator) == (41, 51)


def test_support_units_typed_in_a_cell_are_saved_as_supporting(window, context, samples_dir):
    dialog = _preview(window, context, samples_dir / SAMPLE_003)
    model = dialog.task_page.model
    cell = model.index_of_path("II.1.3", import_tasks.COL_SUPPORT)
    model.setData(cell, "Phòng Nội vụ;  Phòng Tài chính - Kế hoạch")
    plan_id = _save(dialog)
    row = next(r for r in list_tasks(context.db, plan_id) if r.path == "II.1.3")
    assert row.support_units == ["Phòng Nội vụ", "Phòng Tài chính - Kế hoạch"]


def test_titles_and_contents_are_edited_in_the_panel_below_the_tree(window, context, samples_dir):
    dialog = _preview(window, context, samples_dir / SAMPLE_003)
    page = dialog.task_page
    page.select_path("II.1.2")
    assert page.where.text() == "Nhiệm vụ II.1.2"
    page.tree.edit(page.tree.currentIndex().siblingAtColumn(import_tasks.COL_CONTENT))
    assert page.tree.state() != page.tree.State.EditingState  # long text goes to the panel, not a cell
    page.title_edit.setText("Hoàn thiện thể chế")
    page.content_edit.setPlainText("Rà soát các quy định về giáo dục.\nTham mưu sửa đổi.")

    plan_id = _save(dialog)
    task = next(row.task for row in list_tasks(context.db, plan_id) if row.path == "II.1.2")
    assert task.title == "Hoàn thiện thể chế"
    assert task.content == "Rà soát các quy định về giáo dục.\nTham mưu sửa đổi."


def test_opening_a_note_shows_the_task_it_names(window, context, samples_dir):
    dialog = _preview(window, context, samples_dir / SAMPLE_002)
    model = dialog.task_page.model
    model.setData(model.index_of_path("VI.2", import_tasks.COL_LEAD), "")
    [note] = [note for note in dialog.notes.notes() if note.key == "VI.2"]
    dialog.notes.note_opened.emit(note)
    assert dialog.tabs.currentWidget() is dialog.task_page
    assert dialog.task_page.tree.currentIndex().data(import_tasks.PATH_ROLE) == "VI.2"


def test_the_file_is_chosen_in_a_file_dialog_that_remembers_its_folder(window, context, samples_dir,
                                                                        monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    asked = []

    def choose(parent, caption, folder, filters):
        asked.append((folder, filters))
        return str(samples_dir / SAMPLE_004), filters

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)
    start_plan_import(window, context)
    start_plan_import(window, context)
    assert asked[0][1].startswith("Văn bản kế hoạch (*.pdf *.docx *.doc *.rtf *.txt *.xlsx)")
    assert asked[1][0] == str(samples_dir)
    assert len(window.findChildren(PlanImportDialog)) == 2


def test_the_comparator_is_chosen_from_readable_labels(window, context, samples_dir):
    from PySide6.QtWidgets import QStyleOptionViewItem

    from gui.dialogs.plan_import.widgets import ComparatorDelegate

    dialog = _preview(window, context, samples_dir / SAMPLE_001)
    model = dialog.indicator_page.model
    index = model.index(3, import_indicators.COL_COMPARATOR)
    assert index.data() == ">"  # "trên 9,5%"
    delegate = ComparatorDelegate()
    editor = delegate.createEditor(dialog, QStyleOptionViewItem(), index)
    delegate.setEditorData(editor, index)
    assert editor.currentText() == "> trên"
    editor.setCurrentIndex(editor.findData(">="))
    delegate.setModelData(editor, model, index)
    assert index.data() == "≥"
    assert dialog.is_modified()


def test_a_school_year_period_read_from_the_title_is_saved_as_read(window, context, samples_dir):
    plan_id = _save(_preview(window, context, samples_dir / SAMPLE_004))
    [plan] = list_plans(context.db)
    assert plan.id == plan_id
    assert (plan.period_start, plan.period_end) == (date(2022, 9, 1), date(2023, 5, 31))


def test_a_failed_save_keeps_the_preview_open_and_saves_nothing(window, context, samples_dir, monkeypatch):
    import gui.dialogs.plan_import.review as module
    from storage.database import StorageError

    def fail(db, domain, **kwargs):
        save_unit(db, Unit(name="Đơn vị ghi dở"))  # written inside the transaction, then rolled back
        raise StorageError("Ổ đĩa đầy")

    def failing_save(db, domain, **kwargs):
        from storage.database import transaction

        with transaction(db):
            fail(db, domain, **kwargs)

    messages = []
    monkeypatch.setattr(module, "save_imported_plan", failing_save)
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: messages.append(text))
    before = _dump(context.db)
    dialog = _preview(window, context, samples_dir / SAMPLE_003)
    dialog.save()
    assert messages == ["Ổ đĩa đầy"]
    assert dialog.isVisible() and dialog.saved_plan_id() is None
    assert _dump(context.db) == before


def test_enter_on_a_unit_cell_opens_its_editor(window, context, samples_dir, qtbot):
    dialog = _preview(window, context, samples_dir / SAMPLE_003)
    dialog.show_tab("tasks")
    tree = dialog.task_page.tree
    tree.setCurrentIndex(dialog.task_page.model.index_of_path("II.1.4", import_tasks.COL_LEAD))
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert tree.state() == tree.State.EditingState
