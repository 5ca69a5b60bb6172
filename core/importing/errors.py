"""The one error the importer raises for input it cannot use."""

from __future__ import annotations

from core.errors import UserError


class PlanImportError(UserError):
    """A file or text that cannot be imported as a plan; the message is one Vietnamese line."""
