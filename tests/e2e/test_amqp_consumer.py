"""The AMQP consumer killed between the commit of a delivery and its acknowledgement: the
broker delivers it again and the hub records the repeat as a duplicate, nothing processed
twice. A real RabbitMQ and the real consumer process (``integration-amqp-consume``); the kill
is a SIGKILL the consumer sends itself where it would acknowledge. About 1-2 min with the
database's creation (integration_amqp installed), run alone by its own fixture.
"""

import importlib.util
import json
import os
import signal
import subprocess
import sys

import pytest
from e2e_support import (
    PYTHON,
    ROOT,
    RUN_DIR,
    Database,
    create_database,
    drop_database,
    odoo_config,
    prepare_odoo,
    run_shell,
    shell_params,
    wait_until,
)

DB = os.environ.get("INTEGRATION_E2E_DB", "integration_e2e") + "_amqp"
QUEUE = "orders.in"
FLOW = "amqp-orders"
# The consumer with its acknowledgement replaced by a SIGKILL: the crash after the commit.
KILLED_AT_ACK = (
    "import os, signal, sys\n"
    "from pika.adapters.blocking_connection import BlockingChannel\n"
    "BlockingChannel.basic_ack = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)\n"
    "from odoo.cli.command import main\n"
    "main()\n"
)
SETUP = """
customer = env["res.partner"].create({"name": "AMQP Retail", "is_company": True})
env["product.product"].create({"name": "AMQP widget", "default_code": "WIDGET-1"})
partner = env["integration.partner"].create(
    {"name": "AMQP partner", "code": "amqp", "partner_id": customer.id}
)
endpoint = env["integration.endpoint"].create(
    {"name": "Broker", "partner_id": partner.id, "transport": "amqp", "url": params["url"]}
)
flow = env["integration.flow"].create(
    {
        "name": "Orders from the broker",
        "code": params["flow"],
        "partner_id": partner.id,
        "direction": "inbound",
        "document_type": "order",
        "endpoint_id": endpoint.id,
        "amqp_queue": params["queue"],
    }
)
result = {"flow_id": flow.id}
"""


def rabbitmq_module():
    path = ROOT / "addons" / "integration_amqp" / "tests" / "rabbitmq.py"
    spec = importlib.util.spec_from_file_location("integration_amqp_rabbitmq", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def amqp_hub():
    prepare_odoo()
    with rabbitmq_module().RabbitMQ() as broker:
        create_database(DB, modules="integration_amqp")
        data = run_shell(DB, shell_params(url=broker.url, flow=FLOW, queue=QUEUE) + SETUP)
        channel = broker.channel()
        channel.queue_declare(QUEUE, durable=True)
        channel.connection.close()
        try:
            yield broker, data
        finally:
            if os.environ.get("INTEGRATION_E2E_KEEP") != "1":
                drop_database(DB)


def consumer(program=None):
    """The consumer process of the flow (``program``: Python run instead of odoo-bin)."""
    addons = odoo_config().get("options", "addons_path")
    args = [f"--addons-path={addons}", "integration-amqp-consume", "-c"]
    args += [str(ROOT / ".local" / "odoo.conf"), "-d", DB, "--flow", FLOW]
    head = [PYTHON, "-c", program] if program else [PYTHON, str(ROOT / ".local" / "odoo-bin")]
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    log = open(RUN_DIR / f"{DB}-consumer.log", "ab")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(  # noqa: S603 - our own program
        head + args, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
    )


def test_consumer_killed_between_commit_and_ack(amqp_hub):
    import pika  # noqa: PLC0415 - the suite's requirement, not the e2e support's

    broker, data = amqp_hub
    db = Database(DB)
    event = {
        "specversion": "1.0",
        "id": "evt-kill-1",
        "type": "com.acme.order",
        "source": "/acme/orders",
        "datacontenttype": "application/json",
        "data": {
            "order_ref": "PO-AMQP-1",
            "order_date": "2026-11-20",
            "currency": "USD",
            "customer": {"external_id": "ACME", "name": "AMQP Retail"},
            "lines": [
                {"line_ref": "1", "product_code": "WIDGET-1", "quantity": 2, "unit_price": 5}
            ],
        },
    }
    channel = broker.channel()
    channel.basic_publish(
        "",
        QUEUE,
        json.dumps(event).encode(),
        pika.BasicProperties(content_type="application/cloudevents+json", delivery_mode=2),
    )
    channel.connection.close()

    def messages():
        return db.query(
            "SELECT id, state, duplicate_of_id FROM integration_message"
            " WHERE flow_id = %s ORDER BY id",
            (data["flow_id"],),
        )

    killed = consumer(KILLED_AT_ACK)
    assert killed.wait(180) == -signal.SIGKILL, "the consumer did not reach its acknowledgement"
    [(original, state, _dup)] = messages()
    assert state == "received", "committed before the acknowledgement"

    again = consumer()
    try:
        wait_until(lambda: len(messages()) == 2, 120, message=lambda: messages())
    finally:
        again.send_signal(signal.SIGTERM)  # it stops after acknowledging the delivery in hand
        assert again.wait(30) == 0, "the consumer stops cleanly on SIGTERM"
    assert ready_in_queue(broker) == 0, "the redelivery was acknowledged"
    [first, repeat] = messages()
    assert first[0] == original
    assert repeat[1:] == ("duplicate", original)
    jobs = db.scalar(
        "SELECT count(*) FROM queue_job WHERE identity_key LIKE 'integration.message:%%'"
        " AND split_part(identity_key, ':', 2)::int IN %s",
        ((first[0], repeat[0]),),
    )
    assert jobs == 1, "only the original is processed"


def ready_in_queue(broker):
    """Messages of the queue not acknowledged (with no consumer, all are ready again)."""
    channel = broker.channel()
    try:
        return channel.queue_declare(QUEUE, durable=True, passive=True).method.message_count
    finally:
        channel.connection.close()


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q", "-s"]))
