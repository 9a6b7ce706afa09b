# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.addons.integration_core.tests.common import LocalPartnerMixin
from odoo.tests import TransactionCase, tagged

from .. import edifact
from .common import EdiSetupMixin, edifact_file, read_x12, segments, x12_file, x12_profile, x12_sets

THEIRS, OURS = "BUYERWILD", "HUBWILD"


def po_body(po, qualifier="BP", code="BUY-100", country="US"):
    return [
        ("BEG", "00", "SA", po, None, "20261120"),
        ("N1", "BY", "Wild Buyer", "92", "BUYER01"),
        ("N1", "ST", "Wild Depot"),
        ("N4", "Columbus", "OH", "43215", country),
        ("PO1", "1", "3", "EA", "12.5", None, qualifier, code),
        ("CTT", "1", "3"),
    ]


@tagged("post_install", "-at_install")
class TestX12AsSent(EdiSetupMixin, LocalPartnerMixin, TransactionCase):
    """X12 as partners send it: resends recognised, acknowledgements never acknowledged,
    a 997 that accepts only what the hub maps, any product id qualifier, unpadded ISAs."""

    code = "t-edi-wild"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_edi()
        cls.mailbox = cls.env["integration.endpoint"].create(
            {"name": "Wild mailbox", "partner_id": cls.partner.id, "transport": "manual"}
        )
        cls.flows["acks_out"].endpoint_id = cls.mailbox
        cls.env["integration.xref"].create(
            {
                "partner_id": cls.partner.id,
                "kind": "product",
                "external_code": "MFR-77",
                "product_id": cls.gadget.id,
            }
        )

    @classmethod
    def profile_values(cls):
        return x12_profile(OURS, THEIRS)

    def receive(self, payload, key=None):
        message = self.flows["in"]._receive(payload, idempotency_key=key)
        self.run_jobs()
        return message

    def replies(self):
        return self.outbound("acks_out")

    def po_file(self, control, *bodies, functional_id="PO", kind="850"):
        sets = [(kind, number, body) for number, body in enumerate(bodies, 1)]
        return x12_file(THEIRS, OURS, control, functional_id, sets)

    def logged(self, message, event):
        return message.log_ids.filtered(lambda log: log.event == event).mapped("description")

    def test_resent_interchange_is_a_duplicate_answered_with_the_same_997(self):
        payload = self.po_file(4101, po_body("PO-WILD-1"))
        first = self.receive(payload, key="file-1")
        self.assertEqual(first.child_ids.state, "processed", first.child_ids.last_error)
        ack = self.replies()
        self.assertEqual(len(ack), 1)

        again = self.receive(payload, key="file-1-resent-under-another-name")
        self.assertEqual(again.state, "duplicate")
        self.assertEqual(again.duplicate_of_id, first)
        self.assertFalse(again.child_ids, "nothing of a resend is processed again")
        orders = self.env["sale.order"].search([("client_order_ref", "=", "PO-WILD-1")])
        self.assertEqual(len(orders), 1)
        first_ack, second_ack = self.replies()
        self.assertEqual(first_ack, ack)
        self.assertEqual(second_ack._payload(), first_ack._payload(), "the same 997 again")
        (note,) = [n for n in self.logged(again, "split") if "resend" in n]
        self.assertIn(f"already received in {first.name}", note)
        self.assertIn(f"sent again as {second_ack.name}", note)

    def test_an_interchange_of_acknowledgements_asking_for_a_ta1_is_not_answered(self):
        body = [("AK1", "PO", "77"), ("AK9", "A", "1", "1", "1")]
        payload = self.po_file(4102, body, functional_id="FA", kind="997")
        payload = payload.replace(b"*000004102*0*P*", b"*000004102*1*P*")  # ISA14: TA1 please
        message = self.receive(payload)
        self.assertFalse(self.replies(), "an acknowledgement is never acknowledged")
        self.assertTrue(
            [n for n in self.logged(message, "acknowledge") if "never acknowledged" in n]
        )

    def test_a_broken_interchange_of_acknowledgements_gets_no_ta1(self):
        body = [("AK1", "PO", "77"), ("AK9", "A", "1", "1", "1")]
        payload = self.po_file(4103, body, functional_id="FA", kind="997")
        payload = payload.replace(b"IEA*1*000004103", b"IEA*1*000004999")
        message = self.receive(payload)
        self.assertEqual(message.state, "failed")
        self.assertFalse(self.replies(), "not even a TA1 rejects an acknowledgement")

    def test_997_rejects_the_sets_the_hub_cannot_map(self):
        payload = self.po_file(
            4104,
            po_body("PO-WILD-OK"),
            po_body("PO-WILD-UNKNOWN", code="NO-SUCH-ITEM"),
            po_body("PO-WILD-COUNTRY", country="ZZZZ"),
        )
        message = self.receive(payload)
        ok, unknown, country = message.child_ids.sorted("id")
        self.assertEqual(ok.state, "processed", ok.last_error)
        self.assertEqual(unknown.state, "failed")
        self.assertIn("NO-SUCH-ITEM", unknown.last_error)
        self.assertEqual(country.state, "failed")
        (ack,) = x12_sets(self.replies()._payload())
        self.assertEqual([s[1:] for s in segments(ack, "AK5")], [["A"], ["R", "5"], ["R", "5"]])
        self.assertEqual(segments(ack, "AK9"), [["AK9", "P", "3", "3", "1"]])
        transactions = message.edi_interchange_ids.transaction_ids.sorted("control_number")
        self.assertEqual(transactions.mapped("ack_status"), ["accepted", "rejected", "rejected"])
        self.assertIn("NO-SUCH-ITEM", transactions[1].ack_errors)
        self.assertIn("country_code", transactions[2].ack_errors)

    def test_product_id_under_any_qualifier_is_resolved_by_cross_reference(self):
        message = self.receive(self.po_file(4105, po_body("PO-WILD-MG", "MG", "MFR-77")))
        child = message.child_ids
        self.assertEqual(child.state, "processed", child.last_error)
        order = child._business_record()
        self.assertEqual(order.order_line.product_id, self.gadget)

    def test_unpadded_isa_is_read_with_a_warning(self):
        payload = self.po_file(4106, po_body("PO-WILD-ISA"))
        payload = payload.replace(f"*ZZ*{THEIRS:<15}*".encode(), f"*ZZ*{THEIRS}*".encode())
        message = self.receive(payload)
        self.assertEqual(message.child_ids.state, "processed", message.child_ids.last_error)
        (warning,) = [n for n in self.logged(message, "split") if "fixed width" in n]
        self.assertIn("ISA is not fixed width (ISA13=000004106): ISA06 has 9 characters", warning)
        read_x12(self.replies()._payload())

    def test_ebcdic_interchange_is_transcoded_and_processed(self):
        payload = self.po_file(4108, po_body("PO-WILD-EBCDIC")).decode().encode("cp037")
        message = self.receive(payload)
        child = message.child_ids
        self.assertEqual(child.state, "processed", child.last_error or message.last_error)
        self.assertEqual(child._business_record().client_order_ref, "PO-WILD-EBCDIC")
        self.assertIn("the file is EBCDIC: read as cp037", self.logged(message, "split"))
        read_x12(self.replies()._payload())  # the 997 goes back in ASCII

    def test_5010_interchange_with_isa11_u_is_split_and_answered(self):
        sets = [("850", 1, po_body("PO-WILD-5010"))]
        payload = x12_file(THEIRS, OURS, 4109, "PO", sets, version="005010")
        payload = payload.replace(b"*^*00501*", b"*U*00501*")  # no repetition separator
        message = self.receive(payload)
        child = message.child_ids
        self.assertEqual(child.state, "processed", child.last_error or message.last_error)
        self.assertIn(b"*U*00501*", child._payload(), "the set cut out keeps ISA11 U")
        (ack,) = x12_sets(self.replies()._payload())
        self.assertEqual(segments(ack, "AK5"), [["AK5", "A"]])

    def test_strict_isa_profile_rejects_an_unpadded_isa(self):
        self.partner.edi_strict_isa = True
        payload = self.po_file(4107, po_body("PO-WILD-STRICT"))
        payload = payload.replace(f"*ZZ*{THEIRS:<15}*".encode(), f"*ZZ*{THEIRS}*".encode())
        message = self.receive(payload)
        self.assertEqual(message.state, "failed")
        self.assertIn("TA1 022", message.exception_ids.explanation)


@tagged("post_install", "-at_install")
class TestEdifactAsSent(EdiSetupMixin, LocalPartnerMixin, TransactionCase):
    """EDIFACT as partners send it: letters beyond UNOA read with a warning, a CONTRL never
    answered with a CONTRL."""

    code = "t-edi-wild-edf"
    standard = "edifact"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_edi()
        cls.mailbox = cls.env["integration.endpoint"].create(
            {"name": "Wild EDIFACT mailbox", "partner_id": cls.partner.id, "transport": "manual"}
        )
        cls.flows["acks_out"].endpoint_id = cls.mailbox

    @classmethod
    def profile_values(cls):
        return {
            "edi_standard": "edifact",
            "edi_version": "D96A",
            "edi_our_id": OURS,
            "edi_their_id": THEIRS,
            "edi_expected_ack": "contrl",
            "edi_send_ack": True,
        }

    def receive(self, payload):
        message = self.flows["in"]._receive(payload)
        self.run_jobs()
        return message

    def test_a_broken_interchange_of_contrl_gets_no_contrl(self):
        body = [edifact.Segment.build("UCI", "77", (OURS, "ZZZ"), (THEIRS, "ZZZ"), "7")]
        payload = edifact_file(THEIRS, OURS, "CT501", [("1", "CONTRL", body)])
        payload = payload.replace(b"UNZ+1+CT501", b"UNZ+1+CT999")
        message = self.receive(payload)
        self.assertEqual(message.state, "failed")
        self.assertFalse(self.outbound("acks_out"), "an acknowledgement is never acknowledged")

    def test_resent_interchange_is_a_duplicate_answered_with_the_same_contrl(self):
        payload = edifact_file(THEIRS, OURS, "OR502", [("1", "ORDERS", self.orders("PO-EDF-R"))])
        first = self.receive(payload)
        self.assertEqual(first.child_ids.state, "processed", first.child_ids.last_error)
        again = self.receive(payload.replace(b"\n", b"\r\n"))  # another file, same UNB
        self.assertEqual((again.state, again.duplicate_of_id), ("duplicate", first))
        self.assertFalse(again.child_ids)
        first_contrl, second_contrl = self.outbound("acks_out")
        self.assertEqual(second_contrl._payload(), first_contrl._payload())

    def orders(self, po, name="Edf Buyer"):
        build = edifact.Segment.build
        return [
            build("BGM", "220", po, "9"),
            build("DTM", ("137", "20261120", "102")),
            build("NAD", "BY", ("BUYER01", None, "92"), None, name),
            build("LIN", "1", None, ("BUY-100", "IN")),
            build("QTY", ("21", "2")),
        ]

    def test_unoa_order_with_latin1_letters_is_read_with_a_warning(self):
        body = self.orders("PO-EDF-WILD", name="Müller Einkauf")
        payload = edifact_file(THEIRS, OURS, "OR501", [("1", "ORDERS", body)])
        payload = payload.replace(b"UNOC", b"UNOA")  # and "ü" stays Latin-1, beyond UNOA
        message = self.receive(payload)
        child = message.child_ids
        self.assertEqual(child.state, "processed", child.last_error or message.last_error)
        self.assertIn("Müller", str(child.canonical))
        warnings = message.log_ids.filtered(lambda log: log.level == "warning")
        self.assertIn("is not valid in ascii", " ".join(warnings.mapped("description")))
