"""A template re-saved by LibreOffice Calc imports like the original (a committed fixture: CI needs no
LibreOffice).

tests/fixtures/template_libreoffice.xlsx is made by tests/fixtures/make_exchange_fixtures.py from
the deterministic database of tests/fixtures/exchange_data.py.
"""

from datetime import date
from pathlib import Path

import pytest

from core.exchange.preview import BY_ID
from core.exchange.reader import calamine_available, read_values
from core.model import WorkState
from storage import exchange
from storage.assignments import get_occurrence, progress_history
from storage.indicators import indicator_values
from tests.fixtures.exchange_data import build_exchange_world

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "template_libreoffice.xlsx"


def test_libreoffice_resaved_template_imports_correctly(db):
    world = build_exchange_world(db)
    preview = exchange.preview_file(db, FIXTURE)
    assert preview.accepted and not preview.problems
    assert [(sheet.unit_name, sheet.method) for sheet in preview.sheets] == [
        ("Trường Tiểu học Sùng Phài", BY_ID)
    ]
    assert {change.task_path for change in preview.changes} == {"II.1", "II.2", "II.3"}
    assert exchange.apply_file(db, preview) == 5
    by_path = {change.task_path: change.occurrence_id for change in preview.changes}
    survey = get_occurrence(db, by_path["II.1"])
    assert (survey.state, survey.progress, survey.completed_on) == (WorkState.DONE, 100, date(2025, 6, 15))
    yearly = get_occurrence(db, by_path["II.2"])
    assert (yearly.state, yearly.progress, yearly.result) == (
        WorkState.IN_PROGRESS,
        66,
        "Đã sơ kết học kỳ I\nGhi chú: Thiếu kinh phí",
    )
    assert get_occurrence(db, by_path["II.3"]).completed_on == date(2025, 9, 5)
    assert progress_history(db, by_path["II.1"])[0].source == FIXTURE.name
    [figure] = indicator_values(db, world.indicators["records"])
    assert (figure.value, figure.period) == (98.5, "2025")
    again = exchange.preview_file(db, FIXTURE)
    assert again.changes == () and again.target_changes == () and again.problems == ()


@pytest.mark.skipif(not calamine_available(), reason="python-calamine is not installed")
def test_both_readers_agree_on_the_libreoffice_file():
    assert read_values(FIXTURE, "calamine") == read_values(FIXTURE, "openpyxl")
