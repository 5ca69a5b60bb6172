"""The «Xây dựng kế hoạch thực hiện» wizard: choose the received plan's tasks, assign them, create our plan.

Nothing is written before Finish («Tạo kế hoạch»), which calls `storage.chain.derive_plan` once
(one transaction) and pushes one undo step; a refusal is shown and the wizard stays open.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget, QWizard

from core.chain.derive import implementation_title
from core.model import Role
from gui.context import AppContext, Change
from gui.dialogs.derive_plan.assign_page import AssignPage
from gui.dialogs.derive_plan.choose_page import ChoosePage
from gui.dialogs.derive_plan.draft_model import DraftRow
from gui.dialogs.derive_plan.finish_page import FinishPage
from gui.dialogs.derive_plan.undo import push_derived_plan
from gui.operations import USER_ERRORS, show_error
from storage.assignments import expand_groups
from storage.chain import candidates, derive_plan
from storage.office import get_office
from storage.plans import get_plan, plan_label
from storage.units import list_units

TITLE = "Xây dựng kế hoạch thực hiện"


class DerivePlanWizard(QWizard):
    """Raises StorageError (from storage) when the source plan does not exist."""

    def __init__(self, context: AppContext, source_plan_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setObjectName("derivePlanWizard")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, "&Tiếp >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< &Quay lại")
        self.setButtonText(QWizard.WizardButton.FinishButton, "Tạo &kế hoạch")
        self.setButtonText(QWizard.WizardButton.CancelButton, "&Hủy")
        self.resize(1100, 680)
        self.context = context
        self.source = get_plan(context.db, source_plan_id)
        self.office = get_office(context.db)
        self.plan_id: int | None = None
        self.warnings: tuple[str, ...] = ()

        found = candidates(context.db, source_plan_id)
        self.choose_page = ChoosePage(found, self.office.unit_id is not None)
        self.assign_page = AssignPage(list_units(context.db), self.choose_page.chosen)
        self.finish_page = FinishPage(implementation_title(self.source), self.assign_page.model.rows,
                                      self.count_units, self.create)
        for page in (self.choose_page, self.assign_page, self.finish_page):
            self.addPage(page)

    def count_units(self, rows: Sequence[DraftRow]) -> int:
        """How many units our tasks reach (our office too), groups counted by their members."""
        items = [(unit_id, Role.LEAD, None) for row in rows for unit_id in (*row.lead_ids, *row.support_ids)]
        return len({unit_id for unit_id, _, _ in expand_groups(self.context.db, items)})

    def create(self) -> bool:
        """Write our plan (Finish); False, with the reason shown and nothing written, when refused."""
        try:
            derived = derive_plan(self.context.db, self.source.id, self.assign_page.model.drafts(),
                                  title=self.finish_page.plan_title())
        except USER_ERRORS as error:
            show_error(self, error, "Không tạo được kế hoạch thực hiện")
            return False
        self.plan_id, self.warnings = derived.plan.id, derived.warnings
        push_derived_plan(self.context, derived.plan.id, plan_label(self.source))
        self.context.changed(Change.PLANS)
        return True
