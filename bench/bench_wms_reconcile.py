"""Inventory reconciliation of 10,000 item-locations against one read_group of the same quants.

The reconciliation is integration_wms's snapshot processor, map and process steps as the
pipeline runs them (item codes and locations resolved in bulk, Odoo's quants read and set
back to the snapshot's time, compared with the pure ``reconcile.compare``, one variance line
per difference written). The reference is a single ``read_group`` of the same quants by
location, product and lot: the least any reconciliation has to do. Both run in the same
database and the same process, in alternating rounds; the best round of each is printed side
by side with their ratio (and ``_read_group``, the ORM's tuple-returning variant, for scale).

Run from the repository root, with the suite's requirements installed and .local/odoo.conf
written (``./tools/test`` or ``./tools/serve`` write it):

    python3 bench/bench_wms_reconcile.py [--db wms_bench] [--rounds 5] [--keep]

It (re)creates the scratch database ``wms_bench`` with integration_wms installed without
demo data, runs itself inside ``odoo shell`` on it, and drops it afterwards (``--keep``
keeps it). On a database where integration_wms is already installed, run the measuring part
directly; everything it creates is rolled back:

    python3 -m odoo shell -c .local/odoo.conf -d <db> --no-http < bench/bench_wms_reconcile.py

Environment (both ways): BENCH_ROUNDS (5), BENCH_PRODUCTS (1000), BENCH_BINS (10),
BENCH_DIFFERENCES (100). A JSON copy of the results goes to bench/results/.
"""

import argparse
import json
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent if "__file__" in globals() else Path.cwd()


# ---------------------------------------------------------------------------- launcher
def launch():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--db", default="wms_bench", help="scratch database (dropped first)")
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", 5)))
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    from scratch import run_in_scratch_db  # noqa: PLC0415 - not inside odoo shell

    run_in_scratch_db(
        __file__, args.db, "integration_wms", {"BENCH_ROUNDS": str(args.rounds)}, keep=args.keep
    )


# ---------------------------------------------------------------------------- measure
def measure(env):
    from odoo.addons.integration_core import schemas

    rounds = int(os.environ.get("BENCH_ROUNDS", 5))
    products_count = int(os.environ.get("BENCH_PRODUCTS", 1000))
    bins_count = int(os.environ.get("BENCH_BINS", 10))
    differences = int(os.environ.get("BENCH_DIFFERENCES", 100))
    env = env(context=dict(env.context, tracking_disable=True))

    print("seeding ...", flush=True)
    partner = env["integration.partner"].create(
        {"name": "Bench 3PL", "code": "bench-3pl", "kind": "3pl"}
    )
    flow = env["integration.flow"].create(
        {
            "name": "Bench snapshots",
            "code": "bench-snapshots",
            "partner_id": partner.id,
            "direction": "inbound",
            "document_type": "inventory_snapshot",
        }
    )
    warehouse = env["stock.warehouse"].create(
        {
            "name": "Bench DC",
            "code": "BNCH",
            "integration_partner_id": partner.id,
            "integration_reconcile_policy": "report",
        }
    )
    bins = env["stock.location"].create(
        [
            {
                "name": f"Bin {n}",
                "barcode": f"BNCH-{n:03d}",
                "location_id": warehouse.lot_stock_id.id,
            }
            for n in range(bins_count)
        ]
    )
    products = env["product.product"].create(
        [
            {
                "name": f"Bench item {n}",
                "default_code": f"BENCH-{n:05d}",
                "type": "consu",
                "is_storable": True,
            }
            for n in range(products_count)
        ]
    )
    env["stock.quant"].create(
        [
            {"product_id": p.id, "location_id": b.id, "quantity": float(1 + (p.id + b.id) % 50)}
            for b in bins
            for p in products
        ]
    )
    items = [
        {
            "product_code": p.default_code,
            "location_code": b.barcode,
            "quantity": 1 + (p.id + b.id) % 50,
        }
        for b in bins
        for p in products
    ]
    step = max(len(items) // differences, 1)
    for item in items[::step][:differences]:
        item["quantity"] += 3
    document = schemas.validate_document(
        "inventory_snapshot",
        {"warehouse_code": "BNCH", "as_of": "2030-01-01T00:00:00Z", "items": items},
    )
    message = flow._receive(json.dumps({"note": "bench"}).encode())
    processor = env["integration.processor.inventory_snapshot"]
    location_ids = processor._internal_locations(warehouse).ids
    Quant = env["stock.quant"]
    env.flush_all()

    class Rollback(Exception):
        pass

    def reconcile_once():
        """One reconciliation, timed, then undone (variances, log, last snapshot date)."""
        try:
            with env.cr.savepoint():
                started = time.perf_counter()
                mapped = processor._map(message, document)
                processor._process(message, document, mapped)
                env.flush_all()
                elapsed = time.perf_counter() - started
                found = env["integration.wms.variance"].search_count(
                    [("message_id", "=", message.id)]
                )
                assert found == differences, f"{found} variances, {differences} seeded"
                raise Rollback
        except Rollback:
            pass
        return elapsed

    def read_group_once():
        started = time.perf_counter()
        groups = Quant.read_group(
            [("location_id", "in", location_ids)],
            ["quantity:sum"],
            ["location_id", "product_id", "lot_id"],
            lazy=False,
        )
        elapsed = time.perf_counter() - started
        assert len(groups) == len(items)
        return elapsed

    def _read_group_once():
        started = time.perf_counter()
        groups = Quant._read_group(
            [("location_id", "in", location_ids)],
            ["location_id", "product_id", "lot_id"],
            ["quantity:sum"],
        )
        elapsed = time.perf_counter() - started
        assert len(groups) == len(items)
        return elapsed

    timings = {"reconcile": [], "read_group": [], "_read_group": []}
    runs = (
        ("reconcile", reconcile_once),
        ("read_group", read_group_once),
        ("_read_group", _read_group_once),
    )
    print(f"measuring {rounds} alternating rounds ...", flush=True)
    for _round in range(rounds):
        for name, run in runs:
            env.invalidate_all()
            timings[name].append(run())
    best = {name: min(values) for name, values in timings.items()}
    ratio = best["reconcile"] / best["read_group"]
    ratio_tuples = best["reconcile"] / best["_read_group"]

    print()
    print(
        f"{len(items):,} item-locations ({products_count} items x {bins_count} locations), "
        f"{differences} differences, best of {rounds} alternating rounds"
    )
    rows = (
        ("reconciliation (snapshot processor: map + process)", "reconcile"),
        ("read_group of the same quants (dicts, names)", "read_group"),
        ("_read_group of the same quants (tuples)", "_read_group"),
    )
    print(f"{'':52} {'seconds':>8} {'/ read_group':>13} {'/ _read_group':>14}")
    for label, name in rows:
        print(
            f"{label:52} {best[name]:8.3f} {best[name] / best['read_group']:12.2f}x "
            f"{best[name] / best['_read_group']:13.2f}x"
        )
    print(
        f"ratio: reconciliation / read_group = {ratio:.2f}x; "
        f"reconciliation / _read_group = {ratio_tuples:.2f}x"
    )
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "bench_wms_reconcile.json").write_text(
        json.dumps(
            {
                "item_locations": len(items),
                "differences": differences,
                "rounds": timings,
                "best": best,
                "ratio_read_group": ratio,
                "ratio__read_group": ratio_tuples,
            },
            indent=2,
        )
    )
    env.cr.rollback()


if "env" in globals():  # inside odoo shell
    measure(globals()["env"])
elif __name__ == "__main__":
    launch()
