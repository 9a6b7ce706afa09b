import base64
import hashlib
import hmac

import pytest

from odoo.addons.integration_channels.services import webhooks
from odoo.addons.integration_channels.services.webhooks import InvalidSignature

BODY = b'{"id": 820982911946154508, "email": "jon@example.com"}'
NOW = 1_790_000_000
OLD_KEY = "whsec_" + base64.b64encode(b"old-key-material-32-bytes-long!!").decode()
NEW_KEY = "whsec_" + base64.b64encode(b"new-key-material-32-bytes-long!!").decode()


def reference_signature(secret, body):
    """Shopify's documented computation, written independently of the module."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


# ---------------------------------------------------------------------- Shopify / WooCommerce
def test_shopify_valid_signature_is_accepted():
    webhooks.verify_shopify(["shpss_secret"], BODY, reference_signature("shpss_secret", BODY))


def test_shopify_signature_of_another_body_is_refused():
    signature = reference_signature("shpss_secret", BODY)
    with pytest.raises(InvalidSignature, match="does not match"):
        webhooks.verify_shopify(["shpss_secret"], BODY + b" ", signature)


def test_shopify_missing_header_and_missing_secret():
    with pytest.raises(InvalidSignature, match="header is missing"):
        webhooks.verify_shopify(["s"], BODY, None)
    with pytest.raises(InvalidSignature, match="no webhook secret"):
        webhooks.verify_shopify([None, ""], BODY, "x")


def test_previous_secret_still_accepted_during_rotation():
    signature = reference_signature("old", BODY)
    webhooks.verify_woocommerce(["new", "old"], BODY, signature)
    with pytest.raises(InvalidSignature):
        webhooks.verify_woocommerce(["new"], BODY, signature)


def test_sign_body_matches_reference():
    assert webhooks.sign_body("k", BODY) == reference_signature("k", BODY)


@pytest.mark.parametrize(
    ("body", "signature", "expected"),
    [
        (b"webhook_id=42", None, True),
        (b"webhook_id=42", "sig", False),  # signed: verified like any delivery
        (b"webhook_id=abc", None, False),
        (b"webhook_id=1&x=2", None, False),
        (b'{"id": 1}', None, False),
        (b"", None, False),
    ],
)
def test_woocommerce_ping(body, signature, expected):
    assert webhooks.is_woocommerce_ping(body, signature) is expected


# ---------------------------------------------------------------------- Standard Webhooks
def reference_standard(secret, msg_id, timestamp, body):
    key = base64.b64decode(secret.removeprefix("whsec_"))
    mac = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def test_standard_valid():
    signature = reference_standard(NEW_KEY, "msg_1", NOW, BODY)
    assert webhooks.sign_standard(NEW_KEY, "msg_1", NOW, BODY) == signature
    webhooks.verify_standard([NEW_KEY], "msg_1", str(NOW), BODY, signature, NOW)


def test_standard_sender_rotating_sends_several_signatures():
    header = " ".join(
        [
            reference_standard(OLD_KEY, "msg_1", NOW, BODY),
            reference_standard(NEW_KEY, "msg_1", NOW, BODY),
        ]
    )
    webhooks.verify_standard([NEW_KEY], "msg_1", str(NOW), BODY, header, NOW)
    webhooks.verify_standard([OLD_KEY], "msg_1", str(NOW), BODY, header, NOW)


def test_standard_receiver_rotating_accepts_previous_key():
    header = reference_standard(OLD_KEY, "msg_1", NOW, BODY)
    webhooks.verify_standard([NEW_KEY, OLD_KEY], "msg_1", str(NOW), BODY, header, NOW)
    with pytest.raises(InvalidSignature, match="matches"):
        webhooks.verify_standard([NEW_KEY], "msg_1", str(NOW), BODY, header, NOW)


def test_standard_ignores_unknown_versions():
    header = "v1a,abcd " + reference_standard(NEW_KEY, "msg_1", NOW, BODY).replace("v1,", "v2,")
    with pytest.raises(InvalidSignature, match="no v1 signature"):
        webhooks.verify_standard([NEW_KEY], "msg_1", str(NOW), BODY, header, NOW)


@pytest.mark.parametrize("offset", [301, -301, 3600])
def test_standard_timestamp_outside_five_minutes_is_refused(offset):
    sent = NOW - offset
    header = reference_standard(NEW_KEY, "msg_1", sent, BODY)
    with pytest.raises(InvalidSignature, match="at most 300 s"):
        webhooks.verify_standard([NEW_KEY], "msg_1", str(sent), BODY, header, NOW)


@pytest.mark.parametrize("offset", [300, -300, 0])
def test_standard_timestamp_within_five_minutes(offset):
    sent = NOW - offset
    header = reference_standard(NEW_KEY, "msg_1", sent, BODY)
    webhooks.verify_standard([NEW_KEY], "msg_1", str(sent), BODY, header, NOW)


def test_standard_id_and_body_are_signed():
    header = reference_standard(NEW_KEY, "msg_1", NOW, BODY)
    with pytest.raises(InvalidSignature):
        webhooks.verify_standard([NEW_KEY], "msg_2", str(NOW), BODY, header, NOW)
    with pytest.raises(InvalidSignature):
        webhooks.verify_standard([NEW_KEY], "msg_1", str(NOW), BODY + b"x", header, NOW)


def test_standard_missing_headers_and_bad_timestamp():
    with pytest.raises(InvalidSignature, match="required"):
        webhooks.verify_standard([NEW_KEY], None, str(NOW), BODY, "v1,x", NOW)
    with pytest.raises(InvalidSignature, match="Unix time"):
        webhooks.verify_standard([NEW_KEY], "m", "yesterday", BODY, "v1,x", NOW)


def test_standard_key_format():
    assert webhooks.standard_key(NEW_KEY) == b"new-key-material-32-bytes-long!!"
    with pytest.raises(ValueError, match="whsec_"):
        webhooks.standard_key("whsec_not base64!")
    with pytest.raises(InvalidSignature, match="not a whsec_"):
        webhooks.verify_standard(["whsec_%%%"], "m", str(NOW), BODY, "v1,abc", NOW)
