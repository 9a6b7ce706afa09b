# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re

from odoo.addons.integration_core.tests.common import LocalPartnerMixin
from odoo.addons.integration_core.tests.partner_server import PartnerServer
from odoo.tests import TransactionCase, tagged

from .. import edifact
from .common import EdiSetupMixin, edifact_file, edifact_profile, gs1

THEIRS, OURS = "BUYEREDF", "HUBEDF"
Segment = edifact.Segment


def orders(gadget_gtin, po="PO-EDF-1"):
    return [
        Segment.build("BGM", "220", po, "9"),
        Segment.build("DTM", ("137", "20261120", "102")),
        Segment.build("NAD", "BY", ("BUYER01", None, "92"), None, "Edf Buyer"),
        Segment.build("NAD", "DP", ("DC-7", None, "92"), None, "Edf DC 7"),
        Segment.build("CUX", ("2", "USD", "9")),
        Segment.build("LIN", "1"),
        Segment.build("PIA", "5", ("BUY-100", "IN")),
        Segment.build("QTY", ("21", "4", "PCE")),
        Segment.build("PRI", ("AAA", "12.5")),
        Segment.build("LIN", "2", None, (gadget_gtin, "EN")),
        Segment.build("QTY", ("21", "2")),
        Segment.build("UNS", "S"),
        Segment.build("CNT", ("2", "2")),
    ]


def contrl(reference, message_type, action, *details):
    """The partner's CONTRL on our message ``reference`` (<UNB0020>:<UNH0062>)."""
    control, ref = reference.split(":")
    return [
        Segment.build("UCI", control, (OURS, "ZZZ"), (THEIRS, "ZZZ"), "7"),
        Segment.build("UCM", ref, (message_type, "D", "96A", "UN"), action),
        *details,
    ]


def read(payload):
    """The one message of a valid interchange we sent."""
    (interchange,) = edifact.read_interchanges(payload)
    assert interchange.is_valid, interchange.all_errors()
    (message,) = interchange.messages
    return interchange, message


def find(message, tag):
    return [segment for segment in message.body if segment.tag == tag]


@tagged("post_install", "-at_install")
class TestEdifact(EdiSetupMixin, LocalPartnerMixin, TransactionCase):
    """An EDIFACT D.96A trading partner: ORDERS in, CONTRL both ways, ORDRSP/DESADV/INVOIC out."""

    code = "t-edi-edf"
    standard = "edifact"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_edi()

    @classmethod
    def profile_values(cls):
        return edifact_profile(OURS, THEIRS, edi_ack_minutes=120)

    def receive(self, payload):
        message = self.flows["in"]._receive(payload)
        self.run_jobs()
        return message

    def sent(self, server, message_type):
        found = []
        for request in server.requests:
            interchange, message = read(request["body"])
            if message.message_type.type == message_type:
                found.append((interchange, message))
        return found

    def test_orders_in_contrl_both_ways_and_documents_out(self):
        with PartnerServer(statuses=(200,)) as server:
            self.endpoint.url = server.url
            payload = edifact_file(
                THEIRS, OURS, "ORD1", [("M1", "ORDERS", orders(self.gadget_gtin))]
            )
            file_message = self.receive(payload)
            self.assertEqual(file_message.state, "processed")
            lines = file_message.payload_display.splitlines()
            self.assertEqual(len(lines), 17, "one segment per line")
            self.assertEqual(lines[1], "UNH+M1+ORDERS:D:96A:UN'")
            po_message = file_message.child_ids
            self.assertEqual(po_message.partner_reference, "ORD1:M1")
            self.assertEqual(po_message.state, "processed", po_message.last_error)
            order = po_message._business_record()
            self.assertEqual(order.state, "sale")
            self.assertEqual(order.client_order_ref, "PO-EDF-1")
            self.assertEqual(order.partner_shipping_id, self.dc)
            self.assertEqual(order.order_line.mapped("product_id"), self.widget | self.gadget)

            (reply,) = self.sent(server, "CONTRL")
            uci = find(reply[1], "UCI")[0]
            self.assertEqual((uci.value(0), uci.value(3)), ("ORD1", "7"))
            ucm = find(reply[1], "UCM")[0]
            self.assertEqual((ucm.value(0), ucm.value(1, 0), ucm.value(2)), ("M1", "ORDERS", "7"))
            self.assertEqual(reply[0].recipient.id, THEIRS)

            ((_interchange, ordrsp),) = self.sent(server, "ORDRSP")
            self.assertEqual(str(ordrsp.message_type), "ORDRSP:D:96A:UN")
            self.assertEqual(find(ordrsp, "BGM")[0].value(2), "29", "accepted")
            self.assertIn(["ON", "PO-EDF-1"], [s.element(0) for s in find(ordrsp, "RFF")])
            self.assertEqual([s.value(1) for s in find(ordrsp, "LIN")], ["5", "5"])

            sscc = gs1("00614141123456790")
            self.ship(order, sscc)
            self.run_jobs()
            ((_interchange, desadv),) = self.sent(server, "DESADV")
            self.assertEqual([s.value(1) for s in find(desadv, "GIN")], [sscc])
            self.assertEqual(find(desadv, "TDT")[0].value(4), "UPSN")
            self.assertIn(["CN", "1Z999AA10123456784"], [s.element(0) for s in find(desadv, "RFF")])
            self.assertEqual(
                [s.value(0) for s in find(desadv, "CPS")], ["1", "2"], "shipment, then carton"
            )
            self.assertEqual(len(find(desadv, "LIN")), 2, "each line once, in its carton")

            invoice = order._create_invoices()
            invoice.action_post()
            self.run_jobs()
            ((_interchange, invoic),) = self.sent(server, "INVOIC")
            totals = {s.value(0, 0): s.value(0, 1) for s in find(invoic, "MOA")}
            self.assertEqual(float(totals["77"]), invoice.amount_total)
            self.assertEqual(find(invoic, "BGM")[0].value(1), invoice.name)

            # The partner's CONTRL accepts the INVOIC and rejects the DESADV.
            invoice_message = self.outbound("invoice")
            desadv_message = self.outbound("shipment_notice")
            self.assertEqual(invoice_message.edi_ack_label, "Awaiting CONTRL")
            accepted = contrl(invoice_message.partner_reference, "INVOIC", "7")
            rejected = contrl(
                desadv_message.partner_reference,
                "DESADV",
                "4",
                Segment.build("UCS", "7", "13"),
                Segment.build("UCD", "12", ("3", "1")),
            )
            requests_before = len(server.requests)
            self.receive(
                edifact_file(
                    THEIRS, OURS, "C1", [("1", "CONTRL", accepted), ("2", "CONTRL", rejected)]
                )
            )
            self.assertEqual(len(server.requests), requests_before, "no CONTRL for a CONTRL")
            self.assertEqual(invoice_message.state, "acknowledged")
            self.assertEqual(invoice_message.edi_ack_label, "CONTRL accepted")
            self.assertEqual(desadv_message.state, "failed")
            self.assertEqual(desadv_message.edi_ack_label, "CONTRL rejected")
            self.assertIn("in segment 7", desadv_message.exception_ids.explanation)
            self.assertIn("element 3:1", desadv_message.exception_ids.explanation)

    def test_broken_interchange_is_rejected_with_a_contrl(self):
        with PartnerServer(statuses=(200,)) as server:
            self.endpoint.url = server.url
            payload = edifact_file(
                THEIRS, OURS, "ORD2", [("M1", "ORDERS", orders(self.gadget_gtin))]
            )
            payload = re.sub(rb"UNT\+(\d+)\+M1", b"UNT+99+M1", payload)
            message = self.receive(payload)
            self.assertEqual(message.state, "failed")
            self.assertFalse(message.child_ids)
            self.assertIn("UNT counts 99 segments", message.exception_ids.explanation)
            self.assertEqual(message.exception_ids.category, "parsing")
            ((_interchange, reply),) = self.sent(server, "CONTRL")
            self.assertEqual(find(reply, "UCI")[0].value(3), "4", "the interchange is rejected")
            ucm = find(reply, "UCM")[0]
            self.assertEqual((ucm.value(0), ucm.value(2), ucm.value(3)), ("M1", "4", "29"))
            self.assertEqual(message.edi_interchange_ids.state, "rejected")

    def test_invrpt_out(self):
        flow = self.env["integration.flow"].create(
            {
                "name": "Edf stock",
                "code": f"{self.code}-stock",
                "partner_id": self.partner.id,
                "direction": "outbound",
                "document_type": "inventory_snapshot",
                "codec": "edifact",
                "endpoint_id": self.endpoint.id,
            }
        )
        message = self.env["integration.message"].create(
            {
                "flow_id": flow.id,
                "partner_id": self.partner.id,
                "company_id": self.company.id,
                "direction": "outbound",
                "document_type": "inventory_snapshot",
                "state": "pending",
                "canonical": {
                    "warehouse_code": "WH1",
                    "as_of": "2026-11-22T08:00:00",
                    "items": [{"product_code": "BUY-100", "quantity": 40, "lot_name": "L1"}],
                },
            }
        )
        codec = flow._codec()
        payload = codec._encode(message, message._document())
        codec._on_encoded(message, payload)
        interchange, invrpt = read(payload)
        self.assertEqual(str(invrpt.message_type), "INVRPT:D:96A:UN")
        self.assertEqual(message.partner_reference, f"{interchange.control_ref}:{invrpt.ref}")
        self.assertEqual(find(invrpt, "QTY")[0].element(0)[:2], ["145", "40"])
        self.assertEqual(message.edi_interchange_ids.transaction_ids.ack_status, "pending")
