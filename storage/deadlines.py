"""Deadline tracking over every occurrence: rows for the deadlines screen and counts per status.

The status is computed in SQL so that filtering, counting and paging 100,000 assignments
never loops over them in Python. The CASE expression below must stay identical to
`core.status.deadline_status`; tests compare the two on generated data.

Speed (bench/bench_deadlines.py): a `DeadlineSelection` first turns every filter on the
assignment, its task, unit or plan (and the trash) into one list of assignment ids, once. Counts
then read only those assignments' occurrences, or without such filters scan a covering index and
take away what is in the trash. A page of rows is read in blocks, one per group of statuses in the
chosen order, each walking an index in that order (due dates, or the tasks' tree order), so the
first rows of a large result come without sorting all of it; `after` continues from a row already
shown (keyset paging) instead of counting past an offset.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from sqlite_utils import Database

from core.model import Role, WorkState
from core.status import DEFAULT_WARN_DAYS, SEVERITY, DeadlineStatus
from storage.database import StorageError, date_text, date_value, like_pattern, search_words

# Status of an occurrence as of :as_of (the rule of core.status.deadline_status, in order):
# 1. It counts as done only if state = 'done' and completed_on IS NULL or completed_on <= as_of
#    (work finished after the as-of date was not yet done then).
# 2. Done: done_on_time if due_on IS NULL or completed_on IS NULL or completed_on <= due_on,
#    otherwise done_late.
# 3. Not done, due_on IS NULL: no_deadline (never overdue).
# 4. Not done, as_of > due_on: overdue.
# 5. Not done, due_on - as_of <= warn_days: due_soon. :soon_until is as_of + warn_days, so
#    this is due_on <= :soon_until; for a negative warn_days it is NULL, which disables it.
# 6. Otherwise in_progress.
# ISO date text compares in date order, so plain text comparisons are date comparisons.
_STATUS_SQL = """
    CASE
        WHEN o.state = 'done' AND (o.completed_on IS NULL OR o.completed_on <= :as_of) THEN
            CASE WHEN o.due_on IS NULL OR o.completed_on IS NULL OR o.completed_on <= o.due_on
                THEN 'done_on_time' ELSE 'done_late' END
        WHEN o.due_on IS NULL THEN 'no_deadline'
        WHEN :as_of > o.due_on THEN 'overdue'
        WHEN o.due_on <= :soon_until THEN 'due_soon'
        ELSE 'in_progress'
    END
"""
_OPEN = "(o.starts_on IS NULL OR o.starts_on <= :as_of)"
# Rows of one task and date stay together in the plan's order: lead units first.
_TIE = ("t.plan_id", "t.order_key", "(a.role = 'support')", "a.position", "o.key", "o.id")

# Most urgent first: the order of the status column and of the counts on the screen.
_STATUS_CODE = {status: code for code, status in enumerate(SEVERITY)}
# The same CASE giving the status's position in SEVERITY: cheaper to compare and group.
_STATUS_CODE_SQL = _STATUS_SQL
for _status, _code in _STATUS_CODE.items():
    _STATUS_CODE_SQL = _STATUS_CODE_SQL.replace(f"'{_status.value}'", str(_code))
_TRASHED = (
    "SELECT a.id FROM plans p JOIN tasks t ON t.plan_id = p.id JOIN assignments a ON a.task_id = t.id"
    " WHERE p.deleted_at IS NOT NULL"
)
_CHOSEN = "SELECT value FROM json_each(:chosen)"
_ASSIGNMENT_AND_TASK = (
    "CROSS JOIN assignments a ON a.id = o.assignment_id CROSS JOIN tasks t ON t.id = a.task_id"
)
# Up to this many chosen assignments drive a page of rows (sorting their rows is cheap); more
# are probed while walking the occurrences in index order, which stops once the page is full.
_FEW = 2_000
# Up to this many chosen assignments drive the counts; looking up each one's occurrences costs
# more than a scan of the covering index (probing the list) beyond about a third of them.
_DRIVE_COUNTS = 30_000

# A condition the due-date index can use, implied by each status (a hint, not the rule).
_DUE_HINT = {
    DeadlineStatus.OVERDUE: "o.due_on < :as_of",
    DeadlineStatus.DUE_SOON: "o.due_on >= :as_of",
    DeadlineStatus.IN_PROGRESS: "o.due_on >= :as_of",
    DeadlineStatus.NO_DEADLINE: "o.due_on IS NULL",
}


class DeadlineSort(StrEnum):
    """Orders of the rows; each ends with plan, task order, lead before support, round."""

    DEFAULT = "default"  # overdue first, then by due date (none last)
    STATUS = "status"  # SEVERITY order, then by due date
    DUE = "due"  # by due date, none last
    PLAN = "plan"  # by plan (issue date), then task order
    UNIT = "unit"  # by unit name, then due date
    ROLE = "role"  # lead before support, then due date
    PROGRESS = "progress"  # by reported progress, then due date


@dataclass(frozen=True, slots=True)
class DeadlineRow:
    """One occurrence of one assignment with its deadline status as of a date."""

    occurrence_id: int
    assignment_id: int
    plan_id: int
    plan_reference: str
    plan_title: str
    task_id: int
    task_path: str
    task_content: str
    unit_id: int
    unit_name: str
    unit_kind: str | None
    role: Role
    occurrence_key: str
    due_on: date | None
    state: WorkState
    progress: int
    completed_on: date | None
    result: str
    status: DeadlineStatus
    days_left: int | None


@dataclass(frozen=True, slots=True)
class _Block:
    """Rows of some statuses, with or without a due date, read in one index-friendly order.

    `statuses` are the statuses the block holds in its sort; `chosen` those of them the status
    filter keeps (empty: the block is skipped, but still tells where a row of its kind sorts).
    """

    statuses: frozenset[DeadlineStatus]
    chosen: frozenset[DeadlineStatus]
    has_due: bool | None  # True: due_on IS NOT NULL only; False: IS NULL only; None: both
    order: tuple[str, ...]
    driver: str = "due"  # the index walked: "due" (occurrences by due date), "tasks", "units", "scan"
    extra: str = ""  # a further condition of the block


class DeadlineSelection:
    """The occurrences open as of a date that match some filters: their counts and their rows.

    Open means started by `as_of` and not in a plan in the trash. Filters combine with AND;
    `search` must find each of its words in the task content, the unit name or the plan's
    reference or title, ignoring case and diacritics. `due_from`/`due_to` keep rows due in that
    range (inclusive) and, unless `undated` is false, rows without a deadline, which are
    reported in every period.

    Which assignments match is worked out once, when the selection is made: make a new one
    after the data changes. Counting and paging through it then cost little each time.
    """

    def __init__(
        self,
        db: Database,
        as_of: date,
        warn_days: int = DEFAULT_WARN_DAYS,
        *,
        plan_id: int | None = None,
        unit_id: int | None = None,
        unit_kind: str | None = None,
        role: Role | None = None,
        search: str = "",
        due_from: date | None = None,
        due_to: date | None = None,
        undated: bool = True,
    ):
        if due_from is not None and due_to is not None and due_from > due_to:
            raise StorageError(f"Khoảng thời gian không hợp lệ: từ {due_from:%d/%m/%Y} đến {due_to:%d/%m/%Y}")
        self.db = db
        self.as_of = as_of
        _ensure_page_cache(db)
        self._params: dict[str, object] = {
            "as_of": as_of.isoformat(),
            "soon_until": _soon_until(as_of, warn_days),
        }
        self._conditions = [_OPEN]
        if due_from is not None or due_to is not None:
            self._params["due_from"] = date_text(due_from or date.min)
            self._params["due_to"] = date_text(due_to or date.max)
            between = "o.due_on BETWEEN :due_from AND :due_to"
            self._conditions.append(f"(o.due_on IS NULL OR {between})" if undated else between)
        # None: every assignment not in the trash; else how many are chosen, as a JSON array.
        role = None if role is None else Role(role)
        chosen = _chosen_assignments(db, plan_id, unit_id, unit_kind, role, search)
        self._chosen = chosen is not None
        self._few = chosen is not None and chosen[0] <= _FEW
        self._drive_counts = chosen is not None and chosen[0] <= _DRIVE_COUNTS
        self._trash = False
        if chosen is not None:
            self._params["chosen"] = chosen[1]
        else:
            self._trash = bool(
                db.execute("SELECT EXISTS (SELECT 1 FROM plans WHERE deleted_at IS NOT NULL)").fetchone()[0]
            )

    # ------------------------------------------------------------------ counts
    def counts(self, statuses: Iterable[DeadlineStatus] | None = None) -> dict[DeadlineStatus, int]:
        """How many rows have each status (every status listed; only `statuses` when given)."""
        counts = dict.fromkeys(DeadlineStatus, 0)
        for status, count in self._grouped("", statuses):
            counts[status] = count
        return counts

    def day_counts(
        self, start: date, end: date, statuses: Iterable[DeadlineStatus] | None = None
    ) -> dict[date, dict[DeadlineStatus, int]]:
        """Per due date from `start` to `end` (inclusive), how many rows fall due that day in each
        status; days without any are left out."""
        params = {"day_from": start.isoformat(), "day_to": end.isoformat()}
        result: dict[date, dict[DeadlineStatus, int]] = {}
        days = "o.due_on BETWEEN :day_from AND :day_to"
        for day, status, count in self._grouped("o.due_on", statuses, days, params):
            result.setdefault(date.fromisoformat(day), {})[status] = count
        return result

    def plan_counts(
        self, statuses: Iterable[DeadlineStatus] | None = None
    ) -> dict[int, dict[DeadlineStatus, int]]:
        """Per plan id, how many rows have each status; plans without any are left out."""
        result: dict[int, dict[DeadlineStatus, int]] = {}
        for plan_id, status, count in self._grouped("t.plan_id", statuses):
            result.setdefault(plan_id, {})[status] = count
        return result

    def _grouped(
        self, key: str, statuses: Iterable[DeadlineStatus] | None, extra: str = "", extra_params=None
    ) -> list[tuple]:
        """(key value, status, count) rows, or (status, count) without a key.

        Without other filters, rows in the trash are counted on their own and taken away: that
        is cheaper than checking every row against the trash.
        """
        params = dict(self._params, **(extra_params or {}))
        conditions = [*self._conditions, *([extra] if extra else [])]
        if self._chosen and not self._drive_counts:
            conditions.append(f"o.assignment_id IN ({_CHOSEN})")
        if statuses is not None:
            conditions.append(_status_condition(statuses))
        counts = self._group_query(self._source(), key, conditions, params)
        if self._trash:
            trashed = f"({_TRASHED}) AS trashed CROSS JOIN occurrences o ON o.assignment_id = trashed.id"
            for group, count in self._group_query(trashed, key, conditions, params).items():
                counts[group] = counts.get(group, 0) - count
        return [(*group, count) for group, count in counts.items() if count]

    def _group_query(self, source: str, key: str, conditions: list[str], params: dict) -> dict[tuple, int]:
        where = " AND ".join(conditions)
        if not key:
            # Six filtered counts over a subquery that is not flattened (LIMIT -1), so the status
            # is worked out once per row and no GROUP BY sorter is needed: a fifth faster.
            columns = ", ".join(f"count(*) FILTER (WHERE status = {code})" for code in range(len(SEVERITY)))
            sql = (
                f"SELECT {columns} FROM (SELECT {_STATUS_CODE_SQL} AS status FROM {source}"
                f" WHERE {where} LIMIT -1)"
            )
            counts = self.db.execute(sql, params).fetchone()
            return {(status,): count for status, count in zip(SEVERITY, counts, strict=True)}
        if key.startswith("t."):
            source += " JOIN assignments a ON a.id = o.assignment_id JOIN tasks t ON t.id = a.task_id"
        # Integer codes group faster than the status names.
        sql = (
            f"SELECT group_key, status, count(*) FROM (SELECT {key} AS group_key,"
            f" {_STATUS_CODE_SQL} AS status FROM {source} WHERE {where}) GROUP BY group_key, status"
        )
        return {(row[0], SEVERITY[row[1]]): row[2] for row in self.db.execute(sql, params).fetchall()}

    def _source(self) -> str:
        """FROM for counting: the chosen assignments drive (only their occurrences are read), unless
        they are so many that scanning the covering index and probing the list is cheaper."""
        if self._drive_counts:
            return f"({_CHOSEN}) AS chosen CROSS JOIN occurrences o ON o.assignment_id = chosen.value"
        return "occurrences o INDEXED BY occurrences_due_status"

    def _page_source(self, block: _Block) -> str:
        """FROM for a block's rows, in a fixed join order (CROSS JOIN) that walks the block's index
        in the block's order, or starts from a short list of chosen assignments and sorts."""
        with_plan = " CROSS JOIN plans p ON p.id = t.plan_id" if _reads(block, "p") else ""
        with_unit = " CROSS JOIN units u ON u.id = a.unit_id" if _reads(block, "u") else ""
        if self._few:
            return (
                f"({_CHOSEN}) AS chosen CROSS JOIN occurrences o ON o.assignment_id = chosen.value"
                f" {_ASSIGNMENT_AND_TASK}{with_plan}{with_unit}"
            )
        if block.driver == "tasks":
            return (
                "tasks t INDEXED BY tasks_plan_order CROSS JOIN assignments a ON a.task_id = t.id"
                f" CROSS JOIN occurrences o ON o.assignment_id = a.id{with_plan}{with_unit}"
            )
        if block.driver == "units":
            return (
                "units u INDEXED BY units_name_key CROSS JOIN assignments a ON a.unit_id = u.id"
                " CROSS JOIN occurrences o ON o.assignment_id = a.id"
                f" CROSS JOIN tasks t ON t.id = a.task_id{with_plan}"
            )
        index = " INDEXED BY occurrences_due_status" if block.driver == "due" else ""
        return f"occurrences o{index} {_ASSIGNMENT_AND_TASK}{with_plan}{with_unit}"

    # -------------------------------------------------------------------- rows
    def rows(
        self,
        *,
        statuses: Iterable[DeadlineStatus] | None = None,
        sort: DeadlineSort = DeadlineSort.DEFAULT,
        descending: bool = False,
        limit: int | None = None,
        offset: int = 0,
        after: int | None = None,
    ) -> list[DeadlineRow]:
        """The rows of `statuses` (all when None) in the order `sort`, reversed when `descending`.

        `limit`/`offset` page through them; `after`, the occurrence id of a row already shown,
        starts right after that row, which stays fast however far down it is.
        """
        wanted = None if statuses is None else frozenset(DeadlineStatus(s) for s in statuses)
        blocks = _blocks(DeadlineSort(sort), wanted)
        if descending:
            blocks = [replace(b, order=tuple(f"{term} DESC" for term in b.order)) for b in reversed(blocks)]
        params = dict(self._params)
        start, keyset = (0, "") if after is None else self._resume_point(blocks, params, after, descending)
        ids: list[int] = []
        for index in range(start, len(blocks)):
            missing = None if limit is None else limit - len(ids)
            if missing is not None and missing <= 0:
                break
            block = blocks[index]
            if not block.chosen:
                continue
            where = [*self._conditions, *_block_conditions(block)]
            if self._trash:
                where.append(f"o.assignment_id NOT IN ({_TRASHED})")
            elif self._chosen and not self._few:  # walking the index: probe the list
                where.append(f"o.assignment_id IN ({_CHOSEN})")
            if keyset and index == start:
                where.append(keyset)
            source = self._page_source(block)
            condition = " AND ".join(where)
            if offset:
                sql = f"SELECT count(*) FROM {source} WHERE {condition}"
                size = self.db.execute(sql, params).fetchone()[0]
                if offset >= size:
                    offset -= size
                    continue
            sql = f"SELECT o.id FROM {source} WHERE {condition} ORDER BY {', '.join(block.order)}"
            if missing is not None or offset:
                sql += f" LIMIT {-1 if missing is None else int(missing)} OFFSET {int(offset)}"
            offset = 0
            ids.extend(row[0] for row in self.db.execute(sql, params).fetchall())
        return _details(self.db, ids, self.as_of, params)

    def stream(
        self,
        *,
        statuses: Iterable[DeadlineStatus] | None = None,
        sort: DeadlineSort = DeadlineSort.DEFAULT,
        batch: int = 1_000,
    ) -> Iterator[DeadlineRow]:
        """Every row of `statuses` in the order `sort`, read a page at a time (each page starts
        after the last row of the one before), so that memory stays constant however many there are.
        """
        after = None
        while True:
            page = self.rows(statuses=statuses, sort=sort, limit=batch, after=after)
            yield from page
            if len(page) < batch:
                return
            after = page[-1].occurrence_id

    def _resume_point(
        self, blocks: list[_Block], params: dict[str, object], after: int, descending: bool
    ) -> tuple[int, str]:
        """The block the row `after` sorts in and a condition for the rows after it in that block.

        The row itself need not match the filters (it may have changed since it was shown): the
        blocks' own conditions, without the status filter, say where it sorts; its sort key
        where to go on from.
        """
        probe = dict(params, after=after)
        unfiltered = [replace(block, chosen=block.statuses) for block in blocks]
        tests = ", ".join(f"({' AND '.join(_block_conditions(b)) or '1'})" for b in unfiltered)
        every_table = f"occurrences o {_ASSIGNMENT_AND_TASK}"
        found = self.db.execute(f"SELECT {tests} FROM {every_table} WHERE o.id = :after", probe).fetchone()
        if found is None:
            raise StorageError(f"Không tìm thấy lượt thực hiện có mã số {after}")
        index = list(found).index(1)
        block = blocks[index]
        terms = [term.removesuffix(" DESC") for term in block.order]
        joins = "".join(
            f" JOIN {table} ON {table[0]}.id = {link}"
            for table, link in (("plans p", "t.plan_id"), ("units u", "a.unit_id"))
            if _reads(block, table[0])
        )
        sql = f"SELECT {', '.join(terms)} FROM {every_table}{joins} WHERE o.id = :after"
        key = self.db.execute(sql, probe).fetchone()
        names = []
        for position, value in enumerate(key):
            params[f"after_{position}"] = value
            names.append(f":after_{position}")
        comparison = "<" if descending else ">"
        keyset = f"({', '.join(terms)}) {comparison} ({', '.join(names)})"
        if terms[0] == "o.due_on":  # lets the index walk start at that date
            keyset += f" AND o.due_on {comparison}= :after_0"
        return index, keyset


def deadline_rows(
    db: Database,
    as_of: date,
    warn_days: int = DEFAULT_WARN_DAYS,
    *,
    plan_id: int | None = None,
    unit_id: int | None = None,
    unit_kind: str | None = None,
    role: Role | None = None,
    statuses: Iterable[DeadlineStatus] | None = None,
    search: str = "",
    due_from: date | None = None,
    due_to: date | None = None,
    sort: DeadlineSort = DeadlineSort.DEFAULT,
    descending: bool = False,
    limit: int | None = None,
    offset: int = 0,
    after: int | None = None,
) -> list[DeadlineRow]:
    """Occurrences open as of `as_of` matching the filters (see `DeadlineSelection`) in the order
    `sort`: by default overdue first, then by due date, plan and task order."""
    selection = DeadlineSelection(
        db,
        as_of,
        warn_days,
        plan_id=plan_id,
        unit_id=unit_id,
        unit_kind=unit_kind,
        role=role,
        search=search,
        due_from=due_from,
        due_to=due_to,
    )
    return selection.rows(
        statuses=statuses, sort=sort, descending=descending, limit=limit, offset=offset, after=after
    )


def status_counts(
    db: Database,
    as_of: date,
    warn_days: int = DEFAULT_WARN_DAYS,
    *,
    plan_id: int | None = None,
    unit_id: int | None = None,
    unit_kind: str | None = None,
    role: Role | None = None,
    statuses: Iterable[DeadlineStatus] | None = None,
    search: str = "",
    due_from: date | None = None,
    due_to: date | None = None,
) -> dict[DeadlineStatus, int]:
    """How many of the rows `deadline_rows` would return have each status (every status listed)."""
    selection = DeadlineSelection(
        db,
        as_of,
        warn_days,
        plan_id=plan_id,
        unit_id=unit_id,
        unit_kind=unit_kind,
        role=role,
        search=search,
        due_from=due_from,
        due_to=due_to,
    )
    return selection.counts(statuses)


# --- helpers ---------------------------------------------------------------------------------


# Pages of SQLite's cache per connection (negative: KiB). The counts read the occurrences index,
# the assignments and the tasks, a few MB at office scale; SQLite's default cache is 2 MB, so
# every count would read them again from the operating system.
_CACHE_KIB = 32 * 1024


def _ensure_page_cache(db: Database) -> None:
    size = db.execute("PRAGMA cache_size").fetchone()[0]
    # A positive size counts pages (of 4 KiB by default); a negative one KiB.
    if (size * 4 if size > 0 else -size) < _CACHE_KIB:
        db.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")


def _soon_until(as_of: date, warn_days: int) -> str | None:
    # A negative warn_days disables DUE_SOON: `due_on <= NULL` is never true. A window reaching
    # past year 9999 saturates instead of overflowing, since it covers every date anyway.
    if warn_days < 0:
        return None
    if warn_days >= (date.max - as_of).days:
        return date_text(date.max)
    return date_text(as_of + timedelta(days=warn_days))


def _chosen_assignments(
    db: Database,
    plan_id: int | None,
    unit_id: int | None,
    unit_kind: str | None,
    role: Role | None,
    search: str,
) -> tuple[int, str] | None:
    """How many assignments (not in the trash) the filters keep and their ids as a JSON array;
    None when nothing filters them."""
    params: dict[str, object] = {}
    chosen = []
    if plan_id is not None:
        params["plan_id"] = plan_id
        chosen.append("a.task_id IN (SELECT id FROM tasks WHERE plan_id = :plan_id)")
    if unit_id is not None:
        params["unit_id"] = unit_id
        chosen.append("a.unit_id = :unit_id")
    if unit_kind is not None:
        params["unit_kind"] = unit_kind
        chosen.append("a.unit_id IN (SELECT id FROM units WHERE kind_code = :unit_kind)")
    if role is not None:
        params["role"] = role.value
        chosen.append("a.role = :role")
    words = search_words(search)
    prefix = ""
    if words:
        prefix, condition = _search_condition(db, words, params)
        chosen.append(condition)
    if not chosen:
        return None
    chosen.append(f"a.id NOT IN ({_TRASHED})")
    sql = f"{prefix}SELECT count(*), json_group_array(a.id) FROM assignments a WHERE {' AND '.join(chosen)}"
    count, ids = db.execute(sql, params).fetchone()
    return count, ids


def _search_condition(db: Database, words: list[str], params: dict[str, object]) -> tuple[str, str]:
    """A WITH clause and a condition keeping the assignments where each word is in the task's
    content, its plan's reference or title, or the unit's name or short name.

    Plans and units are few, so which words each matches is read first; the tasks are read once,
    each getting a bit per word it holds (in its content or its plan). Units matching the same
    words form a group, whose tasks must then hold all the other words.
    """
    likes = []
    for index, word in enumerate(words):
        params[f"search_{index}"] = like_pattern(word)
        likes.append(f"LIKE :search_{index} ESCAPE '\\'")
    plan_columns = ", ".join(f"(reference_key {like} OR title_key {like})" for like in likes)
    plan_words: list[list[int]] = [[] for _ in words]
    for plan_id, *matches in db.execute(f"SELECT id, {plan_columns} FROM plans", params).fetchall():
        for index, matched in enumerate(matches):
            if matched:
                plan_words[index].append(plan_id)
    unit_columns = ", ".join(f"(name_key {like} OR short_name_key {like})" for like in likes)
    groups: dict[int, list[int]] = {}  # bits of the words the unit's name holds -> units
    units = db.execute(f"SELECT id, {unit_columns} FROM units", params).fetchall()
    for unit_id, *matches in units:
        groups.setdefault(sum(1 << i for i, matched in enumerate(matches) if matched), []).append(unit_id)
    holds = [
        f"(t.content_key {like} OR t.plan_id IN ({', '.join(map(str, plan_words[i])) or 'NULL'}))"
        for i, like in enumerate(likes)
    ]
    if list(groups) == [0]:
        # No unit name holds any of the words (the usual case): the task must hold them all, and
        # AND stops at the first word a task lacks.
        return "", f"a.task_id IN (SELECT t.id FROM tasks t WHERE {' AND '.join(holds)})"
    bits = " + ".join(f"({hold} << {i})" for i, hold in enumerate(holds))
    every = (1 << len(words)) - 1
    alternatives = []
    for unit_bits, unit_ids in groups.items():
        needed = every & ~unit_bits
        parts = [] if len(unit_ids) == len(units) else [f"a.unit_id IN ({', '.join(map(str, unit_ids))})"]
        if needed:
            parts.append(f"a.task_id IN (SELECT id FROM task_words WHERE bits & {needed} = {needed})")
        alternatives.append(f"({' AND '.join(parts) or '1'})")
    prefix = f"WITH task_words(id, bits) AS MATERIALIZED (SELECT t.id, {bits} FROM tasks t) "
    return prefix, f"({' OR '.join(alternatives) or '0'})"


def _status_condition(statuses: Iterable[DeadlineStatus]) -> str:
    codes = sorted(_STATUS_CODE[DeadlineStatus(status)] for status in statuses)
    return f"({_STATUS_CODE_SQL}) IN ({', '.join(map(str, codes))})" if codes else "0"


def _blocks(sort: DeadlineSort, wanted: frozenset[DeadlineStatus] | None) -> list[_Block]:
    """The blocks that together give the rows of `sort` in order, for the statuses `wanted`."""
    every = frozenset(DeadlineStatus)
    due = ("o.due_on", *_TIE)
    due_last = ("(o.due_on IS NULL)", "COALESCE(o.due_on, '')", *_TIE)
    groups: list[tuple] = []
    if sort is DeadlineSort.DEFAULT:
        rest = every - {DeadlineStatus.OVERDUE}
        groups = [
            (frozenset({DeadlineStatus.OVERDUE}), True, due),
            (rest, True, due),
            (rest, False, _TIE, "tasks"),
        ]
    elif sort is DeadlineSort.STATUS:
        for status in SEVERITY:
            one = frozenset({status})
            if status is not DeadlineStatus.NO_DEADLINE:
                groups.append((one, True, due))
            if status not in (DeadlineStatus.OVERDUE, DeadlineStatus.DUE_SOON, DeadlineStatus.IN_PROGRESS):
                groups.append((one, False, _TIE, "tasks"))
    elif sort is DeadlineSort.DUE:
        groups = [(every, True, due), (every, False, _TIE, "tasks")]
    elif sort is DeadlineSort.ROLE:
        for role in (Role.LEAD, Role.SUPPORT):
            extra = f"a.role = '{role.value}'"
            groups += [(every, True, due, "due", extra), (every, False, _TIE, "tasks", extra)]
    elif sort is DeadlineSort.PLAN:
        # Plans in the order they were entered, each in its task order: the tasks index gives it.
        groups = [(every, None, _TIE, "tasks")]
    elif sort is DeadlineSort.UNIT:
        groups = [(every, None, ("u.name_key", "u.name", "u.id", *due_last), "units")]
    else:
        # Progress is in no index: every row is sorted.
        groups = [(every, None, ("o.progress", *due_last), "scan")]
    return [
        _Block(statuses, statuses if wanted is None else statuses & wanted, has_due, order, *rest)
        for statuses, has_due, order, *rest in groups
    ]


def _reads(block: _Block, alias: str) -> bool:
    """Whether the block's order reads the table `alias` ("p": plans, "u": units)."""
    return any(re.search(rf"\b{alias}\.", term) for term in block.order)


def _block_conditions(block: _Block) -> list[str]:
    conditions = [block.extra] if block.extra else []
    if block.has_due is not None:
        conditions.append("o.due_on IS NOT NULL" if block.has_due else "o.due_on IS NULL")
    if block.chosen != frozenset(DeadlineStatus):
        conditions.append(_status_condition(block.chosen))
        hints = {_DUE_HINT.get(status) for status in block.chosen}
        if len(hints) == 1 and None not in hints:
            conditions.append(hints.pop())
    return conditions


def _details(db: Database, ids: list[int], as_of: date, params: dict[str, object]) -> list[DeadlineRow]:
    """The rows of the occurrences `ids`, in that order (one query however many there are)."""
    if not ids:
        return []
    sql = f"""
        SELECT o.id, a.id, p.id, p.number, p.symbol, p.title, t.id, t.path, t.content,
            u.id, u.name, u.kind_code, a.role, o.key, o.due_on, o.state, o.progress, o.completed_on,
            o.result, {_STATUS_SQL}
        FROM occurrences o
        JOIN assignments a ON a.id = o.assignment_id
        JOIN tasks t ON t.id = a.task_id
        JOIN plans p ON p.id = t.plan_id
        JOIN units u ON u.id = a.unit_id
        WHERE o.id IN (SELECT value FROM json_each(:ids))
    """
    values = {"as_of": params["as_of"], "soon_until": params["soon_until"], "ids": json.dumps(ids)}
    rows = {row[0]: _deadline_row(row, as_of) for row in db.execute(sql, values).fetchall()}
    return [rows[occurrence_id] for occurrence_id in ids]


def _deadline_row(row: tuple, as_of: date) -> DeadlineRow:
    (
        occurrence_id,
        assignment_id,
        plan_id,
        number,
        symbol,
        plan_title,
        task_id,
        task_path,
        task_content,
        unit_id,
        unit_name,
        unit_kind,
        role,
        key,
        due_text,
        state,
        progress,
        completed_text,
        result,
        status,
    ) = row
    due_on = date_value(due_text)
    reference = f"{number or ''}/{symbol or ''}".rstrip("/") if (number or symbol) else ""
    return DeadlineRow(
        occurrence_id=occurrence_id,
        assignment_id=assignment_id,
        plan_id=plan_id,
        plan_reference=reference,
        plan_title=plan_title,
        task_id=task_id,
        task_path=task_path,
        task_content=task_content,
        unit_id=unit_id,
        unit_name=unit_name,
        unit_kind=unit_kind,
        role=Role(role),
        occurrence_key=key,
        due_on=due_on,
        state=WorkState(state),
        progress=progress,
        completed_on=date_value(completed_text),
        result=result,
        status=DeadlineStatus(status),
        days_left=(due_on - as_of).days if due_on is not None else None,
    )
