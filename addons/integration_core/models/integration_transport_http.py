# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
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
        breaker = endpoint._circuit()
        now = endpoint._now()
        allowed = breaker.allow_request(now)
        endpoint._save_circuit(breaker)  # open → half-open is a change worth keeping
        if not allowed:
            raise CircuitOpenError(
                self.env._("The circuit of endpoint %s is open: nothing was sent.", endpoint.name),
                retry_after=breaker.retry_in(now),
            )
        headers = {
            "Content-Type": message.flow_id._codec()._content_type(),
            "Idempotency-Key": message.name,
            "X-Correlation-Id": message.correlation_id or "",
        }
        try:
            result = http_client.send(
                self._url(message, endpoint),
                payload,
                method=endpoint.http_method or "POST",
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
        return {"http_status": result.status, "duration_ms": result.elapsed_ms}

    def _url(self, message, endpoint):
        """Where ``message`` is sent: the endpoint's URL. Spokes whose partner API has one
        resource per record (e.g. a shop's orders/<id>/fulfillments) derive it here."""
        return endpoint.url
