"""`main.py export-xlsx annex|progress|template --plan REF --out FILE.xlsx`: the plan as a workbook.

annex: the plan's annex table; progress: the progress report as of --as-of; template: the
collection template for --unit (one or several; every assigned unit when none is named), in one
workbook with a sheet per unit, or with --per-unit one file per unit named after the unit and the
plan in the folder given by --out. --period CODE (2025-Q2, 2025-06, 2025-2026-HK1…) names the
report period of the template's «Báo cáo chung» sheet; by default the period that closed at the
latest 14th on or before --as-of (core.exchange.template.default_period).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.common import CommandError, add_db_argument, open_existing_db, parse_as_of, unit_id_named
from storage.faults import fault_message

KINDS = ("annex", "progress", "template")


def configure(parser: argparse.ArgumentParser, command: str) -> None:
    parser.description = "Xuất bảng tính Excel: phụ lục, báo cáo tiến độ hoặc biểu mẫu thu thập kết quả."
    parser.add_argument(
        "kind", choices=KINDS, help="annex (phụ lục), progress (tiến độ), template (biểu mẫu)"
    )
    parser.add_argument("--plan", required=True, help="kế hoạch: mã số hoặc số hiệu (367/KH-UBND)")
    parser.add_argument("--out", required=True, help="tệp .xlsx cần ghi (hoặc thư mục)")
    parser.add_argument("--unit", action="append", help="đơn vị (biểu mẫu); có thể ghi nhiều lần")
    parser.add_argument("--as-of", help="tính đến ngày (YYYY-MM-DD hoặc dd/mm/yyyy); mặc định hôm nay")
    parser.add_argument(
        "--per-unit", action="store_true", help="biểu mẫu: mỗi đơn vị một tệp, --out là thư mục"
    )
    parser.add_argument(
        "--period",
        help="biểu mẫu: kỳ báo cáo của trang «Báo cáo chung» (2025-06, 2025-Q2, 2025-H1, 2025, "
        "2025-2026-HK1…); mặc định kỳ vừa khóa sổ ngày 14 gần nhất",
    )
    add_db_argument(parser)


def run(args: argparse.Namespace) -> int:
    from core.exchange.annex import write_annex
    from core.exchange.progress import write_progress
    from core.exchange.template import default_period, template_file_name, write_template
    from core.periods import parse_period
    from storage import exchange
    from storage.plans import find_plan

    as_of = parse_as_of(args.as_of)
    out = Path(args.out)
    if args.kind != "template" and (args.unit or args.per_unit or args.period):
        raise CommandError("--unit, --per-unit và --period chỉ dùng cho biểu mẫu (template)")
    try:
        period = parse_period(args.period) if args.period else default_period(as_of)
    except ValueError as error:
        raise CommandError(f"--period: {error}") from error
    db = open_existing_db(args)
    try:
        plan = find_plan(db, args.plan)
        margins = exchange.margins(db)
        reference = plan.reference.replace("/", "-") if plan.reference else f"ke hoach {plan.id}"
        written: list[Path] = []
        if args.kind == "annex":
            target = _target(out, f"Phụ lục - KH {reference}.xlsx")
            written.append(write_annex(plan, exchange.annex_rows(db, plan.id), target, margins_mm=margins))
        elif args.kind == "progress":
            target = _target(out, f"Tiến độ - KH {reference} - {as_of.isoformat()}.xlsx")
            report = exchange.progress_report(db, plan.id, as_of)
            written.append(write_progress(report, target, margins_mm=margins))
        else:
            unit_ids = [unit_id_named(db, name) for name in args.unit] if args.unit else None
            units = exchange.template_units(db, plan.id, unit_ids, as_of, period.code)
            if not units:
                raise CommandError(f"Kế hoạch {plan.reference or plan.id} chưa giao nhiệm vụ cho đơn vị nào")
            if args.per_unit:
                out.mkdir(parents=True, exist_ok=True)
                for unit in units:
                    path = out / template_file_name(plan, unit.unit_name)
                    written.append(
                        _write(
                            write_template, plan, [unit], path, as_of=as_of, period=period, margins_mm=margins
                        )
                    )
            else:
                name = template_file_name(plan, units[0].unit_name if len(units) == 1 else None)
                written.append(
                    _write(
                        write_template,
                        plan,
                        units,
                        _target(out, name),
                        as_of=as_of,
                        period=period,
                        margins_mm=margins,
                    )
                )
    finally:
        db.close()
    for path in written:
        print(f"Đã ghi {path}")
    return 0


def _target(out: Path, default_name: str) -> Path:
    """`out` itself, or a file named `default_name` inside it when it is a folder."""
    if out.is_dir():
        return out / default_name
    if out.suffix.lower() != ".xlsx":
        raise CommandError(f"--out: tên tệp phải có đuôi .xlsx: {out}")
    if not out.parent.exists():
        raise CommandError(f"--out: không có thư mục {out.parent}")
    return out


def _write(writer, *args, **kwargs) -> Path:
    # The writers save through core.paths.atomic_write_bytes: a failure leaves no partial workbook.
    try:
        return writer(*args, **kwargs)
    except OSError as error:
        message = fault_message(error)
        if message is None:
            raise
        raise CommandError(message) from error
