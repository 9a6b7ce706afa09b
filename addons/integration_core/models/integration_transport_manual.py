# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class IntegrationTransportManual(models.AbstractModel):
    """A person downloads outbound files and uploads inbound ones."""

    _name = "integration.transport.manual"
    _inherit = "integration.transport"
    _description = "Manual transport"

    def _send(self, message, endpoint, payload):
        return False
