"""Publishing to and consuming from an AMQP 0-9-1 broker (RabbitMQ) with pika.

Publishes are persistent (delivery mode 2), mandatory and confirmed by the broker (publisher
confirms): ``publish`` returns once the broker took responsibility for the message, and raises
otherwise, so the pipeline retries what the broker never confirmed (at least once). pika's
blocking connection is not thread-safe: each thread keeps its own, reused between publishes.
"""

import contextlib
import logging
import os
import threading
import time
from dataclasses import dataclass

import pika
from pika import exceptions as pika_errors

from odoo.addons.integration_core.services.errors import (
    AuthenticationError,
    PermanentTransportError,
    TransportError,
)

PERSISTENT = pika.DeliveryMode.Persistent
# pika logs every failed connection attempt at ERROR with a traceback; the failure reaches the
# message's timeline and the exception queue as a TransportError instead.
logging.getLogger("pika").setLevel(logging.CRITICAL)
_local = threading.local()  # .connections: {(pid, url, user): BlockingConnection}


@dataclass(frozen=True)
class Broker:
    """Where and as whom to connect: an ``amqp://`` / ``amqps://`` URL (host, port, virtual
    host) and, when given, the credentials that replace the URL's."""

    url: str
    username: str | None = None
    password: str | None = None
    connect_timeout: float = 5.0
    blocked_timeout: float = 30.0

    def parameters(self):
        params = pika.URLParameters(self.url)
        if self.username:
            params.credentials = pika.PlainCredentials(self.username, self.password or "")
        params.socket_timeout = self.connect_timeout
        params.blocked_connection_timeout = self.blocked_timeout
        params.connection_attempts = 1
        params.heartbeat = 60
        return params

    @property
    def key(self):
        return (os.getpid(), self.url, self.username)


def connect(broker):
    """A new blocking connection, or the error the pipeline files (TransportError: retried;
    AuthenticationError: a person fixes the endpoint)."""
    try:
        return pika.BlockingConnection(broker.parameters())
    except (pika_errors.ProbableAuthenticationError, pika_errors.AuthenticationError) as err:
        raise AuthenticationError(f"The broker refused the credentials: {err!r}") from err
    except pika_errors.ProbableAccessDeniedError as err:
        raise AuthenticationError(f"The broker refused the virtual host: {err!r}") from err
    except (pika_errors.AMQPError, OSError) as err:
        raise TransportError(f"The broker at {_where(broker)} cannot be reached: {err!r}") from err


def _where(broker):
    params = pika.URLParameters(broker.url)
    return f"{params.host}:{params.port}"


def _channel(broker):
    """This thread's confirmed channel to ``broker``, opened again when it was closed."""
    connections = getattr(_local, "connections", None)
    if connections is None:
        connections = _local.connections = {}
    held = connections.get(broker.key)
    if held and held[0].is_open and held[1].is_open:
        return held[1], True  # a dropped one fails its publish, which is tried once more
    if held:
        close(held[0])
    connection = connect(broker)
    channel = connection.channel()
    channel.confirm_delivery()
    connections[broker.key] = (connection, channel)
    return channel, False


def forget(broker):
    """Drop this thread's connection to ``broker`` (after an error left it unusable)."""
    held = getattr(_local, "connections", {}).pop(broker.key, None)
    if held:
        close(held[0])


def close(connection):
    """Close ``connection``; one already lost is simply let go."""
    with contextlib.suppress(pika_errors.AMQPError, OSError):
        if connection.is_open:
            connection.close()


def publish(broker, exchange, routing_key, body, properties):
    """Publish ``body`` persistently and wait for the broker's confirm; return the time it
    took (ms). A connection found dead when reused is opened again once; anything else
    unconfirmed raises TransportError (retried), an unroutable message or a missing exchange
    PermanentTransportError (a person fixes the binding, then Retry)."""
    started = time.monotonic()
    for attempt in (1, 2):
        reused = False
        try:
            channel, reused = _channel(broker)
            channel.basic_publish(exchange, routing_key, body, properties, mandatory=True)
        except pika_errors.UnroutableError as err:
            raise PermanentTransportError(
                f"No queue is bound to exchange {exchange!r} with routing key {routing_key!r}:"
                " the broker returned the message.",
                hint="Bind a queue for this routing key on the broker, then Retry.",
            ) from err
        except pika_errors.NackError as err:
            forget(broker)
            raise TransportError(f"The broker refused the message (nack): {err!r}") from err
        except pika_errors.ChannelClosedByBroker as err:
            forget(broker)
            if err.reply_code == 404:
                raise PermanentTransportError(
                    f"The broker has no exchange {exchange!r}: {err.reply_text}",
                    hint="Declare the exchange on the broker (or correct the flow), then Retry.",
                ) from err
            raise TransportError(f"The broker closed the channel: {err!r}") from err
        except (pika_errors.AMQPError, OSError) as err:
            forget(broker)
            if reused and attempt == 1:
                continue  # a stale connection: once more on a new one
            raise TransportError(
                f"Publishing to {_where(broker)} was not confirmed: {err!r}"
            ) from err
        return (time.monotonic() - started) * 1000.0
    raise AssertionError("unreachable")


def properties(message_id, correlation_id, content_type, event_type, timestamp, app_id):
    """The AMQP properties of a published event: persistent, identified for the broker's
    tools and for consumers deduplicating by message id."""
    return pika.BasicProperties(
        content_type=content_type,
        delivery_mode=PERSISTENT,
        message_id=message_id,
        correlation_id=correlation_id or None,
        type=event_type,
        timestamp=int(timestamp),
        app_id=app_id,
    )


# What a consumer's lost broker raises while it consumes.
BROKER_ERRORS = (pika_errors.AMQPError, OSError)
