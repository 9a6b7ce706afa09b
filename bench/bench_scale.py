#!/usr/bin/env python3
"""Scale-out: orders/s through nginx with one web node, then with two, in one run on one
database (the cluster of tests/e2e/cluster.py: nginx, web nodes with --workers HTTP workers
each and no job runner, one Odoo process running only the queue_job runner).

    python3 bench/bench_scale.py [--orders 150] [--lines 5] [--clients 8] [--rounds 1]
                                 [--db integration_bench_scale] [--keep]

Each round runs both set-ups (one node, then two; the next round in the other order): nginx
routes to the first N nodes and the runner's channels allow as many jobs at once as those
nodes have workers. A few untimed orders warm the workers up, then --orders orders of --lines
lines are POSTed by --clients clients. Two rates per set-up, best round kept:

* accepted: orders answered 202 per second, first POST to last answer;
* processed: orders per second from the first POST to the last message processed (a
  confirmed sale order), through the jobs the runner dispatches via nginx.

Prints both rates and the ratio two nodes / one node (never a bare time), with how busy the
machine's cores were: two nodes only help if the machine has cores to spare for them.
Results are also written to bench/results/ as JSON.
"""

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from bench_ingest import machine_busy  # noqa: E402
from cluster import Cluster  # noqa: E402
from e2e_support import drop_database, prepare_hub_database, run_id  # noqa: E402
from storms import assert_answered, order_items, post_all  # noqa: E402


def measure(cluster, nodes, orders, lines, clients, tag):
    """Route to ``nodes`` nodes, warm up, then time ``orders`` orders; the rates."""
    hub = cluster.hub
    cluster.use_nodes(nodes)
    warm = order_items(f"WARM-{tag}-", f"warm-{tag}-", 4 * nodes, lines=lambda n: lines)
    assert_answered(post_all(hub, warm, clients))
    hub.wait_drained(300)

    prefix = f"SCALE-{tag}-"
    since = hub.last_message_id()
    items = order_items(prefix, f"scale-{tag}-", orders, lines=lambda n: lines)
    busy_before = machine_busy()
    started = time.time()
    answers = post_all(hub, items, clients)
    accepted_in = time.time() - started
    assert_answered(answers)
    hub.wait_drained(1800)
    last_done = hub.scalar(
        "SELECT extract(epoch FROM max(write_date)) FROM integration_message"
        " WHERE id > %s AND state = 'processed'",
        (since,),
    )
    busy_after = machine_busy()
    confirmed = hub.scalar(
        "SELECT count(*) FROM sale_order WHERE client_order_ref LIKE %s AND state = 'sale'",
        (prefix + "%",),
    )
    assert confirmed == orders, f"{confirmed} of {orders} orders confirmed"
    busy = (busy_after[0] - busy_before[0]) / max(1, busy_after[1] - busy_before[1])
    return {
        "nodes": nodes,
        "accepted_per_s": orders / accepted_in,
        "processed_per_s": orders / (float(last_done) - started),
        "machine_busy": busy,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=150)
    parser.add_argument("--lines", type=int, default=5)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--db", default="integration_bench_scale")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()

    print(f"database {args.db}: installing the hub and starting the cluster...", flush=True)
    data, admin_password = prepare_hub_database(args.db)
    cluster = Cluster(args.db, data, admin_password, nodes=2)
    best = {}
    try:
        cluster.start()
        for round_ in range(args.rounds):
            for nodes in (1, 2) if round_ % 2 == 0 else (2, 1):
                print(
                    f"round {round_ + 1}: {nodes} node(s), {args.orders} orders x {args.lines}"
                    f" lines from {args.clients} clients...",
                    flush=True,
                )
                rates = measure(
                    cluster, nodes, args.orders, args.lines, args.clients, f"{run_id()}{nodes}"
                )
                kept = best.get(nodes)
                if not kept or rates["processed_per_s"] > kept["processed_per_s"]:
                    best[nodes] = rates
    finally:
        cluster.stop()
        if not args.keep:
            drop_database(args.db)

    one, two = best[1], best[2]
    print()
    print(f"{'set-up':<34}{'accepted/s':>12}{'processed/s':>13}{'cores busy':>12}")
    for rates in (one, two):
        workers = Cluster.workers(rates["nodes"])
        print(
            f"{rates['nodes']} node(s), {workers} workers, {workers} job slots".ljust(34)
            + f"{rates['accepted_per_s']:>12.1f}{rates['processed_per_s']:>13.1f}"
            + f"{rates['machine_busy'] * 100:>11.0f}%"
        )
    accepted_ratio = two["accepted_per_s"] / one["accepted_per_s"]
    processed_ratio = two["processed_per_s"] / one["processed_per_s"]
    print()
    print(f"two nodes / one node, accepted orders/s: {accepted_ratio:.2f}x")
    print(f"two nodes / one node, processed orders/s: {processed_ratio:.2f}x")

    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    out = results / f"bench_scale-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(
        json.dumps(
            {
                "args": vars(args),
                "one_node": one,
                "two_nodes": two,
                "accepted_ratio": accepted_ratio,
                "processed_ratio": processed_ratio,
            },
            indent=2,
        )
    )
    print(f"results: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
