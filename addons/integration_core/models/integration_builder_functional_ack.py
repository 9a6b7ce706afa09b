# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from ..schemas.functional_ack import FunctionalAck


class IntegrationBuilderFunctionalAck(models.AbstractModel):
    """Our receipt for an inbound message: it was read and processed."""

    _name = "integration.builder.functional_ack"
    _inherit = "integration.builder"
    _description = "Functional acknowledgement builder"

    def _build(self, message, inbound):
        return FunctionalAck(
            ack_ref=message.name,
            acknowledged_ref=inbound._partner_reference(),
            status="accepted",
        )
