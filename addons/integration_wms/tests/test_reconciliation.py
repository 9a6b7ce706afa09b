# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import WmsCase

PRODUCTS = 100
BINS = 5


@tagged("post_install", "-at_install")
class TestReconciliation(WmsCase):
    """Inventory snapshots of two warehouses (1,000 item-locations) against Odoo's quants."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Warehouse = cls.env["stock.warehouse"]
        cls.adjusting = Warehouse.create(
            {
                "name": "Test 3PL adjusting DC",
                "code": "TRC1",
                "integration_partner_id": cls.wms_partner.id,
                "integration_reconcile_policy": "adjust",
                "integration_variance_threshold": 5,
            }
        )
        cls.reporting = Warehouse.create(
            {
                "name": "Test 3PL reporting DC",
                "code": "TRC2",
                "integration_partner_id": cls.wms_partner.id,
                "integration_reconcile_policy": "report",
            }
        )
        cls.products = cls.env["product.product"].create(
            [
                cls._product_values(f"WMS-RC-{index:04d}", f"Test reconciled item {index}")
                for index in range(PRODUCTS)
            ]
        )
        cls.bins = {}
        quants = []
        for warehouse in (cls.adjusting, cls.reporting):
            cls.bins[warehouse] = cls.env["stock.location"].create(
                [
                    {
                        "name": f"Bin {number}",
                        "barcode": f"{warehouse.code}-B{number}",
                        "location_id": warehouse.lot_stock_id.id,
                    }
                    for number in range(1, BINS + 1)
                ]
            )
            for location in cls.bins[warehouse]:
                for index, product in enumerate(cls.products):
                    quants.append(
                        {
                            "product_id": product.id,
                            "location_id": location.id,
                            "quantity": cls._seed(index, location),
                        }
                    )
        cls.env["stock.quant"].create(quants)

    @staticmethod
    def _seed(index, location):
        return float(10 + (index + location.id) % 7)

    def counts(self, warehouse):
        """The warehouse's count of every item-location, equal to Odoo's."""
        return {
            (location.barcode, product.default_code): self._seed(index, location)
            for location in self.bins[warehouse]
            for index, product in enumerate(self.products)
        }

    def snapshot(self, warehouse, counts, as_of=None):
        document = {
            "warehouse_code": warehouse.code,
            "as_of": (as_of or fields.Datetime.now()).isoformat() + "Z",
            "items": [
                {"product_code": code, "location_code": location, "quantity": quantity}
                for (location, code), quantity in counts.items()
            ],
        }
        return json.dumps(document).encode()

    def quantity(self, warehouse, barcode, code):
        location = self.bins[warehouse].filtered(lambda b: b.barcode == barcode)
        product = self.products.filtered(lambda p: p.default_code == code)
        return sum(
            self.env["stock.quant"]
            .search([("location_id", "=", location.id), ("product_id", "=", product.id)])
            .mapped("quantity")
        )

    def test_1000_items_with_20_differences_report_exactly_those(self):
        adjusting, reporting = self.counts(self.adjusting), self.counts(self.reporting)
        self.assertEqual(len(adjusting) + len(reporting), 1000)
        # Ten differences in each warehouse: within the threshold of 5, above it, an item
        # the warehouse does not have, and (reporting) one Odoo does not know of there.
        seeded = {}
        keys = list(adjusting)
        for position, delta in zip(
            (3, 50, 111, 170, 222, 260, 301, 350, 420),
            (1, -2, 3, -4, 5, -5, 20, -8, 30),
            strict=True,
        ):
            key = keys[position]
            seeded[(self.adjusting, key)] = (adjusting[key] + delta, adjusting[key])
            adjusting[key] += delta
        missing = keys[499]
        seeded[(self.adjusting, missing)] = (0.0, adjusting.pop(missing))
        keys = list(reporting)
        for position, delta in zip(
            (0, 7, 99, 123, 256, 300, 333, 404, 498),
            (2, -1, 7, -9, 1, 15, -3, 4, -8),
            strict=True,
        ):
            key = keys[position]
            seeded[(self.reporting, key)] = (reporting[key] + delta, reporting[key])
            reporting[key] += delta
        product = self.env["product.product"].create(
            self._product_values("WMS-RC-NEW", "Test item only the warehouse has")
        )
        new_key = (f"{self.reporting.code}-B2", product.default_code)
        reporting[new_key] = 6.0
        seeded[(self.reporting, new_key)] = (6.0, 0.0)
        self.assertEqual(len(seeded), 20)

        messages = [
            self.confirm(self.snapshot(self.adjusting, adjusting), flow=self.snapshot_flow),
            self.confirm(self.snapshot(self.reporting, reporting), flow=self.snapshot_flow),
        ]
        for message in messages:
            self.assertEqual(message.state, "processed", message.last_error)
            self.assertLogged(message, "reconcile")
        variances = self.env["integration.wms.variance"].search(
            [("message_id", "in", [m.id for m in messages])]
        )
        self.assertEqual(len(variances), 20)
        found = {
            (v.warehouse_id, (v.location_id.barcode, v.product_id.default_code)): (
                v.wms_quantity,
                v.odoo_quantity,
            )
            for v in variances
        }
        self.assertEqual(found, seeded, "exactly the seeded differences, with their quantities")

        by_state = {}
        for variance in variances:
            by_state.setdefault((variance.warehouse_id, variance.state), []).append(variance)
        self.assertEqual(len(by_state[(self.adjusting, "adjusted")]), 6)
        self.assertEqual(len(by_state[(self.adjusting, "to_approve")]), 4)
        self.assertEqual(len(by_state[(self.reporting, "reported")]), 10)
        self.assertEqual(self.adjusting.integration_variance_count, 4)
        self.assertTrue(messages[0].activity_ids, "the responsible is asked to approve")

        for (warehouse, (barcode, code)), (wms, odoo) in seeded.items():
            state = next(
                v.state
                for v in variances
                if v.warehouse_id == warehouse
                and v.location_id.barcode == barcode
                and v.product_id.default_code == code
            )
            expected = wms if state == "adjusted" else odoo
            self.assertEqual(self.quantity(warehouse, barcode, code), expected, (code, state))

        to_approve = variances.filtered(lambda v: v.state == "to_approve")
        to_approve.action_approve()
        self.assertEqual(set(to_approve.mapped("state")), {"approved"})
        for variance in to_approve:
            self.assertEqual(
                self.quantity(
                    self.adjusting, variance.location_id.barcode, variance.product_id.default_code
                ),
                variance.wms_quantity,
            )

        # The warehouse and Odoo agree now: the next snapshot reports nothing.
        again = self.confirm(
            self.snapshot(
                self.adjusting, adjusting, as_of=fields.Datetime.now() + timedelta(seconds=1)
            ),
            flow=self.snapshot_flow,
        )
        self.assertEqual(again.state, "processed", again.last_error)
        self.assertFalse(
            self.env["integration.wms.variance"].search([("message_id", "=", again.id)])
        )

    def test_stock_moved_after_the_count_is_no_variance(self):
        counts = self.counts(self.adjusting)
        count_time = fields.Datetime.now() - timedelta(hours=1)
        barcode, code = next(iter(counts))
        location = self.bins[self.adjusting].filtered(lambda b: b.barcode == barcode)
        product = self.products.filtered(lambda p: p.default_code == code)
        # Three units leave after the warehouse counted them.
        move = self.env["stock.move"].create(
            {
                "name": "after the count",
                "product_id": product.id,
                "product_uom_qty": 3,
                "product_uom": product.uom_id.id,
                "location_id": location.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
            }
        )
        move._action_confirm()
        move._action_assign()
        move.quantity = 3
        move.picked = True
        move._action_done()
        message = self.confirm(
            self.snapshot(self.adjusting, counts, as_of=count_time), flow=self.snapshot_flow
        )
        self.assertEqual(message.state, "processed", message.last_error)
        self.assertFalse(
            self.env["integration.wms.variance"].search([("message_id", "=", message.id)])
        )

    def test_older_snapshot_and_unknown_codes_open_exceptions(self):
        counts = self.counts(self.reporting)
        now = fields.Datetime.now()
        first = self.confirm(
            self.snapshot(self.reporting, counts, as_of=now), flow=self.snapshot_flow
        )
        self.assertEqual(first.state, "processed", first.last_error)
        older = self.confirm(
            self.snapshot(self.reporting, counts, as_of=now - timedelta(days=1)),
            flow=self.snapshot_flow,
        )
        self.assertEqual(older.state, "failed")
        self.assertIn("older than the last one", self.open_exception(older).explanation)

        counts[("TRC2-B1", "NOPE-1")] = 1
        counts[("TRC2-B9", "WMS-RC-0001")] = 1
        unknown = self.confirm(self.snapshot(self.reporting, counts), flow=self.snapshot_flow)
        self.assertEqual(unknown.state, "failed")
        exception = self.open_exception(unknown)
        self.assertEqual(exception.category, "mapping")
        self.assertIn("NOPE-1", exception.explanation)

    def test_superseded_and_rejected_variances(self):
        counts = self.counts(self.adjusting)
        key = next(iter(counts))
        counts[key] += 50
        first = self.confirm(self.snapshot(self.adjusting, counts), flow=self.snapshot_flow)
        variance = self.env["integration.wms.variance"].search([("message_id", "=", first.id)])
        self.assertEqual(variance.state, "to_approve")
        second = self.confirm(
            self.snapshot(
                self.adjusting, counts, as_of=fields.Datetime.now() + timedelta(seconds=1)
            ),
            flow=self.snapshot_flow,
        )
        self.assertEqual(variance.state, "superseded")
        latest = self.env["integration.wms.variance"].search([("message_id", "=", second.id)])
        latest.action_reject()
        self.assertEqual(latest.state, "rejected")
        self.assertEqual(self.quantity(self.adjusting, *key), counts[key] - 50)

    def test_request_snapshot_button(self):
        request_flow = self.env["integration.flow"].create(
            {
                "name": "Test 3PL inventory requests",
                "code": "t-wms-inv-request",
                "partner_id": self.wms_partner.id,
                "direction": "outbound",
                "document_type": "inventory_request",
                "endpoint_id": self.endpoint.id,
            }
        )
        with self.simulated_wms() as wms:
            self.reporting.action_wms_request_snapshot()
            self.reporting.action_wms_request_snapshot()  # not sent yet: one request
            self.run_jobs()
            self.env["stock.warehouse"]._cron_wms_request_snapshots()
            self.run_jobs()
        requests = [d for d in wms.documents() if "request_ref" in d]
        self.assertEqual(
            len(requests),
            1
            + len(
                self.env["stock.warehouse"].search(
                    [("integration_partner_id", "=", self.wms_partner.id)]
                )
            ),
        )
        self.assertEqual(requests[0]["warehouse_code"], "TRC2")
        messages = self.env["integration.message"].search([("flow_id", "=", request_flow.id)])
        self.assertEqual(set(messages.mapped("state")), {"sent"})
