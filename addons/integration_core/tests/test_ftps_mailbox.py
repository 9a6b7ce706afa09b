# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""FTPS mailboxes against a real vsftpd on 127.0.0.1 (``servers.VsftpdServer``): explicit
TLS, its certificate signed by a CA generated for the run."""

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from ..services.ftps_client import FtpsClient
from .mailbox_cases import MailboxDeliveryCase, MailboxPollingCase, MailboxTransport, visible
from .servers import VsftpdServer


def ftps_endpoint(env, partner, server, ca=None, **values):
    """An FTPS endpoint of ``partner`` logging in to ``server``, trusting ``ca`` (PEM; the
    server's own CA by default)."""
    return env["integration.endpoint"].create(
        {
            "name": f"{partner.name} FTPS",
            "partner_id": partner.id,
            "transport": "ftps",
            "host": "127.0.0.1",
            "port": server.port,
            "username": server.username,
            "password": server.password,
            "ca_certificate": server.ca_pem if ca is None else ca,
            **values,
        }
    )


FTPS = MailboxTransport(VsftpdServer, FtpsClient, "ftps", ftps_endpoint)


@tagged("post_install", "-at_install")
class TestFtpsPolling(MailboxPollingCase, TransactionCase):
    """The shared polling scenarios over FTPS, and the certificate and the login."""

    mailbox = FTPS

    def test_a_certificate_not_signed_by_the_endpoints_ca_is_refused(self):
        flow_id, inbox = self.mailbox_flow(
            "t-ftps-cert", endpoint_values={"ca": self.server.other_ca_pem}
        )
        self.server.put(inbox / "po.json", b'{"order_ref": "PO-FCERT"}')
        self.poll(flow_id)
        self.poll(flow_id)
        messages, files, exceptions, logs = self.state_of(flow_id)
        self.assertEqual((messages, files), ([], []), "nothing read from an untrusted server")
        self.assertEqual(visible(inbox), ["po.json"], "nothing moved either")
        self.assertEqual(len(exceptions), 1, "one exception per endpoint and cause")
        state, occurrences, explanation, category = exceptions[0]
        self.assertEqual((state, occurrences, category), ("new", 2, "transport"))
        self.assertIn("TLS certificate of 127.0.0.1", explanation)
        self.assertIn("unable to get local issuer certificate", explanation)
        self.assertIn(
            "It presents CN=localhost, issued by CN=Integration test FTPS CA", explanation
        )
        self.assertEqual(logs, [("poll", False), ("poll", False)])

        # with the CA that signed the server's certificate, the same endpoint connects
        with self.committed() as env:
            env["integration.flow"].browse(flow_id).endpoint_id.ca_certificate = self.server.ca_pem
        self.assertEqual(self.poll(flow_id)["stored"], 1)
        messages, _files, exceptions, _logs = self.state_of(flow_id)
        self.assertEqual(messages, [("po.json", b'{"order_ref": "PO-FCERT"}')])
        self.assertEqual([e[0] for e in exceptions], ["resolved"])

    def test_a_wrong_password_is_an_authentication_exception(self):
        flow_id, inbox = self.mailbox_flow("t-ftps-login")
        self.server.put(inbox / "po.json", b'{"order_ref": "PO-FLOGIN"}')
        with self.committed() as env:
            env["integration.flow"].browse(flow_id).endpoint_id.password = "not-the-password"
        self.poll(flow_id)
        messages, _files, exceptions, _logs = self.state_of(flow_id)
        self.assertEqual(messages, [])
        self.assertEqual([(e[0], e[3]) for e in exceptions], [("new", "authentication")])
        self.assertIn("530", exceptions[0][2])
        self.assertNotIn("not-the-password", exceptions[0][2])


@tagged("post_install", "-at_install")
class TestFtpsDelivery(MailboxDeliveryCase, TransactionCase):
    """The shared delivery scenarios over FTPS, Test connection and the CA field."""

    mailbox = FTPS

    def test_rename_refuses_to_replace_an_existing_file(self):
        remote = self.flow.remote_directory
        self.server.put(self.outbox / "theirs.txt", b"theirs")
        with self.env["integration.transport.ftps"]._client(self.endpoint) as client:
            client.write(f"{remote}/.ours.part", b"ours")
            with self.assertRaises(FileExistsError):
                client.rename(f"{remote}/.ours.part", f"{remote}/theirs.txt")
        self.assertEqual((self.outbox / "theirs.txt").read_bytes(), b"theirs")

    def test_test_connection_shows_the_certificate_to_managers_only(self):
        manager = new_test_user(
            self.env, "ftps_manager", groups="integration_core.group_integration_manager"
        )
        user = new_test_user(
            self.env, "ftps_user", groups="integration_core.group_integration_user"
        )
        with self.assertRaises(AccessError):
            self.endpoint.with_user(user).action_test_connection()
        shown = self.endpoint.with_user(manager).action_test_connection()
        self.assertEqual(shown["params"]["type"], "success", shown["params"]["message"])
        text = shown["params"]["message"]
        self.assertIn("certificate_subject: CN=localhost", text)
        self.assertIn("certificate_issuer: CN=Integration test FTPS CA", text)
        self.assertIn("certificate_expires: ", text)
        self.assertIn("certificate_fingerprint: SHA256:", text)
        self.assertIn("vsFTPd", text)
        self.assertEqual(self.endpoint.connection_log_ids.mapped("ok"), [True])

        self.endpoint.ca_certificate = self.server.other_ca_pem
        refused = self.endpoint.with_user(manager).action_test_connection()
        self.assertEqual(refused["params"]["type"], "danger")
        self.assertIn("unable to get local issuer certificate", refused["params"]["message"])

    def test_the_ca_certificate_must_be_pem(self):
        with self.assertRaises(ValidationError):
            self.endpoint.write({"ca_certificate": "not a certificate"})
