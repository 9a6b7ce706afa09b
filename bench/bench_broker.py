"""The AMQP transport publishing 10,000 events against pika publishing the same payloads.

A real RabbitMQ on 127.0.0.1 (``integration_amqp/tests/rabbitmq.py``), one durable queue
bound to a topic exchange. In each round, same run, same broker, alternating:

* **transport**: ``integration.transport.amqp._send`` of outbound messages (a pool of 200,
  each sent 50 times): the CloudEvent envelope (structured mode, trace context), the AMQP
  properties, the endpoint's circuit breaker, a persistent mandatory publish confirmed by
  the broker, one at a time, as the send step does;
* **reference**: pika alone on one confirmed channel publishing the same payloads, persistent,
  mandatory, each confirmed before the next.

It prints the ratio reference time / transport time (1.0: as fast as bare pika; target
>= 0.7) and the load average at the start: on a shared machine the ratio is indicative only.

Run from the repository root, with the suite's requirements installed, rabbitmq-server
installed and .local/odoo.conf written (``./tools/test`` or ``./tools/serve`` write it):

    python3 bench/bench_broker.py [--db broker_bench] [--events 10000] [--rounds 1] [--keep]

It (re)creates the scratch database ``broker_bench`` with integration_amqp installed without
demo data, runs itself inside ``odoo shell`` on it (nothing committed), and drops it after.
"""

import argparse
import importlib.util
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent if "__file__" in globals() else Path.cwd()
POOL = 200
EXCHANGE = "bench.events"
QUEUE = "bench.consumer"


# ---------------------------------------------------------------------------- launcher
def launch():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--db", default="broker_bench", help="scratch database (dropped first)")
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(
        f"load average (1 min) before the run: {load:.2f}"
        + ("" if load < 1.0 else " - NOT quiet: the ratio is indicative only"),
        flush=True,
    )
    from scratch import run_in_scratch_db  # noqa: PLC0415 - not inside odoo shell

    run_in_scratch_db(
        __file__,
        args.db,
        "integration_amqp",
        {"BENCH_EVENTS": str(args.events), "BENCH_ROUNDS": str(args.rounds)},
        keep=args.keep,
    )


# ---------------------------------------------------------------------------- measure
def rabbitmq():
    path = ROOT / "addons" / "integration_amqp" / "tests" / "rabbitmq.py"
    spec = importlib.util.spec_from_file_location("bench_rabbitmq", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.RabbitMQ()


def setup(env, broker):
    """An outbound flow publishing to the bench exchange, and POOL messages with payloads."""
    channel = broker.channel()
    channel.exchange_declare(EXCHANGE, "topic", durable=True)
    channel.queue_declare(QUEUE, durable=True)
    channel.queue_bind(QUEUE, EXCHANGE, "#")
    channel.connection.close()
    partner = env["integration.partner"].create({"name": "Bench bus", "code": "bench-bus"})
    endpoint = env["integration.endpoint"].create(
        {
            "name": "Bench broker",
            "partner_id": partner.id,
            "transport": "amqp",
            "url": broker.url,
        }
    )
    flow = env["integration.flow"].create(
        {
            "name": "Bench events",
            "code": "bench-events",
            "partner_id": partner.id,
            "direction": "outbound",
            "document_type": "order_ack",
            "endpoint_id": endpoint.id,
            "amqp_exchange": EXCHANGE,
            "amqp_routing_key": "bench.order_ack",
        }
    )
    payloads = [
        json.dumps({"order_ref": f"PO-{n}", "lines": [{"sku": "W-1", "qty": n}] * 8}).encode()
        for n in range(POOL)
    ]
    Message = env["integration.message"]
    messages = [Message._queue_payload(flow, payload) for payload in payloads]
    return endpoint, messages, payloads


def transport_run(env, endpoint, messages, payloads, events):
    transport = env["integration.transport.amqp"]
    started = time.perf_counter()
    for n in range(events):
        transport._send(messages[n % POOL], endpoint, payloads[n % POOL])
    return time.perf_counter() - started


def reference_run(broker, payloads, events):
    import pika  # noqa: PLC0415 - inside odoo shell

    channel = pika.BlockingConnection(pika.URLParameters(broker.url)).channel()
    channel.confirm_delivery()
    started = time.perf_counter()
    for n in range(events):
        properties = pika.BasicProperties(
            content_type="application/json", delivery_mode=2, message_id=f"ref-{n}"
        )
        channel.basic_publish(
            EXCHANGE, "bench.order_ack", payloads[n % POOL], properties, mandatory=True
        )
    elapsed = time.perf_counter() - started
    channel.connection.close()
    return elapsed


def purge(broker):
    channel = broker.channel()
    channel.queue_purge(QUEUE)
    channel.connection.close()


def measure(env):
    events = int(os.environ.get("BENCH_EVENTS", 10_000))
    rounds = int(os.environ.get("BENCH_ROUNDS", 1))
    env = env(context=dict(env.context, tracking_disable=True))
    ratios = []
    with rabbitmq() as broker:
        endpoint, messages, payloads = setup(env, broker)
        for number in range(1, rounds + 1):
            reference = reference_run(broker, payloads, events)
            purge(broker)
            transport = transport_run(env, endpoint, messages, payloads, events)
            purge(broker)
            ratios.append(reference / transport)
            print(
                f"round {number}: pika {events / reference:,.0f} events/s, transport"
                f" {events / transport:,.0f} events/s, ratio {reference / transport:.2f}",
                flush=True,
            )
    env.cr.rollback()
    best = max(ratios)
    print(f"\n{events} events, best of {rounds} rounds; ratio = pika time / transport time")
    print(f"{'AMQP transport vs bare pika (confirmed, persistent)':56}{best:>6.2f}")
    print(f"target ratio >= 0.7: {'met' if best >= 0.7 else 'NOT met'}")
    return 0 if best >= 0.7 else 1


if "env" in globals():  # inside odoo shell
    sys.exit(measure(globals()["env"]))
elif __name__ == "__main__":
    launch()
