import hashlib
import hmac

from odoo.addons.integration_core.services.signing import (
    header,
    parse_header,
    sign,
    signed_bytes,
    verify,
)

KEY = "whsec-test"
BODY = b'{"order_ref": "PO-1"}'
REQUEST = {"method": "POST", "path": "/api/integration/v1/flows/acme/messages"}
KEYED = {**REQUEST, "idempotency_key": "PO-1"}


def test_signature_covers_timestamp_method_path_key_and_body():
    signed = b"1700000000\nPOST\n/api/integration/v1/flows/acme/messages\nPO-1\n" + BODY
    assert signed_bytes("post", REQUEST["path"], "PO-1", 1700000000, BODY) == signed
    expected = hmac.new(KEY.encode(), signed, hashlib.sha256).hexdigest()
    assert sign(KEY, BODY, 1700000000, **KEYED) == expected
    assert sign(KEY.encode(), BODY, 1700000000, **KEYED) == expected
    without_key = b"1700000000\nPOST\n/api/integration/v1/flows/acme/messages\n\n" + BODY
    assert (
        sign(KEY, BODY, 1700000000, **REQUEST)
        == hmac.new(KEY.encode(), without_key, hashlib.sha256).hexdigest()
    )


def test_header_round_trips():
    value = header(KEY, BODY, 1700000000, **KEYED)
    timestamp, signature = parse_header(value)
    assert timestamp == "1700000000"
    assert verify(KEY, BODY, timestamp, signature, now=1700000000, **KEYED)
    assert parse_header(None) == (None, None)
    assert parse_header("garbage") == (None, None)


def test_valid_signature_verifies_within_tolerance():
    signature = sign(KEY, BODY, 1700000000, **KEYED)
    assert verify(KEY, BODY, 1700000000, signature, now=1700000100, **KEYED)
    assert verify(KEY, BODY, "1700000000", signature.upper(), now=1700000000, **KEYED)


def test_tampered_body_wrong_key_or_moved_timestamp_fail():
    signature = sign(KEY, BODY, 1700000000, **KEYED)
    assert not verify(KEY, BODY + b" ", 1700000000, signature, now=1700000000, **KEYED)
    assert not verify("other", BODY, 1700000000, signature, now=1700000000, **KEYED)
    assert not verify(KEY, BODY, 1700000001, signature, now=1700000000, **KEYED)


def test_another_method_path_or_idempotency_key_fails():
    signature = sign(KEY, BODY, 1700000000, **KEYED)
    now = 1700000000
    assert not verify(KEY, BODY, now, signature, now=now, **{**KEYED, "method": "PUT"})
    other_flow = {**KEYED, "path": "/api/integration/v1/flows/other/messages"}
    assert not verify(KEY, BODY, now, signature, now=now, **other_flow)
    assert not verify(KEY, BODY, now, signature, now=now, **{**KEYED, "idempotency_key": "PO-2"})
    assert not verify(KEY, BODY, now, signature, now=now, **REQUEST)


def test_replayed_signature_outside_tolerance_fails():
    signature = sign(KEY, BODY, 1700000000, **KEYED)
    assert not verify(KEY, BODY, 1700000000, signature, now=1700000301, **KEYED)
    assert not verify(KEY, BODY, 1700000000, signature, now=1699999000, **KEYED)


def test_garbage_input_fails_instead_of_raising():
    assert not verify(KEY, BODY, "yesterday", "abc", now=1700000000, **KEYED)
    assert not verify(KEY, BODY, 1700000000, None, now=1700000000, **KEYED)
    assert not verify(KEY, BODY, 1700000000, "é", now=1700000000, **KEYED)
