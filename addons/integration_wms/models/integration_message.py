# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

from .integration_flow import WMS_DOCUMENT_TYPES, WMS_DOCUMENT_TYPES_ONDELETE

WMS_ACTIONS = [("create", "Release"), ("change", "Change"), ("cancel", "Cancel")]


class IntegrationMessage(models.Model):
    _inherit = "integration.message"

    document_type = fields.Selection(
        selection_add=WMS_DOCUMENT_TYPES, ondelete=WMS_DOCUMENT_TYPES_ONDELETE
    )
    wms_action = fields.Selection(
        WMS_ACTIONS,
        string="Warehouse order action",
        readonly=True,
        help="What a warehouse order asks: release the delivery, change it or cancel it.",
    )
    wms_document_ref = fields.Char(
        string="Warehouse document",
        readonly=True,
        index="btree_not_null",
        help="The warehouse's own reference of a ship or receipt confirmation: a second "
        "confirmation with the same reference changes nothing.",
    )
