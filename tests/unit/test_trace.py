import logging

from odoo.addons.integration_core.services import trace

GOOD = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def test_a_valid_traceparent_is_kept_and_anything_else_refused():
    assert trace.valid(GOOD.upper()) == GOOD
    assert trace.trace_id(GOOD) == "4bf92f3577b34da6a3ce929d0e0e4736"
    for bad in (None, "", "garbage", GOOD[:-1], "00-" + "0" * 32 + "-00f067aa0ba902b7-01"):
        assert trace.valid(bad) is None, bad


def test_a_child_keeps_the_trace_and_a_missing_parent_starts_one():
    child = trace.child_of(GOOD)
    assert trace.trace_id(child) == trace.trace_id(GOOD)
    assert child.split("-")[2] != GOOD.split("-")[2]
    new = trace.child_of(None)
    assert trace.valid(new) and trace.trace_id(new) != trace.trace_id(GOOD)


def test_activated_restores_the_previous_context():
    with trace.activated(GOOD, "corr-1"):
        assert (trace.current(), trace.current_correlation()) == (GOOD, "corr-1")
        with trace.span("integration.send") as sent:
            assert trace.current() == sent
            assert trace.trace_id(sent) == trace.trace_id(GOOD)
        assert trace.current() == GOOD
    assert trace.current() is None


def test_log_lines_written_in_a_trace_name_it_and_the_correlation(caplog):
    trace.install_log_tagging()
    trace.install_log_tagging()  # once only
    logger = logging.getLogger("integration.test")
    with caplog.at_level(logging.INFO, "integration.test"):
        with trace.activated(GOOD, "PO-1"):
            logger.info("sent %s at 100%%", "ack")
        logger.info("outside")
    inside, outside = caplog.records
    assert inside.getMessage() == (
        "sent ack at 100% [trace=4bf92f3577b34da6a3ce929d0e0e4736 correlation=PO-1]"
    )
    assert (inside.trace_id, inside.correlation_id) == (trace.trace_id(GOOD), "PO-1")
    assert outside.getMessage() == "outside"


def test_the_environment_names_the_endpoint_first(monkeypatch):
    monkeypatch.delenv(trace.ENV_ENDPOINT, raising=False)
    assert trace.configured_endpoint(None) is None
    assert trace.configured_endpoint("http://param:4318") == "http://param:4318"
    monkeypatch.setenv(trace.ENV_ENDPOINT, "http://env:4318")
    assert trace.configured_endpoint("http://param:4318") == "http://env:4318"
