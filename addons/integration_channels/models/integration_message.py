# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

from .integration_flow import CHANNEL_DOCUMENT_TYPES


class IntegrationMessage(models.Model):
    _inherit = "integration.message"

    document_type = fields.Selection(
        selection_add=CHANNEL_DOCUMENT_TYPES,
        ondelete={value: "cascade" for value, _label in CHANNEL_DOCUMENT_TYPES},
    )
