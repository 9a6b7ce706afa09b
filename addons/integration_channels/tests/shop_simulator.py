# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A small web shop on 127.0.0.1: the part of a shop API the channels module uses.

It takes orders (and sends signed webhooks about them to Odoo, unless switched off), lists
the orders updated since a time, receives inventory levels (behind an optional rate limit
answering 429 with Retry-After) and fulfilments, and records everything for assertions.
It speaks the dialect of one channel kind: Shopify, WooCommerce, Standard Webhooks or
generic REST (same paths, each with its own bodies and signatures).

Standard library only, so it also runs on its own for the demo::

    PYTHONPATH=addons/integration_channels/tests python3 -m shop_simulator \\
        --odoo http://localhost:8069 --channel demo-shop --secret demo-shop-secret

Its signing code is written from the shops' documentation, independently of the module's,
so the tests check one implementation against another.
"""

import argparse
import base64
import hashlib
import hmac
import itertools
import json
import logging
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.error import HTTPError, URLError
from urllib.parse import parse_qs, urlsplit
from urllib.request import Request, urlopen

_logger = logging.getLogger("shop_simulator")

KINDS = ("shopify", "woocommerce", "standard_webhooks", "rest")
SHOP_TZ = timezone(timedelta(hours=-5))  # Shopify writes local times with their offset
WEBHOOK_PATH = "/api/integration/v1/channels/{channel}/webhooks"


def _money(value):
    return str(Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _b64_hmac(key, data):
    return base64.b64encode(hmac.new(key, data, hashlib.sha256).digest()).decode()


class ShopSimulator:
    """The shop. Use as a context manager (or ``start``/``stop``); ``url`` is its API base."""

    # Ids are unique across the shops of one process, as they are across a real shop's life.
    _order_ids = itertools.count(5_000_001)
    _line_ids = itertools.count(70_001)

    def __init__(
        self,
        kind="shopify",
        secrets=("demo-shop-secret",),
        webhook_url=None,
        webhooks=True,
        rate_limit=None,
        retry_after=1,
        host="127.0.0.1",
        port=0,
        currency="USD",
        prices_include_tax=False,
        tax_rate="0",
        verbose=False,
    ):
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}")
        self.kind = kind
        self.secrets = list(secrets)
        self.webhook_url = webhook_url
        self.webhooks_enabled = webhooks and kind != "rest"
        self.rate_limit = rate_limit  # (requests, seconds) or None
        self.retry_after = retry_after
        self.currency = currency
        self.prices_include_tax = prices_include_tax
        self.tax_rate = Decimal(str(tax_rate))
        self.verbose = verbose
        # A context manager factory wrapped around each POST to Odoo (tests flush their
        # transaction before and clear their cache after, as Odoo's test opener does).
        self.delivery_hook = None
        self.orders = {}  # id → the shop's own record of the order
        self.inventory = {}  # SKU → available, as last set by Odoo
        self.inventory_updates = []  # every level received: {"sku", "available"}
        self.fulfilments = []  # {"order_id", "carrier", "tracking_number", "lines", "body"}
        self.requests = []  # every API request: method, path, query, headers, body, status
        self.webhooks = []  # every webhook sent: id, event, order_id, body, headers, status
        self._lock = threading.RLock()
        self._clock = None
        self._window = []
        simulator = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                simulator._handle(self, "GET")

            def do_POST(self):  # noqa: N802
                simulator._handle(self, "POST")

            def log_message(self, fmt, *args):
                if simulator.verbose:
                    _logger.info("shop: %s", fmt % args)

        self.httpd = ThreadingHTTPServer((host, port), Handler)
        self.httpd.daemon_threads = True
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    # ------------------------------------------------------------------ life cycle
    @property
    def url(self):
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # ------------------------------------------------------------------ the shop's clock
    def _tick(self):
        """A new update time, one second after the last at least: versions never tie."""
        with self._lock:
            now = datetime.now(UTC).replace(microsecond=0)
            if self._clock and now <= self._clock:
                now = self._clock + timedelta(seconds=1)
            self._clock = now
            return now

    # ------------------------------------------------------------------ orders
    def create_order(
        self,
        lines,
        customer=None,
        billing=None,
        shipping_address=None,
        shipping=None,
        note=None,
        currency=None,
        prices_include_tax=None,
        discount_amount=None,
        notify=True,
    ):
        """Place an order (a checkout) and send its webhook; returns it as the shop shows it.

        ``lines``: ``[{"sku", "quantity", "price", "discount" (amount), "name"}]``;
        ``customer``: ``{"id", "email", "first_name", "last_name"}`` (no id: a guest);
        addresses: ``{"street", "city", "zip", "state", "country", "phone"}``;
        ``shipping``: ``{"title", "price", "code"}``.
        """
        with self._lock:
            order_id = next(self._order_ids)
            now = self._tick()
            customer = dict(customer or {"email": f"guest{order_id}@example.com"})
            customer.setdefault("first_name", "Guest")
            customer.setdefault("last_name", str(order_id))
            order = {
                "id": order_id,
                "number": order_id - 5_000_000 + 1000,
                "created_at": now,
                "updated_at": now,
                "cancelled_at": None,
                "currency": currency or self.currency,
                "prices_include_tax": self.prices_include_tax
                if prices_include_tax is None
                else prices_include_tax,
                "customer": customer,
                "billing": dict(billing or self._default_address(customer)),
                "shipping_address": dict(
                    shipping_address or billing or self._default_address(customer)
                ),
                "lines": [self._new_line(line) for line in lines],
                "shipping": dict(shipping) if shipping else None,
                "discount_amount": discount_amount,
                "note": note,
                "fulfilled": False,
            }
            self.orders[order_id] = order
        if notify:
            self._fire(order, "created")
        return self.render(order)

    def _new_line(self, line):
        line_id = next(self._line_ids)
        return {
            "id": line_id,
            "sku": line["sku"],
            "name": line.get("name") or line["sku"],
            "quantity": line.get("quantity", 1),
            "price": _money(line.get("price", "10.00")),
            "discount": _money(line.get("discount", 0)),
        }

    @staticmethod
    def _default_address(customer):
        return {
            "first_name": customer.get("first_name"),
            "last_name": customer.get("last_name"),
            "street": "1 Market Street",
            "city": "Springfield",
            "zip": "62701",
            "state": "IL",
            "country": "US",
        }

    def order(self, order_id):
        return self.orders[int(order_id)]

    def update_order(
        self, order_id, quantities=None, add_lines=None, shipping_address=None, notify=True
    ):
        """Change an order as a merchant's order edit would; ``quantities`` is {SKU: qty}
        (0 removes the line)."""
        with self._lock:
            order = self.order(order_id)
            for line in order["lines"]:
                if quantities and line["sku"] in quantities:
                    line["quantity"] = quantities[line["sku"]]
            for line in add_lines or []:
                order["lines"].append(self._new_line(line))
            if shipping_address:
                order["shipping_address"] = dict(shipping_address)
            order["updated_at"] = self._tick()
        if notify:
            self._fire(order, "updated")
        return self.render(order)

    def cancel_order(self, order_id, notify=True):
        with self._lock:
            order = self.order(order_id)
            order["cancelled_at"] = order["updated_at"] = self._tick()
        if notify:
            self._fire(order, "cancelled")
        return self.render(order)

    # ------------------------------------------------------------------ dialects
    def render(self, order):
        """The order as this shop's API shows it."""
        return {
            "shopify": self._render_shopify,
            "woocommerce": self._render_woocommerce,
        }.get(self.kind, self._render_generic)(order)

    def _split_tax(self, amount, includes_tax):
        """(untaxed, tax) of an amount, as WooCommerce stores totals."""
        gross = Decimal(str(amount))
        if not self.tax_rate:
            return gross, Decimal(0)
        if includes_tax:
            untaxed = (gross / (1 + self.tax_rate)).quantize(Decimal("0.01"), ROUND_HALF_UP)
            return untaxed, gross - untaxed
        return gross, (gross * self.tax_rate).quantize(Decimal("0.01"), ROUND_HALF_UP)

    def _render_shopify(self, order):
        def address(values):
            return {
                "first_name": values.get("first_name"),
                "last_name": values.get("last_name"),
                "address1": values.get("street"),
                "address2": values.get("street2"),
                "city": values.get("city"),
                "zip": values.get("zip"),
                "province_code": values.get("state"),
                "country_code": values.get("country"),
                "phone": values.get("phone"),
            }

        customer = order["customer"]
        return {
            "id": order["id"],
            "name": f"#{order['number']}",
            "order_number": order["number"],
            "email": customer.get("email"),
            "created_at": order["created_at"].astimezone(SHOP_TZ).isoformat(),
            "updated_at": order["updated_at"].astimezone(SHOP_TZ).isoformat(),
            "cancelled_at": order["cancelled_at"].astimezone(SHOP_TZ).isoformat()
            if order["cancelled_at"]
            else None,
            "currency": order["currency"],
            "taxes_included": order["prices_include_tax"],
            "financial_status": "voided" if order["cancelled_at"] else "paid",
            "fulfillment_status": "fulfilled" if order["fulfilled"] else None,
            "note": order["note"],
            "customer": {
                "id": customer["id"],
                "email": customer.get("email"),
                "first_name": customer.get("first_name"),
                "last_name": customer.get("last_name"),
            }
            if customer.get("id")
            else None,
            "billing_address": address(order["billing"]),
            "shipping_address": address(order["shipping_address"]),
            "line_items": [
                {
                    "id": line["id"],
                    "sku": line["sku"],
                    "name": line["name"],
                    "title": line["name"],
                    "quantity": line["quantity"],
                    "current_quantity": line["quantity"],
                    "price": line["price"],
                    "discount_allocations": [{"amount": line["discount"]}]
                    if Decimal(line["discount"])
                    else [],
                }
                for line in order["lines"]
            ],
            "shipping_lines": [
                {
                    "title": order["shipping"].get("title", "Shipping"),
                    "price": _money(order["shipping"]["price"]),
                    "code": order["shipping"].get("code"),
                }
            ]
            if order["shipping"]
            else [],
        }

    def _render_woocommerce(self, order):
        includes_tax = order["prices_include_tax"]

        def address(values, email=None):
            result = {
                "first_name": values.get("first_name") or "",
                "last_name": values.get("last_name") or "",
                "company": "",
                "address_1": values.get("street") or "",
                "address_2": values.get("street2") or "",
                "city": values.get("city") or "",
                "state": values.get("state") or "",
                "postcode": values.get("zip") or "",
                "country": values.get("country") or "",
                "phone": values.get("phone") or "",
            }
            if email is not None:
                result["email"] = email
            return result

        customer = order["customer"]
        lines = []
        for line in order["lines"]:
            gross = Decimal(line["price"]) * line["quantity"]
            subtotal, subtotal_tax = self._split_tax(gross, includes_tax)
            total, total_tax = self._split_tax(gross - Decimal(line["discount"]), includes_tax)
            lines.append(
                {
                    "id": line["id"],
                    "name": line["name"],
                    "product_id": 100 + line["id"] % 1000,
                    "variation_id": 0,
                    "quantity": line["quantity"],
                    "sku": line["sku"],
                    "subtotal": str(subtotal),
                    "subtotal_tax": str(subtotal_tax),
                    "total": str(total),
                    "total_tax": str(total_tax),
                }
            )
        shipping_lines = []
        if order["shipping"]:
            total, total_tax = self._split_tax(order["shipping"]["price"], includes_tax)
            shipping_lines.append(
                {
                    "id": 1,
                    "method_title": order["shipping"].get("title", "Shipping"),
                    "method_id": order["shipping"].get("code") or "flat_rate",
                    "total": str(total),
                    "total_tax": str(total_tax),
                }
            )

        def gmt(moment):
            return moment.replace(tzinfo=None).isoformat()

        return {
            "id": order["id"],
            "number": str(order["number"]),
            "status": "cancelled"
            if order["cancelled_at"]
            else ("completed" if order["fulfilled"] else "processing"),
            "currency": order["currency"],
            "prices_include_tax": order["prices_include_tax"],
            "date_created": gmt(order["created_at"].astimezone(SHOP_TZ)),
            "date_created_gmt": gmt(order["created_at"]),
            "date_modified": gmt(order["updated_at"].astimezone(SHOP_TZ)),
            "date_modified_gmt": gmt(order["updated_at"]),
            "customer_id": customer.get("id") or 0,
            "customer_note": order["note"] or "",
            "billing": address(order["billing"], customer.get("email") or ""),
            "shipping": address(order["shipping_address"]),
            "line_items": lines,
            "shipping_lines": shipping_lines,
        }

    def _render_generic(self, order):
        def address(values):
            return {
                "name": " ".join(
                    part for part in (values.get("first_name"), values.get("last_name")) if part
                ),
                "street": values.get("street"),
                "street2": values.get("street2"),
                "city": values.get("city"),
                "zip": values.get("zip"),
                "state_code": values.get("state"),
                "country_code": values.get("country"),
                "phone": values.get("phone"),
            }

        def stamp(moment):
            return moment.isoformat().replace("+00:00", "Z")

        customer = order["customer"]
        return {
            "id": str(order["id"]),
            "number": f"S-{order['number']}",
            "status": "cancelled" if order["cancelled_at"] else "open",
            "created_at": stamp(order["created_at"]),
            "updated_at": stamp(order["updated_at"]),
            "currency": order["currency"],
            "prices_include_tax": order["prices_include_tax"],
            "customer": {
                "id": str(customer["id"]) if customer.get("id") else None,
                "email": customer.get("email"),
                "name": " ".join(
                    p for p in (customer.get("first_name"), customer.get("last_name")) if p
                ),
            },
            "billing_address": address(order["billing"]),
            "shipping_address": address(order["shipping_address"]),
            "lines": [
                {
                    "id": str(line["id"]),
                    "sku": line["sku"],
                    "name": line["name"],
                    "quantity": line["quantity"],
                    "unit_price": line["price"],
                    "discount_amount": line["discount"],
                }
                for line in order["lines"]
            ],
            "shipping": {
                "method": order["shipping"].get("title", "Shipping"),
                "amount": _money(order["shipping"]["price"]),
                "carrier": order["shipping"].get("code"),
            }
            if order["shipping"]
            else None,
            "discount_amount": _money(order["discount_amount"])
            if order["discount_amount"]
            else None,
            "note": order["note"],
        }

    # ------------------------------------------------------------------ webhooks
    _TOPICS = {
        "shopify": {
            "created": "orders/create",
            "updated": "orders/updated",
            "cancelled": "orders/cancelled",
        },
        "woocommerce": {
            "created": "order.created",
            "updated": "order.updated",
            "cancelled": "order.updated",
        },
        "standard_webhooks": {
            "created": "order.created",
            "updated": "order.updated",
            "cancelled": "order.cancelled",
        },
    }

    def webhook_request(self, order_id, event="created", delivery_id=None, timestamp=None):
        """``(body, headers)`` of the webhook about an order's current version, signed."""
        order = self.order(order_id)
        topic = self._TOPICS[self.kind][event]
        rendered = self.render(order)
        if self.kind == "standard_webhooks":
            delivery_id = delivery_id or f"msg_{uuid.uuid4().hex}"
            rendered = {
                "type": topic,
                "timestamp": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
                "data": rendered,
            }
        body = json.dumps(rendered).encode()
        return body, self.sign(body, topic, delivery_id=delivery_id, timestamp=timestamp)

    def sign(self, body, topic, delivery_id=None, timestamp=None):
        """The headers a delivery of ``body`` carries in this shop's dialect."""
        headers = {"Content-Type": "application/json", "User-Agent": "ShopSimulator/1.0"}
        secret = self.secrets[0] if self.secrets else ""
        if self.kind == "shopify":
            headers.update(
                {
                    "X-Shopify-Topic": topic,
                    "X-Shopify-Hmac-Sha256": _b64_hmac(secret.encode(), body),
                    "X-Shopify-Shop-Domain": "simulator.myshopify.com",
                    "X-Shopify-Webhook-Id": delivery_id or str(uuid.uuid4()),
                    "X-Shopify-Triggered-At": datetime.now(UTC).isoformat(),
                    "X-Shopify-API-Version": "2024-10",
                }
            )
        elif self.kind == "woocommerce":
            resource, _dot, event = topic.partition(".")
            headers.update(
                {
                    "X-WC-Webhook-Topic": topic,
                    "X-WC-Webhook-Resource": resource,
                    "X-WC-Webhook-Event": event,
                    "X-WC-Webhook-Signature": _b64_hmac(secret.encode(), body),
                    "X-WC-Webhook-ID": "7",
                    "X-WC-Webhook-Delivery-ID": delivery_id or uuid.uuid4().hex,
                    "X-WC-Webhook-Source": "https://simulator.example/",
                }
            )
        elif self.kind == "standard_webhooks":
            msg_id = delivery_id or f"msg_{uuid.uuid4().hex}"
            sent_at = str(int(timestamp if timestamp is not None else time.time()))
            signed = f"{msg_id}.{sent_at}.".encode() + body
            signatures = []
            for whsec in self.secrets:  # several keys while rotating: one signature each
                key = base64.b64decode(whsec.removeprefix("whsec_"))
                signatures.append("v1," + _b64_hmac(key, signed))
            headers.update(
                {
                    "webhook-id": msg_id,
                    "webhook-timestamp": sent_at,
                    "webhook-signature": " ".join(signatures),
                }
            )
        return headers

    def _fire(self, order, event):
        if not (self.webhooks_enabled and self.webhook_url):
            return None
        body, headers = self.webhook_request(order["id"], event)
        return self.deliver(body, headers, event=event, order_id=order["id"])

    def deliver(self, body, headers, event=None, order_id=None):
        """POST a webhook to Odoo and record it with the answer."""
        if self.delivery_hook:
            with self.delivery_hook():
                status, answer = self._post(self.webhook_url, body, headers)
        else:
            status, answer = self._post(self.webhook_url, body, headers)
        record = {
            "event": event,
            "order_id": order_id,
            "body": body,
            "headers": headers,
            "status": status,
            "answer": answer,
        }
        self.webhooks.append(record)
        return record

    def redeliver(self, index=-1):
        """Send a webhook again, as shops retry: same delivery id and body (Standard
        Webhooks: signed again with a fresh timestamp)."""
        record = self.webhooks[index]
        headers = dict(record["headers"])
        if self.kind == "standard_webhooks":
            topic = json.loads(record["body"])["type"]
            headers = self.sign(record["body"], topic, delivery_id=headers["webhook-id"])
        return self.deliver(record["body"], headers, record["event"], record["order_id"])

    def ping(self):
        """WooCommerce's unsigned delivery when a webhook is created."""
        return self.deliver(
            b"webhook_id=7",
            {"Content-Type": "application/x-www-form-urlencoded", "User-Agent": "WooCommerce"},
            event="ping",
        )

    @staticmethod
    def _post(url, body, headers):
        request = Request(url, data=body, headers=headers, method="POST")
        try:
            with urlopen(request, timeout=60) as response:  # noqa: S310 - a local test URL
                return response.status, response.read()
        except HTTPError as err:
            return err.code, err.read()
        except URLError as err:
            return None, str(err).encode()

    # ------------------------------------------------------------------ API
    def _handle(self, handler, method):
        parts = urlsplit(handler.path)
        path = parts.path.rstrip("/")
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        record = {
            "method": method,
            "path": path,
            "query": query,
            "headers": dict(handler.headers),
            "body": body,
        }
        if path == "/_simulator/state" and method == "GET":
            status, answer, extra = 200, self.state(), {}
        elif self._throttled():
            status = 429
            answer = {"errors": "Exceeded the rate limit; retry later."}
            extra = {"Retry-After": str(self.retry_after)}
        else:
            extra = {}
            try:
                status, answer = self._route(method, path, query, body)
            except (ValueError, KeyError, TypeError) as err:
                status, answer = 400, {"errors": f"bad request: {err}"}
        record["status"] = status
        with self._lock:
            self.requests.append(record)
        payload = json.dumps(answer).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(payload)))
        for name, value in extra.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(payload)

    def _throttled(self):
        if not self.rate_limit:
            return False
        limit, seconds = self.rate_limit
        with self._lock:
            now = time.monotonic()
            self._window = [moment for moment in self._window if now - moment < seconds]
            if len(self._window) >= limit:
                return True
            self._window.append(now)
            return False

    def _route(self, method, path, query, body):
        segments = [s for s in path.removesuffix(".json").split("/") if s]
        if segments == ["orders"] and method == "GET":
            return 200, self._list_orders(query)
        if segments == ["orders"] and method == "POST":
            spec = json.loads(body)
            return 201, self.create_order(**spec)
        if segments == ["inventory_levels"] and method == "POST":
            return 200, self._receive_inventory(json.loads(body))
        if (
            method == "POST"
            and len(segments) == 3
            and segments[0] == "orders"
            and segments[2] == "fulfillments"
        ):
            return 201, self._receive_fulfilment(segments[1], json.loads(body))
        return 404, {"errors": "Not Found"}

    def _list_orders(self, query):
        since_text = (
            query.get("updated_since") or query.get("updated_at_min") or query.get("modified_after")
        )
        since = datetime.fromisoformat(since_text) if since_text else None
        if since and since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        page = int(query.get("page") or 1)
        limit = int(query.get("limit") or query.get("per_page") or 50)
        with self._lock:
            found = sorted(
                (o for o in self.orders.values() if not since or o["updated_at"] >= since),
                key=lambda o: (o["updated_at"], o["id"]),
            )
            rendered = [self.render(o) for o in found[(page - 1) * limit : page * limit]]
        if self.kind == "woocommerce":
            return rendered
        return {"orders": rendered}

    def _receive_inventory(self, data):
        if self.kind == "shopify":
            levels = [(x["sku"], x["available"]) for x in data["inventory_levels"]]
        elif self.kind == "woocommerce":
            levels = [(x["sku"], x["stock_quantity"]) for x in data["update"]]
        else:
            levels = [(x["sku"], x["available"]) for x in data["items"]]
        with self._lock:
            for sku, available in levels:
                self.inventory[sku] = available
                self.inventory_updates.append({"sku": sku, "available": available})
        return {"updated": len(levels)}

    def _receive_fulfilment(self, order_id, data):
        if self.kind == "shopify":
            data = data["fulfillment"]
            carrier, lines = data.get("tracking_company"), data.get("line_items", [])
        elif self.kind == "woocommerce":
            carrier, lines = data.get("tracking_provider"), data.get("line_items", [])
        else:
            carrier, lines = data.get("carrier"), data.get("lines", [])
        with self._lock:
            order = self.orders.get(int(order_id))
            if order is None:
                raise KeyError(f"order {order_id}")
            order["fulfilled"] = True
            order["updated_at"] = self._tick()
            fulfilment = {
                "order_id": order["id"],
                "carrier": carrier,
                "tracking_number": data.get("tracking_number"),
                "lines": lines,
                "body": data,
            }
            self.fulfilments.append(fulfilment)
        return {"fulfillment": {"id": len(self.fulfilments), "status": "success"}}

    def state(self):
        with self._lock:
            return {
                "kind": self.kind,
                "orders": len(self.orders),
                "inventory": dict(self.inventory),
                "fulfilments": [
                    {k: v for k, v in f.items() if k != "body"} for f in self.fulfilments
                ],
                "requests": len(self.requests),
                "webhooks": [
                    {"event": w["event"], "order_id": w["order_id"], "status": w["status"]}
                    for w in self.webhooks
                ],
            }


# ---------------------------------------------------------------------- command line
def main(argv=None):
    parser = argparse.ArgumentParser(
        description="A simulated web shop for the integration_channels module."
    )
    parser.add_argument("--kind", choices=KINDS, default="shopify")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8569)
    parser.add_argument("--odoo", default="http://localhost:8069", help="Odoo's base URL")
    parser.add_argument("--channel", default="demo-shop", help="the channel code in Odoo")
    parser.add_argument(
        "--secret",
        action="append",
        help="webhook secret (repeat to sign with several, Standard Webhooks)",
    )
    parser.add_argument("--no-webhooks", action="store_true", help="send no webhooks")
    parser.add_argument(
        "--rate-limit", help="N/S: at most N API requests every S seconds (429 beyond)"
    )
    parser.add_argument("--retry-after", type=int, default=1)
    parser.add_argument(
        "--orders", type=int, default=0, help="place this many orders at start (demo SKUs)"
    )
    parser.add_argument(
        "--sku", action="append", help="SKUs of the demo orders (default: the demo channel's)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    rate_limit = None
    if args.rate_limit:
        count, _slash, seconds = args.rate_limit.partition("/")
        rate_limit = (int(count), float(seconds or 1))
    shop = ShopSimulator(
        kind=args.kind,
        secrets=args.secret or ["demo-shop-secret"],
        webhook_url=args.odoo.rstrip("/") + WEBHOOK_PATH.format(channel=args.channel),
        webhooks=not args.no_webhooks,
        rate_limit=rate_limit,
        retry_after=args.retry_after,
        host=args.host,
        port=args.port,
        verbose=True,
    )
    skus = args.sku or ["TEE-BLACK-M", "HUB-MUG"]
    with shop:
        _logger.info("shop (%s) on %s; webhooks to %s", args.kind, shop.url, shop.webhook_url)
        for index in range(args.orders):
            order = shop.create_order(
                [{"sku": skus[index % len(skus)], "quantity": 1 + index % 3, "price": "12.00"}],
                customer={
                    "id": 9000 + index,
                    "email": f"buyer{index}@example.com",
                    "first_name": "Buyer",
                    "last_name": str(index),
                },
                shipping={"title": "Standard", "price": "4.90", "code": "STD"},
            )
            webhook = shop.webhooks[-1] if shop.webhooks else {}
            _logger.info("order %s placed; webhook answered %s", order["id"], webhook.get("status"))
        _logger.info("POST /orders places an order; GET /_simulator/state shows what it got.")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            _logger.info("bye")


if __name__ == "__main__":
    main()
