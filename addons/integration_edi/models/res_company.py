# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    as2_id = fields.Char(
        string="AS2 identifier",
        help="Our AS2 name (AS2-From of what we send, AS2-To of what partners send us).",
    )
    edi_our_qualifier = fields.Char(
        string="Our EDI ID qualifier",
        help="What new trading partners know us by (X12 ISA07 / EDIFACT UNB 0007): the "
        "onboarding wizard's default, set by the first partner onboarded.",
    )
    edi_our_id = fields.Char(
        string="Our EDI interchange ID",
        help="X12 ISA08 / EDIFACT UNB 0010 of new trading partners: the onboarding wizard's "
        "default, set by the first partner onboarded.",
    )
    as2_certificate_ids = fields.One2many(
        "integration.as2.certificate",
        "company_id",
        string="Our AS2 certificates",
        domain=[("partner_id", "=", False)],
    )

    def _as2_certificates(self):
        """Our certificates (those with a private key: no partner)."""
        self.ensure_one()
        return self.env["integration.as2.certificate"].search(
            [("company_id", "=", self.id), ("partner_id", "=", False)]
        )
