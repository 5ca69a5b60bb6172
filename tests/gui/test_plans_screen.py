"""The plan list: create through the dialog, search without diacritics, delete to trash and restore."""

from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox

from core.model import Plan
from gui.dialogs.plan_dialog import PlanDialog
from gui.views.plans import PlansScreen
from storage.plans import list_plans, list_trash, save_plan


def _fill_and_accept(fill):
    """Replace PlanDialog.exec: fill the real widgets, press Lưu, report what the dialog decided."""

    def exec_(dialog: PlanDialog) -> int:
        fill(dialog)
        dialog.accept()
        return dialog.result()

    return exec_


@pytest.fixture
def screen(qtbot, context):
    widget = PlansScreen(context)
    qtbot.addWidget(widget)
    return widget


def test_new_database_shows_an_empty_state(screen):
    assert screen.list_stack.currentWidget() is screen.empty_label
    assert "Chưa có kế hoạch" in screen.empty_label.text()
    assert not screen.edit_button.isEnabled()


def test_plan_created_in_the_dialog_is_listed_and_selected(screen, context, monkeypatch):
    def fill(dialog: PlanDialog) -> None:
        dialog.number.setText("367")
        dialog.symbol.setText("kh-ubnd")
        dialog.day.setValue(24)
        dialog.month.setValue(12)
        dialog.year.setValue(2024)
        dialog.title.setPlainText("Thực hiện  Kết luận số 91-KL/TW về đổi mới giáo dục")
        dialog.issuer.setText("UBND huyện Phong Thổ")
        dialog.place.setText("Phong Thổ")
        dialog.basis.setPlainText("Căn cứ Kế hoạch số 505/KH-HU ngày 19/12/2024 của Huyện ủy Phong Thổ.")
        dialog.recipients.setPlainText("- Phòng Nội vụ;\nLưu: VT.")

    monkeypatch.setattr(PlanDialog, "exec", _fill_and_accept(fill))
    screen.add_plan()

    [plan] = list_plans(context.db)
    assert plan.reference == "367/KH-UBND"
    assert plan.issued_on == date(2024, 12, 24)
    assert plan.title == "Thực hiện Kết luận số 91-KL/TW về đổi mới giáo dục"
    assert plan.recipients == ("- Phòng Nội vụ;", "Lưu: VT.")
    assert screen.model.rowCount() == 1
    assert screen.current_plan().id == plan.id
    assert context.current_plan_id == plan.id
    assert "505/KH-HU" in screen.details.toPlainText()


def test_dialog_refuses_an_impossible_date_and_keeps_the_database_unchanged(screen, context, monkeypatch):
    seen = {}

    def fill(dialog: PlanDialog) -> None:
        dialog.title.setPlainText("Kế hoạch thử")
        dialog.day.setValue(31)
        dialog.month.setValue(2)
        dialog.year.setValue(2025)
        seen["valid"] = dialog.validate()

    def exec_(dialog):
        fill(dialog)
        dialog.accept()  # refused: the dialog stays open
        seen["error"] = dialog.error_label.text()
        return PlanDialog.DialogCode.Rejected

    monkeypatch.setattr(PlanDialog, "exec", exec_)
    screen.add_plan()
    assert "31/02/2025" in seen["error"]
    assert list_plans(context.db) == []


def test_search_ignores_diacritics(screen, context, qtbot):
    save_plan(context.db, Plan(title="Phát triển giáo dục mầm non", issuer="Phòng Giáo dục và Đào tạo"))
    save_plan(context.db, Plan(title="Chuyển đổi số", issuer="UBND xã Sùng Phài"))
    screen.refresh()
    assert screen.model.rowCount() == 2
    qtbot.keyClicks(screen.search, "phong giao duc")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    assert screen.model.plan_at(0).title == "Phát triển giáo dục mầm non"


def test_delete_goes_to_trash_and_restore_brings_it_back(screen, context, monkeypatch):
    from gui.dialogs.trash_dialog import TrashDialog

    save_plan(context.db, Plan(title="Kế hoạch sẽ bị xóa", number="12", symbol="KH-PGDĐT"))
    screen.refresh()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    screen.delete_plan()
    assert list_plans(context.db) == []
    assert [p.reference for p in list_trash(context.db)] == ["12/KH-PGDĐT"]

    trash = TrashDialog(context, screen)
    trash.restore_selected()
    assert [p.reference for p in list_plans(context.db)] == ["12/KH-PGDĐT"]
    assert screen.model.rowCount() == 1
