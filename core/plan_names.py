"""How the application names a plan, in one place: in a message, in a list's cell, in a chooser.

- `plan_label`: messages and the audit log — «05/KH-PGDĐT», else «"its title"», else its id;
- `list_label`: a column of a list of tasks — the reference, «/KH-UBND (dự thảo)» for a draft
  without a number, else the title shortened;
- `plan_choice_text`: a chooser's item — «05/KH-PGDĐT — title», «(chưa có số) — title».

A sentence citing a plan in a document is `core.chain.derive.citation`.
"""

from __future__ import annotations

from core.model import Plan
from core.vntext import shorten

LIST_TITLE_LENGTH = 60
CHOICE_LENGTH = 120  # a chooser's item: the full text is in its tooltip


def plan_label(plan: Plan) -> str:
    """How messages name a plan: its reference, else its title, else its id."""
    if plan.reference:
        return plan.reference
    if plan.title:
        return f'"{plan.title}"'
    return f"mã số {plan.id}" if plan.id is not None else "(chưa có số hiệu)"


def list_label(reference: str, title: str) -> str:
    """How a list names a task's plan: "05/KH-PGDĐT", "/KH-UBND (dự thảo)", else its title, shortened."""
    if reference and not reference.startswith("/"):
        return reference
    if reference:
        return f"{reference} (dự thảo)"
    return title if len(title) <= LIST_TITLE_LENGTH else title[: LIST_TITLE_LENGTH - 1].rstrip() + "…"


def plan_choice_text(plan: Plan, limit: int = CHOICE_LENGTH) -> str:
    """A chooser's item for the plan: its reference (or «(chưa có số)») and title, shortened."""
    title = " ".join(plan.title.split())
    text = f"{plan.reference} — {title}" if plan.reference else f"(chưa có số) — {title}"
    return shorten(text, limit)
