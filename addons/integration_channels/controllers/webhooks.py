# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Webhooks of sales channels, on the hub's pipeline and with the hub API's answers."""

import time
from urllib.parse import urlencode

from odoo import SUPERUSER_ID, api, http
from odoo.addons.integration_core.controllers.api import (
    api_route,
    json_response,
    problem,
    received_answer,
)
from odoo.http import request

from ..services.webhooks import InvalidSignature


class ChannelWebhooks(http.Controller):
    @api_route("/channels/<string:code>/webhooks", methods=("POST",), readonly=False)
    def channel_webhook(self, code, **_kwargs):
        """One shop webhook: verified over the raw body, then stored and processed.

        Answers: 202 with the message (like the hub API), 200 for a repeat or for what the
        hub does not handle (a WooCommerce ping, another topic), 400 when the signed body is
        not a readable order (it is kept), 401 for a bad or missing signature and 404 for an
        unknown channel (both storing nothing), 413 above the flow's size limit.
        """
        env = api.Environment(request.cr, SUPERUSER_ID, {})
        channels = env["integration.channel"].search([("code", "=", code)])
        if not channels:
            return problem(404, "Not Found", f"No sales channel {code!r}.")
        httprequest = request.httprequest
        headers = httprequest.headers
        codec = channels[0]._codec()
        if not codec._takes_webhooks:
            return problem(
                404,
                "Not Found",
                f"Sales channel {code!r} takes no webhooks: its orders are pulled.",
            )
        body = httprequest.get_data(cache=True)
        if not body and httprequest.form:
            # Odoo parsed a form body (WooCommerce's ping) before this handler: rebuild it.
            body = urlencode(list(httprequest.form.items(multi=True))).encode()
        if codec._webhook_is_ping(headers, body):
            return json_response(
                200, {"status": "ok", "detail": "Ping received; nothing was stored."}
            )
        channel, reason = self._verified_channel(channels, headers, body)
        if not channel:
            return problem(401, "Unauthorized", f"The webhook signature is not valid: {reason}.")
        flow = channel._flow("orders")
        if not flow:
            return problem(
                503,
                "Service Unavailable",
                f"Sales channel {code!r} receives no orders at the moment.",
                headers={"Retry-After": "300"},
            )
        limit = flow.max_payload_kb * 1024
        if limit and max(httprequest.content_length or 0, len(body)) > limit:
            return problem(
                413, "Payload Too Large", f"The body has {len(body)} bytes; at most {limit}."
            )
        delivery = codec._webhook_delivery(channel, headers, body)
        if not delivery["process"]:
            return json_response(
                200,
                {"status": "ignored", "detail": f"Topic {delivery['topic']} is not handled."},
            )
        key = delivery["idempotency_key"]
        reference = delivery.get("partner_reference")
        if reference:
            # A redelivery of the same webhook is the same message, even if the order
            # version could not be read from its body.
            earlier = env["integration.message"].search(
                [
                    ("partner_id", "=", channel.partner_id.id),
                    ("direction", "=", "inbound"),
                    ("partner_reference", "=", reference),
                    ("idempotency_key", "!=", False),
                ],
                limit=1,
            )
            key = earlier.idempotency_key or key
        message = flow.receive(
            body,
            headers=delivery["headers"],
            idempotency_key=key,
            partner_reference=reference,
        )
        return received_answer(message)

    def _verified_channel(self, channels, headers, body):
        """The channel among ``channels`` (one code, several companies) that signed the
        request, and else why none did."""
        reason = "no channel secret matches"
        now = time.time()
        for channel in channels.filtered("active"):
            try:
                channel._codec()._webhook_verify(channel, headers, body, now)
            except InvalidSignature as err:
                reason = str(err)
            else:
                return channel, None
        return None, reason
