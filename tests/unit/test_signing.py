import hashlib
import hmac

from services.signing import sign, verify

KEY = "whsec-test"
BODY = b'{"order_ref": "PO-1"}'


def test_signature_is_hmac_sha256_of_timestamp_dot_body():
    expected = hmac.new(KEY.encode(), b"1700000000." + BODY, hashlib.sha256).hexdigest()
    assert sign(KEY, BODY, 1700000000) == expected
    assert sign(KEY.encode(), BODY, 1700000000) == expected


def test_valid_signature_verifies_within_tolerance():
    signature = sign(KEY, BODY, 1700000000)
    assert verify(KEY, BODY, 1700000000, signature, now=1700000100)
    assert verify(KEY, BODY, "1700000000", signature.upper(), now=1700000000)


def test_tampered_body_wrong_key_or_moved_timestamp_fail():
    signature = sign(KEY, BODY, 1700000000)
    assert not verify(KEY, BODY + b" ", 1700000000, signature, now=1700000000)
    assert not verify("other", BODY, 1700000000, signature, now=1700000000)
    assert not verify(KEY, BODY, 1700000001, signature, now=1700000000)


def test_replayed_signature_outside_tolerance_fails():
    signature = sign(KEY, BODY, 1700000000)
    assert not verify(KEY, BODY, 1700000000, signature, now=1700000301)
    assert not verify(KEY, BODY, 1700000000, signature, now=1699999000)


def test_garbage_input_fails_instead_of_raising():
    assert not verify(KEY, BODY, "yesterday", "abc", now=1700000000)
    assert not verify(KEY, BODY, 1700000000, None, now=1700000000)
    assert not verify(KEY, BODY, 1700000000, "é", now=1700000000)
