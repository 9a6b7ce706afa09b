"""A partner retrying everything: 200 orders, each posted 3 times with one Idempotency-Key,
from 8 concurrent clients in random order. Each order must become exactly one sale order."""

import random
import threading
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor

import requests
from e2e_support import order_body, run_id

ORDERS = 200
REPEATS = 3
CLIENTS = 8


def test_duplicate_storm(hub):
    tag = run_id()
    prefix = f"STORM-{tag}-"
    since = hub.last_message_id()
    requests_ = [
        (f"storm-{tag}-{n:03d}", order_body(f"{prefix}{n:03d}", lines=1 + n % 2))
        for n in range(ORDERS)
        for _ in range(REPEATS)
    ]
    random.Random(tag).shuffle(requests_)
    local = threading.local()

    def post(item):
        key, body = item
        if not hasattr(local, "session"):
            local.session = requests.Session()
        try:
            response = hub.post(
                hub.data["flow"], body, headers={"Idempotency-Key": key}, session=local.session
            )
        except requests.RequestException as err:
            return key, None, repr(err)
        message_id = response.json().get("id") if response.status_code in (200, 202) else None
        return key, response.status_code, message_id if message_id else response.text[:300]

    with ThreadPoolExecutor(CLIENTS) as pool:
        answers = list(pool.map(post, requests_))

    statuses = Counter(status for _key, status, _id in answers)
    print(f"\n[storm] answers by status: {dict(statuses)}")
    unexpected = [a for a in answers if a[1] not in (200, 202)]
    assert not unexpected, f"{len(unexpected)} answers not 200/202, e.g. {unexpected[:3]}"
    assert len(answers) == ORDERS * REPEATS
    # Per key: one 202, then the same message id for every repeat.
    by_key = defaultdict(list)
    for key, status, message_id in answers:
        by_key[key].append((status, message_id))
    for key, results in by_key.items():
        assert len({message_id for _s, message_id in results}) == 1, (key, results)
    assert statuses[202] == ORDERS, statuses
    assert statuses[200] == ORDERS * (REPEATS - 1), statuses

    hub.wait_drained(420)

    states = dict(
        hub.query(
            "SELECT state, count(*) FROM integration_message"
            " WHERE id > %s AND partner_reference LIKE %s GROUP BY 1",
            (since, f"storm-{tag}-%"),
        )
    )
    print(f"[storm] messages by state: {states}")
    assert states == {"processed": ORDERS, "duplicate": ORDERS * (REPEATS - 1)}, states
    # Nothing lost: one row per request, and nothing else arrived on the flow meanwhile.
    assert (
        hub.scalar(
            "SELECT count(*) FROM integration_message WHERE id > %s AND flow_id = %s",
            (since, hub.data["flow_id"]),
        )
        == ORDERS * REPEATS
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
    orders = hub.query(
        "SELECT client_order_ref, count(*), min(state) FROM sale_order"
        " WHERE client_order_ref LIKE %s GROUP BY 1",
        (prefix + "%",),
    )
    assert len(orders) == ORDERS, len(orders)
    assert all(count == 1 and state == "sale" for _ref, count, state in orders), [
        o for o in orders if o[1] != 1 or o[2] != "sale"
    ][:5]
    failed_jobs = hub.scalar(
        "SELECT count(*) FROM queue_job"
        " WHERE state = 'failed' AND channel LIKE 'root.integration%%'"
    )
    assert failed_jobs == 0
