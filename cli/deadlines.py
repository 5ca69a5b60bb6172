"""`main.py deadlines`: assignments with their deadline status as of a date, as text or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from typing import TextIO

from cli.common import CommandError, add_db_argument, open_existing_db, parse_as_of, unit_id_named
from core import vntext
from core.status import DeadlineStatus


def configure(parser: argparse.ArgumentParser, command: str) -> None:
    parser.description = "Liệt kê nhiệm vụ được giao và tình trạng hạn xử lý."
    add_db_argument(parser)
    parser.add_argument("--as-of", help="tính đến ngày (YYYY-MM-DD hoặc dd/mm/yyyy); mặc định hôm nay")
    parser.add_argument("--unit", help="chỉ đơn vị này (tên hoặc tên viết tắt)")
    parser.add_argument("--plan", help="kế hoạch (mã số hoặc số hiệu); cần cho --rollup")
    parser.add_argument(
        "--rollup",
        action="store_true",
        help="tổng hợp từng nhiệm vụ của kế hoạch cấp trên từ các nhiệm vụ đã triển khai từ nó",
    )
    parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")


def run(args: argparse.Namespace) -> int:
    from storage.deadlines import DeadlineSelection
    from storage.settings import get_setting

    as_of = parse_as_of(args.as_of)
    if args.rollup:
        return _run_rollup(args, as_of)
    if args.plan:
        raise CommandError("--plan chỉ dùng cùng --rollup")
    db = open_existing_db(args)
    try:
        unit_id = unit_id_named(db, args.unit) if args.unit else None
        selection = DeadlineSelection(db, as_of, get_setting(db, "warn_days"), unit_id=unit_id)
        counts = selection.counts()
        # Rows are written as they are read, a page at a time: a national file has millions.
        write = _write_json if args.json else _write_table
        write(sys.stdout, as_of, selection.stream(batch=2_000), counts)
    finally:
        db.close()
    return 0


def _item(row) -> dict:
    return {
        "plan": row.plan_reference or row.plan_title,
        "task_path": row.task_path,
        "task": row.task_content,
        "unit": row.unit_name,
        "role": row.role.value,
        "due": row.due_on.isoformat() if row.due_on else None,
        "occurrence": row.occurrence_key or None,
        "status": row.status.value,
    }


def _write_json(out: TextIO, as_of, rows: Iterable, counts) -> None:
    """One JSON document: {"as_of", "counts", "items": [...]}, an item a line."""
    head = {"as_of": as_of.isoformat(), "counts": {s.value: counts.get(s, 0) for s in DeadlineStatus}}
    out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "items": [')
    separator = "\n"
    for row in rows:
        out.write(separator + json.dumps(_item(row), ensure_ascii=False))
        separator = ",\n"
    out.write("\n]}\n")


def _write_table(out: TextIO, as_of, rows: Iterable, counts) -> None:
    out.write(f"Tình trạng thực hiện nhiệm vụ tính đến {vntext.format_date(as_of)}\n")
    out.write(" · ".join(f"{status.label}: {counts.get(status, 0)}" for status in DeadlineStatus) + "\n")
    for row in rows:
        due = vntext.format_date(row.due_on) if row.due_on else "—"
        task = row.task_content if len(row.task_content) <= 60 else row.task_content[:59] + "…"
        occurrence = f" [{row.occurrence_key}]" if row.occurrence_key else ""
        out.write(
            f"{row.status.label:<26} {due:<10} {row.task_path:<10} {row.unit_name} "
            f"({row.role.label}){occurrence} — {task}\n"
        )


def _run_rollup(args: argparse.Namespace, as_of) -> int:
    from storage.chain import rollup
    from storage.plans import find_plan, plan_label
    from storage.settings import get_setting

    if not args.plan:
        raise CommandError("--rollup cần --plan: kế hoạch cấp trên cần tổng hợp")
    if args.unit:
        raise CommandError("--rollup không dùng cùng --unit")
    db = open_existing_db(args)
    try:
        plan = find_plan(db, args.plan)
        rolled = rollup(db, plan.id, as_of, get_setting(db, "warn_days"))
    finally:
        db.close()
    if args.json:
        document = {
            "as_of": as_of.isoformat(),
            "plan": plan.reference or plan.title,
            "plan_id": plan.id,
            "tasks": [
                {
                    "path": task.path,
                    "content": task.content,
                    "status": task.status.value if task.status else None,
                    "derived": task.derived,
                    "summary": task.summary,
                    "units": [
                        {"unit": unit.unit_name, "status": unit.status.value, "progress": unit.progress,
                         "completed_on": unit.completed_on.isoformat() if unit.completed_on else None,
                         "result": unit.result}
                        for unit in task.units
                    ],
                }
                for task in rolled
            ],
        }
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return 0
    print(f"Tổng hợp kết quả thực hiện kế hoạch {plan_label(plan)} tính đến {vntext.format_date(as_of)}")
    for task in rolled:
        status = task.status.label if task.status else "Chưa triển khai"
        print(f"{task.path:<10} {status:<26} {task.content[:60]}")
        if task.summary:
            print(f"{'':<10} {task.summary}")
    return 0
