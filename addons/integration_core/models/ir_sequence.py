# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

# Context key of a replay's dry run (integration.replay): everything it does is rolled back.
DRY_RUN = "integration_dry_run"


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    def _next_do(self):
        """In a replay's dry run a standard sequence is read, not drawn: PostgreSQL
        sequences ignore the rollback, and a dry run must leave no gap in the numbering
        (an order replayed shows the name it would get)."""
        if self.env.context.get(DRY_RUN) and self.implementation == "standard":
            return self.get_next_char(self.number_next_actual)
        return super()._next_do()
