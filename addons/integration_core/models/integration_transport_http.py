# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from urllib.parse import urlencode

from odoo import models

from ..services import http_client
from ..services.errors import CircuitOpenError, TransportError


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
        timeouts; a failure the partner answered (4xx) keeps the circuit closed."""
        breaker = endpoint._circuit()
        now = endpoint._now()
        allowed = breaker.allow_request(now)
        endpoint._save_circuit(breaker)  # open → half-open is a change worth keeping
        if not allowed:
            raise CircuitOpenError(
                self.env._("The circuit of endpoint %s is open: nothing was sent.", endpoint.name),
                retry_after=breaker.retry_in(now),
            )
        url = self._resource_url(endpoint, url_or_path)
        if params:
            url += ("&" if "?" in url else "?") + urlencode(params)
        try:
            result = http_client.send(
                url,
                body,
                method=method,
                headers=headers,
                auth=endpoint._auth_config(),
                timeout=(endpoint.timeout_connect or 5.0, endpoint.timeout_read or 30.0),
            )
        except TransportError as err:
            if err.retryable:
                breaker.record_failure(endpoint._now())
            else:  # the partner answered: it is up, the request itself is wrong
                breaker.record_success()
            endpoint._save_circuit(breaker)
            raise
        breaker.record_success()
        endpoint._save_circuit(breaker)
        return result

    def _url(self, message, endpoint):
        """Where ``message`` is sent: the endpoint's URL. Spokes whose partner API has one
        resource per record (e.g. a shop's orders/<id>/fulfillments) derive it here."""
        return endpoint.url
