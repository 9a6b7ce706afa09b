# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import UTC

from odoo import api, models
from odoo.addons.integration_core.services import trace

from ..services import amqp_client, cloudevents

EVENT_TYPE_PREFIX = "odoo.integration."


class IntegrationTransportAmqp(models.AbstractModel):
    """Outbound documents and business events published to an AMQP broker as CloudEvents
    (structured mode), persistent and confirmed by the broker, behind the endpoint's circuit
    breaker; the endpoint's URL is the broker's (``amqp://host:5672/vhost``), its user name
    and password the login. Inbound: the consumer process (``integration-amqp-consume``)
    hands each delivery to ``_receive_delivery``."""

    _name = "integration.transport.amqp"
    _inherit = "integration.transport"
    _description = "AMQP transport"

    def _send(self, message, endpoint, payload):
        flow = message.flow_id
        event = self._event(message, payload)
        properties = amqp_client.properties(
            message_id=event.id,
            correlation_id=event.correlationid,
            content_type=cloudevents.STRUCTURED,
            event_type=event.type,
            timestamp=message.create_date.replace(tzinfo=UTC).timestamp(),
            app_id=event.source,
        )
        duration_ms = self._request(
            endpoint,
            "publish",
            flow._amqp_routing_key(),
            body=event.structured(),
            headers=properties,
            params={"exchange": flow.amqp_exchange or ""},
        )
        return {"duration_ms": duration_ms}

    def _request(self, endpoint, method, url_or_path, body=None, headers=None, params=None):
        """Publish ``body`` with routing key ``url_or_path`` to the exchange of ``params``,
        AMQP properties ``headers`` (``method`` is "publish"), behind the circuit breaker;
        returns the milliseconds until the broker confirmed it."""
        exchange = (params or {}).get("exchange", "")
        refused = self.env._("The circuit of endpoint %s is open: nothing was sent.", endpoint.name)
        with endpoint._behind_circuit(refused):
            return amqp_client.publish(self._broker(endpoint), exchange, url_or_path, body, headers)

    def _test_connection(self, endpoint):
        amqp_client.close(amqp_client.connect(self._broker(endpoint)))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("Connected to the broker of %s.", endpoint.name),
            },
        }

    def _broker(self, endpoint):
        return amqp_client.Broker(
            url=endpoint.url or "amqp://localhost",
            username=endpoint.username or None,
            password=endpoint._secret("password"),
            connect_timeout=endpoint.timeout_connect or 5.0,
            blocked_timeout=endpoint.timeout_read or 30.0,
        )

    def _event(self, message, payload):
        """The CloudEvent of ``message``: its id is the message's, so a consumer recognises a
        redelivery (at least once); its trace and correlation go with it."""
        flow = message.flow_id
        extensions = {"integrationevent": flow.event} if flow.event else {}
        return cloudevents.Event(
            id=message.name,
            type=EVENT_TYPE_PREFIX + message.document_type,
            source=f"urn:odoo-integration:{self.env.cr.dbname}:flow:{flow.code}",
            data=payload,
            time=message.create_date.isoformat(timespec="milliseconds") + "Z",
            subject=message.reference or None,
            datacontenttype=flow._codec()._features().content_type,
            correlationid=message.correlation_id,
            traceparent=trace.current() or trace.child_of(message.traceparent),
            extensions=extensions,
        )

    @api.model
    def _receive_delivery(self, flow, body, properties, routing_key=None):
        """Store one broker delivery as a message of inbound ``flow`` (the API's receipt:
        stored first, a repeat by its event id recorded as a duplicate). The consumer commits,
        then acknowledges the delivery."""
        try:
            event = cloudevents.read(
                body, properties.content_type, properties.headers, properties.message_id
            )
        except ValueError:
            # Not a readable CloudEvent: kept as received; the flow's codec says what is wrong.
            event = cloudevents.Event(id=properties.message_id or "", type="", source="", data=body)
        headers = {
            "Content-Type": event.datacontenttype or properties.content_type or "",
            "CloudEvent-Type": event.type,
            "CloudEvent-Source": event.source,
            "AMQP-Routing-Key": routing_key or "",
        }
        return flow._receive(
            event.data,
            headers={name: value for name, value in headers.items() if value},
            idempotency_key=event.id or None,
            correlation_id=event.correlationid or properties.correlation_id or None,
            traceparent=event.traceparent,
        )
