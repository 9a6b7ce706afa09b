# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class IntegrationTransportHttp(models.AbstractModel):
    _inherit = "integration.transport.http"

    def _url(self, message, endpoint):
        channel = message.flow_id.channel_id
        if channel:
            return channel._request_url(message, endpoint)
        return super()._url(message, endpoint)
