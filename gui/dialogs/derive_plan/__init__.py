"""«Xây dựng kế hoạch thực hiện»: our implementation plan made from a received one (issue 11).

`open_derive_plan_wizard` is what menus call; the wizard is in `wizard.py`, each page in a module.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from gui.context import AppContext
from gui.dialogs.derive_plan.wizard import TITLE, DerivePlanWizard
from gui.operations import USER_ERRORS, show_error


def open_derive_plan_wizard(parent: QWidget, context: AppContext, source_plan_id: int) -> int | None:
    """Run the wizard modally; the new plan's id, or None when it was cancelled (nothing written)."""
    try:
        wizard = DerivePlanWizard(context, source_plan_id, parent)
    except USER_ERRORS as error:
        show_error(parent, error, TITLE)
        return None
    if wizard.exec() != QDialog.DialogCode.Accepted:
        return None
    return wizard.plan_id
