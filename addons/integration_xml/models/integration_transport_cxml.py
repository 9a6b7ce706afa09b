# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.addons.integration_core.services.errors import (
    ConfigurationError,
    PermanentTransportError,
    TransportError,
)

from ..services import cxml
from ..services.xmlread import XmlDocumentError

CONTENT_TYPE = "text/xml; charset=UTF-8"


class IntegrationTransportCxml(models.AbstractModel):
    """cXML over HTTPS: the request is posted to the partner's cXML URL with our shared
    secret in the Sender credential (added here, so no stored payload holds it), and the
    synchronous cXML Response says whether it was taken: 2xx is delivered, anything else
    an error quoting the partner's status (5xx retried, the rest refused)."""

    _name = "integration.transport.cxml"
    _inherit = "integration.transport.http"
    _description = "cXML over HTTPS transport"

    def _send(self, message, endpoint, payload):
        secret = endpoint._secret("cxml_shared_secret")
        if not secret:
            raise ConfigurationError(
                self.env._("Endpoint %s has no cXML shared secret.", endpoint.display_name),
                hint=self.env._("Set the shared secret agreed with the partner, then Retry."),
            )
        headers = {
            "Content-Type": CONTENT_TYPE,
            "Idempotency-Key": message.name,
            "X-Correlation-Id": message.correlation_id or "",
        }
        body = cxml.with_shared_secret(payload, secret)
        result = self._request(endpoint, "POST", self._url(message, endpoint), body, headers)
        try:
            code, text = cxml.response_status(result.body)
        except XmlDocumentError as err:
            raise PermanentTransportError(
                self.env._(
                    "%(url)s did not answer with a cXML Response: %(err)s",
                    url=endpoint.url,
                    err=err,
                ),
                status=result.status,
            ) from err
        if 200 <= code < 300:
            return {"http_status": result.status, "duration_ms": result.elapsed_ms}
        error = TransportError if code >= 500 else PermanentTransportError
        raise error(
            self.env._(
                "The partner answered cXML status %(code)s: %(text)s",
                code=code,
                text=text or self.env._("(no text)"),
            ),
            status=code,
        )
