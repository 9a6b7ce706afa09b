"""HMAC-SHA256 request signatures, timestamped so that a captured request cannot be replayed.

A signature covers the whole request that matters: its method, path, Idempotency-Key,
timestamp and body. Changing any of them (posting a captured body to another flow, or again
under a new Idempotency-Key) breaks the signature; an exact replay within the tolerance window
is the receiver's to refuse (the hub keeps the signatures it accepted, see
integration.api.nonce).
"""

import hashlib
import hmac

TOLERANCE = 300  # seconds a signature's timestamp may be off the receiver's clock


def signed_bytes(method, path, idempotency_key, timestamp, body):
    """``<t>\\n<METHOD>\\n<path>\\n<Idempotency-Key>\\n`` + body: what a signature covers.

    The body comes last, so no choice of the other fields can be confused with another
    request's; an absent Idempotency-Key is an empty line.
    """
    head = f"{int(timestamp)}\n{method.upper()}\n{path}\n{idempotency_key or ''}\n"
    return head.encode() + body


def _key_bytes(key):
    return key.encode() if isinstance(key, str) else key


def sign(key, body, timestamp, *, method, path, idempotency_key=None):
    """Hex HMAC-SHA256 of the request under ``key`` (see ``signed_bytes``)."""
    message = signed_bytes(method, path, idempotency_key, timestamp, body)
    return hmac.new(_key_bytes(key), message, hashlib.sha256).hexdigest()


def header(key, body, timestamp, *, method, path, idempotency_key=None):
    """The ``X-Signature`` header value: ``t=<timestamp>,v1=<hex signature>``."""
    signature = sign(
        key, body, timestamp, method=method, path=path, idempotency_key=idempotency_key
    )
    return f"t={int(timestamp)},v1={signature}"


def parse_header(value):
    """``(timestamp, signature)`` of an ``X-Signature`` header; None for what is missing."""
    parts = dict(part.strip().split("=", 1) for part in (value or "").split(",") if "=" in part)
    return parts.get("t"), parts.get("v1")


def verify(
    key,
    body,
    timestamp,
    signature_hex,
    now,
    *,
    method,
    path,
    idempotency_key=None,
    tolerance=TOLERANCE,
):
    """Whether ``signature_hex`` signs the request at ``timestamp``, at most ``tolerance`` s off.

    The comparison runs in constant time so the signature cannot be guessed byte by byte.
    """
    try:
        timestamp = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs(now - timestamp) > tolerance:
        return False
    expected = sign(
        key, body, timestamp, method=method, path=path, idempotency_key=idempotency_key
    ).encode()
    return hmac.compare_digest(expected, (signature_hex or "").strip().lower().encode())
