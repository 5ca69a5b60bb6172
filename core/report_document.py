"""A report as a document of its own: what it reports on, for which period, its edited sections, and
the figures frozen when it was saved, so that it re-prints exactly as it was.

The report kinds are those offices send up (báo cáo kết quả thực hiện kế hoạch, sơ kết, tổng kết,
định kỳ, học kỳ, năm học); each names its title from the plans and the period. The snapshot is
plain JSON: the counts, the per-unit table, the late work and the silent units of the period.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from core.chain.derive import citation
from core.model import Plan
from core.period_report import AnnexTaskRow, LateRound, PeriodFigures, ReportStatus, UnitFigures, WorkRound
from core.periods import Period, parse_period
from core.report_sections import Section

REPORT_KINDS: dict[str, str] = {
    "ket_qua": "Báo cáo kết quả thực hiện",
    "so_ket": "Báo cáo sơ kết",
    "tong_ket": "Báo cáo tổng kết",
    "dinh_ky": "Báo cáo định kỳ",
}
SNAPSHOT_VERSION = 1


@dataclass(frozen=True, slots=True)
class ReportDocument:
    kind: str  # a key of REPORT_KINDS
    period: Period
    plan_ids: tuple[int, ...]
    title: str = ""  # trích yếu; "" → `default_title`
    unit_id: int | None = None  # None: our office's report; else that unit's own
    request: str = ""  # "Thực hiện Công văn số 453/PGDĐT ngày … về việc báo cáo …"
    addressees: tuple[str, ...] = ()  # Kính gửi
    opening: str = ""
    sections: tuple[Section, ...] = ()
    closing: str = ""
    number: str | None = None
    issued_on: date | None = None
    issued: bool = False
    signer_authority: tuple[str, ...] = ()
    signer_title: str = ""
    signer_name: str = ""
    recipients: tuple[str, ...] = ()
    snapshot: str = ""  # JSON from `snapshot_json`, frozen when the report is saved
    id: int | None = None
    created_at: str = ""
    updated_at: str = field(default="", compare=False)

    @property
    def kind_name(self) -> str:
        return REPORT_KINDS.get(self.kind, "Báo cáo")


def default_title(kind: str, plans: tuple[Plan, ...], period: Period) -> str:
    """'Kết quả thực hiện Kế hoạch số 25/KH-SGDĐT … quý II năm 2025', 'Sơ kết học kỳ I năm học 2025-2026'."""
    name = REPORT_KINDS.get(kind, "Báo cáo")
    what = name.removeprefix("Báo cáo ").strip()
    what = what[:1].upper() + what[1:]
    if kind == "ket_qua" and plans:
        cited = "; ".join(citation(plan) for plan in plans)
        return f"{what} {cited} {period.label}"
    return f"{what} {period.label}"


def snapshot_json(figures: PeriodFigures, tasks: Sequence[AnnexTaskRow] = (), targets: Sequence = ()) -> str:
    """The figures, task annex and targets annex a report prints, as JSON that
    `figures_from_snapshot`, `annex_from_snapshot` and `core.period_targets.targets_from_snapshot`
    read back unchanged. `targets` are `core.period_targets.TargetRow`s (named here by duck type:
    that module reads the report package, which reads this one)."""

    def round_dict(item: WorkRound) -> dict:
        return {
            "task_id": item.task_id, "task_path": item.task_path, "unit_id": item.unit_id,
            "unit_name": item.unit_name, "role": item.role.value,
            "due_on": item.due_on.isoformat() if item.due_on else None, "state": item.state.value,
            "progress": item.progress, "result": item.result, "difficulties": item.difficulties,
            "proposals": item.proposals,
        }  # fmt: skip

    data = {
        "version": SNAPSHOT_VERSION,
        "period": {
            "code": figures.period.code,
            "start": figures.period.start.isoformat(),
            "end": figures.period.end.isoformat(),
        },  # fmt: skip
        "cumulative": {s.value: n for s, n in figures.cumulative.items()},
        "in_period": {s.value: n for s, n in figures.in_period.items()},
        "carried_overdue": figures.carried_overdue,
        "units": [
            {"unit_name": u.unit_name, "counts": {s.value: n for s, n in u.counts.items()}}
            for u in figures.units
        ],  # fmt: skip
        "overdue": [{"round": round_dict(r.item), "days_late": r.days_late} for r in figures.overdue],
        "not_reported": list(figures.not_reported),
        "tasks": [
            {
                "path": r.path,
                "content": r.content,
                "title": r.title,
                "is_section": r.is_section,
                "lead_units": list(r.lead_units),
                "support_units": list(r.support_units),
                "progress": r.progress,
                "result": r.result,
                "evidence": r.evidence,
                "completed_on": r.completed_on.isoformat() if r.completed_on else None,
                "status": r.status.value if r.status else None,
            }
            for r in tasks
        ],  # fmt: skip
        "targets": [dataclasses.asdict(row) for row in targets],
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def annex_from_snapshot(text: str) -> list[AnnexTaskRow]:
    """The task annex (Phụ lục I) frozen in a report."""
    data = read_snapshot(text)
    return [
        AnnexTaskRow(
            path=r["path"],
            content=r["content"],
            title=r.get("title", ""),
            is_section=r["is_section"],
            lead_units=tuple(r["lead_units"]),
            support_units=tuple(r["support_units"]),
            progress=r["progress"],
            result=r["result"],
            evidence=r["evidence"],
            completed_on=date.fromisoformat(r["completed_on"]) if r["completed_on"] else None,
            status=ReportStatus(r["status"]) if r["status"] else None,
        )  # fmt: skip
        for r in data.get("tasks", [])
    ]


def read_snapshot(text: str) -> dict:
    data = json.loads(text)
    if data.get("version") != SNAPSHOT_VERSION:
        raise ValueError(f"Số liệu lưu kèm báo cáo có phiên bản {data.get('version')!r} không đọc được")
    return data


def figures_from_snapshot(text: str) -> PeriodFigures:
    """The figures frozen in a report (ValueError for a snapshot this version cannot read)."""
    from core.model import Role, WorkState

    data = read_snapshot(text)
    period = parse_period(data["period"]["code"]).with_dates(
        date.fromisoformat(data["period"]["start"]), date.fromisoformat(data["period"]["end"])
    )

    def counts(values: dict) -> dict[ReportStatus, int]:
        return {ReportStatus(key): value for key, value in values.items()}

    def work_round(values: dict) -> WorkRound:
        return WorkRound(
            task_id=values["task_id"], task_path=values["task_path"], unit_id=values["unit_id"],
            unit_name=values["unit_name"], role=Role(values["role"]),
            due_on=date.fromisoformat(values["due_on"]) if values["due_on"] else None,
            state=WorkState(values["state"]), progress=values["progress"], result=values["result"],
            difficulties=values["difficulties"], proposals=values.get("proposals", ""),
        )  # fmt: skip

    return PeriodFigures(
        period=period,
        cumulative=counts(data["cumulative"]),
        in_period=counts(data["in_period"]),
        carried_overdue=data["carried_overdue"],
        units=tuple(UnitFigures(u["unit_name"], counts(u["counts"])) for u in data["units"]),
        overdue=tuple(LateRound(work_round(r["round"]), r["days_late"]) for r in data["overdue"]),
        not_reported=tuple(data["not_reported"]),
    )


# How a report prints, kept in its snapshot so that an issued report re-prints the same way.
FULL_TASK_TEXT = "full_task_text"  # Phụ lục I prints each task's whole text, not its short title


def printing_option(snapshot: str, name: str) -> bool:
    """A printing option of the report (False when never set, or no snapshot yet)."""
    if not snapshot:
        return False
    return bool(json.loads(snapshot).get("options", {}).get(name, False))


def with_printing_option(snapshot: str, name: str, value: bool) -> str:
    """The snapshot with the option set; the figures in it are untouched."""
    data = json.loads(snapshot) if snapshot else {"version": SNAPSHOT_VERSION}
    data.setdefault("options", {})[name] = bool(value)
    return json.dumps(data, ensure_ascii=False, sort_keys=True)

