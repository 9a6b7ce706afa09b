# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""``odoo-bin --addons-path=<paths> integration-amqp-consume -c <conf> -d <db> --flow <code>``:
take the messages of an inbound flow's queue into the hub, one transaction each.

Each delivery is acknowledged only after the transaction that stored it committed: a crash
between the two makes the broker deliver it again, and the receipt then records it as a
duplicate of the stored one (same event id), so nothing is processed twice. A lost broker is
waited for; SIGTERM or SIGINT stop after the delivery in hand.
"""

import argparse
import logging
import signal
import sys
import threading
import time
from pathlib import Path

from psycopg2 import OperationalError
from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.addons.integration_core.services import trace
from odoo.addons.integration_core.services.errors import IntegrationError
from odoo.cli import Command
from odoo.modules.registry import Registry
from odoo.tools import config

from ..services import amqp_client

_logger = logging.getLogger(__name__)
RECONNECT_MAX = 30.0  # seconds between attempts to reach a lost broker, at most


class IntegrationAmqpConsume(Command):
    """Consume an inbound flow's AMQP queue into the integration hub"""

    name = "integration-amqp-consume"

    def run(self, args):
        parser = argparse.ArgumentParser(
            prog=f"{Path(sys.argv[0]).name} {self.name}", add_help=False
        )
        parser.add_argument("--flow", required=True, help="code of the inbound flow")
        parser.add_argument("--company", type=int, help="company id, when codes repeat")
        parser.add_argument("--prefetch", type=int, default=10, help="unacknowledged at most")
        own, odoo_args = parser.parse_known_args(args)
        config.parser.prog = parser.prog
        config.parse_config(odoo_args, setup_logging=True)
        if not config["db_name"]:
            sys.exit("integration-amqp-consume: give the database with -d")
        Consumer(Registry(config["db_name"]), own.flow, own.company, own.prefetch).run()


class Consumer:
    """One flow's queue into the hub: deliveries stored one transaction each, acknowledged
    after commit; the broker reconnected to when lost."""

    def __init__(self, registry, flow_code, company_id=None, prefetch=10):
        self.registry = registry
        self.prefetch = prefetch
        self.stopping = False
        threading.current_thread().dbname = registry.db_name  # for the log lines
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            domain = [("code", "=", flow_code), ("direction", "=", "inbound")]
            if company_id:
                domain.append(("company_id", "=", company_id))
            flow = env["integration.flow"].search(domain)
            if len(flow) != 1 or flow.endpoint_id.transport != "amqp":
                sys.exit(
                    f"integration-amqp-consume: no single active inbound AMQP flow {flow_code!r}"
                )
            self.flow_id = flow.id
            self.queue = flow.amqp_queue
            self.broker = env["integration.transport.amqp"]._broker(flow.endpoint_id)

    def run(self):
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        delay = 1.0
        while not self.stopping:
            try:
                self._consume()
                delay = 1.0
            except IntegrationError as err:
                _logger.warning("Broker unavailable (%s); trying again in %.0f s", err, delay)
            except amqp_client.BROKER_ERRORS as err:
                _logger.warning("Broker connection lost (%r); reconnecting in %.0f s", err, delay)
            else:
                continue
            time.sleep(delay)
            delay = min(delay * 2, RECONNECT_MAX)
        _logger.info("Consumer of queue %s stopped", self.queue)

    def _stop(self, *_args):
        self.stopping = True

    def _consume(self):
        connection = amqp_client.connect(self.broker)
        try:
            channel = connection.channel()
            channel.basic_qos(prefetch_count=self.prefetch)
            _logger.info("Consuming queue %s into flow id %s", self.queue, self.flow_id)
            for method, properties, body in channel.consume(self.queue, inactivity_timeout=1):
                if self.stopping:
                    break
                if method is None:
                    continue
                if self._store(method, properties, body):
                    channel.basic_ack(method.delivery_tag)  # after the commit
                else:
                    channel.basic_nack(method.delivery_tag, requeue=True)
        finally:
            amqp_client.close(connection)

    def _store(self, method, properties, body):
        """Store one delivery in its own transaction; True once committed. A concurrency
        error is tried again, anything else put back in the queue after a pause."""
        for attempt in range(5):
            try:
                with self.registry.cursor() as cr:  # commits when the block ends
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    flow = env["integration.flow"].browse(self.flow_id)
                    message = env["integration.transport.amqp"]._receive_delivery(
                        flow, body, properties, routing_key=method.routing_key
                    )
                    with trace.activated(message.traceparent, message.correlation_id):
                        _logger.info("Delivery %s stored as %s", method.delivery_tag, message.name)
                return True
            except (SerializationFailure, OperationalError) as err:
                _logger.info("Delivery %s: %s; trying again", method.delivery_tag, err)
                time.sleep(0.1 * (attempt + 1))
            except Exception:
                _logger.exception("Delivery %s could not be stored", method.delivery_tag)
                break
        time.sleep(1.0)
        return False
