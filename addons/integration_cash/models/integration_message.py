# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

from .integration_flow import DOCUMENT_TYPES, DOCUMENT_TYPES_ONDELETE


class IntegrationMessage(models.Model):
    _inherit = "integration.message"

    document_type = fields.Selection(selection_add=DOCUMENT_TYPES, ondelete=DOCUMENT_TYPES_ONDELETE)
