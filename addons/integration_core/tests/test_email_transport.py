# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from email.message import Message
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import make_msgid

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import IntegrationCase, LocalSmtpMixin, order_payload, partner_mail
from .servers import real_smtp

PARTNER_ADDRESS = "edi@acme.example"
HUB_ADDRESS = "hub@odoo.example"


def bounce_of(original, recipient):
    """The delivery status notification (RFC 3464) a partner's MTA returns for
    ``original`` (the mail as the SMTP server received it)."""
    report = MIMEMultipart("report", report_type="delivery-status")
    report["From"] = "Mail Delivery System <MAILER-DAEMON@mx.acme.example>"
    report["To"] = HUB_ADDRESS
    report["Subject"] = "Undelivered Mail Returned to Sender"
    report["Message-ID"] = make_msgid(domain="mx.acme.example")
    report.attach(MIMEText(f"<{recipient}>: host mx.acme.example said: 550 No such mailbox"))
    status = Message()
    status.set_type("message/delivery-status")
    per_message, per_recipient = Message(), Message()
    per_message["Reporting-MTA"] = "dns; mx.acme.example"
    per_recipient["Final-Recipient"] = f"rfc822; {recipient}"
    per_recipient["Action"] = "failed"
    per_recipient["Status"] = "5.1.1"
    status.set_payload([per_message, per_recipient])
    report.attach(status)
    report.attach(MIMEMessage(original))
    return report.as_bytes()


@tagged("post_install", "-at_install")
class TestEmailTransport(LocalSmtpMixin, IntegrationCase):
    """Documents by e-mail: out through a real SMTP server (aiosmtpd on 127.0.0.1), in as
    real MIME mails fed to Odoo's mail gateway."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.start_local_smtp()
        cls.company.email = HUB_ADDRESS
        cls.endpoint = cls.env["integration.endpoint"].create(
            {
                "name": "Acme documents mailbox",
                "partner_id": cls.partner.id,
                "transport": "email",
                "email_to": PARTNER_ADDRESS,
                "backoff_base": 1.0,
            }
        )
        cls.ack_flow = cls.order_ack_flow(
            cls.endpoint, event_domain=f"[('partner_id', '=', {cls.customer.id})]"
        )
        cls.partner.allowed_senders = f"{PARTNER_ADDRESS}\n@acme-van.example"
        domain = cls.env["mail.alias.domain"].create({"name": "hub.example"})
        cls.order_flow.write({"alias_name": "acme-orders", "alias_domain_id": domain.id})
        cls.alias = "acme-orders@hub.example"

    def send_order_ack(self):
        """Confirm an order of Acme: its acknowledgement is mailed for real."""
        self.smtp.messages.clear()
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "client_order_ref": "PO-MAIL",
                "order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": 2})],
            }
        )
        order.action_confirm()
        message = self.env["integration.message"].search([("flow_id", "=", self.ack_flow.id)])
        with real_smtp():
            self.run_jobs()
        return message

    def gateway(self, raw):
        return self.env["mail.thread"].message_process(None, raw)

    def inbound(self):
        return self.env["integration.message"].search(
            [("flow_id", "=", self.order_flow.id)], order="id"
        )

    def test_outbound_is_mailed_with_the_payload_and_a_message_id_naming_it(self):
        message = self.send_order_ack()
        self.assertEqual(message.state, "sent", message.last_error)
        (received,) = self.smtp.messages
        self.assertEqual(self.smtp.envelopes[0][1], [PARTNER_ADDRESS])
        self.assertEqual(received["To"], PARTNER_ADDRESS)
        self.assertIn(message.name, received["Message-ID"])
        self.assertIn("@integration.", received["Message-ID"])
        self.assertEqual(received["Reply-To"], self.alias, "answers reach Acme's inbound flow")
        (attachment,) = received.iter_attachments()
        # Named by the flow's file-name template, as the mailbox transports name files.
        expected = f"t-acme_order_ack_{message.name.replace('/', '_')}.json"
        self.assertEqual(attachment.get_filename(), expected)
        self.assertEqual(attachment.get_payload(decode=True), message._payload())
        self.assertIn(b'"PO-MAIL"', attachment.get_payload(decode=True))
        self.assertLogged(message, "send", count=1)

    @mute_logger("odoo.addons.mail.models.mail_mail")
    def test_refused_by_the_smtp_server_fails_the_send_and_no_mail_is_left_queued(self):
        self.smtp.refuse.add(PARTNER_ADDRESS)
        self.addCleanup(self.smtp.refuse.clear)
        message = self.send_order_ack()
        self.assertEqual(message.state, "failed")
        self.assertIn("550", message.last_error)
        self.assertEqual(message.exception_ids.category, "transport")
        self.assertFalse(self.smtp.messages)
        self.assertFalse(
            self.env["mail.mail"].search(
                [("model", "=", message._name), ("res_id", "=", message.id)]
            ),
            "a failed mail is not left to Odoo's mail queue",
        )

    def test_a_bounce_fails_the_message_it_answers(self):
        message = self.send_order_ack()
        (received,) = self.smtp.messages
        self.gateway(bounce_of(received, PARTNER_ADDRESS))
        self.assertEqual(message.state, "failed")
        self.assertEqual(message.next_step, "send", "Retry sends the same payload again")
        self.assertIn("bounced", message.last_error)
        self.assertEqual(len(message.exception_ids), 1)
        self.assertEqual(message.exception_ids.category, "transport")

    def test_a_reply_is_noted_on_the_timeline(self):
        message = self.send_order_ack()
        (received,) = self.smtp.messages
        self.gateway(
            partner_mail(
                PARTNER_ADDRESS,
                HUB_ADDRESS,
                f"Re: {received['Subject']}",
                body="Received, thanks.",
                In_Reply_To=received["Message-ID"],
                References=received["Message-ID"],
            )
        )
        self.assertEqual(message.state, "sent")
        (reply,) = self.assertLogged(message, "reply", count=1)
        self.assertIn(PARTNER_ADDRESS, reply.description)

    def test_unknown_sender_creates_no_message_and_is_noted_on_the_flow(self):
        notes = len(self.order_flow.message_ids)
        self.gateway(
            partner_mail(
                "someone@elsewhere.example",
                self.alias,
                "Orders",
                [("po.json", order_payload("PO-X"), "application/json")],
            )
        )
        self.assertFalse(self.inbound())
        self.assertFalse(
            self.env["integration.mail.receipt"].search([("flow_id", "=", self.order_flow.id)])
        )
        self.assertEqual(len(self.order_flow.message_ids), notes + 1)
        self.assertIn("someone@elsewhere.example", self.order_flow.message_ids[0].body)
        self.assertIn("Refused", self.order_flow.message_ids[0].body)

    def test_known_sender_two_attachments_become_two_messages_bytes_intact(self):
        first = order_payload("PO-M1")
        # Text with CRLF and non-ASCII, as a Windows system writes it.
        second = order_payload("PO-M2").replace(b"Acme Retail", "Acme Zürich".encode())
        second = second.replace(b", ", b",\r\n")
        notes = len(self.order_flow.message_ids)
        self.gateway(
            partner_mail(
                "orders@acme-van.example",
                self.alias,
                "Two orders",
                [("po1.json", first, "application/json"), ("po2.txt", second, "text/plain")],
            )
        )
        messages = self.inbound()
        self.assertEqual(messages.mapped("filename"), ["po1.json", "po2.txt"])
        self.assertEqual([m._payload() for m in messages], [first, second])
        self.assertEqual(messages[0].headers["from"], "orders@acme-van.example")
        receipt = self.env["integration.mail.receipt"].search(
            [("flow_id", "=", self.order_flow.id)]
        )
        self.assertEqual(receipt.integration_message_ids, messages)
        self.assertEqual(len(self.order_flow.message_ids), notes, "no mail on the flow")
        self.run_jobs()
        self.assertEqual(messages.mapped("state"), ["processed", "processed"])
        orders = self.env["sale.order"].browse(messages.mapped("res_id"))
        self.assertEqual(sorted(orders.mapped("client_order_ref")), ["PO-M1", "PO-M2"])

    def test_a_mail_without_attachment_is_its_body(self):
        self.gateway(
            partner_mail(PARTNER_ADDRESS, self.alias, "Order", body=order_payload("PO-B").decode())
        )
        message = self.inbound()
        self.assertEqual(len(message), 1)
        self.run_jobs()
        self.assertEqual(message.state, "processed", message.last_error)
        self.assertEqual(message._business_record().client_order_ref, "PO-B")

    def test_a_file_above_the_flow_size_limit_is_not_received(self):
        self.order_flow.max_payload_kb = 1
        big = order_payload("PO-BIG", notes="x" * 2048)
        self.gateway(
            partner_mail(
                PARTNER_ADDRESS,
                self.alias,
                "Orders",
                [
                    ("big.json", big, "application/json"),
                    ("ok.json", order_payload(), "application/json"),
                ],
            )
        )
        self.assertEqual(self.inbound().mapped("filename"), ["ok.json"])
        receipt = self.env["integration.mail.receipt"].search(
            [("flow_id", "=", self.order_flow.id)]
        )
        note = receipt.message_ids.filtered(lambda m: "size limit" in (m.body or ""))
        self.assertIn("big.json", note.body)

    def test_the_gateway_entries_are_not_callable_over_rpc(self):
        manager = new_test_user(
            self.env, "mail_manager", groups="integration_core.group_integration_manager"
        )
        msg_dict = {"subject": "Orders", "email_from": PARTNER_ADDRESS, "body": "{}"}
        with self.assertRaises(AccessError):
            self.env["integration.mail.receipt"].with_user(manager).message_new(
                msg_dict, {"flow_id": self.order_flow.id}
            )
        self.assertFalse(self.inbound())
        message = self.send_order_ack()
        reply = {**msg_dict, "in_reply_to": self.smtp.messages[0]["Message-ID"]}
        message.with_user(manager).message_update(reply)
        self.assertLogged(message, "reply", count=0)
