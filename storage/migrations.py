"""Schema versions as ordered steps, recorded in `PRAGMA user_version`.

`STEPS[n]` takes a database from version n to n + 1 inside one transaction, so a failed step
leaves the file as it was. Before an existing file is migrated it is copied to
`<name>.bak-v<old>`. A step, once released, is never edited: a change to the schema is a new
step appended to `STEPS`, tested against the fixture databases in tests/fixtures/.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from storage.sql import StorageError, schema_version, transaction

# Codes are stable identifiers (importers and spreadsheets refer to them); names are what
# the user sees and may be edited.
DEFAULT_UNIT_KINDS: tuple[tuple[str, str], ...] = (
    ("phong_ban", "Phòng, ban chuyên môn"),
    ("so_nganh", "Sở, ban, ngành"),
    ("ubnd_huyen_tinh", "UBND cấp huyện/tỉnh"),
    ("ubnd_xa", "UBND xã, phường, thị trấn"),
    ("mam_non", "Trường mầm non"),
    ("tieu_hoc", "Trường tiểu học"),
    ("thcs", "Trường THCS"),
    ("th_thcs", "Trường TH&THCS"),
    ("ptdtbt", "Trường PTDTBT"),
    ("thpt", "Trường THPT"),
    ("gdnn_gdtx", "Trung tâm GDNN-GDTX"),
    ("doan_the", "Đoàn thể, tổ chức"),
    ("khac", "Khác"),
)

# Dates are ISO text; `date(x) IS x` accepts exactly the valid YYYY-MM-DD strings.
_V1_STATEMENTS: tuple[str, ...] = (
    """
    CREATE TABLE unit_kinds (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE CHECK (code <> ''),
        name TEXT NOT NULL CHECK (name <> ''),
        position INTEGER NOT NULL DEFAULT 0
    )
    """,
    """
    CREATE TABLE units (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (name <> ''),
        name_key TEXT NOT NULL,
        short_name TEXT NOT NULL DEFAULT '',
        short_name_key TEXT NOT NULL DEFAULT '',
        kind_code TEXT REFERENCES unit_kinds(code) ON UPDATE CASCADE ON DELETE RESTRICT,
        parent_id INTEGER REFERENCES units(id) ON DELETE SET NULL CHECK (parent_id IS NOT id),
        is_group INTEGER NOT NULL DEFAULT 0 CHECK (is_group IN (0, 1)),
        notes TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX units_name_key ON units(name_key)",
    "CREATE INDEX units_short_name_key ON units(short_name_key)",
    "CREATE INDEX units_kind_code ON units(kind_code)",
    "CREATE INDEX units_parent_id ON units(parent_id)",
    """
    CREATE TABLE unit_group_members (
        group_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
        member_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
        position INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (group_id, member_id),
        CHECK (group_id <> member_id)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX unit_group_members_member ON unit_group_members(member_id)",
    """
    CREATE TABLE plans (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        title_key TEXT NOT NULL,
        doc_type TEXT NOT NULL DEFAULT 'KH' CHECK (doc_type <> ''),
        number TEXT,
        symbol TEXT,
        reference_key TEXT NOT NULL DEFAULT '',
        issuer TEXT NOT NULL DEFAULT '',
        issuer_key TEXT NOT NULL DEFAULT '',
        parent_issuer TEXT NOT NULL DEFAULT '',
        place TEXT NOT NULL DEFAULT '',
        issued_on TEXT CHECK (issued_on IS NULL OR date(issued_on) IS issued_on),
        issued_year INTEGER CHECK (issued_year IS NULL OR issued_year BETWEEN 1 AND 9999),
        issued_month INTEGER CHECK (issued_month IS NULL OR issued_month BETWEEN 1 AND 12),
        period_start TEXT CHECK (period_start IS NULL OR date(period_start) IS period_start),
        period_end TEXT CHECK (period_end IS NULL OR date(period_end) IS period_end),
        parent_plan_id INTEGER REFERENCES plans(id) ON DELETE SET NULL CHECK (parent_plan_id IS NOT id),
        signer_authority TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(signer_authority)),
        signer_title TEXT NOT NULL DEFAULT '',
        signer_name TEXT NOT NULL DEFAULT '',
        recipients TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(recipients)),
        status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'issued', 'closed')),
        source_name TEXT NOT NULL DEFAULT '',
        source_text TEXT NOT NULL DEFAULT '',
        deleted_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (period_start IS NULL OR period_end IS NULL OR period_start <= period_end)
    )
    """,
    "CREATE INDEX plans_reference_key ON plans(reference_key)",
    "CREATE INDEX plans_deleted_at ON plans(deleted_at)",
    "CREATE INDEX plans_parent_plan_id ON plans(parent_plan_id)",
    """
    CREATE TABLE plan_basis (
        id INTEGER PRIMARY KEY,
        plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        text TEXT NOT NULL CHECK (text <> ''),
        reference TEXT,
        linked_plan_id INTEGER REFERENCES plans(id) ON DELETE SET NULL,
        UNIQUE (plan_id, position)
    )
    """,
    "CREATE INDEX plan_basis_linked_plan_id ON plan_basis(linked_plan_id)",
    """
    CREATE TABLE tasks (
        id INTEGER PRIMARY KEY,
        plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        parent_id INTEGER REFERENCES tasks(id) ON DELETE CASCADE CHECK (parent_id IS NOT id),
        position INTEGER NOT NULL DEFAULT 0 CHECK (position >= 0),
        ordinal TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        content TEXT NOT NULL,
        content_key TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'task' CHECK (kind IN ('section', 'task')),
        timeframe_text TEXT NOT NULL DEFAULT '',
        deadline_override TEXT
            CHECK (deadline_override IS NULL OR date(deadline_override) IS deadline_override),
        notes TEXT NOT NULL DEFAULT '',
        path TEXT NOT NULL DEFAULT '',
        depth INTEGER NOT NULL DEFAULT 0 CHECK (depth >= 0),
        order_key TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX tasks_plan_order ON tasks(plan_id, order_key)",
    "CREATE INDEX tasks_parent_position ON tasks(parent_id, position)",
    # A task's parent must belong to the same plan; storage checks it first with a message
    # naming the plan, this is the backstop.
    """
    CREATE TRIGGER tasks_parent_same_plan_insert BEFORE INSERT ON tasks
    WHEN NEW.parent_id IS NOT NULL
        AND (SELECT plan_id FROM tasks WHERE id = NEW.parent_id) IS NOT NEW.plan_id
    BEGIN
        SELECT RAISE(ABORT, 'task parent belongs to another plan');
    END
    """,
    """
    CREATE TRIGGER tasks_parent_same_plan_update BEFORE UPDATE OF parent_id, plan_id ON tasks
    WHEN NEW.parent_id IS NOT NULL
        AND (SELECT plan_id FROM tasks WHERE id = NEW.parent_id) IS NOT NEW.plan_id
    BEGIN
        SELECT RAISE(ABORT, 'task parent belongs to another plan');
    END
    """,
    """
    CREATE TABLE assignments (
        id INTEGER PRIMARY KEY,
        task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE RESTRICT,
        role TEXT NOT NULL DEFAULT 'lead' CHECK (role IN ('lead', 'support')),
        deadline_override TEXT
            CHECK (deadline_override IS NULL OR date(deadline_override) IS deadline_override),
        position INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (task_id, unit_id)
    )
    """,
    "CREATE INDEX assignments_unit_id ON assignments(unit_id)",
    """
    CREATE TABLE occurrences (
        id INTEGER PRIMARY KEY,
        assignment_id INTEGER NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
        key TEXT NOT NULL DEFAULT '',
        starts_on TEXT CHECK (starts_on IS NULL OR date(starts_on) IS starts_on),
        due_on TEXT CHECK (due_on IS NULL OR date(due_on) IS due_on),
        state TEXT NOT NULL DEFAULT 'not_started'
            CHECK (state IN ('not_started', 'in_progress', 'done', 'paused')),
        progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        completed_on TEXT CHECK (completed_on IS NULL OR date(completed_on) IS completed_on),
        result TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        UNIQUE (assignment_id, key)
    )
    """,
    "CREATE INDEX occurrences_due_on ON occurrences(due_on)",
    "CREATE INDEX occurrences_state_due_on ON occurrences(state, due_on)",
    """
    CREATE TABLE progress_updates (
        id INTEGER PRIMARY KEY,
        occurrence_id INTEGER NOT NULL REFERENCES occurrences(id) ON DELETE CASCADE,
        recorded_at TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('not_started', 'in_progress', 'done', 'paused')),
        progress INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
        completed_on TEXT CHECK (completed_on IS NULL OR date(completed_on) IS completed_on),
        result TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        user TEXT NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX progress_updates_occurrence_id ON progress_updates(occurrence_id)",
    """
    CREATE TABLE attachments (
        id INTEGER PRIMARY KEY,
        occurrence_id INTEGER NOT NULL REFERENCES occurrences(id) ON DELETE CASCADE,
        file_name TEXT NOT NULL CHECK (file_name <> ''),
        stored_path TEXT NOT NULL CHECK (stored_path <> ''),
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        size INTEGER NOT NULL CHECK (size >= 0),
        added_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX attachments_occurrence_id ON attachments(occurrence_id)",
    """
    CREATE TABLE indicators (
        id INTEGER PRIMARY KEY,
        plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        task_id INTEGER REFERENCES tasks(id) ON DELETE SET NULL,
        position INTEGER NOT NULL DEFAULT 0,
        text TEXT NOT NULL,
        text_key TEXT NOT NULL,
        measure TEXT NOT NULL DEFAULT '%',
        comparator TEXT NOT NULL DEFAULT '>=' CHECK (comparator IN ('>=', '>', '=', '<=', '<')),
        target_value REAL,
        numerator INTEGER,
        denominator INTEGER CHECK (denominator IS NULL OR denominator > 0),
        baseline REAL,
        deadline TEXT NOT NULL DEFAULT '',
        breakdown TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(breakdown))
    )
    """,
    "CREATE INDEX indicators_plan_position ON indicators(plan_id, position)",
    "CREATE INDEX indicators_task_id ON indicators(task_id)",
    """
    CREATE TABLE indicator_values (
        id INTEGER PRIMARY KEY,
        indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
        unit_id INTEGER REFERENCES units(id) ON DELETE RESTRICT,
        period TEXT NOT NULL DEFAULT '',
        value REAL,
        numerator INTEGER,
        denominator INTEGER CHECK (denominator IS NULL OR denominator > 0),
        note TEXT NOT NULL DEFAULT '',
        recorded_at TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX indicator_values_lookup ON indicator_values(indicator_id, unit_id, period)",
    "CREATE INDEX indicator_values_unit_id ON indicator_values(unit_id)",
    """
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL CHECK (json_valid(value))
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        user TEXT NOT NULL DEFAULT '',
        action TEXT NOT NULL
            CHECK (action IN ('insert', 'update', 'delete', 'restore', 'purge', 'move', 'progress')),
        entity TEXT NOT NULL
            CHECK (entity IN ('unit', 'plan', 'task', 'assignment', 'occurrence', 'setting')),
        entity_id INTEGER,
        summary TEXT NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX audit_log_entity ON audit_log(entity, entity_id)",
)


def _v1_initial_schema(db: Database) -> None:
    for statement in _V1_STATEMENTS:
        db.execute(statement)
    for position, (code, name) in enumerate(DEFAULT_UNIT_KINDS):
        db.execute(
            "INSERT INTO unit_kinds (code, name, position) VALUES (?, ?, ?)", (code, name, position)
        )


def _v2_wider_audit_log(db: Database) -> None:
    """Indicators, their values, attachments and imports are audited too.

    SQLite cannot alter a CHECK constraint, so the table is rebuilt with its rows.
    """
    db.execute(
        """
        CREATE TABLE audit_log_v2 (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            user TEXT NOT NULL DEFAULT '',
            action TEXT NOT NULL CHECK (action IN
                ('insert', 'update', 'delete', 'restore', 'purge', 'move', 'progress', 'import')),
            entity TEXT NOT NULL CHECK (entity IN
                ('unit', 'plan', 'task', 'assignment', 'occurrence', 'setting',
                 'indicator', 'indicator_value', 'attachment')),
            entity_id INTEGER,
            summary TEXT NOT NULL DEFAULT ''
        )
        """
    )
    db.execute(
        "INSERT INTO audit_log_v2 SELECT id, at, user, action, entity, entity_id, summary FROM audit_log"
    )
    db.execute("DROP TABLE audit_log")
    db.execute("ALTER TABLE audit_log_v2 RENAME TO audit_log")
    db.execute("CREATE INDEX audit_log_entity ON audit_log(entity, entity_id)")


def _v3_deadline_indexes(db: Database) -> None:
    """Indexes the deadlines screen reads at office scale (100,000 assignments).

    occurrences_due_status holds every column the deadline status needs plus the assignment, in
    due-date order: the counts scan it without touching the table, and a page of rows walks it
    from the first due date until the page is full. It starts with due_on, so it replaces the
    due_on index. assignments_role lists the assignments of a role without reading the table.
    """
    db.execute(
        "CREATE INDEX occurrences_due_status"
        " ON occurrences(due_on, state, completed_on, starts_on, assignment_id)"
    )
    db.execute("DROP INDEX occurrences_due_on")
    db.execute("CREATE INDEX assignments_role ON assignments(role)")


def _v4_task_sources(db: Database) -> None:
    """A task of our implementation plan points to the task of the received plan it was made from.

    Several of ours may come from one source task (it was split); deleting the source keeps ours.
    """
    db.execute("ALTER TABLE tasks ADD COLUMN source_task_id INTEGER REFERENCES tasks(id) ON DELETE SET NULL")
    db.execute("CREATE INDEX tasks_source_task_id ON tasks(source_task_id) WHERE source_task_id IS NOT NULL")


def _v5_material_from_units(db: Database) -> None:
    """What units write beside their results (per round "khó khăn, vướng mắc / lý do chậm" and "đề xuất,
    kiến nghị"; per unit and report period its highlights, shortcomings and proposals), and reports
    as documents of their own."""
    for table in ("occurrences", "progress_updates"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN difficulties TEXT NOT NULL DEFAULT ''")
        db.execute(f"ALTER TABLE {table} ADD COLUMN proposals TEXT NOT NULL DEFAULT ''")
    db.execute(
        """
        CREATE TABLE unit_reports (
            id INTEGER PRIMARY KEY,
            unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
            period TEXT NOT NULL CHECK (period <> ''),
            highlights TEXT NOT NULL DEFAULT '',
            shortcomings TEXT NOT NULL DEFAULT '',
            proposals TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            recorded_at TEXT NOT NULL,
            UNIQUE (unit_id, period)
        )
        """
    )
    db.execute("CREATE INDEX unit_reports_period ON unit_reports(period)")
    # Reports as documents of their own (core.report_document): edited sections and frozen figures.
    db.execute(
        """
        CREATE TABLE reports (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind <> ''),
            period TEXT NOT NULL CHECK (period <> ''),
            period_start TEXT NOT NULL CHECK (date(period_start) IS period_start),
            period_end TEXT NOT NULL CHECK (date(period_end) IS period_end),
            plan_ids TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(plan_ids)),
            unit_id INTEGER REFERENCES units(id) ON DELETE RESTRICT,
            title TEXT NOT NULL DEFAULT '',
            request TEXT NOT NULL DEFAULT '',
            addressees TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(addressees)),
            opening TEXT NOT NULL DEFAULT '',
            sections TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(sections)),
            closing TEXT NOT NULL DEFAULT '',
            number TEXT,
            issued_on TEXT CHECK (issued_on IS NULL OR date(issued_on) IS issued_on),
            status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'issued')),
            signer_authority TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(signer_authority)),
            signer_title TEXT NOT NULL DEFAULT '',
            signer_name TEXT NOT NULL DEFAULT '',
            recipients TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(recipients)),
            snapshot TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(snapshot)),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK (period_start <= period_end)
        )
        """
    )
    db.execute("CREATE INDEX reports_period ON reports(period_end)")
    # The audit log learns the two new entities (SQLite cannot alter a CHECK: rebuilt with its rows).
    db.execute(
        """
        CREATE TABLE audit_log_v5 (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            user TEXT NOT NULL DEFAULT '',
            action TEXT NOT NULL CHECK (action IN
                ('insert', 'update', 'delete', 'restore', 'purge', 'move', 'progress', 'import', 'issue')),
            entity TEXT NOT NULL CHECK (entity IN
                ('unit', 'plan', 'task', 'assignment', 'occurrence', 'setting',
                 'indicator', 'indicator_value', 'attachment', 'report', 'unit_report')),
            entity_id INTEGER,
            summary TEXT NOT NULL DEFAULT ''
        )
        """
    )
    db.execute(
        "INSERT INTO audit_log_v5 SELECT id, at, user, action, entity, entity_id, summary FROM audit_log"
    )
    db.execute("DROP TABLE audit_log")
    db.execute("ALTER TABLE audit_log_v5 RENAME TO audit_log")
    db.execute("CREATE INDEX audit_log_entity ON audit_log(entity, entity_id)")


# The open rows' tally (v6): one row per unit kind, role and the occurrence columns the deadline
# status reads, counting the occurrences of plans not in the trash. NULLs are stored as '' so that
# equal keys meet in the primary key (NULLs are all distinct there).
_TALLY_KEY = "kind_code, role, due_on, state, completed_on, starts_on"
_TALLY_VALUES = (
    "coalesce(u.kind_code, ''), a.role, coalesce(o.due_on, ''), o.state, coalesce(o.completed_on, ''),"
    " coalesce(o.starts_on, '')"
)


def _tally_change(where: str, sign: str, joins: str = "") -> str:
    """Add (`sign` '+') or take away ('-') the occurrences that `where` picks, grouped by key.

    `joins` reaches the occurrences' assignment `a` and unit `u` from what the trigger knows.
    """
    joins = joins or (
        "FROM occurrences o JOIN assignments a ON a.id = o.assignment_id JOIN units u ON u.id = a.unit_id"
    )
    return (
        f"INSERT INTO deadline_tally ({_TALLY_KEY}, n) SELECT {_TALLY_VALUES}, {sign}count(*) {joins}"
        f" WHERE {where} GROUP BY 1, 2, 3, 4, 5, 6 ON CONFLICT DO UPDATE SET n = n + excluded.n;"
    )


def _open_plan(task: str) -> str:
    return (
        "EXISTS (SELECT 1 FROM tasks tt JOIN plans pp ON pp.id = tt.plan_id"
        f" WHERE tt.id = {task} AND pp.deleted_at IS NULL)"
    )


def _v6_national_volume(db: Database) -> None:
    """What the deadline views need at national volume (issue 14: 7 M assignments in one file).

    - occurrences_progress: progress, then due date (none last), the order of the list sorted by
      progress, which walks it instead of sorting every row.
    - deadline_tally: the open occurrences counted per unit kind, role, due date, state, completion
      and start date (a few thousand rows however many occurrences), kept exact by the triggers
      below, so the counts without a filter, by unit kind, role or period read it instead of every
      occurrence. A row leaves it when its plan goes to the trash and comes back on restore.
      Deletes that cascade (a plan, task or assignment with its rows) are taken away before they
      happen, by whichever level is deleted directly: below it the parents are already gone.
    - task_search: a trigram full-text index of the tasks' search keys (diacritics folded), so a
      search finds the tasks holding a word without reading every task.
    """
    # The order of the list sorted by progress (undated last); coalesce keeps NULL out of the keyset.
    db.execute(
        "CREATE INDEX occurrences_progress ON occurrences(progress, due_on IS NULL, coalesce(due_on, ''))"
    )
    db.execute(
        f"""
        CREATE TABLE deadline_tally (
            kind_code TEXT NOT NULL,
            role TEXT NOT NULL,
            due_on TEXT NOT NULL,
            state TEXT NOT NULL,
            completed_on TEXT NOT NULL,
            starts_on TEXT NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY ({_TALLY_KEY})
        ) WITHOUT ROWID
        """
    )
    occurrence = (
        "FROM assignments a JOIN units u ON u.id = a.unit_id JOIN (SELECT {row}.due_on, {row}.state,"
        " {row}.completed_on, {row}.starts_on) o"
    )
    assignment_changed = (
        "OLD.task_id IS NOT NEW.task_id OR OLD.unit_id IS NOT NEW.unit_id OR OLD.role IS NOT NEW.role"
    )
    triggers = {
        "occurrences_tally_insert": (
            "AFTER INSERT ON occurrences",
            _tally_change(
                f"a.id = NEW.assignment_id AND {_open_plan('a.task_id')}", "+", occurrence.format(row="NEW")
            ),
        ),
        "occurrences_tally_update": (
            "AFTER UPDATE OF assignment_id, due_on, state, completed_on, starts_on ON occurrences"
            " WHEN OLD.assignment_id IS NOT NEW.assignment_id OR OLD.due_on IS NOT NEW.due_on"
            " OR OLD.state IS NOT NEW.state OR OLD.completed_on IS NOT NEW.completed_on"
            " OR OLD.starts_on IS NOT NEW.starts_on",
            _tally_change(
                f"a.id = OLD.assignment_id AND {_open_plan('a.task_id')}", "-", occurrence.format(row="OLD")
            )
            + _tally_change(
                f"a.id = NEW.assignment_id AND {_open_plan('a.task_id')}", "+", occurrence.format(row="NEW")
            ),
        ),
        # Found only when deleted on its own: in a cascade its assignment is already gone.
        "occurrences_tally_delete": (
            "AFTER DELETE ON occurrences",
            _tally_change(
                f"a.id = OLD.assignment_id AND {_open_plan('a.task_id')}", "-", occurrence.format(row="OLD")
            ),
        ),
        "assignments_tally_delete": (
            "BEFORE DELETE ON assignments",
            _tally_change(f"o.assignment_id = OLD.id AND {_open_plan('OLD.task_id')}", "-"),
        ),
        "assignments_tally_update": (
            "BEFORE UPDATE OF task_id, unit_id, role ON assignments"
            f" WHEN {assignment_changed}",
            _tally_change(f"o.assignment_id = OLD.id AND {_open_plan('OLD.task_id')}", "-"),
        ),
        "assignments_tally_updated": (
            "AFTER UPDATE OF task_id, unit_id, role ON assignments"
            f" WHEN {assignment_changed}",
            _tally_change(f"o.assignment_id = NEW.id AND {_open_plan('NEW.task_id')}", "+"),
        ),
        "tasks_tally_delete": (
            "BEFORE DELETE ON tasks",
            _tally_change(f"a.task_id = OLD.id AND {_open_plan('OLD.id')}", "-"),
        ),
        "tasks_tally_move": (
            "BEFORE UPDATE OF plan_id ON tasks WHEN OLD.plan_id IS NOT NEW.plan_id",
            _tally_change(f"a.task_id = OLD.id AND {_open_plan('OLD.id')}", "-"),
        ),
        "tasks_tally_moved": (
            "AFTER UPDATE OF plan_id ON tasks WHEN OLD.plan_id IS NOT NEW.plan_id",
            _tally_change(f"a.task_id = NEW.id AND {_open_plan('NEW.id')}", "+"),
        ),
        "plans_tally_trash": (
            "AFTER UPDATE OF deleted_at ON plans"
            " WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL",
            _tally_change("a.task_id IN (SELECT id FROM tasks WHERE plan_id = NEW.id)", "-"),
        ),
        "plans_tally_restore": (
            "AFTER UPDATE OF deleted_at ON plans"
            " WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL",
            _tally_change("a.task_id IN (SELECT id FROM tasks WHERE plan_id = NEW.id)", "+"),
        ),
        "plans_tally_delete": (
            "BEFORE DELETE ON plans WHEN OLD.deleted_at IS NULL",
            _tally_change("a.task_id IN (SELECT id FROM tasks WHERE plan_id = OLD.id)", "-"),
        ),
        "units_tally_kind": (
            "BEFORE UPDATE OF kind_code ON units WHEN OLD.kind_code IS NOT NEW.kind_code",
            _tally_change(f"a.unit_id = OLD.id AND {_open_plan('a.task_id')}", "-"),
        ),
        "units_tally_kinded": (
            "AFTER UPDATE OF kind_code ON units WHEN OLD.kind_code IS NOT NEW.kind_code",
            _tally_change(f"a.unit_id = NEW.id AND {_open_plan('a.task_id')}", "+"),
        ),
    }
    for name, (when, body) in triggers.items():
        db.execute(f"CREATE TRIGGER {name} {when} BEGIN {body} END")
    db.execute(_tally_change(_open_plan("a.task_id"), "+"))
    db.execute(
        "CREATE VIRTUAL TABLE task_search USING fts5(content_key, content='tasks', content_rowid='id',"
        " tokenize='trigram')"
    )
    db.execute("INSERT INTO task_search(task_search) VALUES ('rebuild')")
    db.execute(
        "CREATE TRIGGER tasks_search_insert AFTER INSERT ON tasks BEGIN"
        " INSERT INTO task_search(rowid, content_key) VALUES (NEW.id, NEW.content_key); END"
    )
    forget = (
        "INSERT INTO task_search(task_search, rowid, content_key) VALUES ('delete', OLD.id, OLD.content_key);"
    )
    db.execute(f"CREATE TRIGGER tasks_search_delete AFTER DELETE ON tasks BEGIN {forget} END")
    db.execute(
        f"CREATE TRIGGER tasks_search_update AFTER UPDATE OF content_key ON tasks BEGIN {forget}"
        " INSERT INTO task_search(rowid, content_key) VALUES (NEW.id, NEW.content_key); END"
    )


STEPS: tuple[Callable[[Database], None], ...] = (
    _v1_initial_schema,
    _v2_wider_audit_log,
    _v3_deadline_indexes,
    _v4_task_sources,
    _v5_material_from_units,
    _v6_national_volume,
)
SCHEMA_VERSION = len(STEPS)


def migrate(db: Database, existing_file: Path | None, target: int = SCHEMA_VERSION) -> int:
    """Apply the steps that take `db` to version `target`; returns the version it had before.

    `existing_file` is the database's path when it existed before it was opened: it is then
    copied to `<name>.bak-v<old>` before the first step runs.
    """
    current = schema_version(db)
    label = existing_file or "cơ sở dữ liệu"
    if current > SCHEMA_VERSION:
        raise StorageError(
            f"Tệp {label} được tạo bởi phiên bản mới hơn của chương trình "
            f"(lược đồ v{current}, chương trình này đọc được tới v{SCHEMA_VERSION})"
        )
    if current < 0 or (current == 0 and _has_tables(db)):
        raise StorageError(f"Tệp {label} là cơ sở dữ liệu SQLite của chương trình khác")
    if current >= target:
        return current
    if existing_file is not None:
        # The connection holds no transaction here, so the file on disk is complete. The copy is
        # written under a temporary name and moved into place: a kill mid-copy leaves no torn copy.
        target_copy = backup_copy_path(existing_file, current)
        partial = target_copy.with_name(target_copy.name + ".partial")
        try:
            shutil.copy2(existing_file, partial)
            os.replace(partial, target_copy)
        except OSError:
            partial.unlink(missing_ok=True)  # a full disk leaves no litter either
            raise
    for version in range(current, target):
        with transaction(db):
            STEPS[version](db)
            # PRAGMA user_version is part of the transaction: a failed step leaves it unchanged.
            db.execute(f"PRAGMA user_version = {version + 1}")
    return current


def backup_copy_path(path: Path, version: int) -> Path:
    """`<name>.bak-v<version>`, or `<name>.bak-v<version>.<n>` when that name is taken."""
    candidate = path.with_name(f"{path.name}.bak-v{version}")
    counter = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.bak-v{version}.{counter}")
        counter += 1
    return candidate


def _has_tables(db: Database) -> bool:
    row = db.execute("SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchone()
    return bool(row[0])
