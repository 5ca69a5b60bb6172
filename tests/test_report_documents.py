"""Reports kept as documents: drafted, edited, issued, frozen, listed; figures survive later progress."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import date

import pytest

from core.model import WorkState
from core.periods import parse_period
from core.report_document import figures_from_snapshot
from core.report_sections import Section
from storage.assignments import list_assignments, list_occurrences, record_progress
from storage.database import StorageError
from storage.period_report import period_figures
from storage.report_documents import (
    delete_report,
    draft_report,
    get_report,
    issue_report,
    list_reports,
    refresh_report,
    save_report,
)
from tests.fixtures.report_world import build_report_world

Q2 = parse_period("2025-Q2")


@pytest.fixture
def world(db):
    return build_report_world(db)


def test_a_drafted_report_names_itself_and_freezes_the_periods_figures(world):
    db, plan, _ = world
    asked = "Thực hiện Công văn số 12/SGDĐT về việc báo cáo"
    report = draft_report(db, "ket_qua", [plan.id], Q2, request=asked)
    assert report.title == "Kết quả thực hiện Kế hoạch về kế hoạch năm 2025 quý II năm 2025"
    assert report.opening.startswith("Thực hiện Công văn số 12/SGDĐT về việc báo cáo, báo cáo kết quả")
    assert [s.key for s in report.sections] == ["direction", "results", "assessment", "next", "proposals"]
    assert (
        report.closing == "Trên đây là báo cáo kết quả thực hiện kế hoạch quý II năm 2025./."
    )  # no office yet
    frozen = figures_from_snapshot(report.snapshot)
    live = period_figures(db, [plan.id], Q2)
    assert (frozen.cumulative, frozen.in_period, frozen.units, frozen.not_reported) == (
        live.cumulative, live.in_period, live.units, live.not_reported,
    )  # fmt: skip
    assert [(r.item.task_path, r.days_late) for r in frozen.overdue] == [("2", 96), ("5", 9)]


def test_a_saved_report_reprints_the_same_after_later_progress(world):
    db, plan, units = world
    saved = save_report(db, draft_report(db, "ket_qua", [plan.id], Q2))
    edited = dataclasses.replace(saved, sections=(Section("results", "II. KẾT QUẢ", "Văn bản đã sửa."),))
    edited = save_report(db, edited)
    task_id = figures_from_snapshot(edited.snapshot).overdue[1].item.task_id
    assignment = next(
        a.assignment for a in list_assignments(db, task_id) if a.assignment.unit_id == units["E"]
    )
    occurrence = list_occurrences(db, assignment.id)[0]
    record_progress(db, occurrence.id, WorkState.DONE, 100, date(2025, 6, 10), "Xong")
    again = get_report(db, edited.id)
    assert again == edited  # text and figures as saved
    assert figures_from_snapshot(again.snapshot).in_period == figures_from_snapshot(edited.snapshot).in_period
    refreshed = refresh_report(db, edited.id)
    assert refreshed.sections == edited.sections  # the edited words stay
    assert len(figures_from_snapshot(refreshed.snapshot).overdue) == 1  # E's work is now done (late)


def test_an_issued_report_is_numbered_dated_and_never_changed(world):
    db, plan, _ = world
    saved = save_report(db, draft_report(db, "so_ket", [plan.id], parse_period("2024-2025-HK2")))
    assert saved.title == "Sơ kết học kỳ II năm học 2024-2025"
    with pytest.raises(StorageError, match="phải là số"):
        issue_report(db, saved.id, "mười", date(2025, 6, 20))
    issued = issue_report(db, saved.id, "15", date(2025, 6, 20))
    assert (issued.number, issued.issued_on, issued.issued) == ("15", date(2025, 6, 20), True)
    for attempt in (
        lambda: save_report(db, dataclasses.replace(issued, title="Khác")),
        lambda: refresh_report(db, issued.id),
        lambda: delete_report(db, issued.id),
        lambda: issue_report(db, issued.id, "16", date(2025, 6, 21)),
    ):
        with pytest.raises(StorageError, match="đã ban hành"):
            attempt()
    assert get_report(db, issued.id) == issued


def test_reports_are_listed_newest_period_first_and_drafts_can_be_deleted(world):
    db, plan, _ = world
    first = save_report(db, draft_report(db, "dinh_ky", [plan.id], parse_period("2025-Q1")))
    second = save_report(db, draft_report(db, "dinh_ky", [plan.id], Q2))
    assert [r.id for r in list_reports(db)] == [second.id, first.id]
    delete_report(db, first.id)
    assert [r.id for r in list_reports(db)] == [second.id]
    with pytest.raises(StorageError, match="Không tìm thấy báo cáo"):
        get_report(db, first.id)


def test_bad_requests_are_refused(world):
    db, plan, _ = world
    with pytest.raises(StorageError, match="Loại báo cáo"):
        draft_report(db, "khac", [plan.id], Q2)
    with pytest.raises(StorageError, match="ít nhất một kế hoạch"):
        draft_report(db, "ket_qua", [], Q2)


def test_the_reports_table_refuses_bad_rows_even_behind_storage(world, db_path):
    db, plan, _ = world
    save_report(db, draft_report(db, "ket_qua", [plan.id], Q2))
    raw = sqlite3.connect(db_path)
    with pytest.raises(sqlite3.IntegrityError):
        raw.execute("UPDATE reports SET period_start = '2025-07-01'")  # after its end
    with pytest.raises(sqlite3.IntegrityError):
        raw.execute("UPDATE reports SET sections = 'not json'")
