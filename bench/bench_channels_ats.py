"""Available to sell for 10,000 items over 3 warehouses, against one read_group of the quants.

Run from the repository root (Odoo and the suite's requirements installed, PostgreSQL up,
``.local/odoo.conf`` written by ``tools/serve`` or ``tools/test``)::

    python3 bench/bench_channels_ats.py [--items 10000] [--changed 0.05] [--rounds 3]
                                        [--db bench_channels] [--config .local/odoo.conf]
                                        [--keep]

It creates the scratch database ``--db`` (dropped first if it exists) with
integration_channels installed without demo data, then pipes itself into ``odoo shell`` on
it. In the shell, in one transaction rolled back at the end, it creates the products (each
with an internal reference), their quants spread over 3 warehouses (some reserved), a channel
selling every product of the 3 warehouses with a safety stock, and a local HTTP sink standing
for the shop. It then measures, in the same run and database:

* the reference: a single ``read_group`` of the same quants (sum of quantity and reserved
  quantity per product over the warehouses' stock locations), best of 5;
* the channel's available-to-sell computation alone (products, SKUs, quants, safety stock);
* one publication run after ``--changed`` of the items changed: the full computation for
  every item, the delta against the published figures, and the publication of the changed
  ones through the pipeline (one outbound message per batch of 50, encoded and sent over
  HTTP to the sink, figures re-checked before sending and recorded), best of ``--rounds``;
* the first publication, when every item is new (all of them sent).

It prints the timings side by side with their ratio to the read_group. The database is
dropped afterwards unless ``--keep`` is given.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

# In odoo shell this file is read from stdin: it has no __file__ there.
ROOT = Path(__file__).resolve().parent.parent if "__file__" in globals() else Path.cwd()
MARKER = "BENCH_CHANNELS_ATS_IN_SHELL"


# ---------------------------------------------------------------------- driver
def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--changed", type=float, default=0.05, help="share changed per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--db", default="bench_channels")
    parser.add_argument("--config", default=str(ROOT / ".local" / "odoo.conf"))
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    odoo = [sys.executable, "-m", "odoo"]
    common = ["-c", args.config, "-d", args.db, "--log-level=warn"]
    subprocess.run(["dropdb", "--if-exists", "--force", args.db], check=True)
    print(f"creating the scratch database {args.db} ...", flush=True)
    subprocess.run(
        [
            *odoo,
            *common,
            "-i",
            "integration_channels",
            "--without-demo=all",
            "--stop-after-init",
            "--workers=0",
            "--max-cron-threads=0",
            "--http-port=0",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    env = dict(
        os.environ,
        **{
            MARKER: "1",
            "BENCH_ITEMS": str(args.items),
            "BENCH_CHANGED": str(args.changed),
            "BENCH_ROUNDS": str(args.rounds),
        },
    )
    try:
        with open(__file__, "rb") as source:
            result = subprocess.run([*odoo, "shell", *common], stdin=source, env=env, check=False)
    finally:
        if not args.keep:
            subprocess.run(["dropdb", "--if-exists", "--force", args.db], check=False)
    sys.exit(result.returncode)


# ---------------------------------------------------------------------- in odoo shell
def run_in_shell(env):
    import json
    import random
    import threading
    import time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from psycopg2.extras import execute_values

    from odoo import Command

    items = int(os.environ["BENCH_ITEMS"])
    changed_share = float(os.environ["BENCH_CHANGED"])
    rounds = int(os.environ["BENCH_ROUNDS"])
    rng = random.Random(2026)
    env = env(context=dict(env.context, tracking_disable=True))

    # The shop: answers every inventory request at once, counting what it receives.
    received = {"requests": 0, "levels": 0}

    class Sink(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            received["requests"] += 1
            received["levels"] += len(json.loads(body)["inventory_levels"])
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    sink = ThreadingHTTPServer(("127.0.0.1", 0), Sink)
    threading.Thread(target=sink.serve_forever, daemon=True).start()

    # ------------------------------------------------------------------ data (not timed)
    started = time.monotonic()
    company = env.company
    warehouses = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    for code in ("BW2", "BW3"):
        warehouses |= env["stock.warehouse"].create(
            {"name": f"Bench {code}", "code": code, "company_id": company.id}
        )
    products = env["product.product"]
    for start in range(0, items, 1000):
        products |= env["product.product"].create(
            [
                {
                    "name": f"Bench item {index}",
                    "default_code": f"BENCH-{index:05d}",
                    "type": "consu",
                    "is_storable": True,
                }
                for index in range(start, min(start + 1000, items))
            ]
        )
    locations = warehouses.lot_stock_id
    rows = []
    for product in products.ids:
        for location in rng.sample(locations.ids, rng.randint(1, 3)):
            quantity = rng.randint(0, 40)
            rows.append((product, location, quantity, min(quantity, rng.randint(0, 5))))
    env.flush_all()
    execute_values(
        env.cr._obj,
        """INSERT INTO stock_quant (product_id, location_id, company_id, quantity,
                                    reserved_quantity, in_date, create_date, write_date,
                                    create_uid, write_uid)
           VALUES %s""",
        rows,
        template=f"(%s, %s, {company.id}, %s, %s, now(), now(), now(), 1, 1)",
        page_size=5000,
    )
    env.invalidate_all()
    partner = env["integration.partner"].create(
        {"name": "Bench shop", "code": "bench-shop", "kind": "channel"}
    )
    endpoint = env["integration.endpoint"].create(
        {
            "name": "Bench sink",
            "partner_id": partner.id,
            "url": f"http://127.0.0.1:{sink.server_address[1]}",
            "rate_limit": 0,  # the sink takes any pace: measure the hub, not the pacing
        }
    )
    channel = env["integration.channel"].create(
        {
            "name": "Bench shop",
            "code": "bench-shop",
            "kind": "shopify",
            "partner_id": partner.id,
            "endpoint_id": endpoint.id,
            "warehouse_ids": [Command.set(warehouses.ids)],
            "safety_stock": 2,
            "publication_policy": "all",
            "batch_size": 50,
        }
    )
    channel = channel.with_context(queue_job__no_delay=True)  # jobs run inline
    setup_seconds = time.monotonic() - started
    domain = channel._quant_domain()

    def timed(function):
        env.flush_all()
        begin = time.perf_counter()
        result = function()
        env.flush_all()
        return time.perf_counter() - begin, result

    def read_group():
        return env["stock.quant"]._read_group(
            domain, ["product_id"], ["quantity:sum", "reserved_quantity:sum"]
        )

    def change_some():
        chosen = rng.sample(products.ids, max(1, int(items * changed_share)))
        env.cr.execute(
            "UPDATE stock_quant SET quantity = quantity + 7 WHERE product_id = ANY(%s)",
            (chosen,),
        )
        env.invalidate_all()
        return len(chosen)

    def publish():
        before = dict(received)
        env["integration.builder.available_to_sell"]._publish(channel)
        return received["requests"] - before["requests"], received["levels"] - before["levels"]

    stock = env["integration.channel.stock"]
    reference = min(timed(read_group)[0] for _ in range(5))
    groups = len(read_group())
    compute = min(
        timed(lambda: stock._available_figures(channel, stock._publication_products(channel)))[0]
        for _ in range(3)
    )
    first_seconds, (first_requests, first_levels) = timed(publish)
    if first_levels != items:
        raise SystemExit(f"the first publication sent {first_levels} levels, not {items}")
    delta_runs = []
    for _round in range(rounds):
        changed = change_some()
        seconds, (requests, levels) = timed(publish)
        if levels != changed:
            raise SystemExit(f"a delta run sent {levels} levels for {changed} changed items")
        delta_runs.append((seconds, requests, levels))
    delta_seconds, delta_requests, delta_levels = min(delta_runs)
    failed = env["integration.message"].search_count(
        [("flow_id.channel_id", "=", channel.id), ("state", "!=", "sent")]
    )
    if failed:
        raise SystemExit(f"{failed} publication messages were not sent")
    sink.shutdown()

    print()
    print(
        f"{items} items ({groups} with quants) over {len(warehouses)} warehouses, "
        f"{len(rows)} quants; safety stock 2; batches of 50; setup {setup_seconds:.0f} s "
        "(not timed)"
    )
    header = f"{'measure':<62}{'seconds':>9}{'requests':>10}{'items sent':>12}{'vs read_group':>15}"
    print(header)
    print("-" * len(header))

    def row(label, seconds, requests="", levels=""):
        print(
            f"{label:<62}{seconds:>9.3f}{requests!s:>10}{levels!s:>12}{seconds / reference:>14.1f}x"
        )

    row("single read_group of the same quants (best of 5)", reference)
    row("available-to-sell computation alone (best of 3)", compute)
    row(
        f"ATS + delta publication, {changed_share:.0%} changed (best of {rounds})",
        delta_seconds,
        delta_requests,
        delta_levels,
    )
    row("ATS + first publication (every item sent)", first_seconds, first_requests, first_levels)
    print(
        f"\nratio: one full available-to-sell computation and delta publication of {items} "
        f"items = {delta_seconds / reference:.1f}x a single read_group of their quants "
        f"({delta_seconds * 1000:.0f} ms vs {reference * 1000:.1f} ms)"
    )


if os.environ.get(MARKER) and "env" in globals():
    run_in_shell(globals()["env"])
elif __name__ == "__main__":
    main()
