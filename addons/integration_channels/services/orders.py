"""Shop orders → the canonical order, plus what the hub needs beyond it.

Three shapes: Shopify's REST order, WooCommerce's REST order, and a generic JSON order (the
shape of the Standard Webhooks and generic REST channels, documented in the module README).
Besides the canonical document, each mapping says which shop order this is, which version
(its ``updated_at``, normalised to UTC) and whether it is cancelled: the hub keeps one sale
order per shop order and applies versions in order.

Pure functions over parsed JSON. Amounts stay exact (Decimal) and are written as strings,
so the document can be stored as JSON and validated by the canonical schema.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from .amounts import to_decimal

# Parties without a shop customer id get a pseudo id: no cross-reference is kept for them.
GUEST_PREFIXES = ("email:", "guest:")
PERCENT_PLACES = Decimal("0.0000000001")
UNIT_PRICE_PLACES = Decimal("0.000001")


class OrderShapeError(ValueError):
    """The shop's order lacks something the hub needs, or holds an unreadable value."""


@dataclass(frozen=True)
class Defaults:
    """What the channel says when an order does not: its currency and tax convention."""

    currency: str = "USD"
    prices_include_tax: bool = False


@dataclass(frozen=True)
class ChannelOrder:
    """One version of a shop order: its identity, version and canonical document."""

    order_id: str
    number: str
    updated_at: str | None
    cancelled: bool
    document: dict = field(repr=False)

    def meta(self):
        return {
            "order_id": self.order_id,
            "number": self.number,
            "updated_at": self.updated_at,
            "cancelled": self.cancelled,
        }


# ---------------------------------------------------------------------- versions
def parse_timestamp(value):
    """An aware UTC datetime from ISO 8601 text or Unix seconds; a naive time is UTC."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    try:
        moment = datetime.fromisoformat(str(value).strip())
    except ValueError as err:
        raise OrderShapeError(f"{value!r} is not an ISO 8601 date and time") from err
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def normalize_timestamp(value):
    """``2026-11-20T15:00:00Z`` for any spelling of the same instant (or None)."""
    moment = parse_timestamp(value)
    return None if moment is None else moment.replace(tzinfo=None).isoformat() + "Z"


def version_key(channel_code, order_id, updated_at):
    """The idempotency key of one version of a shop order.

    A webhook and the reconciliation pull that fetches the same version compute the same
    key, so whichever comes second is recognised as a duplicate.
    """
    return f"{channel_code}:order:{order_id}@{updated_at}"


def is_newer(updated_at, recorded):
    """Whether version ``updated_at`` comes after ``recorded`` (unknown versions do)."""
    if not updated_at or not recorded:
        return True
    return parse_timestamp(updated_at) > parse_timestamp(recorded)


# ---------------------------------------------------------------------- helpers
def _number(value, what):
    try:
        return to_decimal(value)
    except (InvalidOperation, ValueError, TypeError) as err:
        raise OrderShapeError(f"{what}: {value!r} is not a number") from err


def _str(value):
    """A Decimal as plain text (never in exponent notation)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def _text(value):
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _clean(values):
    return {key: value for key, value in values.items() if value not in (None, "", [], {})}


def _required(mapping, key, what):
    value = mapping.get(key) if isinstance(mapping, dict) else None
    if value in (None, ""):
        raise OrderShapeError(f"{what} has no {key!r}")
    return value


def _percent(discount, gross):
    """The discount as a percentage of ``gross``, exact to 10 places (None when none)."""
    if not discount or not gross:
        return None
    if discount < 0 or discount > gross:
        raise OrderShapeError(f"a discount of {discount} on a line worth {gross} makes no sense")
    return _str((discount * 100 / gross).quantize(PERCENT_PLACES))


def _party_id(customer_id, email, order_id):
    if customer_id not in (None, "", 0, "0"):
        return str(customer_id)
    if email:
        return f"email:{email.lower()}"
    return f"guest:{order_id}"


def _full_name(*parts):
    return " ".join(part for part in (_text(p) for p in parts) if part) or None


def _country(code):
    code = _text(code)
    return code.upper() if code else None


def _order_date(*values):
    for value in values:
        moment = parse_timestamp(value)
        if moment:
            return moment.date().isoformat()
    raise OrderShapeError("the order has no creation date")


# The shop's address keys for each canonical address field.
SHOPIFY_ADDRESS_KEYS = {
    "street": "address1",
    "street2": "address2",
    "city": "city",
    "zip": "zip",
    "state_code": "province_code",
    "country_code": "country_code",
    "phone": "phone",
}
WOO_ADDRESS_KEYS = {
    "street": "address_1",
    "street2": "address_2",
    "city": "city",
    "zip": "postcode",
    "state_code": "state",
    "country_code": "country",
    "phone": "phone",
}


def _address(address, name, keys, email):
    """A canonical address from a shop's address object, or None without a name."""
    if not name:
        return None
    values = {field: _text(address.get(key)) for field, key in keys.items()}
    values["country_code"] = _country(address.get(keys["country_code"]))
    return _clean({"name": name, **values, "email": email})


def _check_object(order, what):
    if not isinstance(order, dict):
        raise OrderShapeError(f"{what} must be a JSON object, not {type(order).__name__}")


# ---------------------------------------------------------------------- Shopify
def _shopify_address(address, email=None):
    if not isinstance(address, dict):
        return None
    name = (
        _text(address.get("name"))
        or _full_name(address.get("first_name"), address.get("last_name"))
        or _text(address.get("company"))
    )
    return _address(address, name, SHOPIFY_ADDRESS_KEYS, email)


def _ordered_items(items, name, quantity_of=lambda item: item.get("quantity")):
    """(index, what, item, quantity) of each line of ``items`` (JSON list ``name``) with a
    positive quantity: a line edited down to 0 is no line."""
    for index, item in enumerate(items or [], 1):
        what = f"{name}[{index}]"
        quantity = _number(quantity_of(item), what + ".quantity")
        if quantity > 0:
            yield index, what, item, quantity


def _shopify_quantity(item):
    """What is still ordered: an order edit lowers ``current_quantity`` (0: removed)."""
    return item.get("current_quantity", item.get("quantity"))


def _prices_include_tax(order, defaults):
    """The order's own tax convention when it states one, else the channel's."""
    include = order.get("prices_include_tax")
    return include if isinstance(include, bool) else defaults.prices_include_tax


def from_shopify(order, defaults=Defaults()):
    """A Shopify order (REST Admin API shape, as in ``orders/*`` webhooks)."""
    _check_object(order, "the order")
    order_id = str(_required(order, "id", "the order"))
    customer = order.get("customer") or {}
    email = _text(order.get("email")) or _text(customer.get("email"))
    email = email or _text(order.get("contact_email"))
    bill_to = _shopify_address(order.get("billing_address"), email)
    ship_to = _shopify_address(order.get("shipping_address"))
    taxes_included = order.get("taxes_included")
    lines = []
    for _index, what, item, quantity in _ordered_items(
        order.get("line_items"), "line_items", _shopify_quantity
    ):
        price = _number(item.get("price"), what + ".price")
        discount = sum(
            (
                _number(allocation.get("amount"), what + ".discount_allocations")
                for allocation in item.get("discount_allocations") or []
            ),
            Decimal(0),
        )
        line = {
            "line_ref": str(_required(item, "id", what)),
            "product_code": _text(item.get("sku"))
            or f"variant:{item.get('variant_id') or item['id']}",
            "description": _text(item.get("name")) or _text(item.get("title")),
            "quantity": _str(quantity),
            "unit_price": _str(price),
            "discount_percent": _percent(discount, price * quantity),
        }
        lines.append(_clean(line))
    shipping = None
    shipping_lines = [s for s in order.get("shipping_lines") or [] if not s.get("is_removed")]
    if shipping_lines:
        amount = Decimal(0)
        for index, shipping_line in enumerate(shipping_lines, 1):
            what = f"shipping_lines[{index}]"
            if shipping_line.get("discounted_price") is not None:
                amount += _number(shipping_line["discounted_price"], what + ".discounted_price")
            else:
                amount += _number(shipping_line.get("price"), what + ".price") - sum(
                    (
                        _number(allocation.get("amount"), what + ".discount_allocations")
                        for allocation in shipping_line.get("discount_allocations") or []
                    ),
                    Decimal(0),
                )
        first = shipping_lines[0]
        shipping = _clean(
            {
                "description": ", ".join(
                    title for title in (_text(s.get("title")) for s in shipping_lines) if title
                ),
                "amount": _str(amount),
                "carrier_code": _text(first.get("carrier_identifier")) or _text(first.get("code")),
            }
        )
    name = _full_name(customer.get("first_name"), customer.get("last_name"))
    document = {
        "order_ref": _text(order.get("name")) or order_id,
        "order_date": _order_date(order.get("created_at"), order.get("processed_at")),
        "currency": (_text(order.get("currency")) or defaults.currency).upper(),
        "customer": _clean(
            {
                "external_id": _party_id(customer.get("id"), email, order_id),
                "name": name or (bill_to or {}).get("name") or email,
                "email": email,
                "address": bill_to,
            }
        ),
        "ship_to": ship_to,
        "bill_to": bill_to,
        "lines": lines,
        "notes": _text(order.get("note")),
        "prices_include_tax": taxes_included
        if isinstance(taxes_included, bool)
        else defaults.prices_include_tax,
        "shipping": shipping,
    }
    return ChannelOrder(
        order_id=order_id,
        number=_text(order.get("name")) or order_id,
        updated_at=normalize_timestamp(order.get("updated_at")),
        cancelled=bool(order.get("cancelled_at")),
        document=_clean(document),
    )


# ---------------------------------------------------------------------- WooCommerce
def _woo_address(address, email=None):
    if not isinstance(address, dict):
        return None
    name = _full_name(address.get("first_name"), address.get("last_name")) or _text(
        address.get("company")
    )
    return _address(address, name, WOO_ADDRESS_KEYS, email)


def from_woocommerce(order, defaults=Defaults()):
    """A WooCommerce order (REST API v3 shape, as in ``order.*`` webhooks).

    WooCommerce keeps line and shipping totals without tax whatever the shop displays; when
    its prices include tax, the gross prices are rebuilt from totals plus their taxes so the
    customer's own figures reach Odoo to the cent.
    """
    _check_object(order, "the order")
    order_id = str(_required(order, "id", "the order"))
    billing = order.get("billing") or {}
    email = _text(billing.get("email"))
    bill_to = _woo_address(billing, email)
    ship_to = _woo_address(order.get("shipping"))
    include = _prices_include_tax(order, defaults)
    lines = []
    for _index, what, item, quantity in _ordered_items(order.get("line_items"), "line_items"):
        gross = _number(item.get("subtotal"), what + ".subtotal")
        net = _number(item.get("total"), what + ".total")
        if include:
            gross += _number(item.get("subtotal_tax"), what + ".subtotal_tax")
            net += _number(item.get("total_tax"), what + ".total_tax")
        product = item.get("variation_id") or item.get("product_id")
        lines.append(
            _clean(
                {
                    "line_ref": str(_required(item, "id", what)),
                    "product_code": _text(item.get("sku")) or f"product:{product}",
                    "description": _text(item.get("name")),
                    "quantity": _str(quantity),
                    "unit_price": _str((gross / quantity).quantize(UNIT_PRICE_PLACES)),
                    "discount_percent": _percent(gross - net, gross),
                }
            )
        )
    shipping = None
    shipping_lines = order.get("shipping_lines") or []
    if shipping_lines:
        amount = Decimal(0)
        for index, shipping_line in enumerate(shipping_lines, 1):
            what = f"shipping_lines[{index}]"
            amount += _number(shipping_line.get("total"), what + ".total")
            if include:
                amount += _number(shipping_line.get("total_tax"), what + ".total_tax")
        shipping = _clean(
            {
                "description": ", ".join(
                    t for t in (_text(s.get("method_title")) for s in shipping_lines) if t
                ),
                "amount": _str(amount),
                "carrier_code": _text(shipping_lines[0].get("method_id")),
            }
        )
    number = _text(order.get("number")) or order_id
    document = {
        "order_ref": number,
        "order_date": _order_date(order.get("date_created_gmt"), order.get("date_created")),
        "currency": (_text(order.get("currency")) or defaults.currency).upper(),
        "customer": _clean(
            {
                "external_id": _party_id(order.get("customer_id"), email, order_id),
                "name": (bill_to or {}).get("name") or email,
                "email": email,
                "address": bill_to,
            }
        ),
        "ship_to": ship_to,
        "bill_to": bill_to,
        "lines": lines,
        "notes": _text(order.get("customer_note")),
        "prices_include_tax": include,
        "shipping": shipping,
    }
    return ChannelOrder(
        order_id=order_id,
        number=number,
        updated_at=normalize_timestamp(
            order.get("date_modified_gmt") or order.get("date_modified")
        ),
        cancelled=order.get("status") == "cancelled",
        document=_clean(document),
    )


# ---------------------------------------------------------------------- generic JSON
def _generic_address(address, email=None):
    if not isinstance(address, dict) or not _text(address.get("name")):
        return None
    return _clean(
        {
            "name": _text(address.get("name")),
            "street": _text(address.get("street")),
            "street2": _text(address.get("street2")),
            "city": _text(address.get("city")),
            "zip": _text(address.get("zip")),
            "state_code": _text(address.get("state_code")),
            "country_code": _country(address.get("country_code")),
            "phone": _text(address.get("phone")),
            "email": _text(address.get("email")) or email,
        }
    )


def unwrap_event(data):
    """``(event type, order)`` of a Standard Webhooks event ``{"type", "timestamp", "data"}``;
    a bare order (as the reconciliation pull lists them) has no event type."""
    _check_object(data, "the payload")
    if "type" in data and isinstance(data.get("data"), dict):
        return data["type"], data["data"]
    return None, data


def from_generic(order, defaults=Defaults()):
    """The generic JSON order of Standard Webhooks and generic REST channels."""
    _check_object(order, "the order")
    order_id = str(_required(order, "id", "the order"))
    customer = order.get("customer") or {}
    email = _text(customer.get("email")) or _text(order.get("email"))
    bill_to = _generic_address(order.get("billing_address"), email)
    ship_to = _generic_address(order.get("shipping_address"))
    include = _prices_include_tax(order, defaults)
    lines = []
    for index, what, item, quantity in _ordered_items(order.get("lines"), "lines"):
        price = _number(item.get("unit_price"), what + ".unit_price")
        if item.get("discount_percent") not in (None, ""):
            percent = _str(_number(item["discount_percent"], what + ".discount_percent"))
        else:
            discount = _number(item.get("discount_amount"), what + ".discount_amount")
            percent = _percent(discount, price * quantity)
        lines.append(
            _clean(
                {
                    "line_ref": str(item.get("id") or index),
                    "product_code": _required(item, "sku", what),
                    "description": _text(item.get("name")),
                    "quantity": _str(quantity),
                    "unit_price": _str(price),
                    "discount_percent": percent,
                }
            )
        )
    shipping = order.get("shipping")
    if isinstance(shipping, dict) and shipping.get("amount") not in (None, ""):
        shipping = _clean(
            {
                "description": _text(shipping.get("method")),
                "amount": _str(_number(shipping["amount"], "shipping.amount")),
                "carrier_code": _text(shipping.get("carrier")),
            }
        )
    else:
        shipping = None
    discount = order.get("discount_amount")
    number = _text(order.get("number")) or order_id
    document = {
        "order_ref": number,
        "order_date": _order_date(order.get("created_at")),
        "currency": (_text(order.get("currency")) or defaults.currency).upper(),
        "customer": _clean(
            {
                "external_id": _party_id(customer.get("id"), email, order_id),
                "name": _text(customer.get("name")) or (bill_to or {}).get("name") or email,
                "email": email,
                "address": bill_to,
            }
        ),
        "ship_to": ship_to,
        "bill_to": bill_to,
        "lines": lines,
        "notes": _text(order.get("note")),
        "prices_include_tax": include,
        "shipping": shipping,
        "discount_amount": _str(_number(discount, "discount_amount"))
        if discount not in (None, "", 0, "0")
        else None,
    }
    return ChannelOrder(
        order_id=order_id,
        number=number,
        updated_at=normalize_timestamp(order.get("updated_at")),
        cancelled=order.get("status") == "cancelled",
        document=_clean(document),
    )


MAPPERS = {
    "shopify": from_shopify,
    "woocommerce": from_woocommerce,
    "standard_webhooks": from_generic,
    "rest": from_generic,
}


def map_order(kind, order, defaults=Defaults()):
    """The ChannelOrder of a shop order in dialect ``kind``.

    A body of the wrong shape (``null`` lines, a text customer) is an OrderShapeError like
    any other unreadable order, never a crash.
    """
    try:
        return MAPPERS[kind](order, defaults)
    except (AttributeError, TypeError, KeyError, IndexError) as err:
        raise OrderShapeError(f"the order has an unexpected structure ({err})") from err
