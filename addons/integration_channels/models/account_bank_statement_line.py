# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class AccountBankStatementLine(models.Model):
    _inherit = "account.bank.statement.line"

    @api.model_create_multi
    def create(self, vals_list):
        """A payout that waits for its bank statement line is matched when the line comes."""
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
            payout._integration_match_statement_line(lines.sudo())
        return lines
