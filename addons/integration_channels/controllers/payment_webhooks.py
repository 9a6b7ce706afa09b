# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Payment gateways' and shop payouts' webhooks, signed the Standard Webhooks way."""

from odoo.addons.integration_core.controllers.api import api_route, problem_of
from odoo.addons.integration_core.controllers.api_http import refuse_headers
from odoo.addons.integration_core.services.errors import ConfigurationError
from odoo.http import request

from .webhooks import ChannelWebhooks

PAYMENT_HEADERS = ("Content-Type", "User-Agent", "webhook-id", "webhook-timestamp")


class ChannelPaymentWebhooks(ChannelWebhooks):
    @api_route("/channels/<string:code>/payments", methods=("POST",), readonly=False)
    def channel_payment_webhook(self, code, **_kwargs):
        """One payment event (captured, refunded, failed, payout): checked against the
        channel's Standard Webhooks secret (webhook-id, webhook-timestamp within 5 minutes,
        webhook-signature) before anything is stored, then stored on the channel's payment
        events flow and processed. The answers are the order webhooks' (401 for any bad
        signature or unknown code, nothing stored; 200 for a repeat of the event or of the
        webhook-id, or a type that is no payment event; 202 otherwise)."""
        env, channels, body, refused = self._channel_request(code)
        if refused:
            return refused
        if not channels:
            return self._not_signed(code, "no sales channel with this code")
        headers = request.httprequest.headers
        verifier = env["integration.codec.standard_webhooks"]
        try:
            channel, reason = self._verified_channel(channels, headers, body, verifier)
        except ConfigurationError:  # the server's keys cannot read the secrets (logged)
            return problem_of("unavailable", headers={"Retry-After": "300"})
        if not channel:
            return self._not_signed(code, reason)
        flow = channel._flow("payments")
        if not flow:
            return problem_of(
                "unavailable",
                f"Sales channel {code!r} receives no payment events at the moment.",
                headers={"Retry-After": "300"},
            )
        refused = refuse_headers(PAYMENT_HEADERS)
        if refused:
            return refused
        codec = channel._codec()
        delivery = codec._payment_delivery(channel, headers, body)
        return self._receive(env, channel, flow, codec, headers, body, delivery)
