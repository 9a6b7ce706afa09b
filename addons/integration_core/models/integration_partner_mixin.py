# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class IntegrationPartnerMixin(models.AbstractModel):
    """Configuration that belongs to one integration partner (its endpoints, its flows):
    deleted with it, in its company, a change of owner noted in the chatter."""

    _name = "integration.partner.mixin"
    _inherit = ["mail.thread"]
    _description = "Owned by an integration partner"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "integration.partner",
        required=True,
        ondelete="cascade",
        index=True,
        tracking=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="partner_id.company_id", store=True, index=True)
