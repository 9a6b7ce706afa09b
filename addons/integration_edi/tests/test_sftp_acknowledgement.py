# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import os

from odoo.addons.integration_core.tests.servers import SshdServer
from odoo.tests import HttpCase, tagged

from . import test_x12_end_to_end as e2e
from .common import X12PartnerMixin, gs1, x12_sets


@tagged("post_install", "-at_install")
class TestSftpAcknowledgement(X12PartnerMixin, HttpCase):
    """An X12 partner on SFTP (a real sshd): the 850 is polled from its mailbox, the 856 is
    put in its outbox, and the 997 it drops back is matched to that 856 by the usual
    inbound flow. HttpCase: its test mode lets the polls' own transactions run in the
    test's."""

    code = "t-edi-sftp"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = SshdServer().start()
        cls.addClassCleanup(cls.server.__exit__, None, None, None)
        # sudo: the pinned host key is set-up data here (a manager trusts it in the UI)
        cls.endpoint.sudo().write(
            {
                "transport": "sftp",
                "host": "127.0.0.1",
                "port": cls.server.port,
                "username": cls.server.user,
                "private_key": cls.server.client_key,
                "host_key_fingerprint": cls.server.fingerprint,
            }
        )
        cls.outbox = cls.server.mkdir("outbox")
        for name, directory in (("in", "orders"), ("acks_in", "acks")):
            cls.flows[name].write(
                {
                    "remote_directory": cls.server.mkdir(directory),
                    "archive_directory": cls.server.mkdir(directory, "done"),
                    "ready_suffix": ".tmp",
                }
            )
        for name in ("acks_out", "order_ack", "shipment_notice", "invoice"):
            cls.flows[name].remote_directory = cls.outbox

    def drop(self, directory, name, payload):
        """The partner puts a file in its mailbox (written under .tmp, then renamed)."""
        path = os.path.join(self.server.root, directory, name)
        with open(path + ".tmp", "wb") as handle:
            handle.write(payload)
        os.rename(path + ".tmp", path)

    def outbox_sets(self, kind):
        found = []
        for name in sorted(os.listdir(self.outbox)):
            if not name.startswith("."):
                with open(os.path.join(self.outbox, name), "rb") as handle:
                    found += [s for s in x12_sets(handle.read()) if s.type == kind]
        return found

    def test_997_by_sftp_acknowledges_the_856_it_answers(self):
        self.drop("orders", "po.x12", e2e.order_850(self.gadget_gtin))
        self.assertEqual(self.flows["in"]._poll_mailbox()["stored"], 1)
        self.run_jobs()
        order = self.env["sale.order"].search([("client_order_ref", "=", "PO-E2E-1")])
        self.assertEqual(order.state, "sale")
        self.assertEqual(len(self.outbox_sets("997")), 1, "the 850 acknowledged in the outbox")

        self.ship(order, gs1("00614141123456789"))
        self.run_jobs()
        (asn,) = self.outbox_sets("856")
        asn_message = self.outbound("shipment_notice")
        self.assertEqual(asn_message.state, "sent")
        self.assertTrue(asn_message.ack_due_at, "the 997 is awaited")

        self.drop("acks", "997.x12", e2e.ack_997(asn.reference, 2001))
        self.assertEqual(self.flows["acks_in"]._poll_mailbox()["stored"], 1)
        self.run_jobs()
        self.assertEqual(asn_message.state, "acknowledged")
        self.assertEqual(asn_message.edi_ack_label, "997 accepted")
        self.assertEqual(os.listdir(os.path.join(self.server.root, "acks", "done")), ["997.x12"])
