# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class IntegrationCodecRest(models.AbstractModel):
    """Shops reached only through their REST API: orders are pulled (no webhooks), in the
    generic JSON order shape; inventory levels and fulfilments are posted."""

    _name = "integration.codec.rest"
    _inherit = "integration.codec.channel"
    _description = "Generic REST codec"

    _shop_kind = "rest"
    _takes_webhooks = False
