# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from urllib.parse import urlencode

from odoo import models

from ..services import http_client, trace


class IntegrationTransportHttp(models.AbstractModel):
    """HTTP(S) delivery behind the endpoint's circuit breaker.

    Circuit changes are written on the endpoint even when the send fails: the send step runs
    outside the step savepoint for that reason.
    """

    _name = "integration.transport.http"
    _inherit = "integration.transport"
    _description = "HTTP transport"

    def _send(self, message, endpoint, payload):
        headers = {
            "Content-Type": message.flow_id._codec()._features().content_type,
            "Idempotency-Key": message.name,
            "X-Correlation-Id": message.correlation_id or "",
        }
        method = endpoint.http_method or "POST"
        result = self._request(
            endpoint, method, self._url(message, endpoint), body=payload, headers=headers
        )
        return {"http_status": result.status, "duration_ms": result.elapsed_ms}

    def _request(self, endpoint, method, url_or_path, body=None, headers=None, params=None):
        """One request behind the endpoint's circuit breaker, with its credentials and
        timeouts; a failure the partner answered (4xx) keeps the circuit closed. The active
        trace (the send step's span) goes with it: the partner's work joins the trace."""
        if trace.current():
            headers = {"traceparent": trace.current(), **(headers or {})}
        url = self._resource_url(endpoint, url_or_path)
        if params:
            url += ("&" if "?" in url else "?") + urlencode(params)
        refused = self.env._("The circuit of endpoint %s is open: nothing was sent.", endpoint.name)
        with endpoint._behind_circuit(refused):
            return http_client.send(
                url,
                body,
                method=method,
                headers=headers,
                auth=endpoint._auth_config(),
                timeout=(endpoint.timeout_connect or 5.0, endpoint.timeout_read or 30.0),
            )

    def _url(self, message, endpoint):
        """Where ``message`` is sent: the endpoint's URL. Spokes whose partner API has one
        resource per record (e.g. a shop's orders/<id>/fulfillments) derive it here."""
        return endpoint.url
