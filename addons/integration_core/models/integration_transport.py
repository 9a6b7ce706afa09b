# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.exceptions import UserError

from ..services.errors import PermanentTransportError


class IntegrationTransport(models.AbstractModel):
    """What every transport implements; an endpoint's ``transport`` names the model
    (integration.transport.<transport>). Spokes add transports with ``selection_add`` on
    the endpoint's ``transport`` and a model implementing these hooks."""

    _name = "integration.transport"
    _description = "Integration Transport"

    # A file mailbox (integration.transport.mailbox): its inbound flows are polled.
    _is_mailbox = False

    def _send(self, message, endpoint, payload):
        """Deliver ``payload`` (bytes) of ``message``; overridden by every transport.

        Return a truthy value once delivered (a dict of log values, e.g. ``http_status``,
        ``duration_ms``), False when a person must take it over (manual download). Raise a
        TransportError (retryable) or PermanentTransportError / AuthenticationError.
        """
        raise NotImplementedError

    def _request(self, endpoint, method, url_or_path, body=None, headers=None, params=None):
        """One call to the partner's API behind ``endpoint``: the one place where timeouts,
        authentication, rate limits and the circuit breaker apply.

        Used by ``_send`` and by spokes that call a partner's API themselves (a channel's
        pull of missed orders). ``url_or_path`` is an absolute URL or a path under the
        endpoint's URL (see ``_resource_url``), ``params`` its query. Returns the answer
        (``http_client.HttpResult``) or raises as ``_send`` does. Overridden by transports
        that reach an API (http).
        """
        raise PermanentTransportError(
            self.env._(
                "Endpoint %s has no API to call: its transport sends no requests.", endpoint.name
            )
        )

    def _test_connection(self, endpoint):
        """Reach ``endpoint`` and say what was found (a client action); overridden by the
        transports that connect on their own (mailboxes)."""
        raise UserError(
            self.env._(
                "Endpoint %s has no connection to test: its transport sends only.", endpoint.name
            )
        )

    def _resource_url(self, endpoint, path):
        """The absolute URL of ``path`` under the endpoint's URL; an absolute URL as is."""
        if "://" in (path or ""):
            return path
        return (endpoint.url or "").rstrip("/") + (path or "")
