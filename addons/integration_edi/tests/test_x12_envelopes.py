# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re

from odoo.addons.integration_core.tests.common import LocalPartnerMixin
from odoo.addons.integration_core.tests.partner_server import PartnerServer
from odoo.tests import TransactionCase, tagged

from .. import x12
from .common import EdiSetupMixin, read_x12, segments, x12_file, x12_profile, x12_sets

THEIRS, OURS = "BUYERENV", "HUBENV"


def po_body(po, code_qualifier="BP", code="BUY-100"):
    return [
        ("BEG", "00", "SA", po, None, "20261120"),
        ("N1", "BY", "Env Buyer", "92", "BUYER01"),
        ("PO1", "1", "3", "EA", "12.5", None, code_qualifier, code),
        ("CTT", "1", "3"),
    ]


@tagged("post_install", "-at_install")
class TestX12Envelopes(EdiSetupMixin, LocalPartnerMixin, TransactionCase):
    """Broken interchanges are rejected with their specific error and answered with a TA1 or
    a 997; control numbers are never reused."""

    code = "t-edi-env"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_edi()
        cls.mailbox = cls.env["integration.endpoint"].create(
            {"name": "Env mailbox", "partner_id": cls.partner.id, "transport": "manual"}
        )
        cls.flows["acks_out"].endpoint_id = cls.mailbox

    @classmethod
    def profile_values(cls):
        return x12_profile(OURS, THEIRS, edi_ack_minutes=60, edi_product_qualifiers="BP,UP")

    def receive(self, payload):
        message = self.flows["in"]._receive(payload)
        self.run_jobs()
        return message

    def replies(self):
        return self.outbound("acks_out")

    def valid_file(self, control=3001, sets=None):
        return x12_file(THEIRS, OURS, control, "PO", sets or [("850", 1, po_body("PO-ENV-1"))])

    def assertRejected(self, message, *fragments):
        self.assertEqual(message.state, "failed")
        self.assertFalse(message.child_ids, "nothing of a rejected file is processed")
        exception = message.exception_ids
        self.assertEqual(exception.category, "parsing")
        for fragment in fragments:
            self.assertIn(fragment, exception.explanation)
        self.assertEqual(message.edi_interchange_ids.state, "rejected")
        return exception

    def test_trailer_control_number_mismatch_is_answered_with_a_ta1(self):
        payload = self.valid_file().replace(b"IEA*1*000003001", b"IEA*1*000003999")
        message = self.receive(payload)
        self.assertRejected(
            message,
            "Interchange 000003001",
            "IEA02='000003999' != ISA13='000003001'",
            "TA1 001",
        )
        reply = self.replies()
        self.assertEqual(len(reply), 1)
        (interchange,) = read_x12(reply._payload()).interchanges
        self.assertEqual(
            interchange.ta1_segments[0].parts, ["TA1", "000003001", "261120", "0930", "R", "001"]
        )
        self.assertEqual(interchange.header.receiver_id, THEIRS)
        self.assertEqual(message.edi_interchange_ids.reply_message_id, reply)

        message.action_retry()
        self.run_jobs()
        self.assertEqual(message.state, "failed")
        self.assertEqual(len(self.replies()), 1, "a retried file is not rejected twice")

    def test_missing_trailer_is_answered_with_a_ta1(self):
        payload = self.valid_file().replace(b"IEA*1*000003001~\n", b"")
        message = self.receive(payload)
        self.assertRejected(message, "no IEA for ISA13=000003001", "TA1 023")
        ta1 = read_x12(self.replies()._payload()).interchanges[0].ta1_segments[0]
        self.assertEqual(ta1.parts[4:], ["R", "023"])

    def test_segment_count_error_is_answered_with_a_rejecting_997(self):
        payload = self.valid_file(
            sets=[("850", 1, po_body("PO-ENV-1")), ("850", 2, po_body("PO-ENV-2"))]
        )
        payload = re.sub(rb"SE\*(\d+)\*0002", b"SE*99*0002", payload)
        message = self.receive(payload)
        self.assertRejected(message, "SE01=99, counted 6 segments (ST02=0002)", "AK5 4")
        (ack,) = x12_sets(self.replies()._payload())
        self.assertEqual(ack.type, "997")
        self.assertEqual([s[1:] for s in segments(ack, "AK5")], [["A"], ["R", "4"]])
        self.assertEqual(segments(ack, "AK9"), [["AK9", "R", "2", "2", "0"]])
        transactions = message.edi_interchange_ids.transaction_ids
        self.assertEqual(set(transactions.mapped("ack_status")), {"rejected"})

    def test_test_interchange_to_a_production_profile_is_rejected(self):
        payload = x12_file(THEIRS, OURS, 3002, "PO", [("850", 1, po_body("PO-T"))], usage="T")
        message = self.receive(payload)
        self.assertRejected(message, "ISA15=T", "TA1 020")

    def test_unreadable_set_type_is_rejected_in_the_997(self):
        payload = x12_file(THEIRS, OURS, 3003, "PS", [("830", 1, [("BFR", "00", "X")])])
        message = self.receive(payload)
        self.assertRejected(message, "transaction set 830", "AK5 1")
        (ack,) = x12_sets(self.replies()._payload())
        self.assertEqual(segments(ack, "AK5"), [["AK5", "R", "1"]])

    def test_a_set_that_cannot_be_mapped_is_rejected_alone(self):
        payload = self.valid_file(
            control=3004,
            sets=[
                ("850", 1, po_body("PO-ENV-OK")),
                ("850", 2, po_body("PO-ENV-BAD", code_qualifier="ZZ", code="NOPE")),
            ],
        )
        message = self.receive(payload)
        self.assertEqual(message.state, "processed")
        good, bad = message.child_ids.sorted("id")
        self.assertEqual(good.state, "processed", good.last_error)
        self.assertEqual(good._business_record().client_order_ref, "PO-ENV-OK")
        self.assertEqual(bad.state, "failed")
        self.assertEqual(bad.exception_ids.category, "parsing")
        self.assertIn("PO107", bad.exception_ids.explanation)
        (ack,) = x12_sets(self.replies()._payload())
        self.assertEqual([s[1:] for s in segments(ack, "AK5")], [["A"], ["R", "5"]])
        self.assertEqual(segments(ack, "AK3"), [["AK3", "PO1", "4", "", "8"]])
        self.assertEqual(segments(ack, "AK4")[0][1:4], ["7", "", "7"])
        self.assertEqual(segments(ack, "AK9"), [["AK9", "P", "2", "2", "1"]])
        statuses = message.edi_interchange_ids.transaction_ids.sorted("control_number")
        self.assertEqual(statuses.mapped("ack_status"), ["accepted", "rejected"])

    def test_raw_edi_is_shown_one_segment_per_line(self):
        payload = self.valid_file(control=3005).replace(b"~\n", b"~")
        message = self.receive(payload)
        lines = message.payload_display.splitlines()
        self.assertEqual(len(lines), 10)
        self.assertTrue(lines[0].startswith("ISA*00*"))
        self.assertEqual(lines[2], "ST*850*0001~")
        self.assertEqual(lines[-1], "IEA*1*000003005~")

    def test_control_numbers_are_never_reused(self):
        with PartnerServer(statuses=(200,)) as server:
            self.endpoint.url = server.url
            for po in ("PO-CN-1", "PO-CN-2"):
                order = self.env["sale.order"].create(
                    {
                        "partner_id": self.customer.id,
                        "client_order_ref": po,
                        "order_line": [
                            (0, 0, {"product_id": self.widget.id, "product_uom_qty": 1})
                        ],
                    }
                )
                order.action_confirm()
            self.run_jobs()
            first, second = self.outbound("order_ack")
            self.assertEqual((first.state, second.state), ("sent", "sent"))
            self.assertNotEqual(first.partner_reference, second.partner_reference)
            interchanges = (first | second).edi_interchange_ids
            self.assertEqual(len(set(interchanges.mapped("control_number"))), 2)

            # Same bytes again: same control numbers, same reference.
            reference = first.partner_reference
            first.action_edi_resend()
            self.run_jobs()
            self.assertEqual(first.state, "sent")
            self.assertEqual(server.requests[-1]["body"], server.requests[0]["body"])
            self.assertEqual(first.partner_reference, reference)
            self.assertEqual(len(first.edi_interchange_ids), 1)

            # New control numbers: a new revision, a new reference, numbers never seen.
            first.action_edi_resend_new_numbers()
            self.run_jobs()
            self.assertEqual(first.state, "sent")
            self.assertEqual(first.revision_count, 2)
            self.assertNotIn(first.partner_reference, (reference, second.partner_reference))
            self.assertEqual(server.requests[-1]["body"], first._payload())
            all_sent = self.env["integration.edi.interchange"].search(
                [("partner_id", "=", self.partner.id), ("direction", "=", "outbound")]
            )
            self.assertEqual(len(all_sent), 3)
            self.assertEqual(len(set(all_sent.mapped("control_number"))), 3)
            self.assertEqual(len(set(all_sent.group_ids.mapped("control_number"))), 3)
            self.assertEqual(len(set(all_sent.transaction_ids.mapped("reference"))), 3)
            resent = read_x12(server.requests[-1]["body"]).interchanges[0]
            self.assertEqual(resent.groups[0].sets[0].type, "855")
            self.assertGreater(
                int(resent.header.control_number),
                max(int(i.control_number) for i in interchanges),
            )

            # A late 997 for the first transmission still finds the message.
            group, number = reference.split(":")
            late = x12_file(
                THEIRS,
                OURS,
                3006,
                "FA",
                [
                    (
                        "997",
                        1,
                        [
                            ("AK1", "PR", group),
                            ("AK2", "855", number),
                            ("AK5", "A"),
                            ("AK9", "A", "1", "1", "1"),
                        ],
                    )
                ],
            )
            self.receive(late)
            self.assertEqual(first.state, "acknowledged")
            old = first.edi_transaction_ids.filtered(lambda t: t.reference == reference)
            self.assertEqual(old.ack_status, "accepted")

    def test_our_997_resent_with_new_control_numbers(self):
        message = self.receive(self.valid_file(control=3007))
        self.assertEqual(message.state, "processed")
        reply = self.replies()
        self.assertEqual(reply.state, "pending", "waits in the mailbox")
        reply.action_mark_downloaded()
        before = read_x12(reply._payload()).interchanges[0]
        reference = reply.partner_reference
        reply.action_edi_resend_new_numbers()
        self.run_jobs()
        after = read_x12(reply._payload()).interchanges[0]
        self.assertEqual(reply.revision_count, 2)
        self.assertNotEqual(after.header.control_number, before.header.control_number)
        self.assertNotEqual(reply.partner_reference, reference)
        self.assertEqual(
            [s.parts for s in after.groups[0].sets[0].segments],
            [s.parts for s in before.groups[0].sets[0].segments],
            "the same acknowledgement, numbered anew",
        )

    def test_ta1_rejection_from_the_partner_fails_what_we_sent(self):
        with PartnerServer(statuses=(200,)) as server:
            self.endpoint.url = server.url
            order = self.env["sale.order"].create(
                {
                    "partner_id": self.customer.id,
                    "client_order_ref": "PO-TA1",
                    "order_line": [(0, 0, {"product_id": self.widget.id, "product_uom_qty": 1})],
                }
            )
            order.action_confirm()
            self.run_jobs()
        sent = self.outbound("order_ack")
        self.assertEqual(sent.state, "sent")
        control = sent.edi_interchange_ids.control_number
        header = x12.InterchangeHeader("ZZ", THEIRS, "ZZ", OURS, "261120", "1000", 3008)
        ta1 = ("TA1", control, "261120", "0930", "R", "022")
        payload = x12.render_interchange(x12.Delimiters(), header, [], ta1_segments=[ta1])
        received = self.receive(payload)
        self.assertEqual(received.state, "processed")
        self.assertEqual(
            received.child_ids.partner_reference, f"TA1:{control}/{sent.partner_reference}"
        )
        self.assertEqual(sent.state, "failed")
        self.assertEqual(sent.edi_ack_label, "TA1 rejected")
        self.assertIn("Invalid control structure", sent.exception_ids.explanation)

    def test_the_api_refuses_what_is_not_x12(self):
        message = self.flows["in"]._receive(b"UNB+UNOC:3+X+Y'")
        error = message._preflight()
        self.assertIn("not an X12 interchange", str(error))
        self.assertEqual(message.state, "failed")
        self.assertFalse(self.replies(), "nothing to answer when there is no ISA")
