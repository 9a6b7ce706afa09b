# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.addons.integration_core import schemas
from odoo.tests import TransactionCase, tagged

from .common import EdiSetupMixin, segments, x12_file, x12_profile, x12_sets

THEIRS, OURS = "BUYERDOC", "HUBDOC"


@tagged("post_install", "-at_install")
class TestX12Documents(EdiSetupMixin, TransactionCase):
    """Each X12 document the hub writes or reads, through the codec of its flow."""

    code = "t-edi-doc"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_edi()
        for document_type in ("inventory_snapshot", "warehouse_order"):
            cls.flows[document_type] = cls.env["integration.flow"].create(
                {
                    "name": f"{cls.code} {document_type}",
                    "code": f"{cls.code}-{document_type}",
                    "partner_id": cls.partner.id,
                    "direction": "outbound",
                    "document_type": document_type,
                    "codec": "x12",
                    "endpoint_id": cls.endpoint.id,
                }
            )

    @classmethod
    def profile_values(cls):
        return x12_profile(
            OURS,
            THEIRS,
            edi_version="005010",
            edi_expected_ack="999",
            edi_ack_minutes=15,
            edi_line_break=False,
        )

    def encode(self, flow_name, document):
        """The transaction set the flow's codec writes for ``document``."""
        flow = self.flows[flow_name]
        message = self.env["integration.message"].create(
            {
                "flow_id": flow.id,
                "partner_id": self.partner.id,
                "company_id": self.company.id,
                "direction": "outbound",
                "document_type": flow.document_type,
                "state": "pending",
                "canonical": document,
            }
        )
        codec = flow._codec()
        payload = codec._encode(message, message._document())
        codec._on_encoded(message, payload)
        (transaction_set,) = x12_sets(payload)
        self.assertEqual(message.partner_reference, transaction_set.reference)
        self.assertEqual(message.edi_transaction_ids.ack_status, "pending")
        self.assertEqual(message.edi_ack_label, "999 expected once sent")
        return payload, transaction_set

    def test_flows_take_the_acknowledgement_window_of_the_profile(self):
        self.assertTrue(self.flows["invoice"].expect_acknowledgement)
        self.assertEqual(self.flows["invoice"].sla_minutes, 15)
        self.assertFalse(self.flows["acks_out"].expect_acknowledgement)
        self.partner.write({"edi_expected_ack": "none"})
        self.assertFalse(self.flows["invoice"].expect_acknowledgement)
        self.assertEqual(self.flows["invoice"].sla_minutes, 0)

    def test_855_with_accepted_changed_backordered_and_rejected_lines(self):
        line = {"product_code": "BUY-100", "quantity_ordered": 10, "unit_price": "12.5"}
        payload, po_ack = self.encode(
            "order_ack",
            {
                "order_ref": "PO-DOC-1",
                "ack_date": "2026-11-21",
                "status": "partial",
                "seller_order_ref": "S00042",
                "lines": [
                    {**line, "line_ref": "1", "quantity_accepted": 10, "status": "accepted"},
                    {**line, "line_ref": "2", "quantity_accepted": 8, "status": "changed"},
                    {
                        **line,
                        "line_ref": "3",
                        "quantity_accepted": 4,
                        "status": "backordered",
                        "scheduled_date": "2026-12-01",
                    },
                    {**line, "line_ref": "4", "quantity_accepted": 0, "status": "rejected"},
                ],
            },
        )
        self.assertNotIn(b"\n", payload, "no line break after terminators in this profile")
        self.assertIn(b"*00501*", payload[:110])
        self.assertIn(b"^", payload[:110], "ISA11 is the repetition separator from 00501 on")
        bak = segments(po_ack, "BAK")[0]
        self.assertEqual(bak[1:4], ["00", "AC", "PO-DOC-1"])
        acks = segments(po_ack, "ACK")
        self.assertEqual([a[1] for a in acks], ["IA", "IC", "IB", "IR"])
        self.assertEqual([a[2] for a in acks], ["10", "8", "4", "0"])
        self.assertEqual(acks[2][4:6], ["068", "20261201"])
        self.assertEqual(po_ack.group.header.functional_id, "PR")
        self.assertEqual(po_ack.group.header.version, "005010")

    def test_810_with_taxes_allowances_and_charges(self):
        _payload, invoice = self.encode(
            "invoice",
            {
                "invoice_number": "INV-DOC-1",
                "invoice_date": "2026-11-22",
                "due_date": "2026-12-22",
                "order_ref": "PO-DOC-1",
                "currency": "USD",
                "buyer": {"external_id": "BUYER01", "name": "Doc Buyer"},
                "lines": [
                    {
                        "line_ref": "1",
                        "product_code": "BUY-100",
                        "quantity": 4,
                        "unit_price": "12.50",
                        "discount_percent": 10,
                        "taxes": [{"name": "Sales tax", "rate": 8, "amount": "3.60"}],
                        "subtotal": "45.00",
                    }
                ],
                "allowances_charges": [
                    {"kind": "allowance", "code": "C310", "amount": "5.00"},
                    {"kind": "charge", "code": "D240", "description": "Freight", "amount": "7.25"},
                ],
                "amount_untaxed": "47.25",
                "amount_tax": "3.60",
                "amount_total": "50.85",
            },
        )
        self.assertEqual(segments(invoice, "TDS"), [["TDS", "5085", "4725"]])
        sac = segments(invoice, "SAC")
        self.assertEqual([s[1:3] for s in sac], [["A", "C310"], ["A", "C310"], ["C", "D240"]])
        self.assertEqual(sac[1][5], "500")
        self.assertEqual(sac[2][5], "725")
        self.assertIn(["TXI", "TX", "3.6", "8"], segments(invoice, "TXI"))
        self.assertEqual(segments(invoice, "ITD")[0][6], "20261222")

    def test_846_inventory_advice(self):
        _payload, advice = self.encode(
            "inventory_snapshot",
            {
                "warehouse_code": "WH1",
                "as_of": "2026-11-22T08:00:00",
                "items": [
                    {"product_code": "BUY-100", "quantity": 40},
                    {"product_code": "GAD-2", "quantity": 0, "lot_name": "L7"},
                ],
            },
        )
        self.assertEqual(segments(advice, "BIA")[0][1:3], ["00", "DD"])
        self.assertEqual([s[3] for s in segments(advice, "LIN")], ["BUY-100", "GAD-2"])
        self.assertEqual([s[2] for s in segments(advice, "QTY")], ["40", "0"])
        self.assertEqual(segments(advice, "CTT"), [["CTT", "2"]])

    def test_940_out_carries_the_partner_carrier_code(self):
        _payload, release = self.encode(
            "warehouse_order",
            {
                "order_ref": "WH/OUT/9",
                "warehouse_code": "WH1",
                "carrier_code": "UPS",
                "ship_to": {"name": "Doc DC", "city": "Columbus", "zip": "43215"},
                "lines": [{"line_ref": "1", "product_code": "BUY-100", "quantity": 3}],
            },
        )
        self.assertEqual(segments(release, "W05")[0][1:3], ["N", "WH/OUT/9"])
        self.assertEqual(segments(release, "W66")[0][10], "UPSN")
        self.assertEqual(segments(release, "W01")[0][1], "3")
        self.assertEqual(release.group.header.functional_id, "OW")

    def test_945_in_becomes_a_shipment_notice(self):
        payload = x12_file(
            THEIRS,
            OURS,
            4001,
            "SW",
            [
                (
                    "945",
                    1,
                    [
                        ("W06", "N", "WH/OUT/9", "20261122", "SHIP-77"),
                        ("N1", "ST", "Doc DC", "92", "DC-7"),
                        ("G62", "11", "20261122", "8", "1430"),
                        ("W27", "M", "UPSN"),
                        ("N9", "2I", "1Z999AA10123456784"),
                        ("LX", "1"),
                        ("W12", "CC", "3", "3", "0", "EA", None, "VN", "BUY-100"),
                        ("N9", "LI", "1"),
                        ("W03", "3"),
                    ],
                )
            ],
            version="005010",
        )
        flow = self.flows["in"]
        message = self.env["integration.message"].create(
            {
                "flow_id": flow.id,
                "partner_id": self.partner.id,
                "company_id": self.company.id,
                "direction": "inbound",
                "document_type": "shipment_notice",
                "state": "received",
            }
        )
        document = flow._codec()._decode(message, payload)
        notice = schemas.validate_document("shipment_notice", document)
        self.assertEqual(notice.order_ref, "WH/OUT/9")
        self.assertEqual(notice.shipment_ref, "SHIP-77")
        # The partner's SCAC, as its product codes: the processor maps codes to ours.
        self.assertEqual(notice.carrier_code, "UPSN")
        self.assertEqual(notice.tracking_numbers, ["1Z999AA10123456784"])
        self.assertEqual(notice.lines[0].product_code, "BUY-100")
        self.assertEqual(float(notice.lines[0].quantity_shipped), 3.0)
        self.assertTrue(notice.complete)
