import base64
import json

import pytest

from odoo.addons.integration_amqp.services import cloudevents


def event(**values):
    return cloudevents.Event(
        **{"id": "MSG-1", "type": "odoo.integration.order_ack", "source": "urn:x", **values}
    )


def test_json_data_travels_as_json_and_other_data_as_base64():
    body = event(data=b'{"a": 1}', datacontenttype="application/json", correlationid="c")
    envelope = json.loads(body.structured())
    assert envelope["data"] == {"a": 1}
    assert (envelope["specversion"], envelope["correlationid"]) == ("1.0", "c")
    x12 = event(data=b"ISA*00~", datacontenttype="application/edi-x12").structured()
    assert base64.b64decode(json.loads(x12)["data_base64"]) == b"ISA*00~"


def test_structured_events_read_back_as_sent():
    sent = event(
        data=b"ISA*00~",
        datacontenttype="application/edi-x12",
        traceparent="00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        extensions={"integrationevent": "order_confirmed"},
    )
    read = cloudevents.read(sent.structured(), cloudevents.STRUCTURED)
    assert read == sent


def test_binary_and_plain_messages():
    headers = {"cloudEvents:id": "e-1", "cloudEvents:type": "t", "cloudEvents:source": "s"}
    read = cloudevents.read(b"{}", "application/json", headers)
    assert (read.id, read.data, read.datacontenttype) == ("e-1", b"{}", "application/json")
    plain = cloudevents.read(b"raw", "text/plain", None, message_id="m-9")
    assert (plain.id, plain.data) == ("m-9", b"raw")


def test_a_broken_envelope_says_what_is_wrong():
    with pytest.raises(ValueError, match="not JSON"):
        cloudevents.read(b"{", cloudevents.STRUCTURED)
    with pytest.raises(ValueError, match="no id, source"):
        cloudevents.read(b'{"type": "t"}', cloudevents.STRUCTURED)
