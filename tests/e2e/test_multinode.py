"""Several nodes on one database, as the hub scales: nginx in front of two Odoo web nodes (two
HTTP workers each, no job runner, no cron) and a third Odoo process running only the queue_job
runner, which dispatches every job through nginx (tests/e2e/cluster.py).

The cluster runs on the e2e database (conftest.py's ``hub``), whose single server, job runner
included, is stopped meanwhile and started again after the module: one database to install.
The file takes longer than 3 minutes: 7.8 min measured on 2 cores shared with other test
runs (load average 8 to 13), the e2e database's install (shared with the other e2e tests) not
counted: 1 min to start the cluster, 0.7 min to stop it, every test under 3 minutes (the
longest, the storm through the proxy, 2.6 min: 600 requests and 200 orders' jobs).
"""

import os
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from cluster import FAIL_TIMEOUT, NGINX, Cluster
from e2e_support import order_body, run_id, wait_until
from storms import (
    assert_answered,
    assert_no_failed_jobs,
    assert_processed_once,
    duplicate_storm,
    order_items,
    post_all,
)

PROMPT = 5.0  # seconds within which a request counts as answered (a loaded machine included)


@pytest.fixture(scope="module")
def cluster(hub):
    if not os.access(NGINX, os.X_OK):
        pytest.fail(f"{NGINX} is needed by the multi-node tests: apt-get install nginx")
    started = time.monotonic()
    # One job runner per database: the single server's goes, and comes back after.
    hub.server.stop()
    cluster = Cluster(hub.server.db, hub.data, hub.admin_password, nodes=2)
    try:
        cluster.start()
        took = time.monotonic() - started
        print(f"\n[cluster] 2 nodes, nginx and the runner ready in {took:.0f} s")
        yield cluster
    finally:
        cluster.stop()
        hub.server.start()


def processed(hub, since):
    return hub.scalar(
        "SELECT count(*) FROM integration_message"
        " WHERE id > %s AND flow_id = %s AND state = 'processed'",
        (since, hub.data["flow_id"]),
    )


# ---------------------------------------------------------------------- slow clients
class SlowPost(threading.Thread):
    """An order POSTed over a raw socket whose body trickles at 1 byte/s until ``finish()``,
    then goes out whole; ``status`` is the answer's."""

    def __init__(self, hub, port, key):
        super().__init__(daemon=True)
        self.body = order_body(key.upper())
        head = (
            f"POST /api/integration/v1/flows/{hub.data['flow']}/messages HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{port}\r\nAuthorization: Bearer {hub.key}\r\n"
            f"Content-Type: application/json\r\nIdempotency-Key: {key}\r\n"
            f"Content-Length: {len(self.body)}\r\nConnection: close\r\n\r\n"
        )
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=120)
        self.sock.sendall(head.encode())
        self.done = threading.Event()
        self.status = None

    def run(self):
        sent = 0
        while not self.done.wait(1.0) and sent < len(self.body) - 1:
            self.sock.sendall(self.body[sent : sent + 1])
            sent += 1
        self.sock.sendall(self.body[sent:])
        answer = self.sock.makefile("rb").readline().split()
        self.status = int(answer[1]) if len(answer) > 1 else None
        self.sock.close()

    def finish(self):
        self.done.set()
        self.join(60)


def slow_posts(hub, port, count, tag):
    posts = [SlowPost(hub, port, f"slow-{tag}-{n}") for n in range(count)]
    for post in posts:
        post.start()
    return posts


def seconds(took):
    return "(no answer)" if took is None else f"{took:.2f} s"


def answers_within(url, timeout=PROMPT, **kwargs):
    """Seconds the request took, or None when no answer came within ``timeout``."""
    started = time.monotonic()
    try:
        kwargs.setdefault("method", "GET")
        requests.request(url=url, timeout=timeout, **kwargs)
    except requests.Timeout:
        return None
    return time.monotonic() - started


def test_slow_clients_do_not_block_the_nodes(cluster):
    """Bodies sent at 1 byte/s hold an Odoo worker each when they reach a node, not when nginx
    buffers them. First the problem, straight to a node: as many slow bodies as it has workers
    and it answers nothing. Then through nginx: as many slow bodies as the cluster has
    workers, and a normal POST through nginx and each node directly answer at once."""
    hub, node = cluster.hub, cluster.nodes[0]
    tag = run_id()
    direct = slow_posts(hub, node.http_port, node.workers, f"{tag}-direct")
    time.sleep(1.5)  # the node's workers read the headers and wait for the body
    try:
        blocked = answers_within(f"{node.api_url}/health")
    finally:
        for post in direct:
            post.finish()
    assert blocked is None, f"the node answered in {blocked:.1f} s with its workers held"
    assert [post.status for post in direct] == [202] * node.workers

    proxied = slow_posts(hub, cluster.proxy.port, sum(n.workers for n in cluster.nodes), tag)
    try:
        time.sleep(2.5)
        key = f"slow-{tag}-normal"
        took = answers_within(
            f"{hub.api_url}/flows/{hub.data['flow']}/messages",
            method="POST",
            data=order_body(key.upper()),
            headers={
                "Authorization": f"Bearer {hub.key}",
                "Content-Type": "application/json",
                "Idempotency-Key": key,
            },
        )
        direct_health = [answers_within(f"{n.api_url}/health") for n in cluster.nodes]
        still_sending = sum(post.is_alive() for post in proxied)
    finally:
        for post in proxied:
            post.finish()
    print(
        f"\n[slow] through nginx with {len(proxied)} slow bodies: POST answered in"
        f" {seconds(took)}, the nodes' /health directly in {[seconds(t) for t in direct_health]}"
    )
    assert still_sending == len(proxied), "the slow bodies ended before the checks"
    assert took is not None, "a normal POST through nginx got no answer in time"
    assert None not in direct_health, direct_health
    assert [post.status for post in proxied] == [202] * len(proxied)
    hub.wait_drained(120)


# ---------------------------------------------------------------------- storms and kills
def test_duplicate_storm_through_the_proxy(cluster):
    """200 orders x 3 from 8 clients through nginx: exactly 200 sale orders; both nodes
    served the API and ran jobs."""
    since_log = cluster.proxy.access_log_size()
    duplicate_storm(cluster.hub, orders=200, repeats=3, clients=8)
    posts = cluster.proxy.served_by(since_log, "/api/integration/v1/flows/", "POST")
    jobs = cluster.proxy.served_by(since_log, "/queue_job/runjob")
    print(f"[storm] POSTs per node port {dict(posts)}, jobs per node port {dict(jobs)}")
    ports = {node.http_port for node in cluster.nodes}
    assert set(posts) == ports, posts
    assert set(jobs) == ports, jobs


def test_web_node_killed_mid_run(cluster):
    """Node 1 is SIGKILLed while orders are posted and jobs run, and restarted: nginx sends
    everything to node 2 meanwhile (a POST cut off in flight gets a 502 and the partner
    retries it with its Idempotency-Key), jobs killed with the node are run again, and every
    order makes exactly one sale order. Then node 1 serves again."""
    hub, node, other = cluster.hub, cluster.nodes[0], cluster.nodes[1]
    tag = run_id()
    prefix = f"KILL-{tag}-"
    since = hub.last_message_id()
    orders, after = 160, 24
    items = order_items(prefix, f"kill-{tag}-", orders + after)
    received = f"kill-{tag}-%"

    def accepted():
        return hub.scalar(
            "SELECT count(*) FROM integration_message WHERE id > %s AND partner_reference LIKE %s",
            (since, received),
        )

    try:
        with ThreadPoolExecutor(1) as background:
            posting = background.submit(post_all, hub, items[:orders], 8, retry_for=120)
            wait_until(lambda: accepted() >= orders // 3 or posting.done(), 120, interval=0.1)
            running = hub.scalar("SELECT count(*) FROM queue_job WHERE state = 'started'")
            done_at_kill = processed(hub, since)
            node.kill9()
            killed_at = cluster.proxy.access_log_size()
            answers = posting.result()
        down_posts = cluster.proxy.served_by(killed_at, "/api/", "POST")
        down_jobs = cluster.proxy.served_by(killed_at, "/queue_job/runjob")
    finally:
        node.start()
    restarted_at = cluster.proxy.access_log_size()
    time.sleep(FAIL_TIMEOUT + 1)  # nginx tries node 1 again after its fail_timeout
    answers += post_all(hub, items[orders:], 8)

    retried = [a for a in answers if len(a.attempts) > 1]
    print(
        f"\n[kill] node 1 killed at {done_at_kill} processed, {running} jobs running;"
        f" while down, POSTs per port {dict(down_posts)}, jobs per port {dict(down_jobs)};"
        f" {len(retried)} orders retried by their client: {[a.attempts for a in retried][:5]}"
    )
    assert done_at_kill < orders, "everything was processed before the kill: nothing tested"
    assert_answered(answers)
    assert set(down_posts) <= {other.http_port}, down_posts
    assert set(down_jobs) <= {other.http_port}, down_jobs

    hub.wait_drained(240)
    states = assert_processed_once(hub, since, prefix, orders + after)
    assert_no_failed_jobs(hub)
    back = cluster.proxy.served_by(restarted_at)
    print(f"[kill] messages by state {states}; after the restart, requests per port {dict(back)}")
    assert back[node.http_port], f"node 1 got nothing after its restart: {back}"


def test_job_runner_killed_and_restarted(cluster):
    """The runner is SIGKILLed while jobs run: jobs already handed to a node finish, then
    nothing moves (no node runs a runner of its own); restarted, it requeues the jobs it had
    marked enqueued and all orders are processed once."""
    hub, runner = cluster.hub, cluster.runner
    tag = run_id()
    prefix = f"RUNNER-{tag}-"
    since = hub.last_message_id()
    orders = 120
    answers = post_all(hub, order_items(prefix, f"runner-{tag}-", orders), 8)
    assert [a.status for a in answers] == [202] * orders

    try:
        wait_until(lambda: processed(hub, since) >= orders // 5, 120, interval=0.1)
        runner.kill9()
        # What the runner had handed over runs to its end on the nodes ...
        time.sleep(1)
        wait_until(
            lambda: not hub.scalar("SELECT count(*) FROM queue_job WHERE state = 'started'"),
            60,
            message=hub.describe_pipeline,
        )
        # ... then nothing moves without it.
        stalled_at = processed(hub, since)
        time.sleep(5)
        stalled = processed(hub, since)
        left = hub.pipeline_backlog()
    finally:
        runner.start()
    print(f"\n[runner] killed: {stalled_at} then {stalled} processed 5 s later, backlog {left}")
    assert stalled == stalled_at < orders, (stalled_at, stalled)
    assert left[0] > 0, left

    hub.wait_drained(240)
    states = assert_processed_once(hub, since, prefix, orders)
    assert states == {"processed": orders}, states
    assert_no_failed_jobs(hub)
