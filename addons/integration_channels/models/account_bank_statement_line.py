# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo import api, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)


class AccountBankStatementLine(models.Model):
    _inherit = "account.bank.statement.line"

    @api.model_create_multi
    def create(self, vals_list):
        """A payout that waits for its bank statement line is matched when the line comes;
        a payout that cannot be matched never stops the import (its button tries again)."""
        lines = super().create(vals_list)
        # sudo: only payout entries of the lines' companies, matched as the pipeline would
        payouts = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("integration_payout_ref", "!=", False),
                    ("integration_payout_matched", "=", False),
                    ("state", "=", "posted"),
                    ("company_id", "in", lines.company_id.ids),
                ]
            )
        )
        for payout in payouts:
            try:
                with self.env.cr.savepoint():
                    payout._integration_match_statement_line(lines.sudo())
            except (UserError, ValidationError) as err:
                _logger.warning("Payout %s not matched: %s", payout.integration_payout_ref, err)
        return lines
