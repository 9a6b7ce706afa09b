"""Webhook signatures of the three schemes shops use, always checked over the raw body.

Every function takes the list of secrets the channel accepts (the current one first, the
previous one while the shop is being switched over) and compares in constant time. A failure
raises InvalidSignature whose text says what is wrong without ever quoting a secret.
"""

import base64
import binascii
import hashlib
import hmac
from urllib.parse import parse_qs

STANDARD_TOLERANCE = 300  # seconds a Standard Webhooks timestamp may be away from our clock
STANDARD_SECRET_PREFIX = "whsec_"


class InvalidSignature(Exception):
    """The request does not prove that it comes from the shop."""


def _key(secret):
    return secret.encode() if isinstance(secret, str) else secret


def _b64_hmac(key, data):
    return base64.b64encode(hmac.new(key, data, hashlib.sha256).digest())


def _usable(secrets):
    secrets = [secret for secret in secrets or () if secret]
    if not secrets:
        raise InvalidSignature("the channel has no webhook secret configured")
    return secrets


# ---------------------------------------------------------------------- Shopify, WooCommerce
def sign_body(secret, body):
    """Base64 HMAC-SHA256 of the raw body: Shopify's and WooCommerce's scheme."""
    return _b64_hmac(_key(secret), body).decode()


def _verify_body(secrets, body, signature, header):
    secrets = _usable(secrets)
    if not signature:
        raise InvalidSignature(f"the {header} header is missing")
    given = signature.strip().encode()
    matches = [hmac.compare_digest(_b64_hmac(_key(secret), body), given) for secret in secrets]
    if not any(matches):
        raise InvalidSignature(f"{header} does not match the body signed with the channel secret")


def verify_shopify(secrets, body, signature):
    """``X-Shopify-Hmac-Sha256``: base64 HMAC-SHA256 of the body under the app's secret."""
    _verify_body(secrets, body, signature, "X-Shopify-Hmac-Sha256")


def verify_woocommerce(secrets, body, signature):
    """``X-WC-Webhook-Signature``: base64 HMAC-SHA256 of the body under the webhook secret."""
    _verify_body(secrets, body, signature, "X-WC-Webhook-Signature")


def is_woocommerce_ping(body, signature):
    """WooCommerce's unsigned test delivery when a webhook is created: ``webhook_id=<n>``.

    It carries no signature, so it proves nothing and must create nothing; answering 200
    lets the shop activate the webhook.
    """
    if signature or not body or len(body) > 100:
        return False
    try:
        fields = parse_qs(body.decode("ascii"), strict_parsing=True)
    except (UnicodeDecodeError, ValueError):
        return False
    values = fields.get("webhook_id")
    return set(fields) == {"webhook_id"} and len(values) == 1 and values[0].isdigit()


# ---------------------------------------------------------------------- Standard Webhooks
def standard_key(secret):
    """The HMAC key of a ``whsec_<base64>`` secret (the prefix is optional)."""
    text = secret.strip()
    if text.startswith(STANDARD_SECRET_PREFIX):
        text = text[len(STANDARD_SECRET_PREFIX) :]
    try:
        key = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as err:
        raise ValueError("a Standard Webhooks secret is whsec_ followed by base64") from err
    if not key:
        raise ValueError("a Standard Webhooks secret is whsec_ followed by base64")
    return key


def sign_standard(secret, msg_id, timestamp, body):
    """``v1,<base64>`` over ``<id>.<timestamp>.<body>``."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    return "v1," + _b64_hmac(standard_key(secret), signed).decode()


def verify_standard(secrets, msg_id, timestamp, body, signature_header, now, tolerance=None):
    """Check the ``webhook-id``/``webhook-timestamp``/``webhook-signature`` headers.

    The signature header may hold several space-separated ``v1,<base64>`` signatures (the
    sender signs with its old and new keys while it rotates them): one match is enough.
    A timestamp more than ``tolerance`` seconds away from ``now`` is refused, so a captured
    request cannot be replayed later.
    """
    tolerance = STANDARD_TOLERANCE if tolerance is None else tolerance
    secrets = _usable(secrets)
    if not msg_id or not timestamp or not signature_header:
        raise InvalidSignature(
            "the webhook-id, webhook-timestamp and webhook-signature headers are required"
        )
    try:
        sent_at = int(timestamp)
    except (TypeError, ValueError) as err:
        raise InvalidSignature("webhook-timestamp is not a Unix time in seconds") from err
    drift = int(now) - sent_at
    if abs(drift) > tolerance:
        raise InvalidSignature(
            f"webhook-timestamp is {abs(drift)} s {'old' if drift > 0 else 'ahead'}; "
            f"at most {tolerance} s are accepted"
        )
    given = [
        signature.encode()
        for version, _sep, signature in (part.partition(",") for part in signature_header.split())
        if version == "v1" and signature
    ]
    if not given:
        raise InvalidSignature("webhook-signature holds no v1 signature")
    signed = f"{msg_id}.{timestamp}.".encode() + body
    for secret in secrets:
        try:
            expected = _b64_hmac(standard_key(secret), signed)
        except ValueError as err:
            raise InvalidSignature("the channel's secret is not a whsec_ secret") from err
        matched = False
        for signature in given:  # no early exit: every signature costs the same time
            matched |= hmac.compare_digest(expected, signature)
        if matched:
            return
    raise InvalidSignature("no signature in webhook-signature matches the channel secret")
