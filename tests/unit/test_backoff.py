from datetime import UTC, datetime, timedelta

import pytest

from odoo.addons.integration_core.services.backoff import (
    backoff_delay,
    parse_retry_after,
    retry_delay,
)


def middle():
    return 0.5


def test_delay_doubles_from_the_base_without_jitter():
    assert [backoff_delay(n, rand=middle) for n in (1, 2, 3, 4)] == [10.0, 20.0, 40.0, 80.0]


def test_delay_is_capped_even_for_absurd_attempts():
    assert backoff_delay(12, rand=middle) == 3600.0
    assert backoff_delay(100_000, rand=middle) == 3600.0
    assert backoff_delay(100_000, rand=lambda: 1.0) == 3600.0


def test_jitter_spreads_the_delay_by_the_given_fraction():
    assert backoff_delay(3, rand=lambda: 0.0) == pytest.approx(32.0)
    assert backoff_delay(3, rand=lambda: 1.0) == pytest.approx(48.0)
    delays = {backoff_delay(3) for _ in range(50)}
    assert len(delays) > 1
    assert all(32.0 <= d <= 48.0 for d in delays)


def test_delay_is_never_negative():
    assert backoff_delay(1, jitter=2.0, rand=lambda: 0.0) == 0.0


def test_attempts_start_at_one():
    with pytest.raises(ValueError, match="attempt starts at 1"):
        backoff_delay(0)


def test_retry_delay_prefers_the_servers_retry_after_within_the_cap():
    assert retry_delay(1, retry_after=120.0) == 120.0
    assert retry_delay(1, retry_after=86400.0) == 3600.0
    assert retry_delay(1, retry_after=86400.0, cap=600.0) == 600.0
    assert retry_delay(2, rand=middle) == 20.0


def test_parse_retry_after_seconds():
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after(" 0 ") == 0.0


def test_parse_retry_after_http_dates():
    now = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("Wed, 01 May 2024 12:01:30 GMT", now=now) == 90.0
    # The obsolete RFC 850 and asctime forms must still be read (RFC 9110 §5.6.7).
    assert parse_retry_after("Wednesday, 01-May-24 12:01:30 GMT", now=now) == 90.0
    assert parse_retry_after("Wed May  1 12:01:30 2024", now=now) == 90.0
    assert parse_retry_after("Wed, 01 May 2024 11:00:00 GMT", now=now) == 0.0


def test_parse_retry_after_defaults_now_to_the_current_time():
    soon = datetime.now(UTC) + timedelta(seconds=100)
    delay = parse_retry_after(soon.strftime("%a, %d %b %Y %H:%M:%S GMT"))
    assert 95 <= delay <= 100


def test_unreadable_retry_after_is_ignored():
    assert parse_retry_after(None) is None
    assert parse_retry_after("") is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("-5") is None
    assert parse_retry_after("²") is None
