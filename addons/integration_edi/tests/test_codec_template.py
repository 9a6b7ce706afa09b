# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.addons.integration_core.services.errors import BusinessRuleError, ParseError
from odoo.tests import TransactionCase, tagged

from .common import EdiSetupMixin, read_x12, x12_file, x12_profile

THEIRS, OURS = "BUYERTPL", "HUBTPL"


@tagged("post_install", "-at_install")
class TestEdiCodecTemplate(EdiSetupMixin, TransactionCase):
    """What the X12 and EDIFACT codecs share lives once in integration.codec.edi: the
    standards only fill in its hooks, and the pipeline reaches them through the codec
    contract (``_on_failed``, ``_on_encoded``), never through the message."""

    code = "t-edi-tpl"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_edi()

    @classmethod
    def profile_values(cls):
        return x12_profile(OURS, THEIRS)

    def codecs(self):
        return self.env["integration.codec.x12"], self.env["integration.codec.edifact"]

    def test_each_standard_fills_in_the_same_template(self):
        x12_codec, edifact_codec = self.codecs()
        self.assertEqual(x12_codec._features().file_extension, "x12")
        self.assertEqual(x12_codec._features().content_type, "application/edi-x12")
        self.assertEqual(edifact_codec._features().file_extension, "edi")
        self.assertEqual(edifact_codec._features().content_type, "application/edifact")
        for codec, standard, start in (
            (x12_codec, "X12", "ISA"),
            (edifact_codec, "EDIFACT", "UNA/UNB"),
        ):
            with self.subTest(standard=standard):
                with self.assertRaises(ParseError) as caught:
                    codec._check_on_receipt(self.env["integration.message"], b"hello")
                self.assertIn(f"not an {standard} interchange", str(caught.exception))
                self.assertIn(f"must start with {start}", caught.exception.hint)

    def test_a_document_type_the_standard_does_not_write_is_refused(self):
        message = self.env["integration.message"].create(
            {
                "flow_id": self.flows["in"].id,
                "partner_id": self.partner.id,
                "company_id": self.company.id,
                "direction": "outbound",
                "document_type": "inventory_delta",
                "state": "pending",
            }
        )
        for codec in self.codecs():
            with self.subTest(codec=codec._name), self.assertRaises(BusinessRuleError) as caught:
                codec._encode(message, None)
            self.assertIn("does not write inventory_delta documents", str(caught.exception))

    def test_a_rejected_file_is_answered_once_by_the_codec_failure_hook(self):
        body = [("BEG", "00", "SA", "PO-TPL-1", None, "20261120")]
        payload = x12_file(THEIRS, OURS, 7001, "PO", [("850", 1, body)]).replace(
            b"IEA*1*000007001", b"IEA*1*000007999"
        )
        message = self.env["integration.message"].create(
            {
                "flow_id": self.flows["in"].id,
                "partner_id": self.partner.id,
                "company_id": self.company.id,
                "direction": "inbound",
                "document_type": "order",
                "state": "received",
            }
        )
        codec = self.flows["in"]._codec()
        with self.assertRaises(ParseError) as caught:
            codec._split(message, payload)
        self.assertIn("Interchange 000007001", str(caught.exception))
        self.assertFalse(message.edi_interchange_ids, "recorded only once the step failed")

        codec._on_failed(message, "parse", caught.exception)
        self.assertEqual(message.edi_interchange_ids.state, "rejected")
        reply = self.outbound("acks_out")
        self.assertEqual(len(reply), 1)
        (interchange,) = read_x12(reply._payload()).interchanges
        self.assertEqual(interchange.ta1_segments[0].parts[4:], ["R", "001"])
        self.assertEqual(message.edi_interchange_ids.reply_message_id, reply)

        codec._on_failed(message, "parse", caught.exception)  # a retry fails the same way
        self.assertEqual(len(self.outbound("acks_out")), 1, "a file is rejected to it once")

        codec._on_failed(message, "parse", ParseError("another failure"))
        self.assertEqual(len(self.outbound("acks_out")), 1, "only rejected files are answered")
