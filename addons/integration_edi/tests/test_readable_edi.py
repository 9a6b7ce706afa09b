# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.addons.integration_core.tests.test_readable_documents import text_of
from odoo.tests import TransactionCase, new_test_user, tagged

from . import test_edifact
from .common import EdiSetupMixin, X12PartnerMixin, edifact_file
from .test_x12_end_to_end import order_850

EDF_THEIRS, EDF_OURS = test_edifact.THEIRS, test_edifact.OURS


class ReadableMixin:
    """A queue user and outbound acknowledgements kept in a manual mailbox (not sent)."""

    @classmethod
    def setup_readable(cls):
        cls.user = new_test_user(
            cls.env, f"{cls.code}-reader", groups="integration_core.group_integration_user"
        )
        mailbox = cls.env["integration.endpoint"].create(
            {"name": f"{cls.code} mailbox", "partner_id": cls.partner.id, "transport": "manual"}
        )
        cls.env["integration.flow"].search([("partner_id", "=", cls.partner.id)]).filtered(
            lambda flow: flow.direction == "outbound"
        ).endpoint_id = mailbox

    def shown(self, message):
        """(document, readable) texts of ``message`` as the queue user reads them."""
        as_user = message.with_user(self.user)
        return text_of(as_user.document_html or ""), text_of(as_user.readable_html or "")


@tagged("post_install", "-at_install")
class TestReadableX12(X12PartnerMixin, ReadableMixin, TransactionCase):
    """X12 in and out, read by a queue user: elements named, codes explained."""

    code = "t-edi-read"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_readable()

    def test_850_in_and_855_out_read_with_names_and_meanings(self):
        file_message = self.flows["in"]._receive(order_850(self.gadget_gtin, po="PO-1001"))
        self.run_jobs()
        po_message = file_message.child_ids
        self.assertEqual(po_message.state, "processed", po_message.last_error)

        document, readable = self.shown(po_message)
        self.assertIn("BEG Beginning Segment for Purchase Order", readable)
        self.assertIn("BEG03 Purchase Order Number: PO-1001", readable)
        self.assertIn("BEG01 Transaction Set Purpose Code: 00 (Original)", readable)
        self.assertIn("N101 Entity Identifier Code: ST (Ship To)", readable)
        self.assertIn("PO103 Unit or Basis for Measurement Code: EA (Each)", readable)
        self.assertIn("PO106 Product/Service ID Qualifier: BP (Buyer's Part Number)", readable)
        self.assertIn("ISA15 Interchange Usage Indicator: P (Production Data)", readable)
        self.assertIn("ST01 Transaction Set Identifier Code: 850 (Purchase Order)", readable)
        self.assertIn("Order PO-1001", document)
        self.assertIn("Ship to Buyer DC 7 15 Rail Yard Rd 43215 Columbus", document)
        self.assertIn("Lines: total amount 110.00", document)

        # The 997 and the 855 the hub wrote, read the same way.
        ack = self.outbound("acks_out")
        _document, readable = self.shown(ack)
        self.assertIn("AK501 Transaction Set Acknowledgment Code: A (Accepted)", readable)
        po_ack = self.outbound("order_ack")
        self.assertTrue(po_ack.readable_html, po_ack.last_error)
        document, readable = self.shown(po_ack)
        self.assertIn(
            "BAK02 Acknowledgment Type: AD (Acknowledge - With Detail, No Change)", readable
        )
        self.assertIn("ACK01 Line Item Status Code: IA (Item Accepted)", readable)
        self.assertIn("Order acknowledgement PO-1001", document)

    def test_broken_interchange_reads_up_to_the_fault(self):
        payload = order_850(self.gadget_gtin, po="PO-1002") + b"ISA*00*   *00*\n"
        message = self.flows["in"]._receive(payload)
        self.run_jobs()
        self.assertEqual(message.state, "failed")
        _document, readable = self.shown(message)
        self.assertIn("BEG03 Purchase Order Number: PO-1002", readable)
        self.assertIn("IEA Interchange Control Trailer", readable)
        self.assertIn("The payload cannot be read past the last row shown", readable)


@tagged("post_install", "-at_install")
class TestReadableEdifact(EdiSetupMixin, ReadableMixin, TransactionCase):
    """EDIFACT in and out, read by a queue user: composites named, qualifiers explained."""

    code = "t-edi-edfr"
    standard = "edifact"
    profile_values = test_edifact.TestEdifact.profile_values

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_edi()
        cls.setup_readable()

    def test_orders_in_and_ordrsp_out_read_with_names_and_meanings(self):
        payload = edifact_file(
            EDF_THEIRS, EDF_OURS, "ORD9", [("M1", "ORDERS", test_edifact.orders(self.gadget_gtin))]
        )
        file_message = self.flows["in"]._receive(payload)
        self.run_jobs()
        po_message = file_message.child_ids
        self.assertEqual(po_message.state, "processed", po_message.last_error)
        document, readable = self.shown(po_message)
        self.assertIn("BGM Beginning of message", readable)
        self.assertIn("C002.1001 Document name code: 220 (Order)", readable)
        self.assertIn("1004 Document/message number: PO-EDF-1", readable)
        self.assertIn(
            "C507.2005 Date/time/period qualifier: 137 (Document/message date/time)", readable
        )
        self.assertIn("3035 Party qualifier: DP (Delivery party)", readable)
        self.assertIn("C186.6063 Quantity qualifier: 21 (Ordered quantity)", readable)
        self.assertIn("C509.5125 Price qualifier: AAA (Calculation net)", readable)
        self.assertIn("C212.7143 Item number type, coded: EN", readable)
        self.assertIn("Order PO-EDF-1", document)

        ordrsp = self.outbound("order_ack")
        _document, readable = self.shown(ordrsp)
        self.assertIn("S009.0065 Message type: ORDRSP (Purchase order response message)", readable)
        self.assertIn("C002.1001 Document name code: 231 (Purchase order response)", readable)

    def test_unreadable_segment_stops_the_view_with_the_error(self):
        payload = edifact_file(
            EDF_THEIRS, EDF_OURS, "ORD8", [("M1", "ORDERS", test_edifact.orders(self.gadget_gtin))]
        )
        payload = payload.replace(b"QTY+21:4", b"q!Y+21:4")
        message = self.flows["in"]._receive(payload)
        self.run_jobs()
        self.assertEqual(message.state, "failed")
        _document, readable = self.shown(message)
        self.assertIn("BGM Beginning of message", readable)
        self.assertIn("'q!Y+21:4", readable)
        self.assertIn("does not start with a segment tag", readable)
        self.assertNotIn("UNT Message trailer", readable)
