"""Which automatic backups to keep, and whether one is due: pure rules, no files.

Rotation keeps the newest copy of each of the 7 most recent days that have a copy, of each of
the 5 most recent ISO weeks and of each of the 12 most recent months (the rule borg and restic
call "keep-daily/weekly/monthly"). Counting periods that *have* a copy, rather than calendar
days back from today, means a PC left off for a month still keeps its last week of copies.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class RotationPolicy:
    daily: int = 7
    weekly: int = 5
    monthly: int = 12


DEFAULT_POLICY = RotationPolicy()


def _day(moment: datetime) -> Hashable:
    return moment.date()


def _week(moment: datetime) -> Hashable:
    year, week, _weekday = moment.isocalendar()
    return (year, week)


def _month(moment: datetime) -> Hashable:
    return (moment.year, moment.month)


def backups_to_keep(moments: Iterable[datetime], policy: RotationPolicy = DEFAULT_POLICY) -> set[datetime]:
    """The moments (backup times) to keep; every other backup may be deleted.

    The newest backup is always kept. Applying the rule to its own result keeps everything.
    """
    ordered = sorted(set(moments), reverse=True)
    kept: set[datetime] = set()
    rules: list[tuple[Callable[[datetime], Hashable], int]] = [
        (_day, policy.daily),
        (_week, policy.weekly),
        (_month, policy.monthly),
    ]
    for period_of, count in rules:
        seen: set[Hashable] = set()
        for moment in ordered:  # newest first: the first moment met in a period is its newest
            if len(seen) >= count:
                break
            period = period_of(moment)
            if period not in seen:
                seen.add(period)
                kept.add(moment)
    return kept


def backup_due(last: datetime | None, now: datetime) -> bool:
    """Whether an automatic backup is due at `now`: at most one a day (local dates)."""
    return last is None or last.date() != now.date()
