"""«Ban hành…»: a draft gets the suggested number and the date; a used number is refused, nothing saved."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QMessageBox

from core.model import Plan, PlanStatus
from core.office import Office
from gui.dialogs.issue_plan import IssuePlanDialog
from gui.views.plans import PlansScreen
from storage.office import save_office
from storage.plans import get_plan, save_plan


@pytest.fixture
def drafts(context):
    db = context.db
    save_office(db, Office(name="Phòng Giáo dục và Đào tạo", symbol="PGDĐT"))
    save_plan(db, Plan(title="Kế hoạch cũ", number="07", symbol="KH-PGDĐT", issued_on=date(2026, 2, 1),
                       status=PlanStatus.ISSUED))  # fmt: skip
    return save_plan(db, Plan(title="Kế hoạch mới", symbol="KH-PGDĐT"))


def test_the_dialog_suggests_the_next_number_and_issues_the_draft(qtbot, context, drafts):
    dialog = IssuePlanDialog(context.db, drafts, today=date(2026, 12, 7))
    qtbot.addWidget(dialog)
    assert dialog.number_edit.text() == "08"
    assert dialog.preview.text() == "Số: 08/KH-PGDĐT"
    dialog.date_edit.setDate(QDate(2026, 12, 8))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    issued = get_plan(context.db, drafts.id)
    assert (issued.reference, issued.issued_on) == ("08/KH-PGDĐT", date(2026, 12, 8))
    assert issued.status is PlanStatus.ISSUED


def test_a_number_used_that_year_is_refused_and_nothing_changes(qtbot, context, drafts, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **kwargs: shown.append(args[2]))
    monkeypatch.setattr(QMessageBox, "critical", lambda *args, **kwargs: shown.append(args[2]))
    dialog = IssuePlanDialog(context.db, drafts, today=date(2026, 12, 7))
    qtbot.addWidget(dialog)
    dialog.number_edit.setText("07")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert shown and "07/KH-PGDĐT năm 2026 đã dùng" in shown[0]
    assert get_plan(context.db, drafts.id).status is PlanStatus.DRAFT


def test_the_plans_screen_offers_issuing_only_for_a_draft(qtbot, context, drafts):
    screen = PlansScreen(context)
    qtbot.addWidget(screen)
    screen.show_plan(drafts.id)
    assert screen.issue_action.isEnabled()
    issued = [p for p in context.db.execute("SELECT id FROM plans WHERE number = '07'").fetchall()][0][0]
    screen.show_plan(issued)
    assert not screen.issue_action.isEnabled()
