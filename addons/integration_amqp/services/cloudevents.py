"""CloudEvents 1.0 in structured mode (``application/cloudevents+json``), as the hub
publishes its documents and business events, and the envelopes the consumer reads.

Structured mode keeps every attribute in the body, so a consumer of any broker or language
reads it alike; the AMQP properties repeat id, correlation id and type for brokers' tools.
"""

import base64
import json
from dataclasses import dataclass, field

SPEC_VERSION = "1.0"
STRUCTURED = "application/cloudevents+json"
JSON_TYPES = ("application/json", "text/json")
BINARY_PREFIXES = ("cloudEvents:", "cloudEvents_")  # AMQP binding's application properties


@dataclass
class Event:
    """One CloudEvent: the required attributes, the hub's extensions, the data as bytes."""

    id: str
    type: str
    source: str
    data: bytes = b""
    time: str | None = None
    subject: str | None = None
    datacontenttype: str | None = None
    correlationid: str | None = None
    traceparent: str | None = None
    extensions: dict = field(default_factory=dict)

    def structured(self):
        """The event as the JSON body of a structured-mode message (bytes)."""
        envelope = {
            "specversion": SPEC_VERSION,
            "id": self.id,
            "type": self.type,
            "source": self.source,
            **{
                name: value
                for name in ("time", "subject", "datacontenttype", "correlationid", "traceparent")
                if (value := getattr(self, name))
            },
            **self.extensions,
        }
        if is_json(self.datacontenttype):
            try:
                envelope["data"] = json.loads(self.data)
            except ValueError:
                envelope["data_base64"] = base64.b64encode(self.data).decode()
        else:
            envelope["data_base64"] = base64.b64encode(self.data).decode()
        return json.dumps(envelope, separators=(",", ":")).encode()


def is_json(content_type):
    return (content_type or "").split(";")[0].strip().lower() in JSON_TYPES


def read(body, content_type=None, headers=None, message_id=None):
    """The Event a broker message carries: structured (its content type), binary (the
    ``cloudEvents:*`` / ``cloudEvents_*`` application properties) or, for a plain message,
    an event of its body identified by the AMQP ``message_id``. Raises ValueError naming
    what is wrong."""
    headers = headers or {}
    if (content_type or "").split(";")[0].strip().lower() == STRUCTURED:
        return _read_structured(body)
    attributes = {
        name[len(prefix) :]: value
        for name, value in headers.items()
        for prefix in BINARY_PREFIXES
        if name.startswith(prefix)
    }
    if attributes:
        attributes.setdefault("datacontenttype", content_type)
        return _event(attributes, body)
    return Event(id=message_id or "", type="", source="", data=body, datacontenttype=content_type)


def _read_structured(body):
    try:
        envelope = json.loads(body)
    except ValueError as err:
        raise ValueError(f"the structured CloudEvent is not JSON: {err}") from err
    if not isinstance(envelope, dict):
        raise ValueError("the structured CloudEvent is not a JSON object")
    if "data_base64" in envelope:
        data = base64.b64decode(envelope.pop("data_base64"))
    elif "data" in envelope:
        value = envelope.pop("data")
        data = value.encode() if isinstance(value, str) else json.dumps(value).encode()
    else:
        data = b""
    return _event(envelope, data)


def _event(attributes, data):
    missing = [name for name in ("id", "type", "source") if not attributes.get(name)]
    if missing:
        raise ValueError(f"the CloudEvent has no {', '.join(missing)}")
    known = {"id", "type", "source", "time", "subject", "datacontenttype", "correlationid"}
    known |= {"traceparent"}
    return Event(
        data=data,
        **{name: str(attributes[name]) for name in known if attributes.get(name)},
        extensions={
            name: value
            for name, value in attributes.items()
            if name not in known and name != "specversion"
        },
    )
