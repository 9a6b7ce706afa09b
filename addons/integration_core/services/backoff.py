"""Retry timing: exponential back-off with jitter, and the server's own Retry-After."""

import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

# Beyond this exponent every delay is capped anyway; stopping here avoids huge integers.
_MAX_EXPONENT = 64


def backoff_delay(attempt, base=10.0, cap=3600.0, jitter=0.2, rand=random.random):
    """Seconds to wait before retry number ``attempt`` (1 = first retry).

    The delay doubles each attempt up to ``cap``; jitter spreads it uniformly over
    ``[d * (1 - jitter), d * (1 + jitter)]`` so that messages failing together do not
    hammer a recovering server together. The result never leaves ``[0, cap]``.
    """
    if attempt < 1:
        raise ValueError(f"attempt starts at 1, got {attempt}")
    delay = min(cap, base * 2 ** min(attempt - 1, _MAX_EXPONENT))
    spread = delay * jitter
    jittered = delay - spread + 2 * spread * rand()
    return min(cap, max(0.0, jittered))


def retry_delay(attempt, retry_after=None, **kw):
    """Seconds to wait before retrying: the server's Retry-After when it gave one, else back-off.

    A server knows its own recovery time better than our guess, but an absurd value is
    still capped so that a message is never parked for days.
    """
    if retry_after is None:
        return backoff_delay(attempt, **kw)
    cap = kw.get("cap", 3600.0)
    return min(cap, max(0.0, float(retry_after)))


def parse_retry_after(value, now=None):
    """Seconds from ``now`` given a Retry-After header value (RFC 9110 §10.2.3), or None.

    The header is either delay-seconds or an HTTP-date; a date in the past means 0 and an
    unreadable value means None, so callers fall back to their own back-off.
    """
    if value is None:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    now = now or datetime.now(UTC)
    return max(0.0, (_as_utc(when) - _as_utc(now)).total_seconds())


def _as_utc(moment):
    """HTTP-dates are always GMT, so a naive datetime (asctime format) is read as UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment
