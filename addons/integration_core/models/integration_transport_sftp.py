# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from ..services.sftp_client import SftpClient


class IntegrationTransportSftp(models.AbstractModel):
    """A partner's SFTP mailbox: password or private key, the host key pinned."""

    _name = "integration.transport.sftp"
    _inherit = "integration.transport.mailbox"
    _description = "SFTP transport"

    _default_port = 22

    def _client(self, endpoint):
        return SftpClient(
            endpoint.host,
            endpoint.port or self._default_port,
            username=endpoint.username,
            password=endpoint._secret("password"),
            private_key=endpoint._secret("private_key"),
            host_key_fingerprint=endpoint.host_key_fingerprint,
            trust_unknown=bool(self.env.context.get("mailbox_trust_unknown")),
            timeout_connect=endpoint.timeout_connect or 10.0,
            timeout_read=endpoint.timeout_read or 30.0,
        )
