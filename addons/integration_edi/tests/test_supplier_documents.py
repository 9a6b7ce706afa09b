# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The supplier side through the X12 and EDIFACT codecs: a supplier's acknowledgement,
advance ship notice and invoice decoded into the canonical documents and acknowledged by
997 / CONTRL when its file is split; our purchase order, its change and its cancellation
written as 850 / 860 and ORDERS / ORDCHG, expecting the partner's acknowledgement.

integration_edi does not depend on purchase, and a flow needs a processor (inbound) or a
builder (outbound) of an installed module: without integration_purchase there can be no
inbound order_ack / invoice flow nor outbound order flow. So these tests work at the codec
level, as the other codec tests do: messages of the supplier's document types on the
partner's existing flows, decoded, split and encoded by the flow's codec. The chain through
the API with purchase orders is tested in integration_purchase.
"""

from pathlib import Path

from odoo.addons.integration_core import schemas
from odoo.tests import TransactionCase, tagged

from .. import edifact
from .common import EdiSetupMixin, segments, x12_profile, x12_sets

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SSCC_1, SSCC_2 = "000123456000000012", "000123456000000029"
ORDER = {
    "order_ref": "P00042",
    "order_date": "2026-11-18",
    "customer": {"external_id": "HUB-001", "name": "Hub Distribution"},
    "supplier": {"external_id": "ACME", "name": "Acme Supply Co"},
    "ship_to": {"name": "Hub DC", "external_id": "WH-MAIN", "city": "Columbus"},
    "requested_delivery_date": "2026-11-27",
    "lines": [
        {
            "line_ref": "1",
            "product_code": "AC-1001",
            "buyer_product_code": "WID-100",
            "gtin": "4006381333931",
            "quantity": 10,
            "unit_price": "12.5",
        },
        {"line_ref": "2", "product_code": "AC-2002", "quantity": 24, "unit_price": "4"},
    ],
}


class SupplierCodecMixin(EdiSetupMixin):
    """An EDI supplier: its files decoded and split, our orders encoded, by the codec of
    the partner's flows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_edi()

    def message(self, flow_name, document_type, **values):
        """A message of ``document_type`` on the partner's flow ``flow_name``."""
        flow = self.flows[flow_name]
        return self.env["integration.message"].create(
            {
                "flow_id": flow.id,
                "partner_id": self.partner.id,
                "company_id": self.company.id,
                "direction": flow.direction,
                "document_type": document_type,
                "state": "pending" if flow.direction == "outbound" else "received",
                **values,
            }
        )

    def decode(self, fixture, document_type):
        """The validated, dumped canonical document the codec reads from ``fixture``."""
        payload = (FIXTURES / fixture).read_bytes()
        message = self.message("in", document_type)
        document = self.flows["in"]._codec()._decode(message, payload)
        return schemas.dump(schemas.validate_document(document_type, document))

    def split(self, fixture):
        """Split the file as its receipt does: (the parts, the acknowledgement queued)."""
        message = self.message("in", "order")
        parts = self.flows["in"]._codec()._split(message, (FIXTURES / fixture).read_bytes())
        reply = self.env["integration.message"].search(
            [("flow_id", "=", self.flows["acks_out"].id)], order="id desc", limit=1
        )
        return parts, reply

    def encode(self, document):
        """The payload the codec writes for our order ``document``, recorded as sent. No
        outbound order flow without a builder: the message is on the order_ack flow."""
        message = self.message("order_ack", "order", canonical=document)
        codec = self.flows["order_ack"]._codec()
        payload = codec._encode(message, message._document())
        codec._on_encoded(message, payload)
        self.assertEqual(message.edi_transaction_ids.ack_status, "pending", "an ack is expected")
        return payload

    def assert_ack(self, ack):
        self.assertEqual((ack["order_ref"], ack["seller_order_ref"]), ("P00042", "SO-88120"))
        self.assertEqual(ack["status"], "partial")
        self.assertEqual(
            [
                (line["line_ref"], line["status"], line["quantity_accepted"])
                for line in ack["lines"]
            ],
            [
                ("1", "accepted", "10"),
                ("2", "changed", "24"),
                ("3", "rejected", "0"),
                ("4", "backordered", "6"),
                ("5", "changed", "2"),
            ],
        )
        self.assertEqual(ack["lines"][4]["substitute_product_code"], "AC-5006")

    def assert_notice(self, notice):
        self.assertEqual(
            (notice["shipment_ref"], notice["order_ref"], notice["expected_date"]),
            ("ASN-77001", "P00042", "2026-11-27"),
        )
        self.assertEqual(notice["tracking_numbers"], ["1Z999AA10123456784"])
        self.assertEqual([p["sscc"] for p in notice["packages"]], [SSCC_1, SSCC_2])
        first, second = (package["lines"] for package in notice["packages"])
        self.assertEqual(
            [(lot["lot_name"], lot["quantity"], lot["expiry_date"]) for lot in first[0]["lots"]],
            [("LOT-A1", "6", "2027-12-31"), ("LOT-A2", "4", "2028-01-31")],
        )
        self.assertEqual((second[0]["line_ref"], second[0]["quantity_shipped"]), ("2", "12"))


@tagged("post_install", "-at_install")
class TestX12SupplierDocuments(SupplierCodecMixin, TransactionCase):
    code = "t-edi-sup"

    @classmethod
    def profile_values(cls):
        return x12_profile(
            "HUBDISTRIB",
            "ACMESUPPLY",
            edi_our_qualifier="ZZ",
            edi_their_qualifier="ZZ",
            edi_product_qualifiers="VP,BP,*",
        )

    def test_855_856_810_in_become_canonical_documents(self):
        self.assert_ack(self.decode("x12/855_supplier_ack.edi", "order_ack"))
        notice = self.decode("x12/856_supplier_two_lots_two_sscc.edi", "shipment_notice")
        self.assert_notice(notice)
        self.assertEqual(notice["carrier_code"], "UPSN")
        invoice = self.decode("x12/810_supplier_invoice.edi", "invoice")
        self.assertEqual(
            (invoice["invoice_number"], invoice["order_ref"], invoice["due_date"]),
            ("INV-30017", "P00042", "2026-12-26"),
        )
        self.assertEqual(
            (invoice["amount_untaxed"], invoice["amount_tax"], invoice["amount_total"]),
            ("190.40", "12.28", "202.68"),
        )

    def test_supplier_sets_are_acknowledged_by_997(self):
        for fixture, kind, group, doc_type in (
            ("x12/855_supplier_ack.edi", "855", "731", "order_ack"),
            ("x12/856_supplier_two_lots_two_sscc.edi", "856", "732", "shipment_notice"),
            ("x12/810_supplier_invoice.edi", "810", "733", "invoice"),
        ):
            parts, reply = self.split(fixture)
            self.assertEqual(
                [(p.document_type, p.reference) for p in parts], [(doc_type, f"{group}:0001")]
            )
            (ack,) = x12_sets(reply._payload())
            self.assertEqual(ack.type, "997")
            self.assertEqual(segments(ack, "AK2"), [["AK2", kind, "0001"]])
            self.assertEqual(segments(ack, "AK5"), [["AK5", "A"]])

    def test_a_broken_856_is_rejected_by_997_naming_the_element(self):
        payload = (FIXTURES / "x12/856_supplier_two_lots_two_sscc.edi").read_bytes()
        broken = payload.replace(b"MAN*GM*000123456000000029", b"MAN*GM*000123456000000028")
        message = self.message("in", "order")
        self.flows["in"]._codec()._split(message, broken)
        reply = self.env["integration.message"].search(
            [("flow_id", "=", self.flows["acks_out"].id)], order="id desc", limit=1
        )
        (ack,) = x12_sets(reply._payload())
        self.assertEqual(segments(ack, "AK3"), [["AK3", "MAN", "29", "", "8"]])
        self.assertEqual(segments(ack, "AK4")[0][1:4], ["2", "", "7"])
        self.assertEqual(segments(ack, "AK5"), [["AK5", "R", "5"]])
        with self.assertRaisesRegex(Exception, r"MAN02: '000123456000000028' is not an SSCC"):
            self.flows["in"]._codec()._decode(self.message("in", "shipment_notice"), broken)

    def test_order_out_as_850_its_change_as_860(self):
        (po,) = x12_sets(self.encode(ORDER))
        self.assertEqual((po.type, po.group.header.functional_id), ("850", "PO"))
        self.assertEqual(segments(po, "BEG"), [["BEG", "00", "SA", "P00042", "", "20261118"]])
        self.assertEqual(
            segments(po, "PO1")[0],
            ["PO1", "1", "10", "EA", "12.5", "PE", "VP", "AC-1001", "BP", "WID-100", "EN",
             "4006381333931"],
        )  # fmt: skip
        self.assertIn(["N1", "SE", "Acme Supply Co", "92", "ACME"], segments(po, "N1"))
        (change,) = x12_sets(self.encode({**ORDER, "purpose": "change"}))
        self.assertEqual((change.type, change.group.header.functional_id), ("860", "PC"))
        self.assertEqual(segments(change, "BCH")[0][1:4], ["04", "SA", "P00042"])
        self.assertEqual([poc[2] for poc in segments(change, "POC")], ["CA", "CA"])
        (cancel,) = x12_sets(self.encode({**ORDER, "purpose": "cancel"}))
        self.assertEqual(segments(cancel, "BCH")[0][1], "01")
        self.assertFalse(segments(cancel, "POC"))

        self.partner.edi_resend_orders = True
        (again,) = x12_sets(self.encode({**ORDER, "purpose": "change"}))
        self.assertEqual(again.type, "850")
        self.assertEqual(segments(again, "BEG")[0][1], "05")


@tagged("post_install", "-at_install")
class TestEdifactSupplierDocuments(SupplierCodecMixin, TransactionCase):
    code = "t-edf-sup"
    standard = "edifact"

    @classmethod
    def profile_values(cls):
        return {
            "edi_standard": "edifact",
            "edi_version": "D01B",
            "edi_our_qualifier": "14",
            "edi_our_id": "5412345000013",
            "edi_their_qualifier": "14",
            "edi_their_id": "4012345000009",
            "edi_expected_ack": "contrl",
            "edi_send_ack": True,
        }

    def test_ordrsp_desadv_invoic_in_become_canonical_documents(self):
        self.assert_ack(self.decode("edifact/ordrsp_supplier.edi", "order_ack"))
        notice = self.decode("edifact/desadv_supplier_two_lots_two_sscc.edi", "shipment_notice")
        self.assert_notice(notice)
        self.assertEqual(notice["packages"][0]["package_ref"], "2")
        invoice = self.decode("edifact/invoic_supplier.edi", "invoice")
        self.assertEqual(
            (invoice["invoice_number"], invoice["currency"], invoice["amount_total"]),
            ("INV-30017", "EUR", "220.58"),
        )

    def test_supplier_messages_are_acknowledged_by_contrl(self):
        for fixture, control, doc_type in (
            ("edifact/ordrsp_supplier.edi", "ACK731", "order_ack"),
            ("edifact/desadv_supplier_two_lots_two_sscc.edi", "ASN732", "shipment_notice"),
            ("edifact/invoic_supplier.edi", "INV733", "invoice"),
        ):
            parts, reply = self.split(fixture)
            self.assertEqual(
                [(p.document_type, p.reference) for p in parts], [(doc_type, f"{control}:1")]
            )
            acks = edifact.read_contrl(reply._payload())
            self.assertEqual(
                [(a["acknowledged_ref"], a["status"]) for a in acks],
                [(control, "accepted"), (f"{control}:1", "accepted")],
            )

    def test_order_out_as_orders_its_change_as_ordchg(self):
        def message_of(payload):
            (interchange,) = edifact.read_interchanges(payload)
            (message,) = interchange.messages
            return message

        orders = message_of(self.encode(ORDER))
        self.assertEqual(str(orders.message_type), "ORDERS:D:01B:UN")
        self.assertEqual(orders.body[0].elements, [["220"], ["P00042"], ["9"]])
        pia = [s.elements for s in orders.body if s.tag == "PIA"]
        self.assertIn([["5"], ["AC-1001", "SA"]], pia)
        self.assertIn([["1"], ["WID-100", "IN"]], pia)
        change = message_of(self.encode({**ORDER, "purpose": "change"}))
        self.assertEqual(str(change.message_type), "ORDCHG:D:01B:UN")
        self.assertEqual(change.body[0].elements, [["230"], ["P00042"], ["4"]])
        cancel = message_of(self.encode({**ORDER, "purpose": "cancel"}))
        self.assertEqual(cancel.body[0].elements, [["230"], ["P00042"], ["1"]])
        self.assertFalse([s for s in cancel.body if s.tag == "LIN"])
        self.partner.edi_resend_orders = True
        again = message_of(self.encode({**ORDER, "purpose": "cancel"}))
        self.assertEqual(again.message_type.type, "ORDERS")
        self.assertEqual(again.body[0].elements, [["220"], ["P00042"], ["1"]])
