from odoo.addons.integration_core.services.circuit import CircuitBreaker


def failing(breaker, times, now=0.0):
    for _ in range(times):
        breaker.record_failure(now)


def test_closed_circuit_lets_requests_through_until_the_threshold():
    breaker = CircuitBreaker(threshold=3)
    failing(breaker, 2)
    assert breaker.state == "closed"
    assert breaker.allow_request(0.0)
    assert breaker.retry_in(0.0) == 0.0
    breaker.record_failure(5.0)
    assert (breaker.state, breaker.failures, breaker.opened_at) == ("open", 3, 5.0)


def test_open_circuit_blocks_until_the_cooldown_ends():
    breaker = CircuitBreaker(threshold=1, cooldown=60.0)
    breaker.record_failure(100.0)
    assert not breaker.allow_request(130.0)
    assert breaker.retry_in(130.0) == 30.0
    assert breaker.state == "open"
    assert breaker.allow_request(160.0)
    assert breaker.state == "half_open"
    assert breaker.retry_in(160.0) == 0.0


def test_successful_trial_closes_the_circuit():
    breaker = CircuitBreaker(state="half_open", failures=5, opened_at=100.0)
    assert breaker.allow_request(101.0)
    breaker.record_success()
    assert (breaker.state, breaker.failures, breaker.opened_at) == ("closed", 0, None)


def test_failed_trial_opens_the_circuit_for_another_cooldown():
    breaker = CircuitBreaker(state="half_open", failures=5, opened_at=100.0, cooldown=60.0)
    breaker.record_failure(170.0)
    assert (breaker.state, breaker.opened_at) == ("open", 170.0)
    assert breaker.retry_in(200.0) == 30.0


def test_success_resets_the_failure_count():
    breaker = CircuitBreaker(threshold=3)
    failing(breaker, 2)
    breaker.record_success()
    failing(breaker, 2)
    assert breaker.state == "closed"


def test_state_survives_a_round_trip_through_stored_fields():
    stored = CircuitBreaker(threshold=2, cooldown=30.0)
    failing(stored, 2, now=10.0)
    rebuilt = CircuitBreaker(
        state=stored.state,
        failures=stored.failures,
        opened_at=stored.opened_at,
        threshold=2,
        cooldown=30.0,
    )
    assert not rebuilt.allow_request(20.0)
    assert rebuilt.allow_request(40.0)


def test_open_without_a_timestamp_allows_a_trial():
    breaker = CircuitBreaker(state="open", failures=5)
    assert breaker.allow_request(0.0)
    assert breaker.state == "half_open"
