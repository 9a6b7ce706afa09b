# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from ..services.ftps_client import FtpsClient


class IntegrationTransportFtps(models.AbstractModel):
    """A partner's FTP-over-TLS mailbox (explicit TLS): password login, the server's
    certificate checked against the system CAs or the endpoint's CA certificate."""

    _name = "integration.transport.ftps"
    _inherit = "integration.transport.mailbox"
    _description = "FTPS transport"

    _default_port = 21

    def _client(self, endpoint):
        return FtpsClient(
            endpoint.host,
            endpoint.port or self._default_port,
            username=endpoint.username or "anonymous",
            password=endpoint._secret("password") or "",
            ca_certificate=endpoint.ca_certificate or None,
            timeout_connect=endpoint.timeout_connect or 10.0,
            timeout_read=endpoint.timeout_read or 30.0,
        )
