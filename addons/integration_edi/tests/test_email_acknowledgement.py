# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.addons.integration_core.tests.common import LocalSmtpMixin, partner_mail
from odoo.addons.integration_core.tests.servers import real_smtp
from odoo.tests import TransactionCase, tagged

from . import test_x12_end_to_end as e2e
from .common import X12PartnerMixin, gs1, x12_sets

PARTNER_ADDRESS = "edi@buyer-mail.example"
X12_FILE = "application/edi-x12"


@tagged("post_install", "-at_install")
class TestEmailAcknowledgement(LocalSmtpMixin, X12PartnerMixin, TransactionCase):
    """An X12 partner on e-mail: the 850 comes in by mail, the 856 goes out by mail through
    a real SMTP server, and the 997 the partner mails back acknowledges it."""

    code = "t-edi-mail"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.start_local_smtp()
        cls.company.email = "edi@hub-mail.example"
        cls.endpoint.write({"transport": "email", "email_to": PARTNER_ADDRESS})
        cls.partner.allowed_senders = PARTNER_ADDRESS
        domain = cls.env["mail.alias.domain"].create({"name": "hub-mail.example"})
        cls.flows["in"].write({"alias_name": "buyer-edi", "alias_domain_id": domain.id})
        cls.alias = "buyer-edi@hub-mail.example"

    def mailed_sets(self, kind):
        """(transaction set, mail) of each ``kind`` set the partner got by mail."""
        found = []
        for mail in self.smtp.messages:
            for attachment in mail.iter_attachments():
                payload = attachment.get_payload(decode=True)
                found += [(s, mail) for s in x12_sets(payload) if s.type == kind]
        return found

    def test_997_by_mail_acknowledges_the_856_it_answers(self):
        gateway = self.env["mail.thread"]
        gateway.message_process(
            None,
            partner_mail(
                PARTNER_ADDRESS,
                self.alias,
                "PO",
                [("po.x12", e2e.order_850(self.gadget_gtin), X12_FILE)],
            ),
        )
        with real_smtp():
            self.run_jobs()
        order = self.env["sale.order"].search([("client_order_ref", "=", "PO-E2E-1")])
        self.assertEqual(order.state, "sale")
        self.assertEqual(len(self.mailed_sets("997")), 1, "the 850 was acknowledged by mail")

        self.ship(order, gs1("00614141123456789"))
        with real_smtp():
            self.run_jobs()
        ((asn, asn_mail),) = self.mailed_sets("856")
        asn_message = self.outbound("shipment_notice")
        self.assertEqual(asn_message.state, "sent")
        self.assertIn(asn_message.name, asn_mail["Message-ID"])
        self.assertTrue(asn_message.ack_due_at, "the 997 is awaited")
        self.assertEqual(asn_mail["Reply-To"], self.alias, "a reply reaches the inbound flow")

        gateway.message_process(
            None,
            partner_mail(
                PARTNER_ADDRESS,
                self.alias,
                f"Re: {asn_mail['Subject']}",
                [("997.x12", e2e.ack_997(asn.reference, 2001), X12_FILE)],
                In_Reply_To=asn_mail["Message-ID"],
            ),
        )
        self.run_jobs()
        self.assertEqual(asn_message.state, "acknowledged")
        self.assertEqual(asn_message.edi_ack_label, "997 accepted")
        self.assertTrue(asn_message.log_ids.filtered(lambda log: log.event == "reply"))
