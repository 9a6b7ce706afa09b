"""Partners posting orders concurrently, and what the hub must have made of them.

Shared by the single-server and the multi-node end-to-end tests and by bench/bench_scale.py.
"""

import random
import threading
import time
from collections import Counter, defaultdict, namedtuple
from concurrent.futures import ThreadPoolExecutor

import requests
from e2e_support import order_body, run_id

# What a partner retries with the same Idempotency-Key: no answer, or the proxy's "no node".
RETRYABLE = (None, 502, 503, 504)

# status: of the last attempt (None: no answer); outcome: the message id on 200/202, else why;
# attempts: the status of each attempt.
Answer = namedtuple("Answer", "key status outcome attempts")


def post_all(hub, items, clients, retry_for=0.0, flow=None):
    """POST (idempotency key, body) ``items`` to ``flow`` from ``clients`` threads, each with
    its own HTTP session; the answers in the items' order.

    With ``retry_for`` seconds, an attempt without an answer or answered 502/503/504 is sent
    again with the same key (what the API asks of a partner) until that time has passed.
    """
    flow = flow or hub.data["flow"]
    local = threading.local()

    def post(item):
        key, body = item
        if not hasattr(local, "session"):
            local.session = requests.Session()
        deadline = time.monotonic() + retry_for
        attempts = []
        while True:
            try:
                response = hub.post(
                    flow, body, headers={"Idempotency-Key": key}, session=local.session
                )
                status = response.status_code
                outcome = response.json().get("id") if status in (200, 202) else None
                outcome = outcome or response.text[:300]
            except requests.RequestException as err:
                status, outcome = None, repr(err)
                local.session = requests.Session()  # a fresh connection after a broken one
            attempts.append(status)
            if status not in RETRYABLE or time.monotonic() > deadline:
                return Answer(key, status, outcome, attempts)
            time.sleep(0.5)

    with ThreadPoolExecutor(clients) as pool:
        return list(pool.map(post, items))


def order_items(prefix, key_prefix, orders, lines=lambda n: 2):
    """(Idempotency-Key, body) of ``orders`` orders referenced ``<prefix><n>``."""
    return [
        (f"{key_prefix}{n:03d}", order_body(f"{prefix}{n:03d}", lines=lines(n)))
        for n in range(orders)
    ]


def assert_answered(answers):
    """Every order accepted (202) or recognised as already received (200)."""
    unexpected = [a for a in answers if a.status not in (200, 202)]
    assert not unexpected, f"{len(unexpected)} answers not 200/202, e.g. {unexpected[:3]}"


def assert_processed_once(hub, since, prefix, orders):
    """Each of the ``orders`` orders referenced ``<prefix>...`` received after message
    ``since`` made exactly one confirmed sale order, linked to its message; no step of the
    pipeline was logged as done twice. The messages by state are returned."""
    states = dict(
        hub.query(
            "SELECT state, count(*) FROM integration_message WHERE id > %s AND flow_id = %s"
            " GROUP BY 1",
            (since, hub.data["flow_id"]),
        )
    )
    assert states.get("processed") == orders, states
    assert set(states) <= {"processed", "duplicate"}, states
    sale_orders = hub.query(
        "SELECT client_order_ref, count(*), min(state) FROM sale_order"
        " WHERE client_order_ref LIKE %s GROUP BY 1",
        (prefix + "%",),
    )
    assert len(sale_orders) == orders, len(sale_orders)
    wrong = [o for o in sale_orders if o[1] != 1 or o[2] != "sale"]
    assert not wrong, f"sale orders created twice or not confirmed: {wrong[:5]}"
    assert (
        hub.scalar(
            "SELECT count(DISTINCT m.res_id) FROM integration_message m"
            " JOIN sale_order s ON s.id = m.res_id AND m.res_model = 'sale.order'"
            " WHERE m.id > %s AND m.flow_id = %s AND m.state = 'processed'"
            " AND s.client_order_ref LIKE %s",
            (since, hub.data["flow_id"], prefix + "%"),
        )
        == orders
    )
    twice = hub.query(
        "SELECT message_id, event, count(*) FROM integration_log"
        " WHERE message_id > %s AND event IN ('parse', 'validate', 'map', 'process')"
        " AND level = 'info' AND description LIKE 'Step %%'"
        " GROUP BY 1, 2 HAVING count(*) > 1 LIMIT 5",
        (since,),
    )
    assert not twice, f"steps logged as done twice: {twice}"
    return states


def assert_no_failed_jobs(hub):
    failed = hub.scalar(
        "SELECT count(*) FROM queue_job"
        " WHERE state = 'failed' AND channel LIKE 'root.integration%%'"
    )
    assert failed == 0, hub.describe_pipeline()


def duplicate_storm(hub, orders=200, repeats=3, clients=8):
    """A partner retrying everything: ``orders`` orders, each posted ``repeats`` times with one
    Idempotency-Key, from ``clients`` concurrent clients in random order. Each order must
    become exactly one sale order, every repeat a duplicate of it."""
    tag = run_id()
    prefix = f"STORM-{tag}-"
    since = hub.last_message_id()
    items = [
        item
        for item in order_items(prefix, f"storm-{tag}-", orders, lines=lambda n: 1 + n % 2)
        for _ in range(repeats)
    ]
    random.Random(tag).shuffle(items)

    answers = post_all(hub, items, clients)

    statuses = Counter(a.status for a in answers)
    print(f"\n[storm] answers by status: {dict(statuses)}")
    assert_answered(answers)
    assert len(answers) == orders * repeats
    # Per key: one 202, then the same message id for every repeat.
    by_key = defaultdict(set)
    for answer in answers:
        by_key[answer.key].add(answer.outcome)
    assert all(len(ids) == 1 for ids in by_key.values()), by_key
    assert statuses[202] == orders, statuses
    assert statuses[200] == orders * (repeats - 1), statuses

    hub.wait_drained(420)

    states = dict(
        hub.query(
            "SELECT state, count(*) FROM integration_message"
            " WHERE id > %s AND partner_reference LIKE %s GROUP BY 1",
            (since, f"storm-{tag}-%"),
        )
    )
    print(f"[storm] messages by state: {states}")
    assert states == {"processed": orders, "duplicate": orders * (repeats - 1)}, states
    # Nothing lost: one row per request, and nothing else arrived on the flow meanwhile.
    assert (
        hub.scalar(
            "SELECT count(*) FROM integration_message WHERE id > %s AND flow_id = %s",
            (since, hub.data["flow_id"]),
        )
        == orders * repeats
    )
    # Every duplicate points at the processed original of its key.
    assert not hub.query(
        "SELECT d.id FROM integration_message d"
        " LEFT JOIN integration_message o ON o.id = d.duplicate_of_id"
        " WHERE d.id > %s AND d.partner_reference LIKE %s AND d.state = 'duplicate'"
        " AND (o.id IS NULL OR o.partner_reference != d.partner_reference"
        "      OR o.state != 'processed')",
        (since, f"storm-{tag}-%"),
    )
    assert_processed_once(hub, since, prefix, orders)
    assert_no_failed_jobs(hub)
