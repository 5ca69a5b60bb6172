"""`main.py report KIND`: print a report to PDF without the GUI, as the 'Báo cáo' screen does, or
write it as a Word document (.docx) in the same layout, for the clerk to edit before signing.

    main.py report plan|progress|deadlines|assignment --out FILE.pdf|FILE.docx [--plan REF]
                   [--unit NAME] [--as-of DATE] [--db PATH]
    main.py report progress --plan REF --period P [--unit NAME] [--kind ket_qua|so_ket|tong_ket|dinh_ky]
                   --out FILE.pdf|FILE.docx
    main.py report saved --id N --out FILE.pdf|FILE.docx

The plan and the progress report need --plan; the assignment sheet needs --unit; the deadline list
and the sheet cover every plan unless --plan is given. Letterhead, signer, recipients and margins
are the settings' (or, for the plan itself, the plan's own); number and date stay blank for the
clerk to fill in.

With --period (2025-06, 2025-Q2, 2025-H1, 2025-9M, 2025, 2025-2026-HK1, 2025-2026) the progress
report is the report of that period, drafted from today's data as the Báo cáo screen drafts it (not
saved): its sections, charts and annexes; --unit makes it that unit's own report. `saved` prints a
report kept in the data file exactly as it was saved or issued.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.common import CommandError, add_db_argument, open_existing_db, parse_as_of, unit_id_named
from core.paths import atomic_write_bytes
from storage.faults import fault_message

KINDS = ("plan", "progress", "deadlines", "assignment", "saved")
SUFFIXES = (".pdf", ".docx")
_OFFICE_HINT = "Điền bằng `main.py office --name … --place … --symbol … --signer-title … --signer-name …`."


def configure(parser: argparse.ArgumentParser, command: str) -> None:
    parser.description = (
        "In báo cáo PDF (hoặc ghi tệp Word .docx) theo thể thức Nghị định 30/2020: plan (kế hoạch và "
        "phụ lục), progress (báo cáo kết quả thực hiện), deadlines (nhiệm vụ quá hạn, sắp đến hạn), "
        "assignment (phiếu giao nhiệm vụ), saved (báo cáo đã lưu, theo --id)."
    )
    parser.add_argument("kind", choices=KINDS, help="loại báo cáo")
    parser.add_argument("--plan", help="kế hoạch: mã số hoặc số hiệu như 367/KH-UBND")
    parser.add_argument("--out", required=True, help="tệp sẽ ghi: .pdf, hoặc .docx để sửa trong Word")
    parser.add_argument("--unit", help="đơn vị (tên hoặc tên viết tắt)")
    parser.add_argument("--as-of", help="tính đến ngày (YYYY-MM-DD hoặc dd/mm/yyyy); mặc định hôm nay")
    parser.add_argument(
        "--period",
        help="kỳ báo cáo của progress: 2025-06, 2025-Q2, 2025-H1, 2025-9M, 2025, 2025-2026-HK1, 2025-2026",
    )
    parser.add_argument(
        "--kind",
        dest="report_kind",
        help="loại báo cáo theo kỳ: ket_qua (mặc định), so_ket, tong_ket, dinh_ky",
    )
    parser.add_argument("--id", type=int, dest="report_id", help="mã số báo cáo đã lưu (report saved)")
    add_db_argument(parser)


def run(args: argparse.Namespace) -> int:
    from core.office import letterhead_warning
    from core.reports import render_docx, render_pdf
    from core.reports.data import ReportOptions, ReportRequest
    from storage.plans import find_plan
    from storage.reports import default_letterhead, gather, report_margins

    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        raise CommandError(f"--out: tệp báo cáo phải có đuôi .pdf hoặc .docx: {out}")
    if not out.parent.is_dir():
        raise CommandError(f"--out: không có thư mục {out.parent}")
    if args.kind in ("plan", "progress") and not args.plan:
        raise CommandError(f"report {args.kind}: cần --plan (mã số hoặc số hiệu kế hoạch)")
    if args.kind == "assignment" and not args.unit:
        raise CommandError("report assignment: cần --unit (đơn vị nhận phiếu giao nhiệm vụ)")
    _check_period_options(args)
    as_of = parse_as_of(args.as_of)
    db = open_existing_db(args)
    try:
        if args.kind == "saved" or args.period:
            data = _period_report(db, args)
            options = ReportOptions(data.letterhead, report_margins(db))
        else:
            plan_id = find_plan(db, args.plan).id if args.plan else None
            unit_id = unit_id_named(db, args.unit) if args.unit else None
            request = ReportRequest(args.kind, as_of, plan_id, unit_id)
            data = gather(db, request)
            options = ReportOptions(default_letterhead(db, request), report_margins(db))
    finally:
        db.close()
    pages = []
    if suffix == ".docx":
        content = render_docx(data, options)
    else:
        content = render_pdf(data, options, on_page=pages.append)
    try:
        atomic_write_bytes(out, content)  # a full disk leaves no half-written report behind
    except OSError as error:
        message = fault_message(error, out) or f"--out: không ghi được {out}: {error.strerror or error}"
        raise CommandError(message) from error
    # Word lays out its own pages: a .docx has no page count until it is opened.
    print(f"Đã ghi {out} ({len(pages)} trang)" if suffix == ".pdf" else f"Đã ghi {out}")
    if warning := letterhead_warning(options.letterhead, _OFFICE_HINT):
        print(f"Cảnh báo: {warning}", file=sys.stderr)
    return 0


def _check_period_options(args: argparse.Namespace) -> None:
    if args.kind == "saved" and args.report_id is None:
        raise CommandError("report saved: cần --id (mã số báo cáo đã lưu)")
    if args.report_id is not None and args.kind != "saved":
        raise CommandError("--id: chỉ dùng với report saved")
    if args.period and args.kind != "progress":
        raise CommandError("--period: chỉ dùng với report progress")
    if args.report_kind and not args.period:
        raise CommandError("--kind: chỉ dùng cùng --period")


def _period_report(db, args: argparse.Namespace):
    """The report of a period: drafted now (--period) or kept in the data file (saved --id)."""
    from core.periods import parse_period
    from storage.period_reports import period_report_data
    from storage.plans import find_plan
    from storage.report_documents import draft_report, get_report
    from storage.reports import warn_days

    if args.kind == "saved":
        return period_report_data(db, get_report(db, args.report_id))
    try:
        period = parse_period(args.period)
    except ValueError as error:
        raise CommandError(f"--period: {error}") from error
    plan_id = find_plan(db, args.plan).id
    unit_id = unit_id_named(db, args.unit) if args.unit else None
    report = draft_report(
        db, args.report_kind or "ket_qua", [plan_id], period, unit_id=unit_id, warn_days=warn_days(db)
    )
    return period_report_data(db, report)
