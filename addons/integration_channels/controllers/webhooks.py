# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Webhooks of sales channels, on the hub's pipeline and with the hub API's answers."""

import logging
import time

from odoo import SUPERUSER_ID, api, http
from odoo.addons.integration_core.controllers.api import (
    api_route,
    json_response,
    problem_of,
    received_answer,
    unavailable,
)
from odoo.addons.integration_core.controllers.api_http import (
    read_body,
    refuse_headers,
    refuse_size,
)
from odoo.addons.integration_core.services.errors import ConfigurationError
from odoo.http import request

from ..services.webhooks import InvalidSignature

_logger = logging.getLogger(__name__)

NOT_SIGNED = "The webhook signature is not valid."


class ChannelWebhooks(http.Controller):
    @api_route("/channels/<string:code>/webhooks", methods=("POST",), readonly=False)
    def channel_webhook(self, code, **_kwargs):
        """One shop webhook: verified over the raw body, then stored and processed.

        Answers: 202 with the message (like the hub API), 200 for a repeat or for what the
        hub does not handle (a WooCommerce ping, another topic), 400 when the signed body is
        not a readable order (it is kept), 401 for a bad or missing signature, and the very
        same 401 for a code that is no channel taking webhooks, so that codes cannot be
        probed (the reason is logged); 413 above the flow's size limit, 503 while the
        server's encryption keys are unusable. Only the 202 and 400 store something.
        """
        env, channels, body, refused = self._channel_request(code)
        if refused:
            return refused
        codec = channels[0]._codec() if channels else None  # an empty recordset: test "is None"
        if codec is None or not codec._takes_webhooks:
            return self._not_signed(code, "no sales channel with this code takes webhooks")
        headers = request.httprequest.headers
        if codec._webhook_is_ping(headers, body):
            return json_response(
                200, {"status": "ok", "detail": "Ping received; nothing was stored."}
            )
        try:
            channel, reason = self._verified_channel(channels, headers, body)
        except ConfigurationError:  # the server's keys cannot read the secrets (logged)
            return problem_of("unavailable", headers={"Retry-After": "300"})
        if not channel:
            return self._not_signed(code, reason)
        flow = channel._flow(codec._webhook_role(headers, body))
        if not flow:
            return problem_of(
                "unavailable",
                f"Sales channel {code!r} receives no orders at the moment.",
                headers={"Retry-After": "300"},
            )
        limit = flow.max_payload_kb * 1024
        if limit and len(body) > limit:
            return problem_of(
                "payload-too-large", f"The body has {len(body)} bytes; at most {limit}."
            )
        refused = refuse_headers(codec._webhook_headers())
        if refused:
            return refused
        return self._receive(env, channel, flow, codec, headers, body)

    def _channel_request(self, code):
        """(env, channels of ``code``, body, refusal): the checks every channel webhook
        makes before it reads a signature (server available, body within the size limit),
        the same for all so that an unknown code cannot be told apart."""
        env = api.Environment(request.cr, SUPERUSER_ID, {})
        refused = unavailable(env)
        if refused:
            return env, None, None, refused
        channels = env["integration.channel"].search([("code", "=", code)])
        refused = refuse_size(self._size_limit(env, channels))
        if refused:
            return env, channels, None, refused
        body, refused = read_body()
        return env, channels, body, refused

    @staticmethod
    def _size_limit(env, channels):
        """Bytes the code's channels accept; a code without channels gets the default, so
        its answer tells nothing about it."""
        flows = channels.flow_ids.filtered(lambda f: f.direction == "inbound")
        sizes = flows.mapped("max_payload_kb") or [
            env["integration.flow"].default_get(["max_payload_kb"])["max_payload_kb"]
        ]
        return max(sizes) * 1024 if min(sizes) > 0 else 128 * 1024 * 1024

    @staticmethod
    def _not_signed(code, reason):
        _logger.info("Webhook for channel code %r refused: %s", code, reason)
        return problem_of("unauthorized", NOT_SIGNED)

    def _receive(self, env, channel, flow, codec, headers, body, delivery=None):
        delivery = delivery or codec._webhook_delivery(channel, headers, body)
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
                    ("flow_id", "=", flow.id),
                    ("partner_reference", "=", reference),
                    ("idempotency_key", "!=", False),
                ],
                limit=1,
            )
            key = earlier.idempotency_key or key
        message = flow._receive(
            body,
            headers=delivery["headers"],
            idempotency_key=key,
            partner_reference=reference,
        )
        return received_answer(message)

    def _verified_channel(self, channels, headers, body, codec=None):
        """The channel among ``channels`` (one code, several companies) that signed the
        request (checked by ``codec``, else the channel's own), and else why none did."""
        reason = "no channel secret matches"
        now = time.time()
        for channel in channels.filtered("active"):
            try:
                (codec or channel._codec())._webhook_verify(channel, headers, body, now)
            except InvalidSignature as err:
                reason = str(err)
            else:
                return channel, None
        return None, reason
