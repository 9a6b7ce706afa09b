# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields
from odoo.tests import tagged

from .common import WmsCase

THEIRS, OURS = "T3PLWMS", "HUBWMS"


class EdiWmsCase(WmsCase):
    """With integration_edi installed, the same flows speak EDI through its codecs: this
    module's builders and processors only ever see canonical documents. Skipped when
    integration_edi is not installed (this module does not depend on it)."""

    codec = None
    profile = {}
    edi_flows = ("release_flow", "ship_flow", "receipt_flow", "snapshot_flow")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if f"integration.codec.{cls.codec}" not in cls.env:
            return
        cls.wms_partner.write({"edi_our_id": OURS, "edi_their_id": THEIRS, **cls.profile})
        for flow in cls.edi_flows:
            getattr(cls, flow).codec = cls.codec

    def setUp(self):
        super().setUp()
        if f"integration.codec.{self.codec}" not in self.env:
            self.skipTest("integration_edi is not installed")

    def assertOneVarianceReported(self, file):
        """A stock report of 100 x item A (as in Odoo) and 47 x item B (50 in Odoo)."""
        snapshot = file.child_ids
        self.assertEqual(len(snapshot), 1, "one message per document of the file")
        self.assertEqual(snapshot.canonical["warehouse_code"], "T3PL")
        self.assertEqual(snapshot.state, "processed", snapshot.last_error)
        variance = self.env["integration.wms.variance"].search([("message_id", "=", snapshot.id)])
        self.assertEqual(
            [(v.product_id, v.wms_quantity, v.odoo_quantity, v.state) for v in variance],
            [(self.item_b, 47.0, 50.0, "reported")],
            "the one difference, reported (the warehouse's policy)",
        )


@tagged("post_install", "-at_install")
class TestX12Flows(EdiWmsCase):
    """X12: 940 out; 945, 944 and 846 in."""

    codec = "x12"
    profile = {"edi_standard": "x12", "edi_version": "004010", "edi_line_break": False}

    def advice(self, control, functional_id, set_type, body):
        from odoo.addons.integration_edi.tests.common import x12_file

        return x12_file(THEIRS, OURS, control, functional_id, [(set_type, 1, body)])

    def document_of(self, flow, reference):
        """The message of one document (a transaction set) split from a file on ``flow``."""
        return self.env["integration.message"].search(
            [("flow_id", "=", flow.id), ("wms_document_ref", "=", reference)]
        )

    def test_940_out_945_in(self):
        with self.simulated_wms() as wms:
            picking = self.sell((self.item_a, 5)).picking_ids
            self.run_jobs()
        self.assertEqual(len(wms.received), 1)
        sent = wms.received[0]["document"]["raw"].decode()
        self.assertTrue(sent.startswith("ISA"))
        self.assertIn(f"W05*N*{picking.name}", sent)
        self.assertIn("WMS-T-100", sent)
        self.assertEqual(picking.integration_release_state, "released")

        line_ref = self.line_ref(picking, self.item_a)
        advice = self.advice(
            501,
            "SW",
            "945",
            [
                ("W06", "N", picking.name, "20261122", "SHIP-T-X12"),
                ("G62", "11", "20261122", "8", "1430"),
                ("W27", "M", "UPSN"),
                ("N9", "2I", "1ZX12TRACK"),
                ("LX", "1"),
                ("W12", "PR", "5", "3", "2", "EA", None, "VN", "WMS-T-100"),
                ("N9", "LI", line_ref),
                ("W03", "3"),
            ],
        )
        self.confirm(advice)
        applied = self.document_of(self.ship_flow, "SHIP-T-X12")
        self.assertEqual(applied.state, "processed", applied.last_error)
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.integration_tracking_ref, "1ZX12TRACK")
        self.assertEqual(picking.backorder_ids.move_ids.product_uom_qty, 2.0)

    def test_944_in_validates_the_receipt_with_its_lots(self):
        receipt = self.expect((self.item_a, 10), (self.item_lot, 6))
        advice = self.advice(
            502,
            "AR",
            "944",
            [
                ("W17", "F", "20261122", "RCV-T-X12", "P-T-0001"),
                ("N1", "WH", "Test 3PL DC", "92", "T3PL"),
                ("G62", "09", "20261122", "8", "0915"),
                ("LX", "1"),
                ("W07", "10", "EA", None, "VN", "WMS-T-100"),
                ("LX", "2"),
                ("W07", "4", "EA", None, "VN", "WMS-T-LOT", "RCV-LOT-X1"),
                ("W07", "2", "EA", None, "VN", "WMS-T-LOT", "RCV-LOT-X2"),
                ("W14", "16"),
            ],
        )
        self.confirm(advice, flow=self.receipt_flow)
        applied = self.document_of(self.receipt_flow, "RCV-T-X12")
        self.assertEqual(applied.document_type, "receipt_notice")
        self.assertEqual(applied.state, "processed", applied.last_error)
        self.assertEqual(applied._business_record(), receipt)
        self.assertEqual(receipt.state, "done")
        lots = receipt.move_line_ids.filtered(lambda line: line.product_id == self.item_lot)
        self.assertEqual(
            sorted((line.lot_id.name, line.quantity) for line in lots),
            [("RCV-LOT-X1", 4.0), ("RCV-LOT-X2", 2.0)],
        )
        self.assertEqual(
            self.item_a.with_context(warehouse_id=self.warehouse.id).qty_available, 110
        )

    def test_944_total_that_does_not_add_up_is_a_parsing_error(self):
        self.expect((self.item_a, 10))
        advice = self.advice(
            503,
            "AR",
            "944",
            [
                ("W17", "F", "20261122", "RCV-T-BAD", "P-T-0001"),
                ("LX", "1"),
                ("W07", "10", "EA", None, "VN", "WMS-T-100"),
                ("W14", "12"),
            ],
        )
        file = self.confirm(advice, flow=self.receipt_flow)
        failed = (file | file.child_ids).filtered(lambda m: m.state == "failed")
        self.assertEqual(len(failed), 1)
        self.assertIn("W1401: 12 declared, 10 found", failed.last_error)
        self.assertEqual(failed.exception_ids.category, "parsing")

    def test_846_in_is_reconciled_against_the_quants(self):
        now = fields.Datetime.now()
        advice = self.advice(
            504,
            "IB",
            "846",
            [
                ("BIA", "00", "DD", "INV-T-X12", now.strftime("%Y%m%d"), now.strftime("%H%M")),
                ("N1", "WH", "Test 3PL DC", "92", "T3PL"),
                ("LIN", None, "VP", "WMS-T-100"),
                ("QTY", "17", "100", "EA"),
                ("LIN", None, "VP", "WMS-T-200"),
                ("QTY", "17", "47", "EA"),
                ("CTT", "2"),
            ],
        )
        self.assertOneVarianceReported(self.confirm(advice, flow=self.snapshot_flow))


@tagged("post_install", "-at_install")
class TestEdifactFlows(EdiWmsCase):
    """UN/EDIFACT D.96A: DESADV and INVRPT in (releases stay canonical JSON)."""

    codec = "edifact"
    edi_flows = ("ship_flow", "snapshot_flow")
    profile = {
        "edi_standard": "edifact",
        "edi_version": "D96A",
        "edi_our_qualifier": "ZZZ",
        "edi_their_qualifier": "ZZZ",
    }

    def assertAcceptedInTheContrl(self, message_type):
        """The message is recorded as read without errors, so our CONTRL accepts it."""
        transaction = self.env["integration.edi.transaction"].search(
            [
                ("partner_id", "=", self.wms_partner.id),
                ("direction", "=", "inbound"),
                ("set_type", "=", message_type),
            ]
        )
        self.assertEqual(len(transaction), 1)
        self.assertFalse(transaction.errors)
        self.assertNotEqual(transaction.ack_status, "rejected")

    def test_desadv_in_validates_the_delivery_with_its_package(self):
        from odoo.addons.integration_edi import edifact
        from odoo.addons.integration_edi.tests.common import edifact_file

        with self.simulated_wms():
            picking = self.sell((self.item_a, 5)).picking_ids
            self.run_jobs()
        self.assertEqual(picking.integration_release_state, "released")
        line_ref = self.line_ref(picking, self.item_a)
        build = edifact.Segment.build
        body = [
            build("BGM", "351", "SHIP-T-EDF", "9"),
            build("DTM", ("11", "202611221430", "203")),
            build("RFF", ("ON", picking.name)),
            build("RFF", ("CN", "JJD0001")),
            build("CPS", "1"),
            build("CPS", "2", "1"),
            build("GIN", "BJ", "306141411234567891"),
            build("LIN", "1"),
            build("PIA", "5", ("WMS-T-100", "SA")),
            build("QTY", ("12", 3, "PCE")),
            build("RFF", ("ON", picking.name, line_ref)),
            build("CNT", ("2", 1)),
        ]
        payload = edifact_file(THEIRS, OURS, "DES1", [("M1", "DESADV", body)])
        notice = self.confirm(payload).child_ids
        self.assertEqual(notice.document_type, "shipment_notice")
        self.assertEqual(notice.state, "processed", notice.last_error)
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.integration_tracking_ref, "JJD0001")
        self.assertEqual(picking.move_ids.quantity, 3.0)
        self.assertEqual(picking.backorder_ids.move_ids.product_uom_qty, 2.0)
        self.assertAcceptedInTheContrl("DESADV")

    def test_invrpt_in_is_reconciled_against_the_quants(self):
        from odoo.addons.integration_edi import edifact
        from odoo.addons.integration_edi.tests.common import edifact_file

        now = fields.Datetime.now()
        body = [
            edifact.Segment.build("BGM", "35", "INV-T-EDF", "9"),
            edifact.Segment.build("DTM", ("137", now.strftime("%Y%m%d%H%M"), "203")),
            edifact.Segment.build("NAD", "WH", "T3PL"),
        ]
        for number, (code, quantity) in enumerate((("WMS-T-100", 100), ("WMS-T-200", 47)), 1):
            body += [
                edifact.Segment.build("LIN", number),
                edifact.Segment.build("PIA", "5", (code, "SA")),
                edifact.Segment.build("QTY", ("145", quantity, "PCE")),
            ]
        payload = edifact_file(THEIRS, OURS, "INV1", [("M1", "INVRPT", body)])
        self.assertOneVarianceReported(self.confirm(payload, flow=self.snapshot_flow))
        self.assertAcceptedInTheContrl("INVRPT")
