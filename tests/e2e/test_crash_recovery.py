"""A power cut in the middle of processing: SIGKILL the whole server while jobs run, restart
it, and every order must still be processed exactly once."""

from e2e_support import run_id
from storms import assert_processed_once, order_items, post_all

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

    answers = post_all(hub, order_items(prefix, f"crash-{tag}-", ORDERS), CLIENTS)
    assert [a.status for a in answers] == [202] * ORDERS, answers

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

    states = assert_processed_once(hub, since, prefix, ORDERS)
    print(f"[crash] after restart, messages by state: {states}")
    assert states == {"processed": ORDERS}, states
    # queue_job counts each run in ``retry``: a job run again after the kill has retry > 1.
    requeued = hub.scalar(
        "SELECT count(*) FROM queue_job WHERE channel LIKE 'root.integration%%' AND retry > 1"
        " AND name LIKE ANY(SELECT name || ':%%' FROM integration_message WHERE id > %s)",
        (since,),
    )
    print(f"[crash] jobs run again after the restart (requeued as dead): {requeued}")
