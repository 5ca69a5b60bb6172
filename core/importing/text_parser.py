"""Plan document text → ParsedPlan.

The text is cut into regions by what official documents look like, not by line numbers:
- the head, up to the document-type line ("KẾ HOẠCH") or the first heading;
- the body: type and summary line, "Căn cứ"/"Thực hiện" lines, then the numbered outline;
- the foot, from "Nơi nhận:" or the first "TM./KT./…" authority line;
- annexes, each from a "Phụ lục" line (or a task table without one).
Tasks are the items of the sections that carry work (their title says nhiệm vụ, giải pháp,
nội dung, hoạt động) and the rows of task tables. Everything unsure becomes a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from core.importing.annex import header_columns
from core.importing.assembly import Assembly, assemble, section_role
from core.importing.errors import PlanImportError
from core.importing.forms import DECISION_TYPES, ISSUED_WITH, article_count, attachment_start, legal_sections
from core.importing.header import (
    ADDRESSEES_LABEL,
    Header,
    basis_text,
    code_from_symbol,
    continues_addressees,
    parse_header,
)
from core.importing.indicators import extract_indicators, indicator_key
from core.importing.outline import Node, build_outline, classify, node_texts, numbering_gaps
from core.importing.ownership import infer_ownership, owner_of, plan_period
from core.importing.parsed import (
    ParsedIndicator,
    ParsedPlan,
    ParsedSigner,
    ParsedTask,
)
from core.importing.progress import TICK_EVERY, ProgressCallback, no_progress
from core.importing.responsibilities import (
    Duty,
    duties,
    responsibilities,
    task_references,
    whole_plan_lead,
)
from core.importing.signature import Signature, is_signer_title, parse_signature
from core.importing.tables import Table, annex_region, attached_to, split_tables
from core.importing.textprep import (
    ANNEX_START,
    AUTHORITY,
    BASIS_START,
    LEGAL_TYPES,
    RECIPIENTS_LABEL,
    Block,
    Line,
    columns,
    doc_type_line,
    is_marker,
    normalise,
    paragraphs,
    roman_match,
    tidy,
    to_lines,
)
from core.timeframe import parse_timeframe

_MAX_LISTED = 12


@dataclass
class _Regions:
    """Line ranges: head, body (whose outline holds the tasks), foot, annexes.

    Usually the body runs from the head to the foot. A decision with an attached plan has its
    foot before the attached document, whose lines are then the body.
    """

    header_end: int
    foot_start: int
    body_end: int
    annex_starts: list[int] = field(default_factory=list)
    body_start: int = 0
    body_stop: int = 0
    foot_end: int = 0
    decision_type: str | None = None  # "QĐ" when the body is a document attached to a decision


def _is_annex_start(text: str) -> bool:
    match = ANNEX_START.match(text)
    if match is None or len(text) > 150:
        return False
    rest = match["rest"].strip(" :.-–")
    if not rest or rest.isupper() or rest[:1].isdigit() or rest[:1] == "(":
        return True
    return bool(roman_match(rest + ". x"))


def _regions(lines: list[Line]) -> _Regions:
    texts = [line.text for line in lines]
    annex_starts = [i for i, text in enumerate(texts) if text and _is_annex_start(text)]
    body_end = annex_starts[0] if annex_starts else len(lines)
    header_end = body_end
    addressees = ""  # the last line of a "Kính gửi" block while inside it
    for index in range(body_end):
        text = texts[index]
        if not text:
            continue
        # A Công văn's "Kính gửi:" and its "- …" list belong to the head; the body follows them.
        if ADDRESSEES_LABEL.match(text) or (addressees and continues_addressees(addressees, text)):
            addressees = text
            continue
        if addressees:
            header_end = index
            break
        if doc_type_line(text) and text.upper() == text or is_marker(text) or BASIS_START.match(text):
            header_end = index
            break
        if "\t" in lines[index].raw and header_columns(tuple(lines[index].raw.split("\t"))) is not None:
            header_end = index  # a task table with no title above it
            break
    decision = doc_type_line(texts[header_end]) if header_end < body_end else None
    attached = None
    if decision is not None and decision[0] in DECISION_TYPES:
        attached = attachment_start(texts, header_end + 1, body_end)
    if attached is not None:
        foot_start = _foot_start(lines, header_end, attached)
        foot_end = _own_head_start(texts, foot_start, attached)
        body_stop = _foot_start(lines, attached, body_end)
        kind = decision[0] if decision else None
        return _Regions(header_end, foot_start, body_end, annex_starts, attached, body_stop, foot_end, kind)
    foot_start = _foot_start(lines, header_end, body_end)
    return _Regions(header_end, foot_start, body_end, annex_starts, header_end, foot_start, body_end)


def _foot_start(lines: list[Line], start: int, end: int) -> int:
    """The first "Nơi nhận"/"TM. …" line between `start` and `end`, or a signer's title near the end."""
    texts = [line.text for line in lines]
    for index in range(start, end):
        if not texts[index]:
            continue
        pieces = [piece for _, piece in columns(lines[index])] or [texts[index]]
        if any(RECIPIENTS_LABEL.match(piece) or AUTHORITY.match(piece) for piece in pieces):
            return index
    return _signer_without_recipients(texts, start, end)


def _own_head_start(texts: list[str], start: int, attached: int) -> int:
    """An attached document may repeat the issuer and motto above its title: not the decision's foot."""
    index = attached
    while index > start:
        text = texts[index - 1]
        if text and not (text.isupper() or "ngày" in text or "Hạnh phúc" in text or text.startswith("Số")):
            break
        index -= 1
    while index < attached and not texts[index]:
        index += 1
    return index


def _signer_without_recipients(texts: list[str], start: int, end: int) -> int:
    """Where a foot with neither "Nơi nhận" nor "TM./KT." starts: its title line near the end."""
    seen = 0
    for index in range(end - 1, start - 1, -1):
        text = texts[index]
        if not text:
            continue
        seen += 1
        if seen > 6:
            break
        if is_signer_title(text) and not is_marker(text):
            return index
    return end


# --- the parts ---------------------------------------------------------------------------


@dataclass
class _Front:
    doc_type: str | None = None
    title: str = ""
    basis: list[str] = field(default_factory=list)
    decision_type: str | None = None  # the decision that issued this (attached) document
    issued_with: str = ""  # "(Ban hành kèm theo Quyết định số … ngày … của …)"


def _front_matter(
    blocks: list[Block], summary: str | None = None, decision_type: str | None = None
) -> tuple[_Front, list[Block]]:
    """Type, summary line and basis before the first numbered item; the rest of the blocks.

    A Công văn has no type line: its summary is the head's "V/v …" (`summary`), and its first
    paragraph is body, not title. A document attached to a decision says so in brackets.
    """
    front = _Front(title=summary or "", decision_type=decision_type)
    index = 0
    first = blocks[0] if blocks else None
    if isinstance(first, str) and (found := doc_type_line(first)) is not None:
        front.doc_type, front.title = found  # the summary may share the line: "KẾ HOẠCH Tổ chức …"
        index = 1
    while index < len(blocks):
        block = blocks[index]
        if not isinstance(block, str) or classify(block, False) is not None:
            break
        if is_marker(block) and not block.startswith("Căn cứ"):
            break
        if ISSUED_WITH.match(block):
            front.issued_with = block.strip("() ")
            index += 1
            continue
        lead_in = block.rstrip().endswith("như sau:")
        basis = basis_text(block)
        if summary and front.doc_type is None and basis is None and not block.startswith("Căn cứ"):
            break  # a Công văn: past its basis, the body begins
        if not front.title and not front.basis and not block.startswith("Căn cứ") and not lead_in:
            front.title = block
        elif basis is not None:
            front.basis.append(basis)
        index += 1
    return front, blocks[index:]


def _indicators(
    roots: list[Node], paths: dict[int, str], task_ids: set[int], step: _Steps
) -> list[ParsedIndicator]:
    found: list[ParsedIndicator] = []
    seen: set[tuple[object, ...]] = set()
    nodes = [node for root in roots for node in [root, *root.walk()]]
    for number, node in enumerate(nodes):
        if number % TICK_EVERY == 0:
            step.within(number, len(nodes))
        path = paths.get(id(node)) if id(node) in task_ids else None
        for text in node_texts(node) if node.kind != "root" else node.paras:
            for indicator in extract_indicators(text, path):
                key = indicator_key(indicator)
                if key not in seen:
                    seen.add(key)
                    found.append(indicator)
    return found


def _listed(paths: list[str]) -> str:
    shown = ", ".join(paths[:_MAX_LISTED])
    return shown + (", …" if len(paths) > _MAX_LISTED else "")


_STAGES = 9  # progress steps of `parse_plan_text`; the annexes and indicators also report within theirs


class _Steps:
    """Reports the stages of a large parse to the progress callback, which cancels by raising."""

    def __init__(self, progress: ProgressCallback) -> None:
        self._progress = progress
        self._done = 0

    def next(self) -> None:
        self._done += 1
        self._progress(self._done, _STAGES, "Đang phân tích văn bản…")

    def within(self, done: int, total: int) -> None:
        """Inside the current stage: still reported against the stages, so the bar never goes back."""
        self._progress(self._done, _STAGES, f"Đang phân tích văn bản ({done}/{total})…")


def parse_plan_text(text: str, source_name: str = "", progress: ProgressCallback = no_progress) -> ParsedPlan:
    """Read a plan (Kế hoạch, Chương trình, …) or its annex from extracted text.

    Raises PlanImportError when the text is empty or is not a plan at all (no document type,
    no number, no sections and no tasks). `progress` is called between the stages of the parse
    (and every few hundred items inside the long ones); raising from it cancels.
    """
    name = source_name or "văn bản"
    step = _Steps(progress)
    normalised = normalise(text)
    if not normalised.strip():
        raise PlanImportError(f"Không nhập được {name}: văn bản rỗng.")
    step.next()
    lines = to_lines(normalised)
    step.next()
    regions = _regions(lines)
    step.next()
    header = parse_header(lines[: regions.header_end])
    step.next()
    blocks = paragraphs(lines[regions.body_start: regions.body_stop])
    front, rest = _front_matter(blocks, header.summary, regions.decision_type)
    if regions.decision_type and not front.basis:  # the attached plan rests on the decision's "Căn cứ"
        front.basis = _front_matter(paragraphs(lines[regions.header_end: regions.foot_start]))[0].basis
    body_texts, tables = split_tables(rest, step.within)
    body = build_outline(body_texts)
    prose_roots: list[Node] = []
    bounds = [*regions.annex_starts, len(lines)]
    step.next()
    for start, end in zip(bounds, bounds[1:], strict=False):
        step.within(start, len(lines))
        table, prose = annex_region(lines[start:end], step.within)
        if table is not None:
            tables.append(table)
        if prose:
            prose_roots.append(build_outline(prose))
    signature = parse_signature(lines[regions.foot_start: regions.foot_end])
    step.next()
    assembly = assemble(body, tables, step.within)
    warnings: list[str] = []
    annex_only = not body.children and bool(tables) and not front.title
    identity = _identity(header, front, tables[0] if annex_only else None)
    body_lines = [line.text for line in lines[regions.body_start: regions.body_stop]]
    if identity.doc_type in LEGAL_TYPES or (
        identity.doc_type in DECISION_TYPES and not front.decision_type and article_count(body_lines) >= 2
    ):
        return _legal_text(header, front, identity, signature, body_lines, text, source_name)

    numbered = [node for node in body.children if node.kind in ("arabic", "letter")]
    if not (front.doc_type or header.found_number_line or tables or len(numbered) >= 2 or any(
        node.kind == "section" for node in body.children
    )):
        raise PlanImportError(
            f"Không nhập được {name}: không phải văn bản kế hoạch"
            " (không thấy tiêu đề, số hiệu, mục hay nhiệm vụ)."
        )

    # Tổ chức thực hiện.
    found_duties = [
        duty
        for node in body.children
        if node.kind == "section" and section_role(node.text) == "responsibilities"
        for duty in duties(node)
    ]
    tasks = _apply_duties(assembly, found_duties, warnings)
    period = plan_period(body, identity.title)
    owner = owner_of(identity.issuers[-1] if identity.issuers else None, signature.authority)
    period_given = (period.text, period.sentence) if period else None
    step.next()
    tasks = infer_ownership(
        tasks, assembly.group_units, assembly.duty_paths, owner, period_given, step.within
    )
    if owner is None and any(not task.lead_units for task in tasks):
        warnings.append("Không rõ cơ quan ban hành: các nhiệm vụ không ghi đơn vị chưa có đơn vị chủ trì.")

    task_ids = {id(node) for node in assembly.task_nodes}
    roots = [body, *(table.root for table in tables), *prose_roots]
    step.next()
    indicators = _indicators(roots, assembly.paths, task_ids, step)

    warnings[:0] = _header_warnings(header, front, identity, annex_only)
    warnings.extend(numbering_gaps(body))
    for table in tables:
        warnings.extend(numbering_gaps(table.root))
    if not tasks:
        warnings.append("Không tìm thấy nhiệm vụ: không có mục nhiệm vụ, giải pháp hay bảng nhiệm vụ.")
    missing = [task.path for task in tasks if not task.lead_units]
    if missing:
        warnings.append(f"{len(missing)} nhiệm vụ chưa có đơn vị chủ trì: {_listed(missing)}.")
    for number, task in enumerate(tasks):
        if number % TICK_EVERY == 0:
            step.within(number, len(tasks))
        if task.timeframe and not parse_timeframe(task.timeframe).understood:
            warnings.append(f"Chưa hiểu thời gian thực hiện của nhiệm vụ {task.path}: “{task.timeframe}”.")
    if not annex_only:
        if signature.name is None:
            warnings.append("Không thấy họ tên người ký.")
        if not signature.recipients:
            warnings.append("Không thấy mục “Nơi nhận”.")
    step.next()

    return ParsedPlan(
        **_head_fields(header, front, identity, signature),
        sections=tuple(assembly.sections),
        tasks=tuple(tasks),
        indicators=tuple(indicators),
        responsibilities=tuple(responsibilities(found_duties)),
        warnings=tuple(dict.fromkeys(warnings)),
        source_name=source_name,
        source_text=text,
        attached_doc_type=identity.attached_doc_type,
        period_start=period.start if period else None,
        period_end=period.end if period else None,
        period_text=period.text if period else "",
    )


def _head_fields(header: Header, front: _Front, identity: _Identity, signature: Signature) -> dict[str, Any]:
    """What the head, front matter and foot say, the same for a plan and a legal text."""
    return {
        "doc_type": identity.doc_type or "KH",
        "title": tidy(identity.title),
        "number": identity.number,
        "serial": identity.serial,
        "symbol": identity.symbol,
        "issuer": identity.issuers[-1] if identity.issuers else None,
        "parent_issuer": identity.issuers[0] if len(identity.issuers) >= 2 else None,
        "place": header.place,
        "issued_on": header.issued_on,
        "issued_year": identity.year,
        "issued_month": identity.month,
        "basis": tuple(front.basis),
        "signer": ParsedSigner(tuple(signature.authority), signature.title, signature.name),
        "recipients": tuple(signature.recipients),
        "addressees": tuple(header.addressees),
        "joint_issuers": identity.joint_issuers,
        "unsure": tuple(header.unsure),
    }


def _legal_text(
    header: Header, front: _Front, identity: _Identity, signature: Signature, body: list[str], text: str,
    name: str,
) -> ParsedPlan:  # fmt: skip
    """A legal text: its head, and its chapters and articles as sections; no tasks are invented."""
    sections = legal_sections(body)
    articles = sum(1 for section in sections if section.path.startswith("Điều"))
    warnings = _header_warnings(header, front, identity, False)
    kind = _TYPE_NAMES.get(identity.doc_type or "", identity.doc_type)
    warnings.append(
        f"Văn bản quy phạm ({kind}) gồm {articles} điều, không phải kế hoạch: không tạo nhiệm vụ;"
        " hãy nhập kế hoạch triển khai văn bản này."
    )
    return ParsedPlan(
        **_head_fields(header, front, identity, signature),
        sections=tuple(sections),
        warnings=tuple(dict.fromkeys(warnings)),
        source_name=name,
        source_text=text,
    )


@dataclass(frozen=True, slots=True)
class _Identity:
    """Type, number, issuer and date of the document, from its head or an annex's "Kèm theo" line."""

    doc_type: str | None
    title: str
    serial: str | None
    symbol: str | None
    number: str | None
    issuers: tuple[str, ...]
    year: int | None
    month: int | None
    joint_issuers: tuple[str, ...] = ()  # bodies issuing the document together
    attached_doc_type: str | None = None  # a decision's attached plan ("CTr"): where the tasks are
    issued_with: str = ""


def _identity(header: Header, front: _Front, annex: Table | None) -> _Identity:
    doc_type = front.doc_type or code_from_symbol(header.symbol)
    attached_type = None
    if front.decision_type:
        # The number, issuer and date are the decision's; title and tasks, the attached document's.
        doc_type, attached_type = code_from_symbol(header.symbol) or front.decision_type, front.doc_type
    elif doc_type is None and (header.summary or header.addressees):
        doc_type = "CV"  # no type line, a "V/v …" summary or "Kính gửi": a Công văn
    issuers = tuple(header.issuers)
    joint = issuers if header.joint else ()
    if joint:
        issuers = issuers[:1]  # the first-named body leads a joint document
    identity = _Identity(
        doc_type, front.title or header.summary or "", header.serial, header.symbol,
        header.number, issuers, header.year, header.month, joint, attached_type, front.issued_with,
    )
    if annex is None:
        return identity
    attached = attached_to(annex.attached_to)
    identity = replace(identity, title=annex.title, doc_type=identity.doc_type or attached.doc_type)
    if not header.found_number_line:
        identity = replace(identity, serial=attached.serial, symbol=attached.symbol, number=attached.number)
    if attached.issuer and not identity.issuers:
        identity = replace(identity, issuers=(attached.issuer,))
    if not header.found_date_line:
        identity = replace(identity, year=attached.year, month=attached.month)
    return identity


def _apply_duties(assembly: Assembly, found: list[Duty], warnings: list[str]) -> list[ParsedTask]:
    """Lead and support units that "Tổ chức thực hiện" gives to tasks."""
    tasks = list(assembly.tasks)
    # Duties refer to the numbered tasks, not to one another (the duties are tasks too now).
    paths = [task.path for task in tasks if task.path not in assembly.duty_paths]
    index = {task.path: i for i, task in enumerate(tasks)}
    for duty in found:
        for path, role in task_references(duty.text, paths):
            task = tasks[index[path]]
            if role == "lead":
                units = tuple(dict.fromkeys([*task.lead_units, *duty.units]))
                tasks[index[path]] = replace(task, lead_units=units)
            else:
                units = tuple(dict.fromkeys([*task.support_units, *duty.units]))
                tasks[index[path]] = replace(task, support_units=units)
    lead = whole_plan_lead(found)
    if lead is not None:
        without = [
            i for i, task in enumerate(tasks) if not task.lead_units and task.path not in assembly.duty_paths
        ]
        for i in without:
            tasks[i] = replace(tasks[i], lead_units=(lead,))
        if without:
            warnings.append(
                f"Đã giao “{lead}” chủ trì {len(without)} nhiệm vụ chưa ghi đơn vị,"
                " theo mục Tổ chức thực hiện."
            )
    return tasks


def _header_warnings(header: Header, front: _Front, identity: _Identity, annex_only: bool) -> list[str]:
    warnings: list[str] = []
    if identity.doc_type is None:
        warnings.append("Không xác định được loại văn bản; tạm coi là Kế hoạch (KH).")
    if annex_only:
        warnings.append("Chỉ có phụ lục, không có phần thân của văn bản.")
        return warnings
    if not identity.issuers:
        warnings.append("Không thấy tên cơ quan ban hành ở đầu văn bản.")
    if not header.found_number_line:
        warnings.append("Không thấy số, ký hiệu văn bản.")
    elif identity.serial is None:
        warnings.append("Văn bản chưa có số (dự thảo).")
    if not header.found_date_line:
        warnings.append("Không thấy địa danh, ngày ban hành.")
    elif header.issued_on is None:
        parts = (("ngày", header.day), ("tháng", header.month), ("năm", header.year))
        missing = [part for part, value in parts if not value]
        if missing:
            warnings.append(f"Ngày ban hành chưa đủ, thiếu {', '.join(missing)}.")
        else:
            warnings.append("Ngày ban hành không hợp lệ.")
    if not identity.title:
        warnings.append("Không thấy trích yếu (tên) của văn bản.")
    if identity.attached_doc_type:
        attached = _TYPE_NAMES.get(identity.attached_doc_type, identity.attached_doc_type)
        decision = _TYPE_NAMES.get(identity.doc_type or "", identity.doc_type)
        reference = f" số {identity.number}" if identity.number else ""
        warnings.append(
            f"Các nhiệm vụ lấy từ {attached} ban hành kèm theo {decision}{reference};"
            " số, ngày và cơ quan ban hành là của văn bản ban hành."
        )
    warnings.extend(header.warnings)
    return warnings


_TYPE_NAMES = {
    "KH": "Kế hoạch", "CTr": "Chương trình", "QĐ": "Quyết định", "NQ": "Nghị quyết", "HD": "Hướng dẫn",
    "ĐA": "Đề án", "PA": "Phương án", "TT": "Thông tư", "TTLT": "Thông tư liên tịch", "NĐ": "Nghị định",
    "CV": "Công văn",
}  # fmt: skip
