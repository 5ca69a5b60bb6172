"""Deadline tracking over every occurrence: rows for the deadlines screen and counts per status.

The status is computed in SQL so that filtering, counting and paging 100,000 assignments
never loops over them in Python. The CASE expression below must stay identical to
`core.status.deadline_status`; tests compare the two on generated data.

Speed (bench/bench_deadlines.py at office scale, bench/bench_national.py up to 7 M assignments):
every query starts from its most selective filter and joins outwards (a unit's or a plan's
assignments, the tasks a search finds through the `task_search` full-text index), so its plan keeps
its shape whatever the size; no id list is bound as a parameter. Counts without such a filter (or
by unit kind, role and period only) read `deadline_tally`, a few thousand rows kept exact by
triggers (storage/migrations.py v6), instead of every occurrence. A page of rows is read in
blocks, one per group of statuses in the chosen order, each walking an index in that order (due
dates, progress, or the tasks' tree order) and checking the filters and the trash on each row it
meets, so the first rows of a large result come without sorting all of it; a selection of few rows
is read from its filter and sorted instead. `after` continues from a row already shown (keyset
paging) instead of counting past an offset.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from sqlite_utils import Database

from core.model import Role, WorkState
from core.status import DEFAULT_WARN_DAYS, SEVERITY, DeadlineStatus
from storage.database import StorageError, date_text, date_value, like_pattern, search_words, transaction

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
_ASSIGNMENT_AND_TASK = (
    "CROSS JOIN assignments a ON a.id = o.assignment_id CROSS JOIN tasks t ON t.id = a.task_id"
)
# Every row read is checked against the trash through its plan (one lookup a row), rather than
# against a list of the trashed assignments, which would be rebuilt by every query.
_NOT_TRASHED = "p.deleted_at IS NULL"
_WITH_PLAN = " CROSS JOIN plans p ON p.id = t.plan_id"
# A selection driven by a unit, a plan or a search reads its rows from that filter and sorts them
# when they are few; otherwise the page walks the index of the order, checking each row it meets,
# until the page is full. Sorting m rows reads m; walking to fill a page of 200 reads about
# 200 * N / m of the N occurrences: the two cost the same at m = sqrt(200 * N), the threshold used
# (about 4,500 rows at 100,000 occurrences, 38,000 at 7.3 M), so neither reads more than that.
# Tests set a number to force one way.
_FEW: int | None = None
_PAGE_ROWS = 200
# Counts by unit kind, role and period only (or none) read the tally; off, they read the rows
# (tests compare the two).
_USE_TALLY = True
# The tally read as occurrences `o` (storage/migrations.py v6), its '' standing for NULL: the
# conditions' `IS NULL` become `= ''` (see _on_tally); their comparisons are left as they are.
_TALLY = "deadline_tally o"

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
    driver: str = "due"  # the index walked: "due" (occurrences by due date), "progress", "tasks", "units"
    extra: str = ""  # a further condition of the block


class DeadlineSelection:
    """The occurrences open as of a date that match some filters: their counts and their rows.

    Open means started by `as_of` and not in a plan in the trash. Filters combine with AND;
    `search` must find each of its words in the task content, the unit name or the plan's
    reference or title, ignoring case and diacritics. `due_from`/`due_to` keep rows due in that
    range (inclusive) and, unless `undated` is false, rows without a deadline, which are
    reported in every period.

    Which plans and units a search's words name is read when the selection is made, and its
    counts are kept once read: make a new one after the data changes.
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
        self._period = ""  # the period's condition on rows with a due date
        if due_from is not None or due_to is not None:
            self._params["due_from"] = date_text(due_from or date.min)
            self._params["due_to"] = date_text(due_to or date.max)
            self._period = between = "o.due_on BETWEEN :due_from AND :due_to"
            self._conditions.append(f"(o.due_on IS NULL OR {between})" if undated else between)
        role = None if role is None else Role(role)
        # Conditions on each row's assignment `a` and task `t`, checked wherever the rows come from.
        self._filters: list[str] = []
        self._tally_filters = ["n <> 0"]
        if plan_id is not None:
            self._params["plan_id"] = plan_id
            self._filters.append("t.plan_id = :plan_id")
        if unit_id is not None:
            self._params["unit_id"] = unit_id
            self._filters.append("a.unit_id = :unit_id")
        if unit_kind is not None:
            self._params["unit_kind"] = unit_kind
            self._filters.append("a.unit_id IN (SELECT id FROM units WHERE kind_code = :unit_kind)")
            self._tally_filters.append("kind_code = :unit_kind")
        if role is not None:
            self._params["role"] = role.value
            self._filters.append("a.role = :role")
            self._tally_filters.append("role = :role")
        words = search_words(search)
        search_rows = None
        # The search as a condition on each row: needed unless the rows come from its own SELECT.
        self._search_row = ""
        if words:
            self._search_row, search_rows = _search(db, words, self._params)
        # The FROM the rows of the most selective filter come from (None: no such filter), each
        # ending with the occurrence `o`, its assignment `a`, task `t` and plan `p`.
        self._driver: str | None = None
        if unit_id is not None:
            self._driver = (
                "assignments a CROSS JOIN occurrences o ON o.assignment_id = a.id"
                f" CROSS JOIN tasks t ON t.id = a.task_id{_WITH_PLAN}"
            )
        elif plan_id is not None:
            self._driver = (
                "tasks t CROSS JOIN assignments a ON a.task_id = t.id"
                f" CROSS JOIN occurrences o ON o.assignment_id = a.id{_WITH_PLAN}"
            )
        elif search_rows is not None:
            self._driver = (
                f"({search_rows}) AS found CROSS JOIN assignments a ON a.id = found.id"
                f" CROSS JOIN occurrences o ON o.assignment_id = a.id CROSS JOIN tasks t ON t.id = a.task_id"
                f"{_WITH_PLAN}"
            )
        elif unit_kind is not None:
            self._driver = (
                "(SELECT id FROM units WHERE kind_code = :unit_kind) AS k CROSS JOIN assignments a"
                " ON a.unit_id = k.id CROSS JOIN occurrences o ON o.assignment_id = a.id"
                f" CROSS JOIN tasks t ON t.id = a.task_id{_WITH_PLAN}"
            )
        self._tally = _USE_TALLY and plan_id is None and unit_id is None and not words
        driver = self._driver or ""
        self._driven_by_search = search_rows is not None and driver.startswith(f"({search_rows})")
        self._size: int | None = None  # rows of every status, once counted
        self._by_dating: dict[tuple[DeadlineStatus, bool], int] | None = None

    # ------------------------------------------------------------------ counts
    def counts(self, statuses: Iterable[DeadlineStatus] | None = None) -> dict[DeadlineStatus, int]:
        """How many rows have each status (every status listed; only `statuses` when given)."""
        counts = dict.fromkeys(DeadlineStatus, 0)
        if self._tally and statuses is None:
            # The same pass tells which blocks of rows have any, with or without a due date.
            self._by_dating = self._tally_by_dating()
            for (status, _dated), count in self._by_dating.items():
                counts[status] += count
        else:
            for status, count in self._grouped("", statuses):
                counts[status] = count
        if statuses is None:
            self._size = sum(counts.values())
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

        Counts per status or day read the tally when the filters allow; otherwise the rows of the
        most selective filter (or, with none, every row) are read, each checked against the trash.
        """
        params = dict(self._params, **(extra_params or {}))
        conditions = [*self._conditions, *([extra] if extra else [])]
        if statuses is not None:
            conditions.append(_status_condition(statuses))
        if self._tally and not key.startswith("t."):
            source, rows = _TALLY, "sum(n)"
            conditions = [_on_tally(condition) for condition in (*conditions, *self._tally_filters)]
            key = _on_tally(key)
        else:
            source = self._driver or f"occurrences o {_ASSIGNMENT_AND_TASK}{_WITH_PLAN}"
            conditions += [*self._filters, *self._row_search(driven=True), _NOT_TRASHED]
            rows = "count(*)"
        where = " AND ".join(conditions)
        if not key:
            # Six filtered counts over a subquery that is not flattened (LIMIT -1), so the status
            # is worked out once per row and no GROUP BY sorter is needed: a fifth faster.
            columns = ", ".join(
                f"coalesce({rows} FILTER (WHERE status = {code}), 0)" for code in range(len(SEVERITY))
            )
            weight = ", n" if rows == "sum(n)" else ""
            status = _on_tally(_STATUS_CODE_SQL) if weight else _STATUS_CODE_SQL
            sql = (
                f"SELECT {columns} FROM (SELECT {status} AS status{weight} FROM {source}"
                f" WHERE {where} LIMIT -1)"
            )
            counts = self.db.execute(sql, params).fetchone()
            return [(status, count) for status, count in zip(SEVERITY, counts, strict=True) if count]
        weight = ", n" if rows == "sum(n)" else ""
        status = _on_tally(_STATUS_CODE_SQL) if weight else _STATUS_CODE_SQL
        # Integer codes group faster than the status names.
        sql = (
            f"SELECT group_key, status, {rows} FROM (SELECT {key} AS group_key,"
            f" {status} AS status{weight} FROM {source} WHERE {where}) GROUP BY group_key, status"
        )
        rows_found = self.db.execute(sql, params).fetchall()
        return [(row[0], SEVERITY[row[1]], row[2]) for row in rows_found if row[2]]

    def _row_search(self, driven: bool) -> list[str]:
        """The search's condition on each row, unless the rows read (`driven`) come from its SELECT."""
        if not self._search_row or (driven and self._driven_by_search):
            return []
        return [self._search_row]

    def _empty(self, block: _Block) -> bool:
        """Whether the tally says the block has no row: it is then not walked at all (a walk for
        rows there are none of would read the whole index)."""
        if not self._tally or block.has_due is None:
            return False
        if self._by_dating is None:
            self.counts()
        assert self._by_dating is not None
        return not any(self._by_dating.get((status, block.has_due), 0) for status in block.chosen)

    def _tally_by_dating(self) -> dict[tuple[DeadlineStatus, bool], int]:
        """Rows per status, with and without a due date, from the tally in one pass (filtered sums
        over an unflattened subquery: the status is worked out once a row and nothing is sorted)."""
        where = " AND ".join(_on_tally(c) for c in (*self._conditions, *self._tally_filters))
        pairs = [(code, dated) for code in range(len(SEVERITY)) for dated in (0, 1)]
        columns = ", ".join(
            f"coalesce(sum(n) FILTER (WHERE status = {code} AND dated = {dated}), 0)" for code, dated in pairs
        )
        sql = (
            f"SELECT {columns} FROM (SELECT {_on_tally(_STATUS_CODE_SQL)} AS status,"
            f" (o.due_on <> '') AS dated, n FROM {_TALLY} WHERE {where} LIMIT -1)"
        )
        sums = self.db.execute(sql, self._params).fetchone()
        return {(SEVERITY[code], bool(dated)): n for (code, dated), n in zip(pairs, sums, strict=True)}

    def _few_rows(self) -> float:
        if _FEW is not None:
            return _FEW
        # The largest id: the number of occurrences (near enough) without counting them.
        occurrences = self.db.execute("SELECT coalesce(max(id), 0) FROM occurrences").fetchone()[0]
        return (_PAGE_ROWS * occurrences) ** 0.5

    def _rows_counted(self) -> int:
        if self._size is None:
            self.counts()
        assert self._size is not None
        return self._size

    def _page_source(self, block: _Block, few: bool) -> str:
        """FROM for a block's rows, in a fixed join order (CROSS JOIN) that walks the block's index
        in the block's order, or (`few`) starts from the most selective filter and sorts.

        The walks name their index: it is the one giving the block's order, which the planner
        might otherwise trade for one matching a status hint and sort every row. No list of ids is
        probed on the way, so the walk keeps its shape at any size.
        """
        with_unit = " CROSS JOIN units u ON u.id = a.unit_id" if _reads(block, "u") else ""
        if few and self._driver is not None:
            return f"{self._driver}{with_unit}"
        if block.driver == "tasks":
            return (
                "tasks t INDEXED BY tasks_plan_order CROSS JOIN assignments a ON a.task_id = t.id"
                f" CROSS JOIN occurrences o ON o.assignment_id = a.id{_WITH_PLAN}{with_unit}"
            )
        if block.driver == "units":
            return (
                "units u INDEXED BY units_name_key CROSS JOIN assignments a ON a.unit_id = u.id"
                " CROSS JOIN occurrences o ON o.assignment_id = a.id"
                f" CROSS JOIN tasks t ON t.id = a.task_id{_WITH_PLAN}"
            )
        index = {"due": "occurrences_due_status", "progress": "occurrences_progress"}[block.driver]
        return f"occurrences o INDEXED BY {index} {_ASSIGNMENT_AND_TASK}{_WITH_PLAN}{with_unit}"

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
        few = self._driver is not None and self._rows_counted() <= self._few_rows()
        ids: list[int] = []
        for index in range(start, len(blocks)):
            missing = None if limit is None else limit - len(ids)
            if missing is not None and missing <= 0:
                break
            block = blocks[index]
            if not block.chosen or self._empty(block):
                continue
            search = self._row_search(driven=few)
            where = [*self._conditions, *_block_conditions(block), *self._filters, *search, _NOT_TRASHED]
            if self._period and block.has_due:
                where.append(self._period)  # a range the due-date walk starts and stops at
            if keyset and index == start:
                where.append(keyset)
            source = self._page_source(block, few)
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


# The tally as the open occurrences say it should be (storage/migrations.py v6 keeps it so).
_TALLY_FROM_ROWS = """
    SELECT coalesce(u.kind_code, ''), a.role, coalesce(o.due_on, ''), o.state, coalesce(o.completed_on, ''),
        coalesce(o.starts_on, ''), count(*)
    FROM occurrences o JOIN assignments a ON a.id = o.assignment_id JOIN units u ON u.id = a.unit_id
        JOIN tasks t ON t.id = a.task_id JOIN plans p ON p.id = t.plan_id
    WHERE p.deleted_at IS NULL
    GROUP BY 1, 2, 3, 4, 5, 6
"""


def tally_problems(db: Database) -> list[str]:
    """Where `deadline_tally` disagrees with the occurrences it counts, one Vietnamese line each
    (for `main.py check`); empty when it is exact. Reads every occurrence once."""
    expected = {tuple(row[:6]): row[6] for row in db.execute(_TALLY_FROM_ROWS).fetchall()}
    columns = "kind_code, role, due_on, state, completed_on, starts_on, n"
    stored = {
        tuple(row[:6]): row[6]
        for row in db.execute(f"SELECT {columns} FROM deadline_tally WHERE n <> 0").fetchall()
    }
    keys = expected.keys() | stored.keys()
    wrong = sorted(key for key in keys if expected.get(key, 0) != stored.get(key, 0))
    if not wrong:
        return []
    kind, role, due, state = wrong[0][:4]
    return [
        f"Bảng đếm hạn xử lý (deadline_tally) sai ở {len(wrong)} nhóm, ví dụ loại đơn vị «{kind}»,"
        f" vai trò {role}, hạn «{due}», trạng thái {state}: ghi {stored.get(wrong[0], 0)},"
        f" thực tế {expected.get(wrong[0], 0)}; cần tính lại bảng đếm."
    ]


def rebuild_tally(db: Database) -> None:
    """Count `deadline_tally` again from the occurrences (a repair; the triggers keep it exact)."""
    with transaction(db):
        db.execute("DELETE FROM deadline_tally")
        db.execute(
            "INSERT INTO deadline_tally (kind_code, role, due_on, state, completed_on, starts_on, n)"
            f" {_TALLY_FROM_ROWS}"
        )


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


def _search(db: Database, words: list[str], params: dict[str, object]) -> tuple[str, str]:
    """Where each word is in the task's content, its plan's reference or title, or the unit's name
    or short name: a condition on a row's assignment `a` and task `t` (checked on rows met while
    walking an index) and a SELECT of the matching assignments' ids (to start from).

    Plans and units are few, so which words each matches is read first. Units matching the same
    words form a group, whose tasks must then hold all the other words; a task holding every word
    matches with any unit. Tasks holding words are found through the trigram index `task_search`.
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
    for unit_id, *matches in db.execute(f"SELECT id, {unit_columns} FROM units", params).fetchall():
        groups.setdefault(sum(1 << i for i, matched in enumerate(matches) if matched), []).append(unit_id)
    holds = [
        f"(t.content_key {like}"
        + (f" OR t.plan_id IN ({', '.join(map(str, plan_words[i]))})" if plan_words[i] else "")
        + ")"
        for i, like in enumerate(likes)
    ]
    every = (1 << len(words)) - 1
    conditions, selects = [], []
    for unit_bits, unit_ids in sorted(groups.items()):
        needed = [i for i in range(len(words)) if not unit_bits & (1 << i)]
        # Unary plus: the list is checked on each assignment found, never looked up one unit at a
        # time in the (task, unit) index, which costs a seek per listed unit for every task.
        units = f"+a.unit_id IN ({', '.join(map(str, unit_ids))})"
        if unit_bits == 0:
            # A task holding every word matches whatever its unit: no unit condition.
            conditions.append(f"({' AND '.join(holds)})")
            tasks = _tasks_holding(words, needed, plan_words, holds, params)
            selects.append(f"SELECT a.id FROM ({tasks}) AS h CROSS JOIN assignments a ON a.task_id = h.id")
        elif unit_bits == every:
            conditions.append(f"({units})")
            selects.append(f"SELECT a.id FROM assignments a WHERE {units}")
        else:
            hold = " AND ".join(holds[i] for i in needed)
            conditions.append(f"({units} AND {hold})")
            tasks = _tasks_holding(words, needed, plan_words, holds, params)
            selects.append(
                f"SELECT a.id FROM ({tasks}) AS h CROSS JOIN assignments a ON a.task_id = h.id WHERE {units}"
            )
    return f"({' OR '.join(conditions)})", " UNION ".join(selects)


def _tasks_holding(
    words: list[str],
    needed: list[int],
    plan_words: list[list[int]],
    holds: list[str],
    params: dict[str, object],
) -> str:
    """A SELECT of the ids of the tasks holding the words `needed` (in their content or plan).

    The words of three letters or more that no plan holds are looked up together in the trigram
    index; the others are then checked on each task it found. When every such word is held by some
    plan, one of them is looked up and the tasks of its plans added; only with no word of three
    letters are the tasks read in full.
    """
    looked_up = [i for i in needed if len(words[i]) >= 3 and not plan_words[i]]
    if not looked_up:
        long_words = sorted((len(plan_words[i]), i) for i in needed if len(words[i]) >= 3)
        if not long_words:
            return f"SELECT t.id FROM tasks t WHERE {' AND '.join(holds[i] for i in needed) or '1'}"
        word = long_words[0][1]
        plans = ", ".join(map(str, plan_words[word]))
        found = (
            f"SELECT rowid AS id FROM task_search WHERE task_search MATCH {_match(words, [word], params)}"
            f" UNION SELECT id FROM tasks WHERE plan_id IN ({plans})"
        )
        looked_up = [word]
    else:
        match = _match(words, looked_up, params)
        found = f"SELECT rowid AS id FROM task_search WHERE task_search MATCH {match}"
    checked = [holds[i] for i in needed if i not in looked_up]
    if not checked:
        return found
    return f"SELECT t.id FROM ({found}) AS f CROSS JOIN tasks t ON t.id = f.id WHERE {' AND '.join(checked)}"


def _match(words: list[str], chosen: list[int], params: dict[str, object]) -> str:
    """A parameter holding the MATCH of the words `chosen`: each a phrase (quotes doubled), which
    the trigram index finds as a substring of the key, as LIKE '%word%' does."""
    name = f"search_match_{'_'.join(map(str, chosen))}"
    params[name] = " AND ".join('"' + words[i].replace('"', '""') + '"' for i in chosen)
    return f":{name}"


def _on_tally(sql: str) -> str:
    """`sql` about occurrences `o`, for the tally: its NULL dates are ''. Every comparison the
    status and the filters make with such a date comes after its IS NULL test or is false for ''
    as for NULL, except `x <= :date` guarded by `x IS NULL OR`, true either way."""
    return re.sub(r"o\.(\w+) IS (NOT )?NULL", lambda m: f"o.{m[1]} {'<>' if m[2] else '='} ''", sql)


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
        # occurrences_progress holds these three terms, so the walk needs no sort of every row.
        groups = [(every, None, ("o.progress", *due_last), "progress")]
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
        WHERE o.id IN ({", ".join(str(int(occurrence_id)) for occurrence_id in ids)})
    """
    # At most a page of ids, written as integers: no list is bound as JSON.
    values = {"as_of": params["as_of"], "soon_until": params["soon_until"]}
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
