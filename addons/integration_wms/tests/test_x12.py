# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from .common import WmsCase
from .wms_server import SimulatedWms

THEIRS, OURS = "T3PLWMS", "HUBWMS"


@tagged("post_install", "-at_install")
class TestX12Flows(WmsCase):
    """With integration_edi installed, the same flows speak X12 (940 out, 945 in) through its
    codec: this module's builder and processor only ever see canonical documents. Skipped
    when integration_edi is not installed (this module does not depend on it)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "integration.codec.x12" not in cls.env:
            return
        cls.wms_partner.write(
            {
                "edi_standard": "x12",
                "edi_version": "004010",
                "edi_our_id": OURS,
                "edi_their_id": THEIRS,
                "edi_line_break": False,
            }
        )
        (cls.release_flow | cls.ship_flow).write({"codec": "x12"})

    def setUp(self):
        super().setUp()
        if "integration.codec.x12" not in self.env:
            self.skipTest("integration_edi is not installed")

    def test_940_out_945_in(self):
        from odoo.addons.integration_edi.tests.common import x12_file

        with SimulatedWms() as wms:
            self.endpoint.url = wms.url
            picking = self.sell((self.item_a, 5)).picking_ids
            self.run_jobs()
        self.assertEqual(len(wms.received), 1)
        sent = wms.received[0]["document"]["raw"].decode()
        self.assertTrue(sent.startswith("ISA"))
        self.assertIn(f"W05*N*{picking.name}", sent)
        self.assertIn("WMS-T-100", sent)
        self.assertEqual(picking.integration_release_state, "released")

        line_ref = self.line_ref(picking, self.item_a)
        advice = x12_file(
            THEIRS,
            OURS,
            501,
            "SW",
            [
                (
                    "945",
                    1,
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
            ],
        )
        self.ship_flow.receive(advice)
        self.run_jobs()
        notices = self.env["integration.message"].search(
            [("flow_id", "=", self.ship_flow.id), ("document_type", "=", "shipment_notice")]
        )
        applied = notices.filtered(lambda m: m.wms_document_ref == "SHIP-T-X12")
        self.assertEqual(applied.state, "processed", notices.mapped("last_error"))
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.integration_tracking_ref, "1ZX12TRACK")
        self.assertEqual(picking.backorder_ids.move_ids.product_uom_qty, 2.0)
