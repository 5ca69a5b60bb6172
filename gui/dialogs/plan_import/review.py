"""What the import preview checks, and saving its result from a worker thread (no Qt here).

`review_notes` lists what needs a look before saving — the parser's own warnings, and live
checks on the edited values (tasks without a lead unit, timeframes not understood, units that
will be created, a plan already in the database, header fields OCR was unsure of) — each
naming where it is, so the preview can jump there. `inference_lines` explains the values of a
cell the importer read out of sentences. `rename_units` applies "same new unit as …" merges
to the task tree, and `save_in_own_connection` is the save job the preview runs on the worker.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from core.importing import DomainPlan, Inference, TaskNode
from core.importing.units import unit_key
from core.model import Plan
from core.vntext import clean
from storage.database import open_database
from storage.plan_import import save_imported_plan

TAB_GENERAL, TAB_BASIS, TAB_TASKS, TAB_UNITS = "general", "basis", "tasks", "units"
TAB_RESPONSIBILITIES, TAB_INDICATORS = "responsibilities", "indicators"
TAB_SIGNER, TAB_NOTES = "signer", "notes"
TAB_TITLES = {
    TAB_GENERAL: "Thông tin chung", TAB_BASIS: "Căn cứ", TAB_TASKS: "Nhiệm vụ", TAB_UNITS: "Đơn vị",
    TAB_RESPONSIBILITIES: "Tổ chức thực hiện", TAB_INDICATORS: "Chỉ tiêu", TAB_SIGNER: "Ký và nơi nhận",
    TAB_NOTES: "Cần xem lại",
}
_LISTED = 3  # more tasks than this without a lead unit are reported in one note
_SENTENCE_LIMIT = 400  # characters of a source sentence quoted in a tooltip
OWNER_EXPLANATION = "Không nêu đơn vị: giao cho cơ quan ban hành"
OCR_UNSURE_EXPLANATION = "Chữ nhận dạng (OCR) chưa chắc chắn — hãy kiểm tra với bản gốc"
# Header fields `ParsedPlan.unsure` can name, as the preview labels them.
OCR_FIELD_LABELS = {
    "number": "Số, ký hiệu", "issued_on": "Ngày ban hành", "place": "Địa danh",
    "issuer": "Cơ quan ban hành", "title": "Trích yếu", "signer": "Người ký",
}


@dataclass(frozen=True, slots=True)
class Note:
    """One thing to look at: where it is (shown), what it says, and the tab and item it points to."""

    where: str
    text: str
    tab: str = TAB_GENERAL
    key: str | None = None  # a task path or a unit name
    from_parser: bool = False

    @property
    def line(self) -> str:
        return f"{self.where}: {self.text}" if self.where else self.text


def rename_units(roots: Sequence[TaskNode], renames: Mapping[str, str]) -> tuple[TaskNode, ...]:
    """The tree with every name in `renames` (matched by unit key) replaced, each name once per list."""
    by_key = {unit_key(old): new for old, new in renames.items()}
    if not by_key:
        return tuple(roots)

    def target(name: str) -> str:
        seen: set[str] = set()
        while unit_key(name) in by_key and unit_key(name) not in seen:
            seen.add(unit_key(name))
            name = by_key[unit_key(name)]
        return name

    def renamed(names: tuple[str, ...]) -> tuple[str, ...]:
        result: list[str] = []
        for name in map(target, names):
            if unit_key(name) not in {unit_key(n) for n in result}:
                result.append(name)
        return tuple(result)

    def walk(node: TaskNode) -> TaskNode:
        return dataclasses.replace(
            node,
            lead_units=renamed(node.lead_units),
            support_units=renamed(node.support_units),
            children=tuple(walk(child) for child in node.children),
        )

    return tuple(walk(root) for root in roots)


def _quoted(sentence: str) -> str:
    text = clean(sentence)
    if len(text) > _SENTENCE_LIMIT:
        text = text[: _SENTENCE_LIMIT - 1] + "…"
    return f"Suy ra từ câu: “{text}”"


def after_dash(subject: str, line: str) -> str:
    """ "Chủ trì — suy ra từ câu: “…”": an explanation told about one subject (only our own words lowered)."""
    if line.startswith(("Suy ra", "Không nêu")):
        line = line[0].lower() + line[1:]
    return f"{subject} — {line}"


def inference_lines(
    inferences: Sequence[Inference], fields: Sequence[str], values: Sequence[str]
) -> list[str]:
    """Why a cell holds what it holds: one line per source sentence of the inferred `values` still in it.

    `fields` are the inference fields the cell shows ("lead" and "owner" for the lead cell);
    `values` are the names (or the one timeframe) in the cell now. A value the user has typed
    over is no longer inferred, so it explains nothing. When the cell holds several names from
    different sentences, each line names the values it explains.
    """
    present = {unit_key(value) for value in values if clean(value)}
    by_sentence: dict[str, list[str]] = {}
    for item in inferences:
        if item.field not in fields or unit_key(item.value) not in present:
            continue
        line = OWNER_EXPLANATION if item.field == "owner" else _quoted(item.sentence)
        names = by_sentence.setdefault(line, [])
        if item.value not in names:
            names.append(item.value)
    if len(by_sentence) <= 1 or len(values) <= 1:
        return list(by_sentence)
    return [after_dash("; ".join(names), line) for line, names in by_sentence.items()]


def unit_task_counts(roots: Sequence[TaskNode]) -> dict[str, tuple[int, int]]:
    """For each unit key, how many tasks it leads and supports."""
    counts: dict[str, list[int]] = {}
    for node in (n for root in roots for n in root.walk()):
        for column, names in ((0, node.lead_units), (1, node.support_units)):
            for key in {unit_key(name) for name in names}:
                counts.setdefault(key, [0, 0])[column] += 1
    return {key: (lead, support) for key, (lead, support) in counts.items()}


def plan_caption(plan: Plan) -> str:
    """"367/KH-UBND ngày 24/12/2024 — Thực hiện Kết luận …" for naming an existing plan."""
    reference = plan.reference or "(chưa có số)"
    if plan.issued_on is not None:
        reference += f" ngày {plan.issued_on:%d/%m/%Y}"
    elif plan.year is not None:
        reference += f" năm {plan.year}"
    title = plan.title if len(plan.title) <= 90 else plan.title[:89] + "…"
    return f"{reference} — {title}"


def review_notes(
    *,
    parser_warnings: Sequence[str],
    header_problem: str | None,
    duplicates: Sequence[Plan],
    paths_without_lead: Sequence[str],
    unclear_timeframes: Sequence[tuple[str, str]],
    empty_contents: Sequence[str],
    new_units: Sequence[tuple[str, bool]],
    ocr_unsure: Sequence[str] = (),
    inferred_count: int = 0,
) -> list[Note]:
    """Live checks first (they change as the user edits), then what the parser reported."""
    notes: list[Note] = []
    if header_problem:
        notes.append(Note("Thông tin chung", header_problem))
    for field in ocr_unsure:
        tab = TAB_SIGNER if field == "signer" else TAB_GENERAL
        label = OCR_FIELD_LABELS.get(field, field)
        notes.append(Note(label, "chữ nhận dạng (OCR) chưa chắc chắn, hãy kiểm tra với bản gốc", tab))
    for plan in duplicates:
        notes.append(Note("Trùng lặp", f"đã có kế hoạch {plan_caption(plan)} trong dữ liệu; "
                          "hãy chọn cập nhật kế hoạch đó hay thêm kế hoạch mới"))
    notes += [Note(f"Nhiệm vụ {path}", "nội dung trống", TAB_TASKS, path) for path in empty_contents]
    if len(paths_without_lead) > _LISTED:
        # One line for many: they are usually fixed together («Giao chủ trì …» on the responsibilities tab).
        shown = ", ".join(paths_without_lead[:_LISTED]) + ", …"
        notes.append(Note(f"{len(paths_without_lead)} nhiệm vụ ({shown})", "chưa có đơn vị chủ trì; có thể "
                          "giao cùng lúc ở thẻ «Tổ chức thực hiện»", TAB_TASKS, paths_without_lead[0]))
    else:
        notes += [Note(f"Nhiệm vụ {p}", "chưa có đơn vị chủ trì", TAB_TASKS, p) for p in paths_without_lead]
    notes += [
        Note(f"Nhiệm vụ {path}", f"chưa hiểu thời gian «{text}», sẽ không có hạn", TAB_TASKS, path)
        for path, text in unclear_timeframes
    ]
    notes += [
        Note(f"Đơn vị «{name}»", "chưa có trong danh mục, sẽ tạo " + ("nhóm mới" if group else "mới"),
             TAB_UNITS, name)
        for name, group in new_units
    ]
    notes += [Note("", text, from_parser=True) for text in parser_warnings]
    if inferred_count:
        text = (f"{inferred_count} giá trị (đơn vị chủ trì, phối hợp, thời gian) được suy ra từ câu trong "
                "văn bản: ô nền tím ở thẻ «Nhiệm vụ»; di chuột lên ô để xem câu")
        notes.append(Note("", text, TAB_TASKS, from_parser=True))
    return notes


class _Progress(Protocol):
    def check(self) -> None: ...
    def report(self, done: int, total: int, text: str = "") -> None: ...


def save_in_own_connection(
    db_path: Path,
    domain: DomainPlan,
    update_plan_id: int | None,
    unit_ids: Mapping[str, int],
    progress: _Progress,
) -> int:
    """Save on a worker thread: its own connection (SQLite's are per thread), one transaction, the plan's id.

    `progress.check()` raises when the user cancels, which rolls the whole save back.
    """
    db = open_database(db_path, create=False)
    try:
        def report(done: int, total: int, text: str) -> None:
            progress.check()
            progress.report(done, total, text)

        return save_imported_plan(db, domain, update_plan_id=update_plan_id, unit_ids=unit_ids,
                                  progress=report).id
    finally:
        db.close()
