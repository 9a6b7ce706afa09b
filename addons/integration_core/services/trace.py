"""W3C trace context (``traceparent``) of the message being handled, and its spans.

The trace a message belongs to travels with it: received in a ``traceparent`` header (API,
webhooks, AS2) or a CloudEvent's extension (AMQP), kept on the message, active while its jobs
run, sent on in outbound requests and broker messages, and shown in log lines. When an OTLP
endpoint is configured, spans are exported with the OpenTelemetry SDK, whose provider is
started lazily in each process (after Odoo forked its workers: its export thread is not
fork-safe). Without one, a span is only a new span id in the same trace.
"""

import contextvars
import logging
import os
import re
import secrets
from contextlib import contextmanager

ENV_ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT"
SERVICE_NAME = "odoo-integration-hub"
_TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")

# (traceparent, correlation id) of what this thread or task handles now.
_current = contextvars.ContextVar("integration_trace", default=(None, None))
_providers = {}  # (pid, endpoint) -> TracerProvider


def parse(value):
    """(trace id, span id, flags) of a valid ``traceparent``, else None (an all-zero id is
    invalid, as the W3C says)."""
    found = _TRACEPARENT.match((value or "").strip().lower())
    if not found or set(found[1]) == {"0"} or set(found[2]) == {"0"}:
        return None
    return found.groups()


def valid(value):
    """``value`` as a traceparent if it is one, else None: what a receiver keeps."""
    return "00-{}-{}-{}".format(*parse(value)) if parse(value) else None


def trace_id(value):
    parsed = parse(value)
    return parsed[0] if parsed else None


def child_of(parent):
    """A new span of ``parent``'s trace (a new trace when there is none)."""
    parsed = parse(parent)
    trace = parsed[0] if parsed else secrets.token_hex(16)
    flags = parsed[2] if parsed else "01"
    return f"00-{trace}-{secrets.token_hex(8)}-{flags}"


def current():
    """The traceparent active now, or None."""
    return _current.get()[0]


def current_correlation():
    return _current.get()[1]


def set_current(traceparent, correlation_id=None):
    """Make ``traceparent`` the active one until the next call: for the start of an HTTP
    request, which the server handles on its own from there."""
    _current.set((valid(traceparent), correlation_id))


@contextmanager
def activated(traceparent, correlation_id=None):
    """``traceparent`` active for the block (a job of the message), the previous one after."""
    token = _current.set((valid(traceparent), correlation_id))
    try:
        yield
    finally:
        _current.reset(token)


@contextmanager
def span(name, parent=None, endpoint=None, attributes=None):
    """A span ``name`` under ``parent`` (default: the active trace; a new trace without
    either), active for the block; yields its traceparent. Exported when ``endpoint``
    (OTLP/HTTP) is given."""
    parent = valid(parent) or current()
    correlation = (attributes or {}).get("integration.correlation_id") or current_correlation()
    tracer = _tracer(endpoint) if endpoint else None
    if tracer is None:
        traceparent = child_of(parent)
        with activated(traceparent, correlation):
            yield traceparent
        return
    from opentelemetry.trace.propagation.tracecontext import (  # noqa: PLC0415 - optional
        TraceContextTextMapPropagator,
    )

    propagator = TraceContextTextMapPropagator()
    context = propagator.extract({"traceparent": parent} if valid(parent) else {})
    with tracer.start_as_current_span(
        name, context=context, attributes=attributes or {}, end_on_exit=True
    ):
        carrier = {}
        propagator.inject(carrier)
        with activated(carrier.get("traceparent"), correlation):
            yield current()


def _tracer(endpoint):
    """The OpenTelemetry tracer exporting to ``endpoint``, its provider made once per process;
    None when the SDK is not installed (logged once)."""
    key = (os.getpid(), endpoint)
    provider = _providers.get(key)
    if provider is None:
        try:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import (  # noqa: PLC0415
                OTLPSpanExporter,
            )
            from opentelemetry.sdk.resources import Resource  # noqa: PLC0415
            from opentelemetry.sdk.trace import TracerProvider  # noqa: PLC0415
            from opentelemetry.sdk.trace.export import BatchSpanProcessor  # noqa: PLC0415
        except ImportError:
            logging.getLogger(__name__).warning(
                "OTLP endpoint %s configured, but opentelemetry-sdk and "
                "opentelemetry-exporter-otlp-proto-http are not installed: no spans exported.",
                endpoint,
            )
            _providers[key] = provider = False
        else:
            url = endpoint.rstrip("/")
            if not url.endswith("/v1/traces"):
                url += "/v1/traces"
            provider = TracerProvider(resource=Resource.create({"service.name": SERVICE_NAME}))
            provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=url)))
            _providers[key] = provider
    return provider.get_tracer(__name__) if provider else None


def flush(timeout_ms=5000):
    """Export the spans this process still holds (tests, and before a process ends)."""
    for (pid, _endpoint), provider in list(_providers.items()):
        if provider and pid == os.getpid():
            provider.force_flush(timeout_ms)


def configured_endpoint(parameter=None):
    """The OTLP/HTTP endpoint: the environment's ``OTEL_EXPORTER_OTLP_ENDPOINT``, else the
    server's ``parameter`` (a config parameter's value); None: spans are not exported."""
    return os.environ.get(ENV_ENDPOINT) or parameter or None


def install_log_tagging():
    """Log lines written while a trace is active end with its trace id and correlation id
    (``[trace=… correlation=…]``), so one transaction's lines can be found across processes.
    Installed once per process; the records also carry ``trace_id`` and ``correlation_id``."""
    factory = logging.getLogRecordFactory()
    if getattr(factory, "integration_trace", False):
        return
    make = factory

    def tagged(*args, **kwargs):
        record = make(*args, **kwargs)
        traceparent, correlation = _current.get()
        record.trace_id = trace_id(traceparent)
        record.correlation_id = correlation
        if record.trace_id and isinstance(record.msg, str):
            tag = f" [trace={record.trace_id} correlation={correlation or '-'}]"
            record.msg += tag.replace("%", "%%") if record.args else tag
        return record

    tagged.integration_trace = True
    logging.setLogRecordFactory(tagged)
