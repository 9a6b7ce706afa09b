#!/usr/bin/env python3
"""Ingest throughput: orders through the inbound API and the queue_job pipeline, against the
same orders created and confirmed directly through the ORM, in one run and one database.

    python3 bench/bench_ingest.py [--orders 200] [--clients 4] [--workers 2]
                                  [--channels root:2,root.integration:2] [--keep]

Pipeline: N canonical orders of 10 lines are POSTed by --clients concurrent clients to a live
multi-process server (--workers HTTP workers, the queue_job runner with --channels); the job
runner takes each through parse, validate, map and process (a confirmed sale.order). Its
throughput runs from the first POST to the moment the last message is processed.

Direct: the same orders, in one `odoo shell` process on the same database while the server is
stopped: sale.order create + action_confirm + commit per order, timed around those calls only
(product codes are resolved beforehand, untimed); then again in as many processes as the
server has workers, all timing one common window (equal parallelism). Both are measured before
and after the pipeline and averaged, so that the database growing and the machine drifting
weigh on both paths alike; each timed run starts on a vacuumed, analysed and checkpointed
database, so that no autovacuum or checkpoint left over from the previous run lands in it.

Prints the throughputs and three targets: CPU per order pipeline/direct <= 1.3 (Odoo and
PostgreSQL CPU of the whole run), throughput pipeline/direct at equal parallelism >= 0.75, and
SQL queries per order of the pipeline's jobs <= 1.3x the direct path's (from the step-by-step
profile); also the API acceptance latency (POST answered 202) p50/p99 and where the
pipeline's time goes. Results are also written to bench/results/ as JSON.
"""

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from e2e_support import (  # noqa: E402
    Database,
    Hub,
    OdooServer,
    create_database,
    drop_database,
    order_document,
    prepare_odoo,
    run_shell,
    setup_data,
    shell_params,
)

LINES = 10
TARGET_CPU = 1.3  # CPU per order, pipeline / direct
TARGET_PARALLEL = 0.75  # throughput, pipeline / direct in as many processes as workers
STEPS = ("parse", "validate", "map", "process")

DIRECT_SCRIPT = """
import time
from odoo.fields import Command

SaleOrder = env["sale.order"]
customer = env["res.partner"].browse(params["customer_id"])
codes = {line["product_code"] for doc in params["documents"] for line in doc["lines"]}
products = {
    p.default_code: p.id
    for p in env["product.product"].search([("default_code", "in", sorted(codes))])
}


def values(doc):
    return {
        "partner_id": customer.id,
        "client_order_ref": doc["order_ref"],
        "order_line": [
            Command.create(
                {
                    "product_id": products[line["product_code"]],
                    "product_uom_qty": line["quantity"],
                    "price_unit": line["unit_price"],
                }
            )
            for line in doc["lines"]
        ],
    }


def backend_cpu():
    pid = env.cr.connection.get_backend_pid()
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100.0


def wait_for_the_start():
    # Several direct processes start timing together: each says it is ready, then waits.
    if not params.get("barrier"):
        return
    import pathlib

    barrier = pathlib.Path(params["barrier"])
    (barrier / f"ready-{params['worker']}").touch()
    while not (barrier / "go").exists():
        time.sleep(0.01)


timings = []
cpu_odoo = cpu_pg = 0.0
for index, doc in enumerate(params["documents"]):
    if index == params["warmup"]:
        wait_for_the_start()
        window_start = time.time()
        odoo_started, pg_started = time.process_time(), backend_cpu()
    vals = values(doc)
    started = time.perf_counter()
    order = SaleOrder.create(vals)
    order.action_confirm()
    env.cr.commit()
    elapsed = time.perf_counter() - started
    if index >= params["warmup"]:
        timings.append(elapsed)
cpu_odoo, cpu_pg = time.process_time() - odoo_started, backend_cpu() - pg_started
window_end = time.time()
confirmed = SaleOrder.search_count(
    [("client_order_ref", "=like", params["prefix"] + "%"), ("state", "=", "sale")]
)
result = {
    "timings": timings,
    "cpu_odoo": cpu_odoo,
    "cpu_pg": cpu_pg,
    "confirmed": confirmed,
    "window": [window_start, window_end],
}
"""


PROFILE_SCRIPT = """
import json
import time
from odoo.fields import Command


def backend_cpu():
    pid = env.cr.connection.get_backend_pid()
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100.0


totals = {}


def measure(name, func):
    queries, pg = env.cr.sql_log_count, backend_cpu()
    wall, cpu = time.perf_counter(), time.process_time()
    value = func()
    env.cr.commit()
    row = totals.setdefault(name, [0.0, 0.0, 0.0, 0])
    row[0] += time.perf_counter() - wall
    row[1] += time.process_time() - cpu
    row[2] += backend_cpu() - pg
    row[3] += env.cr.sql_log_count - queries
    return value


flow = env["integration.flow"].browse(params["flow_id"])
customer = env["res.partner"].browse(params["customer_id"])
products = {p.default_code: p.id for p in env["product.product"].search([])}
SaleOrder = env["sale.order"]
first_job = env["queue.job"].search([], order="id desc", limit=1).id
for doc in params["pipeline"]:
    message = measure(
        "receive (API body)",
        lambda doc=doc: flow._receive(json.dumps(doc).encode(), idempotency_key=doc["order_ref"]),
    )
    measure("  preflight (API)", message._preflight)
    while message.next_step and message.state not in ("processed", "failed", "dead"):
        measure("  jobs (parse..process)", lambda m=message: m._run_step(m.next_step))
    assert message.state == "processed", (message.state, message.last_error)
for doc in params["direct"]:
    vals = {
        "partner_id": customer.id,
        "client_order_ref": doc["order_ref"],
        "order_line": [
            Command.create(
                {
                    "product_id": products[line["product_code"]],
                    "product_uom_qty": line["quantity"],
                    "price_unit": line["unit_price"],
                }
            )
            for line in doc["lines"]
        ],
    }
    order = measure("direct create", lambda vals=vals: SaleOrder.create(vals))
    measure("direct confirm", order.action_confirm)
# The steps queued jobs that no runner will take: drop them.
env.cr.execute("DELETE FROM queue_job WHERE id > %s", (first_job,))
messages = env["integration.message"].search([("partner_reference", "=like", "PROF-%")])
orders = SaleOrder.search([("client_order_ref", "=like", "PROFD-%")])
pipeline_orders = SaleOrder.search([("client_order_ref", "=like", "PROF-%")])
Mail = env["mail.message"]
counts = {
    "pipeline: mail.message on integration.message": Mail.search_count(
        [("model", "=", "integration.message"), ("res_id", "in", messages.ids)]
    ),
    "pipeline: integration.log": env["integration.log"].search_count(
        [("message_id", "in", messages.ids)]
    ),
    "pipeline: mail.message on sale.order": Mail.search_count(
        [("model", "=", "sale.order"), ("res_id", "in", pipeline_orders.ids)]
    ),
    "direct: mail.message on sale.order": Mail.search_count(
        [("model", "=", "sale.order"), ("res_id", "in", orders.ids)]
    ),
}
result = {"totals": totals, "counts": counts}
"""


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def cpu_seconds(pids_of_group):
    """User + system CPU seconds of the processes in a process group (live ones only)."""
    total = 0
    tick = 100.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pids_of_group:
            total += int(fields[11]) + int(fields[12])
    return total / tick


def machine_busy():
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    parts = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = parts[3] + parts[4]
    return sum(parts) - idle, sum(parts)


def postgres_cpu_seconds(db):
    """CPU seconds of the PostgreSQL backends connected to ``db`` (live ones)."""
    total = 0
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
            if not cmdline.startswith("postgres:") or f" {db} " not in cmdline:
                continue
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / 100.0


def run_direct(db, documents, customer_id, prefix, warmup, barrier=None, worker=0):
    result = run_shell(
        db,
        shell_params(
            documents=documents,
            customer_id=customer_id,
            prefix=prefix,
            warmup=warmup,
            barrier=barrier,
            worker=worker,
        )
        + DIRECT_SCRIPT,
        timeout=3600,
    )
    return result


def run_direct_parallel(db, orders, customer_id, prefix, warmup, processes):
    """The direct path in ``processes`` processes at once (as many as the pipeline's workers):
    each warms up, then all time their share of the orders in one common window."""
    shares = [len(range(n, orders, processes)) for n in range(processes)]
    with tempfile.TemporaryDirectory() as barrier:

        def release_when_ready():
            deadline = time.monotonic() + 600
            while len(list(Path(barrier).glob("ready-*"))) < processes:
                if time.monotonic() > deadline:
                    raise RuntimeError("the direct processes did not get ready in 10 minutes")
                time.sleep(0.05)
            (Path(barrier) / "go").touch()

        def run(worker):
            own = f"{prefix}P{worker}-"
            documents = [
                order_document(f"{own}{n:04d}", LINES) for n in range(warmup + shares[worker])
            ]
            return run_direct(db, documents, customer_id, own, warmup, barrier, worker)

        with ThreadPoolExecutor(processes + 1) as pool:
            gate = pool.submit(release_when_ready)
            results = list(pool.map(run, range(processes)))
            gate.result()
    start = min(r["window"][0] for r in results)
    end = max(r["window"][1] for r in results)
    return {
        "orders_per_s": orders / (end - start),
        "cpu_odoo": sum(r["cpu_odoo"] for r in results),
        "cpu_pg": sum(r["cpu_pg"] for r in results),
        "confirmed": sum(r["confirmed"] for r in results) - warmup * processes,
    }


def settle(db):
    """Start a timed run on a quiet database: vacuumed, analysed, checkpointed."""
    with Database(db).connection() as conn, conn.cursor() as cr:
        cr.execute("VACUUM ANALYZE")
        cr.execute("CHECKPOINT")


def measure_direct(db, orders, customer_id, prefix, warmup, processes):
    """The direct path in one process, then in ``processes`` processes at once."""
    documents = [order_document(f"{prefix}{n:04d}", LINES) for n in range(orders + warmup)]
    settle(db)
    single = run_direct(db, documents, customer_id, prefix, warmup)
    assert single["confirmed"] == orders + warmup, single["confirmed"]
    settle(db)
    parallel = run_direct_parallel(db, orders, customer_id, f"{prefix}PAR-", warmup, processes)
    assert parallel["confirmed"] == orders, parallel["confirmed"]
    return {
        "orders_per_s": orders / sum(single["timings"]),
        "cpu_odoo": single["cpu_odoo"],
        "cpu_pg": single["cpu_pg"],
        "order_ms": statistics.mean(single["timings"]) * 1000,
        "parallel": parallel,
    }


def mean_of(runs):
    """The mean of each figure of ``runs`` (dicts of numbers, nested dicts alike)."""
    return {
        key: mean_of([run[key] for run in runs])
        if isinstance(runs[0][key], dict)
        else statistics.mean(run[key] for run in runs)
        for key in runs[0]
        if isinstance(runs[0][key], (int, float, dict))
    }


def run_pipeline(hub, documents, clients):
    """POST every document; return (latencies, wall seconds, first message id)."""
    since = hub.last_message_id()
    local = threading.local()

    errors = []

    def post(doc):
        """POST like a partner would: a 5xx or a lost connection is retried (3 tries)."""
        if not hasattr(local, "session"):
            local.session = requests.Session()
        body = json.dumps(doc).encode()
        started = time.perf_counter()
        for _attempt in range(3):
            try:
                response = hub.post(
                    hub.data["flow"],
                    body,
                    headers={"Idempotency-Key": doc["order_ref"]},
                    session=local.session,
                )
            except requests.RequestException as err:
                errors.append(f"{doc['order_ref']}: {err!r}")
                continue
            if response.status_code < 500:
                break
            errors.append(f"{doc['order_ref']}: HTTP {response.status_code}")
        latency = time.perf_counter() - started
        if response.status_code not in (200, 202):
            raise RuntimeError(f"{doc['order_ref']}: HTTP {response.status_code} {response.text}")
        return latency

    def processed():
        return hub.scalar(
            "SELECT count(*) FROM integration_message WHERE id > %s AND state = 'processed'",
            (since,),
        )

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        latencies = list(pool.map(post, documents))
    posted = time.perf_counter()
    hub.wait_until(
        lambda: processed() >= len(documents),
        3600,
        interval=0.2,
        message=hub.describe_pipeline,
    )
    finished = time.perf_counter()
    return latencies, posted - started, finished - started, since, errors


def profile(hub, since, jobs_since):
    """Where the pipeline's time went, from the message log and the queue_job table."""
    steps = dict(
        hub.query(
            "SELECT event, avg(duration_ms) FROM integration_log"
            " WHERE message_id > %s AND event = ANY(%s) AND duration_ms IS NOT NULL"
            " AND description LIKE 'Step %%' GROUP BY 1",
            (since, list(STEPS)),
        )
    )
    # Job names are "<message name>: <step>"; the jobs of this run were created after
    # ``jobs_since`` (database clock).
    jobs = hub.query(
        """
        SELECT split_part(name, ': ', 2) AS step,
               count(*),
               avg(exec_time) * 1000,
               avg(extract(epoch FROM date_started - greatest(date_created, eta))) * 1000,
               sum(exec_time)
          FROM queue_job
         WHERE model_name = 'integration.message' AND state = 'done' AND date_created >= %s
      GROUP BY 1 ORDER BY min(id)
        """,
        (jobs_since,),
    )
    window = hub.scalar(
        "SELECT extract(epoch FROM max(date_done) - min(date_started)) FROM queue_job"
        " WHERE model_name = 'integration.message' AND state = 'done' AND date_created >= %s",
        (jobs_since,),
    )
    return steps, jobs, float(window or 0.0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=200)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--channels", default=None, help="queue_job channels (default: config)")
    parser.add_argument(
        "--processing",
        default="batched",
        choices=["parallel", "batched"],
        help="the flow's processing: a job per message, or several messages per job",
    )
    parser.add_argument("--db", default="integration_bench")
    parser.add_argument(
        "--profile",
        type=int,
        default=20,
        help="orders run step by step in one process afterwards to see where the time goes",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    tag = time.strftime("%H%M%S")
    warmup = 2
    pipeline_docs = [order_document(f"PIPE-{tag}-{n:04d}", LINES) for n in range(args.orders)]

    prepare_odoo()
    print(f"creating database {args.db} (integration_core, no demo data)...", flush=True)
    create_database(args.db)
    admin_password = "bench-" + tag
    data = setup_data(args.db, admin_password, hmac_key="bench-hmac")

    # A fresh database plans its first queries without statistics: both paths are measured
    # on a database that has already seen orders.
    print("warming the database up (untimed orders, ANALYZE)...", flush=True)
    run_direct(
        args.db,
        [order_document(f"WARMDB-{tag}-{n:04d}", LINES) for n in range(max(20, args.orders // 4))],
        data["customer_id"],
        f"WARMDB-{tag}-",
        warmup,
    )
    direct_runs = []

    def direct_run(when):
        print(
            f"direct ({when} the pipeline): {args.orders} orders x {LINES} lines through the"
            f" ORM in 1 process, then in {args.workers} at once (equal parallelism)...",
            flush=True,
        )
        direct_runs.append(
            measure_direct(
                args.db,
                args.orders,
                data["customer_id"],
                f"DIRECT{len(direct_runs)}-{tag}-",
                warmup,
                args.workers,
            )
        )

    direct_run("before")

    Database(args.db).query(
        "UPDATE integration_flow SET processing = %s WHERE id = %s",
        (args.processing, data["flow_id"]),
    )
    server = OdooServer(args.db, workers=args.workers, channels=args.channels)
    hub = Hub(server, data, admin_password)
    try:
        server.start()
        # Warm the workers up (registry, caches) as the direct path's first orders did.
        for n in range(warmup):
            doc = order_document(f"WARM-{tag}-{n}", LINES)
            hub.post(hub.data["flow"], json.dumps(doc).encode())
        hub.wait_drained(300)
        settle(args.db)
        print(
            f"pipeline: {args.orders} orders x {LINES} lines via the API, {args.clients} clients,"
            f" {args.workers} workers, channels {args.channels or 'from odoo.conf'},"
            f" flow processing {args.processing}...",
            flush=True,
        )
        cpu_before = cpu_seconds(server.proc.pid)
        pg_before = postgres_cpu_seconds(args.db)
        busy_before = machine_busy()
        jobs_since = hub.scalar("SELECT now() at time zone 'utc'")
        latencies, post_seconds, pipeline_seconds, since, errors = run_pipeline(
            hub, pipeline_docs, args.clients
        )
        busy_after = machine_busy()
        odoo_cpu = cpu_seconds(server.proc.pid) - cpu_before
        pg_cpu = postgres_cpu_seconds(args.db) - pg_before
        confirmed = hub.scalar(
            "SELECT count(*) FROM sale_order WHERE client_order_ref LIKE %s AND state = 'sale'",
            (f"PIPE-{tag}-%",),
        )
        assert confirmed == args.orders, confirmed
        steps, jobs, job_window = profile(hub, since, jobs_since)
        server.stop()
        direct_run("after")
        inline = None
        if args.profile:
            print(f"profile: {args.profile} orders step by step in one process...", flush=True)
            inline = run_shell(
                args.db,
                shell_params(
                    flow_id=data["flow_id"],
                    customer_id=data["customer_id"],
                    pipeline=[
                        order_document(f"PROF-{tag}-{n:04d}", LINES) for n in range(args.profile)
                    ],
                    direct=[
                        order_document(f"PROFD-{tag}-{n:04d}", LINES) for n in range(args.profile)
                    ],
                )
                + PROFILE_SCRIPT,
                timeout=3600,
            )
    finally:
        server.stop()
        if not args.keep:
            drop_database(args.db)

    direct = mean_of(direct_runs)
    parallel = direct["parallel"]
    direct_rate = direct["orders_per_s"]
    pipeline_rate = args.orders / pipeline_seconds
    ratio = pipeline_rate / direct_rate
    parallel_ratio = pipeline_rate / parallel["orders_per_s"]
    busy = (busy_after[0] - busy_before[0]) / max(1, busy_after[1] - busy_before[1])
    direct_ms = direct["order_ms"]
    job_ms = {step: ms for step, _count, ms, _wait, _sum in jobs}
    job_sum = sum(total for *_rest, total in jobs)

    print()
    print(
        f"orders: {args.orders} x {LINES} lines; machine: {busy * 100:.0f}% CPU busy "
        "during the pipeline run (all cores)"
    )
    print(
        "direct, before / after the pipeline (orders/s): 1 process "
        + " / ".join(f"{run['orders_per_s']:.2f}" for run in direct_runs)
        + f", {args.workers} at once "
        + " / ".join(f"{run['parallel']['orders_per_s']:.2f}" for run in direct_runs)
        + "; their means below"
    )
    print(f"{'path':<44}{'orders/s':>10}{'vs direct':>11}")
    print(f"{'direct ORM (create+confirm+commit, 1 proc)':<44}{direct_rate:>10.2f}{1.0:>10.2f}x")
    print(
        f"{f'direct ORM, {args.workers} procs at once':<44}"
        f"{parallel['orders_per_s']:>10.2f}{parallel['orders_per_s'] / direct_rate:>10.2f}x"
    )
    print(f"{'pipeline (API + queue_job)':<44}{pipeline_rate:>10.2f}{ratio:>10.2f}x")
    print(
        f"API acceptance latency (POST -> 202): p50 {percentile(latencies, 0.5) * 1000:.0f} ms,"
        f" p99 {percentile(latencies, 0.99) * 1000:.0f} ms; all {args.orders} posted in"
        f" {post_seconds:.1f} s ({post_seconds / pipeline_seconds:.0%} of the pipeline time)"
    )
    if errors:
        print(f"  {len(errors)} POSTs failed and were retried by the client, e.g. {errors[:3]}")
    print()
    print(
        "where the pipeline's time goes (per order, ms; direct create+confirm = "
        f"{direct_ms:.0f} ms = 1.00x):"
    )
    print(f"  {'step':<10}{'step body':>10}{'whole job':>11}{'job/direct':>12}{'queue wait':>12}")
    for step, count, ms, wait, _total in jobs:
        print(
            f"  {step:<10}{steps.get(step, 0.0):>10.0f}{ms:>11.0f}{ms / direct_ms:>11.2f}x"
            f"{wait:>12.0f}   ({count} jobs)"
        )
    api_ms = statistics.mean(latencies) * 1000
    per_order = sum(job_ms.values())
    body_ms = sum(steps.values())
    print(
        f"  {'sum':<10}{body_ms:>10.0f}{per_order:>11.0f}{per_order / direct_ms:>11.2f}x"
        f"   + API request {api_ms:.0f} ms"
    )
    print(
        f"  job execution time {job_sum:.1f} s over a {job_window:.1f} s window ="
        f" {job_sum / max(job_window, 1e-9):.2f} jobs running on average;"
        f" CPU: Odoo {odoo_cpu:.0f} s, PostgreSQL {pg_cpu:.0f} s"
        f" in {pipeline_seconds:.0f} s"
    )
    per = 1000.0 / args.orders  # seconds in total -> milliseconds per order
    direct_cpu = (direct["cpu_odoo"] + direct["cpu_pg"]) * per
    pipe_cpu = (odoo_cpu + pg_cpu) * per
    parallel_cpu = (parallel["cpu_odoo"] + parallel["cpu_pg"]) * per
    print(
        f"CPU per order of the direct path in {args.workers} processes at once:"
        f" {parallel_cpu:.0f} ms ({pipe_cpu / parallel_cpu:.2f}x for the pipeline)"
    )
    print(
        f"CPU per order: direct {direct_cpu:.0f} ms (Odoo {direct['cpu_odoo'] * per:.0f}"
        f" + PostgreSQL {direct['cpu_pg'] * per:.0f}), pipeline {pipe_cpu:.0f} ms"
        f" (Odoo {odoo_cpu * per:.0f} + PostgreSQL {pg_cpu * per:.0f})"
        f" = {pipe_cpu / direct_cpu:.2f}x the work of the direct path"
    )
    if inline:
        print()
        print(
            f"step by step in one process, no job runner ({args.profile} orders; ms per order;"
            " wall, Odoo CPU, PostgreSQL CPU, SQL queries):"
        )
        direct_wall = sum(
            row[0] for name, row in inline["totals"].items() if name.startswith("direct")
        )
        for name, (wall, cpu, pg, queries) in inline["totals"].items():
            print(
                f"  {name:<20}{wall * 1000 / args.profile:>8.0f}{cpu * 1000 / args.profile:>8.0f}"
                f"{pg * 1000 / args.profile:>8.0f}{queries / args.profile:>8.0f}"
                f"   {wall / direct_wall:>5.2f}x direct"
            )
        print(
            "  records per order: "
            + ", ".join(f"{k} {v / args.profile:.1f}" for k, v in inline["counts"].items())
        )
    cpu_ratio = pipe_cpu / direct_cpu
    targets = [
        ("CPU per order pipeline/direct", cpu_ratio, "<=", TARGET_CPU),
        (
            f"throughput pipeline/direct at equal parallelism ({args.workers} procs)",
            parallel_ratio,
            ">=",
            TARGET_PARALLEL,
        ),
    ]
    if inline:
        query_ratio = step_queries(inline) / direct_queries(inline)
        targets.append(("SQL queries per order, pipeline jobs/direct", query_ratio, "<=", 1.3))
    print()
    print(f"pipeline/direct throughput, direct in 1 process: {ratio:.2f} (for reference)")
    met = True
    for name, value, sense, target in targets:
        ok = value <= target if sense == "<=" else value >= target
        met = met and ok
        print(f"target {name} {sense} {target}: {'met' if ok else 'NOT met'} ({value:.2f})")

    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    out = results / f"bench_ingest-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(
        json.dumps(
            {
                "orders": args.orders,
                "lines": LINES,
                "clients": args.clients,
                "workers": args.workers,
                "channels": args.channels,
                "processing": args.processing,
                "direct_orders_per_s": direct_rate,
                "pipeline_orders_per_s": pipeline_rate,
                "ratio": ratio,
                "direct_parallel_orders_per_s": parallel["orders_per_s"],
                "direct_runs_before_after": [
                    [run["orders_per_s"], run["parallel"]["orders_per_s"]] for run in direct_runs
                ],
                "ratio_equal_parallelism": parallel_ratio,
                "cpu_ratio": cpu_ratio,
                "latency_p50_ms": percentile(latencies, 0.5) * 1000,
                "latency_p99_ms": percentile(latencies, 0.99) * 1000,
                "step_body_ms": steps,
                "jobs": [list(map(float, row[1:])) + [row[0]] for row in jobs],
                "cpu_busy": busy,
                "odoo_cpu_s": odoo_cpu,
                "postgres_cpu_s": pg_cpu,
                "client_retries": errors,
                "direct_cpu_ms_per_order": direct_cpu,
                "pipeline_cpu_ms_per_order": pipe_cpu,
            },
            indent=2,
        )
    )
    print(f"results: {out.relative_to(ROOT)}")
    return 0 if met else 1


def step_queries(inline):
    """SQL queries per order of the pipeline's jobs (the API request left out)."""
    return sum(row[3] for name, row in inline["totals"].items() if name.strip().startswith("jobs"))


def direct_queries(inline):
    return sum(row[3] for name, row in inline["totals"].items() if name.startswith("direct"))


if __name__ == "__main__":
    sys.exit(main())
