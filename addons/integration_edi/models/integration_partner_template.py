# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..wizards.integration_onboarding import STANDARDS


class IntegrationPartnerTemplate(models.Model):
    """A trading partner template's EDI profile: standard, version, qualifiers, windows."""

    _inherit = "integration.partner.template"

    edi_standard = fields.Selection(STANDARDS, string="Standard")
    edi_version = fields.Selection(
        [
            ("004010", "X12 004010"),
            ("005010", "X12 005010"),
            ("D96A", "EDIFACT D.96A"),
            ("D01B", "EDIFACT D.01B"),
        ],
        string="Version",
    )
    edi_their_qualifier = fields.Char(string="Their qualifier")
    edi_ack_minutes = fields.Integer(string="Acknowledgement within (minutes)")
    edi_product_qualifiers = fields.Char(string="Item qualifiers read")

    @api.model
    def _values_from_partner(self, partner):
        values = super()._values_from_partner(partner)
        if partner.kind != "edi":
            return values
        values.update(
            edi_standard=partner.edi_standard or "canonical_json",
            edi_version=partner.edi_version,
            edi_their_qualifier=partner.edi_their_qualifier,
            edi_ack_minutes=partner.edi_ack_minutes,
            edi_product_qualifiers=partner.edi_product_qualifiers,
        )
        return values
