"""The audit log: who changed what and when, one row per save, delete, restore, purge or progress.

Storage modules call `record` inside the transaction of the change itself, so a change and
its log row are committed or rolled back together.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from core.vntext import nfc
from storage.database import now_text

ACTIONS = ("insert", "update", "delete", "restore", "purge", "move", "progress", "import", "issue")
ENTITIES = (
    "unit", "plan", "task", "assignment", "occurrence", "setting",
    "indicator", "indicator_value", "attachment", "report", "unit_report",
)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    user: str
    action: str
    entity: str
    entity_id: int | None
    summary: str
    id: int | None = None


def current_user() -> str:
    """The OS login name, or "" where the platform cannot tell (no USER variable, no passwd entry)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        # getpass raises these when neither the environment nor the password database
        # names the user; the log then records an empty name rather than failing the change.
        return ""


def record(db: Database, action: str, entity: str, entity_id: int | None, summary: str) -> None:
    """Append one row to the log; call it inside the transaction of the change it describes."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action: {action!r}")
    if entity not in ENTITIES:
        raise ValueError(f"Unknown audit entity: {entity!r}")
    db.execute(
        "INSERT INTO audit_log (at, user, action, entity, entity_id, summary) VALUES (?, ?, ?, ?, ?, ?)",
        (now_text(), current_user(), action, entity, entity_id, nfc(summary)),
    )


def list_audit(
    db: Database, *, entity: str | None = None, entity_id: int | None = None, limit: int = 200
) -> list[AuditEntry]:
    """The newest `limit` log rows, newest first, optionally for one entity kind or one entity."""
    conditions, params = [], []
    if entity is not None:
        conditions.append("entity = ?")
        params.append(entity)
    if entity_id is not None:
        conditions.append("entity_id = ?")
        params.append(entity_id)
    where = " AND ".join(conditions) or "1"
    params.append(limit)
    rows = db.query(f"SELECT * FROM audit_log WHERE {where} ORDER BY id DESC LIMIT ?", params)
    return [
        AuditEntry(
            at=datetime.fromisoformat(row["at"]),
            user=row["user"],
            action=row["action"],
            entity=row["entity"],
            entity_id=row["entity_id"],
            summary=row["summary"],
            id=row["id"],
        )
        for row in rows
    ]
