"""HMAC-SHA256 request signatures, timestamped so that a captured request cannot be replayed."""

import hashlib
import hmac


def _signed_bytes(body, timestamp):
    # Binding the timestamp into the MAC stops an attacker from pairing an old body with a
    # fresh timestamp.
    return f"{int(timestamp)}.".encode() + body


def _key_bytes(key):
    return key.encode() if isinstance(key, str) else key


def sign(key, body, timestamp):
    """Hex HMAC-SHA256 of ``"<timestamp>." + body`` under ``key``."""
    return hmac.new(_key_bytes(key), _signed_bytes(body, timestamp), hashlib.sha256).hexdigest()


def verify(key, body, timestamp, signature_hex, now, tolerance=300):
    """Whether ``signature_hex`` signs ``body`` at ``timestamp``, no more than ``tolerance`` s off.

    The comparison runs in constant time so the signature cannot be guessed byte by byte.
    """
    try:
        timestamp = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs(now - timestamp) > tolerance:
        return False
    expected = sign(key, body, timestamp).encode()
    return hmac.compare_digest(expected, (signature_hex or "").strip().lower().encode())
