"""The outline and the task tables → sections and tasks with their paths.

Which sections carry tasks is read from their titles ("NHIỆM VỤ, GIẢI PHÁP", "Nội dung", not
"MỤC ĐÍCH, YÊU CẦU" or "TỔ CHỨC THỰC HIỆN"). Paths come from the printed ordinals through
`core.tasktree.task_paths`, as storage computes them; the tables of a document that also has a
body hang under a "PL" section so that their "I", "II" do not collide with the body's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.importing.outline import Node
from core.importing.parsed import ParsedSection, ParsedTask
from core.importing.progress import TICK_EVERY, Tick, no_tick
from core.importing.responsibilities import is_unit_heading
from core.importing.tables import Table
from core.importing.textprep import PARA_BREAK, tidy
from core.importing.units import split_units
from core.tasktree import task_paths
from core.vntext import search_key

_TASK_WORDS = ("nhiem vu", "giai phap", "noi dung", "hoat dong", "cong viec", "bien phap")
_NOT_TASK_START = ("ket qua", "danh gia", "tinh hinh", "thuc trang", "muc dich", "muc tieu", "chi tieu")
_RESPONSIBILITY_WORDS = ("to chuc thuc hien", "phan cong", "trach nhiem")
_OTHER_WORDS = (
    "muc dich",
    "yeu cau",
    "muc tieu",
    "chi tieu",
    "kinh phi",
    "quan diem",
    "can cu",
)
# "Chế độ (thông tin) báo cáo": its items are reports due from the units named, i.e. tasks.
_REPORTING_WORDS = ("che do bao cao", "che do thong tin bao cao", "thong tin bao cao")
_HEADING_WORDS = 20  # a first sentence this short, followed by more, is the item's heading


def section_role(title: str) -> str:
    """ "tasks", "responsibilities" (Tổ chức thực hiện), "other" (Mục đích, Mục tiêu, …) or "unknown"."""
    key = search_key(title)
    if any(word in key for word in _REPORTING_WORDS):
        return "reporting"
    if any(word in key for word in _RESPONSIBILITY_WORDS):
        return "responsibilities"
    if any(word in key for word in _TASK_WORDS) and not key.startswith(_NOT_TASK_START):
        return "tasks"
    if any(word in key for word in _OTHER_WORDS):
        return "other"
    return "unknown"


def _title_and_content(node: Node) -> tuple[str | None, str]:
    text = node.text.replace(PARA_BREAK, "\n").strip()
    paras = [p.replace(PARA_BREAK, "\n") for p in node.paras]
    if node.from_annex:
        return None, "\n".join([text, *paras]).strip()
    if text.endswith(":") and (paras or node.children):
        return text.rstrip(":").strip(), "\n".join(paras)
    head, colon, rest = text.partition(": ")
    if colon and rest and len(head.split()) <= 12 and not any(ch.isdigit() for ch in head):
        return head.strip(), "\n".join([rest, *paras]).strip()
    if (paras or node.children) and not text.rstrip("”\"' )").endswith((".", ";", "!", "?")):
        return text, "\n".join(paras)
    first, stop, after = text.partition(". ")
    if stop and after[:1].isupper() and len(first.split()) <= _HEADING_WORDS:
        return first.strip(), "\n".join([after, *paras]).strip()  # "Duy trì phổ cập. Kiện toàn …"
    return None, "\n".join([text, *paras]).strip()


def _field_units(node: Node, name: str) -> list[str]:
    units: list[str] = []
    for value in node.fields.get(name, []):
        units.extend(split_units(value))
    return units


def _timeframe(node: Node) -> str | None:
    values = [tidy(v.replace(PARA_BREAK, " ")) for v in node.fields.get("time", [])]
    text = "; ".join(v for v in values if v)
    return text or None


@dataclass
class Assembly:
    sections: list[ParsedSection] = field(default_factory=list)
    tasks: list[ParsedTask] = field(default_factory=list)
    task_nodes: list[Node] = field(default_factory=list)
    paths: dict[int, str] = field(default_factory=dict)
    # Unit headings under "Tổ chức thực hiện" (group path → the units it names): they lead
    # every task beneath them.
    group_units: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Paths of the tasks that lie under a responsibilities or reporting section.
    duty_paths: set[str] = field(default_factory=set)


def _duty_groups(section: Node) -> dict[int, tuple[str, ...]]:
    """Make a responsibilities section's unit headings groups whose paragraphs are its duties.

    "1. Phòng Giáo dục & Đào tạo" followed by paragraphs: each paragraph becomes an unnumbered
    item (a task) under the heading, which becomes a group section led by that unit.
    """
    groups: dict[int, tuple[str, ...]] = {}
    for item in section.children:
        heading = item.text.strip()
        if heading[:8].lower() == "đối với ":
            heading = heading[8:]
        if not is_unit_heading(heading):
            continue
        units = tuple(split_units(heading.rstrip(":")))
        if not units or not (item.paras or item.children):
            continue
        paras = [Node("row", 8, "", para) for para in item.paras if para.strip()]
        item.paras = []
        item.children[:0] = paras
        for child in paras:
            child.parent = item
        item.kind = "section"
        groups[id(item)] = units
    return groups


def _containers(body: Node, tables: list[Table]) -> list[Node]:
    """The subtrees whose items are tasks: the body's task sections, then the tables."""
    top_sections = [node for node in body.children if node.kind == "section"]
    task_sections = [node for node in top_sections if section_role(node.text) == "tasks"]
    if not task_sections and not tables:
        task_sections = [node for node in top_sections if section_role(node.text) == "unknown"]
    duty_sections = [
        node for node in top_sections if section_role(node.text) in ("responsibilities", "reporting")
    ]
    containers: list[Node] = list(task_sections) + duty_sections
    if not top_sections and not tables:
        containers = list(body.children)
    has_body = bool(body.children)
    for number, table in enumerate(tables, start=1):
        if has_body or len(tables) > 1:
            label = "PL" if len(tables) == 1 else f"PL{number}"
            wrapper = Node("section", 0, label, table.title or "Phụ lục", from_annex=True)
            for child in list(table.root.children):
                wrapper.add(child)
            table.root.children = []
            table.root.add(wrapper)
            containers.append(wrapper)
        else:
            containers.extend(table.root.children)
    return containers


def _is_section(node: Node) -> bool:
    """Group rows are sections, unless a group row carries units or a time and has no tasks."""
    return node.kind == "section" and (bool(node.children) or not node.fields)


def _unique_paths(order: list[tuple[int, int | None, str]], paths: dict[int, str]) -> dict[int, str]:
    """Paths made unique when a list numbers two items alike ("3", "3" → "II.3", "II.3(2)")."""
    unique: dict[int, str] = {}
    used: set[str] = set()
    for key, parent, _ordinal in order:
        own = paths[key][len(paths[parent]) + 1 :] if parent is not None else paths[key]
        path = f"{unique[parent]}.{own}" if parent is not None else own
        candidate, count = path, 1
        while candidate in used:
            count += 1
            candidate = f"{path}({count})"
        used.add(candidate)
        unique[key] = candidate
    return unique


def assemble(body: Node, tables: list[Table], tick: Tick = no_tick) -> Assembly:
    """Sections and tasks with their paths, in document order (body first, then tables)."""
    assembly = Assembly()
    containers = _containers(body, tables)
    groups: dict[int, tuple[str, ...]] = {}
    duty_nodes: set[int] = set()
    for container in containers:
        if not container.from_annex and section_role(container.text) in ("responsibilities", "reporting"):
            groups.update(_duty_groups(container))
            duty_nodes.update(id(node) for node in container.walk())
    order: list[tuple[int, int | None, str]] = []
    nodes: dict[int, Node] = {}
    for container in containers:
        for node in [container, *container.walk()]:
            parent = node.parent if node is not container else None
            parent_key = id(parent) if parent is not None and id(parent) in nodes else None
            order.append((id(node), parent_key, node.ordinal))
            nodes[id(node)] = node
    paths = _unique_paths(order, task_paths(order))
    assembly.paths = paths
    positions = {key: position for position, (key, _parent, _ordinal) in enumerate(order)}
    for node in body.children:
        if node.kind == "section":
            path = paths.get(id(node), node.ordinal)
            assembly.sections.append(
                ParsedSection(
                    path, node.ordinal, tidy(node.text), None, id(node) in nodes, positions.get(id(node), -1)
                )
            )
    for position, (key, parent_key, _ordinal) in enumerate(order):
        if position % TICK_EVERY == 0:
            tick(position, len(order))
        node = nodes[key]
        parent_path = paths[parent_key] if parent_key is not None else None
        if _is_section(node):
            if node.from_annex or key in groups:
                if key in groups:
                    assembly.group_units[paths[key]] = groups[key]
                title = tidy(node.text.replace(PARA_BREAK, " "))
                assembly.sections.append(
                    ParsedSection(paths[key], node.ordinal, title, parent_path, True, position)
                )
            continue
        title, content = _title_and_content(node)
        assembly.tasks.append(
            ParsedTask(
                path=paths[key],
                ordinal=node.ordinal,
                parent_path=parent_path or "",
                title=title,
                content=content,
                lead_units=tuple(_field_units(node, "lead")),
                support_units=tuple(_field_units(node, "support")),
                timeframe=_timeframe(node),
                from_annex=node.from_annex,
                order=position,
            )
        )
        assembly.task_nodes.append(node)
        if key in duty_nodes:
            assembly.duty_paths.add(paths[key])
    return assembly
