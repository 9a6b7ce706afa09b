# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import contextlib
import json
from decimal import Decimal
from urllib.parse import quote

from odoo import models
from odoo.addons.integration_core.services.errors import ParseError

from ..services.orders import Defaults, OrderShapeError, map_order, version_key


def _number(value):
    """A JSON number for a quantity: an int when whole."""
    value = Decimal(str(value))
    return int(value) if value == value.to_integral_value() else float(value)


class IntegrationCodecChannel(models.AbstractModel):
    """What the shop dialects share: JSON orders in; inventory levels and fulfilments out;
    webhooks; the paths of the shop API. Each dialect (integration.codec.<channel kind>)
    says how its webhooks are signed and how its bodies are shaped.
    """

    _name = "integration.codec.channel"
    _inherit = "integration.codec"
    _description = "Sales channel codec"

    _shop_kind = None  # the channel kind, which picks the order mapping
    _takes_webhooks = True
    _handled_topics = frozenset()
    _delivery_prefix = "delivery"

    # ------------------------------------------------------------------ orders in
    def _shop_order(self, data):
        """The order object of a payload (webhook bodies may wrap it)."""
        return data

    def _defaults(self, channel):
        return Defaults(
            currency=channel.currency_id.name or channel.company_id.currency_id.name or "USD",
            prices_include_tax=channel.prices_include_tax,
        )

    def _map_shop_order(self, channel, order):
        """One shop order → ChannelOrder (identity, version, canonical document)."""
        return map_order(self._shop_kind, order, self._defaults(channel))

    def _read_order(self, message, payload):
        channel = message.flow_id.channel_id
        try:
            return self._map_shop_order(channel, self._shop_order(self._load_json(payload)))
        except OrderShapeError as err:
            raise ParseError(
                self.env._(
                    "This is not a readable %(kind)s order: %(err)s", kind=self._shop_kind, err=err
                ),
                hint=self.env._("Ask the shop to resend it, or Edit payload and Retry."),
            ) from err

    def _decode(self, message, payload):
        if message.document_type == "return_request":
            return self._read_return(message, payload)
        if message.document_type != "order":
            raise ParseError(
                self.env._("A sales channel sends orders, not %s documents.", message.document_type)
            )
        return self._read_order(message, payload).document

    def _order_meta(self, message):
        """Which shop order and which version the message carries, and if it is cancelled."""
        return self._read_order(message, message._payload()).meta()

    def _version_key(self, channel, channel_order):
        if not channel_order.updated_at:
            return None
        return version_key(channel.code, channel_order.order_id, channel_order.updated_at)

    # ------------------------------------------------------------------ returns in
    def _read_return(self, message, payload):
        """The canonical return request of a shop's refund that brings goods back; dialects
        whose shops send refunds override it."""
        raise ParseError(
            self.env._("A %s shop sends no returns the hub reads.", self._shop_kind),
        )

    # ------------------------------------------------------------------ webhooks
    def _webhook_is_ping(self, headers, body):
        return False

    def _webhook_role(self, headers, body):
        """The channel flow a verified webhook goes to (a role of ``ROLES``): orders, unless
        the dialect says its topic is about something else (a refund: returns)."""
        return "orders"

    def _webhook_verify(self, channel, headers, body, now):
        """Raise webhooks.InvalidSignature unless the request is signed by the shop."""
        raise NotImplementedError

    def _webhook_topic(self, headers, body):
        """What the webhook is about, in the shop's words ("" when it does not say)."""
        return ""

    def _webhook_delivery_id(self, headers):
        """The shop's id of this delivery, kept for redeliveries ("" when none)."""
        return ""

    def _webhook_headers(self):
        return ("Content-Type", "User-Agent")

    def _webhook_delivery(self, channel, headers, body):
        """How to receive a verified webhook: whether to, and with which keys.

        The idempotency key is the order version's (so the reconciliation pull of the same
        version is a duplicate); the shop's delivery id is kept as the partner reference
        (a redelivery of it is a duplicate too).
        """
        topic = self._webhook_topic(headers, body)
        if topic and topic not in self._handled_topics:
            return {"process": False, "topic": topic}
        key = None
        # An unreadable body is stored all the same: the parse step explains what is wrong.
        with contextlib.suppress(ValueError, OrderShapeError):
            key = self._version_key(
                channel, self._map_shop_order(channel, self._shop_order(json.loads(body)))
            )
        delivery_id = self._webhook_delivery_id(headers)
        reference = f"{self._delivery_prefix}:{delivery_id}" if delivery_id else None
        if not key and reference:
            key = f"{channel.code}:{reference}"
        return {
            "process": True,
            "topic": topic,
            "idempotency_key": key,
            "partner_reference": reference,
            "headers": {name: headers[name] for name in self._webhook_headers() if name in headers},
        }

    # ------------------------------------------------------------------ shop API
    def _orders_path(self):
        return "/orders"

    def _orders_query(self, since, page, limit):
        return {"updated_since": since, "page": page, "limit": limit}

    def _orders_from_response(self, data):
        if isinstance(data, dict):
            data = data.get("orders", [])
        if not isinstance(data, list):
            raise ParseError(self.env._("The shop's order list is not a list."))
        return data

    def _inventory_path(self):
        return "/inventory_levels"

    def _fulfilment_path(self, order_id):
        return f"/orders/{quote(str(order_id), safe='')}/fulfillments"

    # ------------------------------------------------------------------ outbound bodies
    def _encode(self, message, document):
        if message.document_type == "inventory_snapshot":
            levels = [(item.product_code, _number(item.quantity)) for item in document.items]
            return json.dumps(self._inventory_body(levels)).encode()
        if message.document_type == "shipment_notice":
            return json.dumps(self._fulfilment_body(message, document)).encode()
        raise ParseError(
            self.env._("A sales channel takes no %s documents.", message.document_type)
        )

    def _inventory_body(self, levels):
        return {"items": [{"sku": sku, "available": qty} for sku, qty in levels]}

    def _fulfilment_lines(self, document):
        lines = list(document.lines)
        for package in document.packages:
            lines.extend(package.lines)
        totals = {}
        for line in lines:
            totals[line.line_ref] = totals.get(line.line_ref, 0) + line.quantity_shipped
        return [(ref, _number(qty)) for ref, qty in totals.items() if qty]

    def _shop_carrier(self, message, carrier_code):
        """The shop's name of a carrier: the partner's carrier cross-reference, else ours."""
        if not carrier_code:
            return None
        xref = self.env["integration.xref"]
        return xref._external_code(message.partner_id, "carrier", carrier_code) or carrier_code

    def _fulfilment_body(self, message, document):
        tracking = list(document.tracking_numbers)
        return {
            "carrier": self._shop_carrier(message, document.carrier_code),
            "tracking_number": tracking[0] if tracking else None,
            "tracking_numbers": tracking,
            "shipped_at": document.ship_date.isoformat(),
            "lines": [
                {"line_id": ref, "quantity": qty} for ref, qty in self._fulfilment_lines(document)
            ],
        }

    # ------------------------------------------------------------------ display
    def _features(self):
        return self.env["integration.codec.canonical_json"]._features()

    def _display(self, text):
        return self.env["integration.codec.canonical_json"]._display(text)

    def _readable(self, message, payload):
        return self.env["integration.codec.canonical_json"]._readable(message, payload)
