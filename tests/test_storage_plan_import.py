"""Saving imported plans: units matched or created, duplicates found, updates keep progress, atomic."""

from dataclasses import replace
from datetime import date

import pytest

from core.importing import read_plan_file, to_domain
from core.model import Unit, WorkState
from storage.assignments import list_assignments, list_occurrences, record_progress
from storage.demo import load_demo_data
from storage.indicators import list_indicators
from storage.plan_import import find_duplicates, match_units, save_imported_plan, unit_names
from storage.plans import get_basis, list_plans
from storage.tasks import list_tasks
from storage.units import list_units, save_unit


@pytest.fixture
def annex(samples_dir):
    return to_domain(read_plan_file(samples_dir / "002_2317825042ac3b9f.txt"))


def test_annex_import_creates_tasks_units_and_assignments(db, annex):
    plan = save_imported_plan(db, annex)
    rows = list_tasks(db, plan.id)
    tasks = [row for row in rows if row.task.kind.value == "task"]
    assert len(tasks) == 15
    viii_1 = next(row for row in rows if row.path == "VIII.1")
    assert viii_1.task.timeframe_text == "Thường xuyên"
    assert "Phòng Giáo dục và Đào tạo" in viii_1.lead_units
    names = {unit.name: unit for unit in list_units(db)}
    assert names["UBND các xã, phường"].is_group
    assert names["Phòng Giáo dục và Đào tạo"].kind_code == "phong_ban"
    assert not names["Phòng Tài nguyên và Môi trường"].is_group
    assert list_indicators(db, plan.id)


def test_existing_units_are_matched_through_abbreviations(db, annex):
    pgd = save_unit(db, Unit(name="Phòng GD&ĐT", short_name="PGD"))
    tc = save_unit(db, Unit(name="Phòng Tài chính - Kế hoạch"))
    matches = {m.name: m.unit for m in match_units(db, unit_names(annex))}
    assert matches["Phòng Giáo dục và Đào tạo"] == pgd
    assert [m.unit for m in match_units(db, ["Phòng Kế hoạch - Tài chính", "Phòng TC-KH"])] == [tc, tc]
    before = len(list_units(db))
    plan = save_imported_plan(db, annex)
    first = next(row for row in list_tasks(db, plan.id) if row.path == "II.1")
    assert first.lead_units == ["Phòng GD&ĐT"]
    assert not any(u.name == "Phòng Giáo dục và Đào tạo" for u in list_units(db))
    assert len(list_units(db)) > before


def test_the_same_document_twice_is_found_as_a_duplicate(db, samples_dir):
    domain = to_domain(read_plan_file(samples_dir / "000_a704352cefaf8eca.txt"))
    assert find_duplicates(db, domain.plan) == []
    saved = save_imported_plan(db, domain)
    assert [p.id for p in find_duplicates(db, domain.plan)] == [saved.id]
    edited = replace(domain.plan, source_text="khác")  # same number 367/KH-UBND and year
    assert [p.id for p in find_duplicates(db, edited)] == [saved.id]


def test_update_replaces_the_plan_and_keeps_progress_of_unchanged_tasks(db, annex):
    plan = save_imported_plan(db, annex)
    row = next(r for r in list_tasks(db, plan.id) if r.path == "I.2")
    assignment = list_assignments(db, row.task.id)[0].assignment
    occurrence = list_occurrences(db, assignment.id)[0]
    record_progress(db, occurrence.id, WorkState.DONE, 100, date(2025, 6, 1), "Đã xây dựng kế hoạch")

    updated = save_imported_plan(db, annex, update_plan_id=plan.id)
    assert updated.id == plan.id and len(list_plans(db)) == 1
    row_after = next(r for r in list_tasks(db, plan.id) if r.path == "I.2")
    assert row_after.task.id == row.task.id
    kept = list_occurrences(db, list_assignments(db, row_after.task.id)[0].assignment.id)[0]
    assert kept.state is WorkState.DONE and kept.result == "Đã xây dựng kế hoạch"


def test_a_failure_half_way_leaves_nothing_behind(db, annex, monkeypatch):
    import storage.plan_import as module

    calls = {"n": 0}
    real = module.set_assignments

    def failing(db_, task_id, items):
        calls["n"] += 1
        if calls["n"] == 5:
            raise ValueError("lỗi giữa chừng")
        return real(db_, task_id, items)

    monkeypatch.setattr(module, "set_assignments", failing)
    with pytest.raises(ValueError, match="giữa chừng"):
        save_imported_plan(db, annex)
    assert list_plans(db) == [] and list_units(db) == []
    assert db.execute("SELECT count(*) FROM tasks").fetchone()[0] == 0


def test_basis_lines_link_to_plans_already_imported(db, samples_dir):
    older = replace(to_domain(read_plan_file(samples_dir / "000_a704352cefaf8eca.txt")))
    saved = save_imported_plan(db, older)
    later = to_domain(read_plan_file(samples_dir / "003_ba6238f9405d9d7b.txt"))
    # 003 cites 740/KH-BCSD and 224-KH/ThU, neither in the database: kept as references, unlinked
    plan = save_imported_plan(db, later)
    basis = get_basis(db, plan.id)
    assert len(basis) == 2 and all(item.linked_plan_id is None for item in basis)
    assert saved.id != plan.id




def test_demo_data_imports_the_five_samples_once(db_path):
    messages = []
    summary = load_demo_data(db_path, lambda done, total, text: messages.append((done, total)))
    assert summary == "Đã nạp 5 kế hoạch mẫu."
    assert messages[-1] == (5, 5)
    again = load_demo_data(db_path)
    assert "bỏ qua 5" in again
    from storage.database import open_database
    from storage.deadlines import status_counts

    db = open_database(db_path)
    try:
        assert len(list_plans(db)) == 5
        counts = status_counts(db, date(2025, 12, 31))
        assert sum(1 for value in counts.values() if value) >= 4  # demo shows most statuses
    finally:
        db.close()
