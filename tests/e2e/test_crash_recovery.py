"""A power cut in the middle of processing: SIGKILL the whole server while jobs run, restart
it, and every order must still be processed exactly once."""

from concurrent.futures import ThreadPoolExecutor

from e2e_support import order_body, run_id

ORDERS = 200
CLIENTS = 4


def test_crash_recovery(hub):
    tag = run_id()
    prefix = f"CRASH-{tag}-"
    since = hub.last_message_id()

    def processed():
        return hub.scalar(
            "SELECT count(*) FROM integration_message"
            " WHERE id > %s AND flow_id = %s AND state = 'processed'",
            (since, hub.data["flow_id"]),
        )

    def post(n):
        response = hub.post(
            hub.data["flow"],
            order_body(f"{prefix}{n:03d}", lines=2),
            headers={"Idempotency-Key": f"crash-{tag}-{n:03d}"},
        )
        return response.status_code

    with ThreadPoolExecutor(CLIENTS) as pool:
        statuses = list(pool.map(post, range(ORDERS)))
    assert statuses == [202] * ORDERS, statuses

    # Kill once 20 % are processed (at once if the runner is already past that).
    hub.wait_until(lambda: processed() >= ORDERS * 0.2, 300, interval=0.2)
    running = hub.scalar(
        "SELECT count(*) FROM queue_job WHERE channel LIKE 'root.integration%%'"
        " AND state IN ('enqueued', 'started')"
    )
    done_at_kill = processed()
    hub.kill9()
    after_kill = hub.query(
        "SELECT state, count(*) FROM queue_job WHERE channel LIKE 'root.integration%%'"
        " AND state IN ('pending', 'enqueued', 'started') GROUP BY 1"
    )
    print(
        f"\n[crash] killed with {done_at_kill}/{ORDERS} processed, {running} jobs running;"
        f" unfinished jobs left by the kill: {dict(after_kill)}"
    )
    assert done_at_kill < ORDERS, "everything was processed before the kill: nothing tested"

    hub.start()
    # queue_job requeues jobs left 'started'/'enqueued' by a dead worker after ~10 s.
    hub.wait_drained(480)

    states = dict(
        hub.query(
            "SELECT state, count(*) FROM integration_message WHERE id > %s AND flow_id = %s"
            " GROUP BY 1",
            (since, hub.data["flow_id"]),
        )
    )
    print(f"[crash] after restart, messages by state: {states}")
    assert states == {"processed": ORDERS}, states
    orders = hub.query(
        "SELECT client_order_ref, count(*) FROM sale_order WHERE client_order_ref LIKE %s"
        " GROUP BY 1",
        (prefix + "%",),
    )
    assert len(orders) == ORDERS
    duplicated = [ref for ref, count in orders if count != 1]
    assert not duplicated, f"sale orders created twice: {duplicated}"
    # Each message is linked to its own sale order, and no step ran twice to completion.
    assert (
        hub.scalar(
            "SELECT count(DISTINCT m.res_id) FROM integration_message m"
            " JOIN sale_order s ON s.id = m.res_id AND m.res_model = 'sale.order'"
            " WHERE m.id > %s AND m.flow_id = %s AND s.client_order_ref LIKE %s",
            (since, hub.data["flow_id"], prefix + "%"),
        )
        == ORDERS
    )
    twice = hub.query(
        "SELECT message_id, event, count(*) FROM integration_log"
        " WHERE message_id > %s AND event IN ('parse', 'validate', 'map', 'process')"
        " AND level = 'info' AND description LIKE 'Step %%'"
        " GROUP BY 1, 2 HAVING count(*) > 1 LIMIT 5",
        (since,),
    )
    assert not twice, f"steps logged as done twice: {twice}"
    # queue_job counts each run in ``retry``: a job run again after the kill has retry > 1.
    requeued = hub.scalar(
        "SELECT count(*) FROM queue_job WHERE channel LIKE 'root.integration%%' AND retry > 1"
        " AND name LIKE ANY(SELECT name || ':%%' FROM integration_message WHERE id > %s)",
        (since,),
    )
    print(f"[crash] jobs run again after the restart (requeued as dead): {requeued}")
