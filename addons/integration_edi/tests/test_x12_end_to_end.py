# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import fields
from odoo.addons.integration_core.tests.common import LocalPartnerMixin
from odoo.addons.integration_core.tests.partner_server import PartnerServer
from odoo.tests import HttpCase, tagged

from .common import API, X12PartnerMixin, gs1, segments, x12_file, x12_sets

THEIRS, OURS = X12PartnerMixin.theirs, X12PartnerMixin.ours


def order_850(gadget_gtin, po="PO-E2E-1", control=1001):
    return x12_file(
        THEIRS,
        OURS,
        control,
        "PO",
        [
            (
                "850",
                1,
                [
                    ("BEG", "00", "SA", po, None, "20261120"),
                    ("CUR", "BY", "USD"),
                    ("N1", "BY", "E2E Buyer Inc", "92", "BUYER01"),
                    ("N1", "ST", "Buyer DC 7", "92", "DC-7"),
                    ("N3", "15 Rail Yard Rd"),
                    ("N4", "Columbus", "OH", "43215", "US"),
                    ("PO1", "1", "4", "EA", "12.5", None, "BP", "BUY-100", "VP", "X-1"),
                    ("PID", "F", None, None, None, "Widget"),
                    ("PO1", "2", "2", "EA", "30", None, "UP", gadget_gtin),
                    ("CTT", "2", "6"),
                ],
            )
        ],
    )


def ack_997(reference, control, rejected=False):
    """The partner's 997 for our set ``reference`` (<GS06>:<ST02>)."""
    group, number = reference.split(":")
    body = [("AK1", "SH", group), ("AK2", "856", number)]
    if rejected:
        body += [
            ("AK3", "TD5", "6", None, "8"),
            ("AK4", "3", "140", "7", "XXXX"),
            ("AK5", "R", "5"),
            ("AK9", "R", "1", "1", "0"),
        ]
    else:
        body += [("AK5", "A"), ("AK9", "A", "1", "1", "1")]
    return x12_file(THEIRS, OURS, control, "FA", [("997", 1, body)])


@tagged("post_install", "-at_install")
class TestX12EndToEnd(X12PartnerMixin, LocalPartnerMixin, HttpCase):
    """An X12 trading partner posts to the inbound API and receives on a local endpoint."""

    code = "t-edi-e2e"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        _key, cls.api_key = cls.env["integration.api.key"]._issue(cls.endpoint, "e2e")

    def post(self, payload):
        response = self.url_open(
            f"{API}/flows/{self.flows['in'].code}/messages",
            data=payload,
            headers={
                "Authorization": f"Bearer {self.api_key}",
                "Content-Type": "application/edi-x12",
            },
            timeout=30,
        )
        self.assertEqual(response.status_code, 202, response.text)
        return self.env["integration.message"].browse(response.json()["id"])

    def sent_sets(self, server, kind):
        """The transaction sets of type ``kind`` the partner received, oldest first."""
        found = []
        for request in server.requests:
            found += [s for s in x12_sets(request["body"]) if s.type == kind]
        return found

    def test_850_in_to_810_out_with_functional_acknowledgements(self):
        with PartnerServer(statuses=(200,)) as server:
            self.endpoint.url = server.url

            # 850 in: a confirmed sale order, a 997 and an 855 back.
            file_message = self.post(order_850(self.gadget_gtin))
            self.run_jobs()
            self.assertEqual(file_message.state, "processed")
            self.assertEqual(len(file_message.child_ids), 1)
            po_message = file_message.child_ids
            self.assertEqual(po_message.state, "processed", po_message.last_error)
            self.assertEqual(po_message.partner_reference, "1001:0001")
            order = po_message._business_record()
            self.assertEqual(order.state, "sale")
            self.assertEqual(order.client_order_ref, "PO-E2E-1")
            self.assertEqual(order.partner_id, self.customer)
            self.assertEqual(order.partner_shipping_id, self.dc, "ship-to DC-7 by cross-reference")
            self.assertEqual(
                order.order_line.mapped("product_id"),
                self.widget | self.gadget,
                "BP BUY-100 by cross-reference, the UPC by barcode",
            )
            received = file_message.edi_interchange_ids
            self.assertEqual(received.control_number, "000001001")
            self.assertEqual(received.state, "accepted")
            self.assertEqual(received.transaction_ids.message_id, po_message)

            (ack,) = self.sent_sets(server, "997")
            self.assertEqual(segments(ack, "AK1"), [["AK1", "PO", "1001"]])
            self.assertEqual(segments(ack, "AK2"), [["AK2", "850", "0001"]])
            self.assertEqual(segments(ack, "AK5"), [["AK5", "A"]])
            self.assertEqual(segments(ack, "AK9"), [["AK9", "A", "1", "1", "1"]])
            self.assertEqual(received.transaction_ids.ack_status, "accepted")
            self.assertEqual(received.transaction_ids.ack_kind, "997")

            (po_ack,) = self.sent_sets(server, "855")
            bak = segments(po_ack, "BAK")[0]
            self.assertEqual(bak[1:4], ["00", "AD", "PO-E2E-1"])
            self.assertEqual(bak[4], "20261120", "BAK04 is the purchase order's date")
            po1 = segments(po_ack, "PO1")
            self.assertEqual([p[1] for p in po1], ["1", "2"])
            self.assertEqual([p[7] for p in po1], ["BUY-100", self.gadget.default_code])
            self.assertEqual(
                [a[1:4] for a in segments(po_ack, "ACK")], [["IA", "4", "EA"], ["IA", "2", "EA"]]
            )
            self.assertEqual(segments(po_ack, "CTT"), [["CTT", "2"]])
            po_ack_message = self.outbound("order_ack")
            self.assertEqual(po_ack_message.state, "sent")
            self.assertEqual(po_ack_message.edi_ack_label, "Awaiting 997")

            # Shipping: an 856 with its S/O/P/I hierarchy, the SSCC, carrier and tracking.
            sscc = gs1("00614141123456789")
            self.ship(order, sscc)
            self.run_jobs()
            (asn,) = self.sent_sets(server, "856")
            hierarchy = segments(asn, "HL")
            self.assertEqual([hl[1] for hl in hierarchy], ["1", "2", "3", "4", "5"])
            self.assertEqual([hl[3] for hl in hierarchy], ["S", "O", "P", "I", "I"])
            self.assertEqual([hl[2] for hl in hierarchy], ["", "1", "2", "3", "3"])
            self.assertEqual(segments(asn, "CTT")[0][1], str(len(hierarchy)))
            self.assertEqual(segments(asn, "CTT")[0][2], "6", "units shipped")
            self.assertIn(["MAN", "GM", sscc], segments(asn, "MAN"))
            self.assertEqual(segments(asn, "TD5")[0][3], "UPSN", "carrier by cross-reference")
            self.assertIn(["REF", "CN", "1Z999AA10123456784"], segments(asn, "REF"))
            self.assertEqual(segments(asn, "PRF"), [["PRF", "PO-E2E-1"]])
            asn_message = self.outbound("shipment_notice")
            self.assertEqual(asn_message.state, "sent")
            self.assertEqual(asn_message.partner_reference, asn.reference)
            self.assertTrue(asn_message.ack_due_at, "the 997 is awaited within the SLA")

            # Invoicing: an 810 whose TDS is the total in cents.
            invoice = order._create_invoices()
            invoice.action_post()
            self.run_jobs()
            (edi_invoice,) = self.sent_sets(server, "810")
            tds = segments(edi_invoice, "TDS")[0]
            self.assertEqual(tds[1], str(round(invoice.amount_total * 100)))
            self.assertEqual(tds[2], str(round(invoice.amount_untaxed * 100)))
            self.assertEqual(segments(edi_invoice, "BIG")[0][2], invoice.name)
            invoice_message = self.outbound("invoice")
            self.assertEqual(invoice_message.state, "sent")

            # Every interchange we sent has its own control numbers.
            sent = self.env["integration.edi.interchange"].search(
                [("partner_id", "=", self.partner.id), ("direction", "=", "outbound")]
            )
            self.assertEqual(len(sent), 4)
            self.assertEqual(len(set(sent.mapped("control_number"))), 4)
            self.assertEqual(len(set(sent.transaction_ids.mapped("reference"))), 4)

            # The partner's 997 accepting the 856 marks it acknowledged.
            self.post(ack_997(asn.reference, 2001))
            self.run_jobs()
            self.assertEqual(asn_message.state, "acknowledged")
            self.assertTrue(asn_message.acknowledged_at)
            self.assertEqual(asn_message.edi_ack_status, "accepted")
            self.assertEqual(asn_message.edi_ack_label, "997 accepted")

            # A 997 rejecting it opens an exception naming the segment and the element.
            rejection = self.post(ack_997(asn.reference, 2002, rejected=True))
            self.run_jobs()
            self.assertEqual(rejection.child_ids.state, "processed")
            self.assertEqual(asn_message.state, "failed")
            exception = asn_message.exception_ids.filtered(lambda e: e.state == "new")
            self.assertEqual(len(exception), 1)
            self.assertIn("TD5", exception.explanation)
            self.assertIn("TD503 7 Invalid code value: 'XXXX'", exception.explanation)
            self.assertEqual(asn_message.edi_ack_status, "rejected")
            self.assertEqual(asn_message.edi_ack_label, "997 rejected")
            self.assertIn("TD503", asn_message.edi_ack_errors)

            # No 997 for the 810 within its window: the SLA cron opens an exception.
            self.assertEqual(invoice_message.state, "sent")
            self.assertTrue(invoice_message.ack_due_at)
            invoice_message.ack_due_at = fields.Datetime.now() - timedelta(minutes=1)
            self.env["integration.exception"]._cron_watch_sla()
            self.assertEqual(invoice_message.exception_ids.mapped("category"), ["sla"])
            self.assertIn("No acknowledgement", invoice_message.exception_ids.explanation)
