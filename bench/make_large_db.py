"""Build a large, realistic office database for the scale benchmarks (and for screenshots).

    python bench/make_large_db.py                 # 200 plans, 20,000 tasks, 100,000 assignments
    python bench/make_large_db.py --out big.sqlite3 --plans 20 --tasks 2000 --assignments 10000
    python bench/make_large_db.py --offices 700 --out /tmp/qlkh-large/national-700.sqlite3  # ≈ 7 M

Units, plans and assignments go through the storage layer's own inserts and occurrence
materialisation; the rows themselves are generated here (Vietnamese office names, a mix of
one-off, period, ongoing and recurring timeframes, progress on part of the work) and inserted in
bulk inside one transaction, so the default database takes well under a minute to make.
`cached_database()` keeps the result under the temporary folder, keyed by its parameters and the
schema version, so benchmarks build it once.

`--offices N` builds the national volume (issue 14): N offices' worth of data in one file, as a
Sở consolidating its units or a ministry-level copy holds. One office (100 plans, 3,000 tasks,
10,000 assignments, its own ~120 units) is generated as above, then copied N - 1 times in SQL
with shifted ids and the unit names of another district, so 700 offices (≈ 7 M assignments,
7.3 M occurrences) take minutes rather than hours. `national_database(N)` caches those files under
/tmp/qlkh-large/ (never in CI, never in git); a cached file of an older schema is migrated in place.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from core.model import Plan, PlanStatus, Role, Unit  # noqa: E402
from core.vntext import search_key  # noqa: E402

# The date progress is generated around: work due before it is mostly reported, later work
# mostly not. Benchmarks evaluate statuses as of this date.
REFERENCE_DATE = date(2026, 11, 22)
# Bumped when the generated content changes, so cached files are rebuilt.
GENERATOR_VERSION = 2
CACHE_DIR = Path(tempfile.gettempdir()) / "kehoach-bench"
NATIONAL_DIR = Path(tempfile.gettempdir()) / "qlkh-large"
# One office of the national file: a tenth of the office-scale file's assignments.
OFFICE_SIZE_PLANS, OFFICE_SIZE_TASKS, OFFICE_SIZE_ASSIGNMENTS = 100, 3_000, 10_000

COMMUNES = (
    "Sơn Bình",
    "Tân Lập",
    "Phúc Thịnh",
    "Yên Hòa",
    "Đồng Tâm",
    "Hòa Bình",
    "Thanh Sơn",
    "Minh Khai",
    "Quảng Phú",
    "Nghĩa Hưng",
    "Xuân Trường",
    "Cẩm Thủy",
    "Bình Minh",
    "Đức Phong",
    "Lũng Cú",
    "Sùng Phài",
    "Nậm Xe",
    "Pa Tần",
    "Hồng Thái",
    "Tả Van",
    "Mường Khương",
    "Bản Lầu",
    "Phú Lộc",
    "Vĩnh Thạnh",
    "An Nhơn",
)
OFFICES = (
    ("Phòng Giáo dục và Đào tạo", "Phòng GD&ĐT"),
    ("Phòng Nội vụ", ""),
    ("Phòng Tài chính - Kế hoạch", "Phòng TC-KH"),
    ("Phòng Văn hóa - Thông tin", "Phòng VH-TT"),
    ("Phòng Y tế", ""),
    ("Phòng Lao động - Thương binh và Xã hội", "Phòng LĐ-TB&XH"),
    ("Phòng Tư pháp", ""),
    ("Phòng Kinh tế - Hạ tầng", "Phòng KT-HT"),
    ("Phòng Tài nguyên và Môi trường", "Phòng TN&MT"),
    ("Văn phòng HĐND và UBND huyện", "VP HĐND-UBND"),
    ("Thanh tra huyện", ""),
    ("Phòng Dân tộc", ""),
    ("Trung tâm Văn hóa - Thể thao và Truyền thông", "TT VH-TT&TT"),
    ("Công an huyện", ""),
    ("Ban Chỉ huy Quân sự huyện", ""),
)
ORGANISATIONS = (
    "Huyện đoàn",
    "Hội Liên hiệp Phụ nữ huyện",
    "Hội Khuyến học huyện",
    "Liên đoàn Lao động huyện",
)
SECONDARY = (
    "Trường THPT Nguyễn Trãi",
    "Trường THPT Lê Quý Đôn",
    "Trường THPT số 1 Mường Khương",
    "Trung tâm GDNN-GDTX huyện",
)

PLAN_TOPICS = (
    "Chuyển đổi số ngành giáo dục",
    "Phát triển giáo dục mầm non",
    "Phổ cập giáo dục, xóa mù chữ",
    "Xây dựng trường học đạt chuẩn quốc gia",
    "Phòng, chống đuối nước cho trẻ em, học sinh",
    "Bảo đảm an toàn giao thông trong trường học",
    "Nâng cao chất lượng dạy và học ngoại ngữ",
    "Công tác y tế trường học",
    "Bồi dưỡng thường xuyên cán bộ quản lý, giáo viên",
    "Thực hiện nhiệm vụ năm học",
    "Giáo dục hướng nghiệp và định hướng phân luồng học sinh",
    "Xây dựng văn hóa học đường",
    "Phát triển phong trào thể dục thể thao trong trường học",
    "Sắp xếp, tổ chức lại mạng lưới trường, lớp",
    "Kiểm định chất lượng giáo dục",
    "Xây dựng xã hội học tập",
    "Tăng cường tiếng Việt cho trẻ em vùng dân tộc thiểu số",
    "Phòng, chống bạo lực học đường",
    "Cải cách hành chính ngành giáo dục",
    "Thực hiện Chương trình giáo dục phổ thông 2018",
)
SECTIONS = ("MỤC ĐÍCH, YÊU CẦU", "NHIỆM VỤ CHỦ YẾU", "GIẢI PHÁP THỰC HIỆN", "TỔ CHỨC THỰC HIỆN")
VERBS = (
    "Rà soát, đánh giá",
    "Tổ chức triển khai",
    "Tham mưu ban hành",
    "Kiểm tra, giám sát",
    "Tuyên truyền, phổ biến",
    "Xây dựng kế hoạch",
    "Bồi dưỡng, tập huấn về",
    "Tổng hợp, báo cáo kết quả",
    "Sơ kết, đánh giá",
    "Huy động nguồn lực cho",
    "Đẩy mạnh ứng dụng công nghệ thông tin trong",
    "Phối hợp thực hiện",
)
OBJECTS = (
    "cơ sở vật chất, thiết bị dạy học",
    "đội ngũ giáo viên các cấp học",
    "công tác phổ cập giáo dục",
    "hạ tầng công nghệ thông tin",
    "chương trình giáo dục địa phương",
    "công tác tuyển sinh đầu cấp",
    "bữa ăn bán trú cho học sinh",
    "công tác kiểm định chất lượng giáo dục",
    "hồ sơ sổ sách điện tử",
    "học liệu số và bài giảng điện tử",
    "công tác y tế trường học",
    "phòng học bộ môn",
    "nhà vệ sinh, công trình nước sạch",
    "công tác xã hội hóa giáo dục",
    "kỹ năng sống cho học sinh",
    "giáo dục thể chất và hoạt động ngoại khóa",
    "công tác an ninh trật tự trường học",
    "thư viện trường học thân thiện",
    "dạy học ngoại ngữ, tin học",
    "hỗ trợ học sinh khuyết tật học hòa nhập",
)
SCOPES = (
    "trên địa bàn huyện",
    "tại các trường mầm non",
    "tại các trường tiểu học và THCS",
    "ở các xã đặc biệt khó khăn",
    "trong toàn ngành",
    "tại các điểm trường lẻ",
    "",
)
RESULTS = (
    "Đã hoàn thành, có báo cáo kèm theo",
    "Đã triển khai đến 100% đơn vị",
    "Đang tổng hợp số liệu",
    "Đã tổ chức hội nghị triển khai",
    "Hoàn thành theo kế hoạch",
)


@dataclass(frozen=True, slots=True)
class Size:
    plans: int = 200
    tasks: int = 20_000
    assignments: int = 100_000
    seed: int = 2025


def cached_database(size: Size = Size()) -> Path:
    """The database for `size`, built on first use and kept in the temporary folder."""
    from storage.migrations import SCHEMA_VERSION

    name = (
        f"office-{size.plans}p-{size.tasks}t-{size.assignments}a-s{size.seed}"
        f"-g{GENERATOR_VERSION}-v{SCHEMA_VERSION}.sqlite3"
    )
    path = CACHE_DIR / name
    if not path.exists():
        build(path, size)
    return path


def build(path: Path, size: Size = Size()) -> Path:
    """Write a new database with `size.plans` plans, `size.tasks` tasks and `size.assignments`
    assignments to `path` (replacing it). Built next to it first, so an interrupted build leaves
    nothing half-written under the final name."""
    from storage.database import open_database, transaction

    if size.tasks < size.plans * len(SECTIONS) + size.plans or size.assignments < size.tasks:
        raise ValueError("cần ít nhất 5 nhiệm vụ mỗi kế hoạch và ít nhất một phân công mỗi nhiệm vụ")
    rng = random.Random(size.seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    db = open_database(partial)
    try:
        with transaction(db):
            units = _make_units(db)
            plans = _make_plans(db, rng, size.plans)
            tasks = _make_tasks(db, rng, plans, size.tasks)
            _make_assignments(db, rng, units, tasks, size.assignments)
            _make_progress(db, rng)
            # Two plans in the trash: their rows must stay out of every view.
            for plan_id in plans[-2:]:
                db.execute(
                    "UPDATE plans SET deleted_at = ? WHERE id = ?", ("2026-10-01T08:00:00+07:00", plan_id)
                )
        db.execute("ANALYZE")
    finally:
        db.close()
    partial.replace(path)
    return path


def _make_units(db) -> dict[str, list[int]]:
    from storage.units import save_unit

    made: dict[str, list[int]] = {
        "office": [],
        "commune": [],
        "preschool": [],
        "primary": [],
        "lower": [],
        "other": [],
    }

    def add(group: str, name: str, short: str, kind: str) -> None:
        made[group].append(save_unit(db, Unit(name, short_name=short, kind_code=kind)).id)

    for name, short in OFFICES:
        add("office", name, short, "phong_ban")
    for commune in COMMUNES:
        add("commune", f"UBND xã {commune}", "", "ubnd_xa")
        add("preschool", f"Trường Mầm non {commune}", f"MN {commune}", "mam_non")
        add("primary", f"Trường Tiểu học {commune}", f"TH {commune}", "tieu_hoc")
        add("lower", f"Trường THCS {commune}", f"THCS {commune}", "thcs")
    for name in ORGANISATIONS:
        add("other", name, "", "doan_the")
    for name in SECONDARY:
        add("other", name, "", "gdnn_gdtx" if name.startswith("Trung tâm") else "thpt")
    return made


def _make_plans(db, rng: random.Random, count: int) -> list[int]:
    from storage.plans import save_plan

    numbers: dict[tuple[int, str], int] = {}
    ids = []
    for index in range(count):
        year = rng.choice((2021, 2022, 2023, 2024, 2024, 2025, 2025, 2025, 2026, 2026, 2026, 2027))
        symbol = rng.choice(("KH-UBND", "KH-PGDĐT", "KH-PGDĐT", "CTr-UBND", "KH-BCĐ"))
        numbers[(year, symbol)] = numbers.get((year, symbol), 0) + rng.randint(1, 9)
        topic = PLAN_TOPICS[index % len(PLAN_TOPICS)]
        shape = rng.random()
        if shape < 0.12:  # a five-year programme: its yearly tasks recur five times
            first = 2021 if year <= 2025 else 2026
            start, end, title = (
                date(first, 1, 1),
                date(first + 4, 12, 31),
                f"{topic} giai đoạn {first}-{first + 4}",
            )
        elif shape < 0.35:  # a school year
            start, end, title = date(year, 9, 1), date(year + 1, 5, 31), f"{topic} năm học {year}-{year + 1}"
        else:
            start, end, title = date(year, 1, 1), date(year, 12, 31), f"{topic} năm {year}"
        issued = start - timedelta(days=rng.randint(5, 40))  # a plan is issued before it starts
        doc_type = symbol.split("-")[0]
        plan = Plan(
            title,
            doc_type=doc_type,
            number=f"{numbers[(year, symbol)]:02d}",
            symbol=symbol,
            issuer="Ủy ban nhân dân huyện" if symbol.endswith("UBND") else "Phòng Giáo dục và Đào tạo",
            place="Mường Khương",
            issued_on=issued,
            period_start=start,
            period_end=end,
            status=PlanStatus.ISSUED if rng.random() < 0.9 else PlanStatus.CLOSED,
        )
        ids.append(save_plan(db, plan).id)
    return ids


def _timeframe(rng: random.Random, start: date, end: date) -> str:
    """A "Thời gian thực hiện" as plans write it, inside the plan period."""
    year = rng.randint(start.year, end.year)
    month = rng.randint(1, 12)
    while not start <= date(year, month, 1) <= end:
        year, month = rng.randint(start.year, end.year), rng.randint(1, 12)
    roll = rng.random()
    if roll < 0.16:
        return "Thường xuyên"
    if roll < 0.26:
        return "Hằng năm"
    if roll < 0.33:
        return rng.choice(("Tháng 9 hằng năm", "Trước ngày 15/12 hằng năm", "Quý IV hằng năm", "Trước 30/6"))
    if roll < 0.36:
        return "Theo kế hoạch của UBND tỉnh"
    if roll < 0.50:
        return f"Quý {('I', 'II', 'III', 'IV')[(month - 1) // 3]}/{year}"
    if roll < 0.64:
        return f"Tháng {month}/{year}"
    if roll < 0.72:
        return f"Năm {year}"
    return f"Trước ngày {rng.randint(1, 28)}/{month}/{year}"


def _make_tasks(db, rng: random.Random, plans: list[int], total: int) -> list[tuple[int, int]]:
    """Sections I–IV with numbered tasks and some a), b) sub-tasks; returns (task id, plan id) of tasks."""
    from storage.database import now_text
    from storage.tasks import recompute_tree

    now = now_text()
    per_plan = [total // len(plans) + (1 if index < total % len(plans) else 0) for index in range(len(plans))]
    work: list[tuple[int, int]] = []
    for plan_id, count in zip(plans, per_plan, strict=True):
        start, end = (
            date.fromisoformat(text)
            for text in db.execute(
                "SELECT period_start, period_end FROM plans WHERE id = ?", (plan_id,)
            ).fetchone()
        )
        remaining = count - len(SECTIONS)
        for number, heading in enumerate(SECTIONS):
            section = _insert_task(
                db, plan_id, None, number, ("I", "II", "III", "IV")[number] + ".", heading, "section", "", now
            )
            share = remaining // (len(SECTIONS) - number)
            remaining -= share
            position = 0
            while share > 0:
                task_id = _insert_task(
                    db,
                    plan_id,
                    section,
                    position,
                    f"{position + 1}.",
                    _content(rng),
                    "task",
                    _timeframe(rng, start, end),
                    now,
                )
                work.append((task_id, plan_id))
                share -= 1
                children = min(share, rng.choice((0, 0, 0, 2, 3)))
                for child in range(children):
                    child_id = _insert_task(
                        db,
                        plan_id,
                        task_id,
                        child,
                        f"{'abcdefgh'[child]})",
                        _content(rng),
                        "task",
                        _timeframe(rng, start, end),
                        now,
                    )
                    work.append((child_id, plan_id))
                share -= children
                position += 1
        # The renumbering save_task does after each insert, done once per plan.
        recompute_tree(db, plan_id)
    return work


def _content(rng: random.Random) -> str:
    scope = rng.choice(SCOPES)
    return f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}{' ' + scope if scope else ''}."


def _insert_task(
    db,
    plan_id: int,
    parent_id: int | None,
    position: int,
    ordinal: str,
    content: str,
    kind: str,
    timeframe: str,
    now: str,
) -> int:
    cursor = db.execute(
        "INSERT INTO tasks (plan_id, parent_id, position, ordinal, content, content_key, kind,"
        " timeframe_text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (plan_id, parent_id, position, ordinal, content, search_key(content), kind, timeframe, now, now),
    )
    return int(cursor.lastrowid)


def _make_assignments(
    db, rng: random.Random, units: dict[str, list[int]], tasks: list[tuple[int, int]], total: int
) -> None:
    """One lead per task plus supporting units; some tasks go to every school of a level."""
    from storage.assignments import refresh_plan_occurrences
    from storage.database import now_text

    now = now_text()
    everyone = [unit for group in units.values() for unit in group]
    # How many units each task gets, then nudged until the total is exact.
    counts = [rng.choice((1, 2, 3, 3, 4, 5, 6)) if rng.random() > 0.08 else len(COMMUNES) for _ in tasks]
    difference = total - sum(counts)
    while difference != 0:
        index = rng.randrange(len(counts))
        step = 1 if difference > 0 else -1
        if 1 <= counts[index] + step <= len(everyone):
            counts[index] += step
            difference -= step
    rows = []
    for (task_id, _plan_id), count in zip(tasks, counts, strict=True):
        lead = rng.choice(units["office"][:3] * 3 + units["office"])
        chosen = [lead]
        if count >= len(COMMUNES):
            level = rng.choice(("preschool", "primary", "lower", "commune"))
            chosen += [unit for unit in units[level] if unit != lead]
        pool = [unit for unit in everyone if unit not in chosen]
        chosen += rng.sample(pool, max(0, count - len(chosen)))
        chosen = chosen[:count]
        for position, unit_id in enumerate(chosen):
            role = (
                Role.LEAD
                if position == 0 or (count >= len(COMMUNES) and position < len(COMMUNES))
                else Role.SUPPORT
            )
            rows.append((task_id, unit_id, role.value, position, now, now))
    db.conn.executemany(
        "INSERT INTO assignments (task_id, unit_id, role, position, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )
    for (plan_id,) in db.execute("SELECT id FROM plans").fetchall():
        refresh_plan_occurrences(db, plan_id)


def _make_progress(db, rng: random.Random) -> None:
    """Most work due before the reference date is reported done (some late); some later work is started."""
    from storage.database import now_text

    now = now_text()
    updates, history = [], []
    rows = db.execute("SELECT id, due_on, starts_on FROM occurrences").fetchall()
    for occurrence_id, due_text, starts_text in rows:
        due = date.fromisoformat(due_text) if due_text else None
        if starts_text and date.fromisoformat(starts_text) > REFERENCE_DATE:
            continue
        roll = rng.random()
        if due is not None and due < REFERENCE_DATE:
            if roll < 0.55:
                completed = due - timedelta(days=rng.randint(0, 40))
            elif roll < 0.68:
                completed = due + timedelta(days=rng.randint(1, 45))
            elif roll < 0.82:
                updates.append(
                    ("in_progress", rng.choice((20, 40, 50, 60, 80)), None, "", now, occurrence_id)
                )
                continue
            else:
                continue
            completed = min(completed, REFERENCE_DATE)
            updates.append(("done", 100, completed.isoformat(), rng.choice(RESULTS), now, occurrence_id))
        elif roll < 0.35:
            updates.append(("in_progress", rng.choice((10, 20, 30, 50, 70)), None, "", now, occurrence_id))
        elif roll < 0.40 and due is not None:
            completed = REFERENCE_DATE - timedelta(days=rng.randint(0, 60))
            updates.append(("done", 100, completed.isoformat(), rng.choice(RESULTS), now, occurrence_id))
    db.conn.executemany(
        "UPDATE occurrences SET state = ?, progress = ?, completed_on = ?, result = ?, updated_at = ?"
        " WHERE id = ?",
        updates,
    )
    for state, progress, completed, result, at, occurrence_id in updates:
        history.append((occurrence_id, at, state, progress, completed, result, "Dữ liệu thử", ""))
    db.conn.executemany(
        "INSERT INTO progress_updates (occurrence_id, recorded_at, state, progress, completed_on, result,"
        " source, user) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        history,
    )


def national_path(offices: int, schema: int | None = None) -> Path:
    from storage.migrations import SCHEMA_VERSION

    return NATIONAL_DIR / f"national-{offices}o-g{GENERATOR_VERSION}-v{schema or SCHEMA_VERSION}.sqlite3"


def national_database(offices: int, build_missing: bool = True) -> Path | None:
    """The national file of `offices` offices: cached, migrated in place from an older schema
    (a cache needs no backup copy), built when missing unless `build_missing` is false."""
    from storage.migrations import SCHEMA_VERSION

    path = national_path(offices)
    if path.exists():
        return path
    for version in range(SCHEMA_VERSION - 1, 0, -1):
        older = national_path(offices, version)
        if older.exists():
            _migrate_in_place(older)
            older.replace(path)
            return path
    if not build_missing:
        return None
    return build_national(path, offices)


def _migrate_in_place(path: Path) -> None:
    import sqlite3

    from sqlite_utils import Database

    from storage.migrations import migrate

    db = Database(sqlite3.connect(path, isolation_level=None))
    try:
        db.execute("PRAGMA foreign_keys = ON")
        migrate(db, None)
    finally:
        db.close()


# The tables an office is made of and, for each, its columns holding ids of which table: the copies
# shift those by the copy's offset for that table.
_COPIED: tuple[tuple[str, dict[str, str]], ...] = (
    ("units", {"id": "units", "parent_id": "units"}),
    ("unit_group_members", {"group_id": "units", "member_id": "units"}),
    ("plans", {"id": "plans", "parent_plan_id": "plans"}),
    ("plan_basis", {"id": "plan_basis", "plan_id": "plans", "linked_plan_id": "plans"}),
    ("tasks", {"id": "tasks", "plan_id": "plans", "parent_id": "tasks", "source_task_id": "tasks"}),
    ("assignments", {"id": "assignments", "task_id": "tasks", "unit_id": "units"}),
    ("occurrences", {"id": "occurrences", "assignment_id": "assignments"}),
    ("progress_updates", {"id": "progress_updates", "occurrence_id": "occurrences"}),
)


def build_national(path: Path, offices: int, seed: int = Size().seed) -> Path:
    """Write the national file of `offices` offices to `path`: one office generated, then copied.

    Indexes and triggers are dropped while the copies are inserted and made again at the end
    (building an index once is much cheaper than keeping it sorted through millions of inserts);
    the triggers only check what the copy keeps true or fill tables rebuilt at the end.
    """
    from storage.database import open_database, transaction

    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    build(partial, Size(OFFICE_SIZE_PLANS, OFFICE_SIZE_TASKS, OFFICE_SIZE_ASSIGNMENTS, seed))
    db = open_database(partial)
    try:
        db.conn.create_function("search_key", 1, search_key, deterministic=True)
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute("PRAGMA foreign_keys = OFF")
        db.execute("PRAGMA cache_size = -1000000")
        schema = db.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL"
            " AND tbl_name IN (" + ", ".join(f"'{table}'" for table, _ in _COPIED) + ")"
        ).fetchall()
        span = {
            table: db.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()[0]
            for table, _ in _COPIED
            if table != "unit_group_members"
        }
        with transaction(db):
            for kind, name, _sql in schema:
                db.execute(f"DROP {kind.upper()} {name}")
            for copy in range(1, offices):
                for table, links in _COPIED:
                    columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})").fetchall()]
                    values = []
                    for column in columns:
                        if column in links:
                            values.append(f"{column} + {copy * span[links[column]]}")
                        elif table == "units" and column == "name":
                            values.append(f"name || ' - ' || {_district_sql(copy)}")
                        elif table == "units" and column == "name_key":
                            values.append(f"search_key(name || ' - ' || {_district_sql(copy)})")
                        else:
                            values.append(column)
                    db.execute(
                        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {table}"
                        f" WHERE {'group_id' if table == 'unit_group_members' else 'rowid'} <= "
                        f"{span['units' if table == 'unit_group_members' else table]}"
                    )
            for _kind, _name, sql in schema:
                db.execute(sql)
            _after_copies(db)
            # No statistics, as in the files the application writes (it never runs ANALYZE): with
            # them SQLite 3.40 puts Bloom filters on the index walks, each a pass over every occurrence.
            db.execute("DROP TABLE IF EXISTS sqlite_stat1")
    finally:
        db.close()
    partial.replace(path)
    return path


def _district_sql(copy: int) -> str:
    """The label of copy `copy`'s district, as SQL text: a commune name and a number keep names unique."""
    return f"'huyện {COMMUNES[copy % len(COMMUNES)]} {copy // len(COMMUNES) + 1}'"


def _after_copies(db) -> None:
    """Tables the dropped triggers would have filled: rebuilt from the copied rows."""
    from storage.deadlines import rebuild_tally

    names = {row[0] for row in db.execute("SELECT name FROM sqlite_master").fetchall()}
    if "task_search" in names:
        db.execute("INSERT INTO task_search(task_search) VALUES ('rebuild')")
    if "deadline_tally" in names:
        rebuild_tally(db)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tạo cơ sở dữ liệu lớn để đo hiệu năng.")
    parser.add_argument("--out", help="tệp kết quả (mặc định: thư mục tạm, dùng lại nếu đã có)")
    parser.add_argument("--plans", type=int, default=Size().plans)
    parser.add_argument("--tasks", type=int, default=Size().tasks)
    parser.add_argument("--assignments", type=int, default=Size().assignments)
    parser.add_argument("--seed", type=int, default=Size().seed)
    parser.add_argument("--offices", type=int, help="số cơ quan (700 ≈ 7 triệu phân công); bỏ qua --plans…")
    args = parser.parse_args(argv)
    size = Size(args.plans, args.tasks, args.assignments, args.seed)
    started = time.perf_counter()
    if args.offices:
        if args.out:
            path = build_national(Path(args.out), args.offices, args.seed)
        else:
            path = national_database(args.offices)
    else:
        path = build(Path(args.out), size) if args.out else cached_database(size)
    print(f"{path} ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
