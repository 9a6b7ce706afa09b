# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""SFTP mailboxes against a real OpenSSH sshd on 127.0.0.1 (``servers.SshdServer``)."""

import io
import os
import threading
import time
import zipfile

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from ..services.sftp_client import SftpClient
from .mailbox_cases import MailboxDeliveryCase, MailboxPollingCase, MailboxTransport
from .servers import SshdServer


def mailbox_endpoint(env, partner, server, pinned=True, **values):
    """An SFTP endpoint of ``partner`` logging in to ``server`` with its client key; its
    host key pinned as set-up data (superuser) unless ``pinned`` is False."""
    model = env["integration.endpoint"].sudo() if pinned else env["integration.endpoint"]
    return model.create(
        {
            "name": f"{partner.name} SFTP",
            "partner_id": partner.id,
            "transport": "sftp",
            "host": "127.0.0.1",
            "port": server.port,
            "username": server.user,
            "private_key": server.client_key,
            **({"host_key_fingerprint": server.fingerprint} if pinned else {}),
            **values,
        }
    )


SFTP = MailboxTransport(SshdServer, SftpClient, "sftp", mailbox_endpoint)


@tagged("post_install", "-at_install")
class TestSftpPolling(MailboxPollingCase, TransactionCase):
    """The shared polling scenarios over SFTP, and what is SFTP's own."""

    mailbox = SFTP
    overlapping_files = 50

    def test_a_growing_file_is_taken_once_complete(self):
        flow_id, inbox = self.mailbox_flow("t-sftp-grow")
        path = os.path.join(inbox, "big.json")
        chunk = b"x" * 1024
        started = threading.Event()

        def write_slowly():
            with open(path, "wb") as handle:
                for _ in range(40):
                    handle.write(chunk)
                    handle.flush()
                    started.set()
                    time.sleep(0.1)

        writer = threading.Thread(target=write_slowly)
        writer.start()
        started.wait(timeout=10)
        during = self.poll(flow_id)
        writer.join(timeout=30)
        self.assertEqual(during["stored"], 0, "not taken while it grows")
        self.assertEqual(self.state_of(flow_id)[0], [])
        after = self.poll(flow_id)
        self.assertEqual(after["stored"], 1)
        messages, files, _exceptions, _logs = self.state_of(flow_id)
        self.assertEqual(messages, [("big.json", chunk * 40)])
        self.assertEqual(files, [("big.json", "done", 1)])

    def test_a_file_marked_by_the_ready_suffix_waits(self):
        flow_id, inbox = self.mailbox_flow("t-sftp-suffix", ready_suffix=".tmp")
        with open(os.path.join(inbox, "a.json.tmp"), "wb") as handle:
            handle.write(b'{"order_ref": "PO-TMP"}')
        self.assertEqual(self.poll(flow_id)["stored"], 0)
        os.rename(os.path.join(inbox, "a.json.tmp"), os.path.join(inbox, "a.json"))
        self.assertEqual(self.poll(flow_id)["stored"], 1)
        self.assertEqual(self.state_of(flow_id)[0], [("a.json", b'{"order_ref": "PO-TMP"}')])

    def test_a_changed_host_key_refuses_to_connect_with_one_exception_naming_both_keys(self):
        with SshdServer() as other:
            flow_id, inbox = self.mailbox_flow("t-sftp-hostkey", server=other)
            with open(os.path.join(inbox, "po.json"), "wb") as handle:
                handle.write(b'{"order_ref": "PO-KEY"}')
            pinned = other.fingerprint
            other.replace_host_key()
            offered = other.fingerprint
            self.assertNotEqual(pinned, offered)
            self.poll(flow_id)
            self.poll(flow_id)
            messages, files, exceptions, _logs = self.state_of(flow_id)
        self.assertEqual((messages, files), ([], []), "nothing read from an unknown server")
        self.assertEqual(len(exceptions), 1, "one exception per endpoint and cause")
        state, occurrences, explanation, category = exceptions[0]
        self.assertEqual((state, occurrences, category), ("new", 2, "transport"))
        self.assertIn(pinned, explanation)
        self.assertIn(offered, explanation)
        with self.committed() as env:
            logs = env["integration.connection.log"].search(
                [("flow_id", "=", flow_id), ("operation", "=", "poll")]
            )
            self.assertEqual(logs.mapped("ok"), [False, False])

    def test_a_zip_gives_one_message_per_member_and_the_archive_is_kept(self):
        flow_id, inbox = self.mailbox_flow("t-sftp-zip")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("one.json", b'{"order_ref": "PO-Z1"}')
            archive.writestr("two.json", b'{"order_ref": "PO-Z2"}')
        with open(os.path.join(inbox, "daily.zip"), "wb") as handle:
            handle.write(buffer.getvalue())
        self.assertEqual(self.poll(flow_id)["stored"], 1)
        messages, files, _exceptions, _logs = self.state_of(flow_id)
        self.assertEqual(
            sorted(messages),
            [("one.json", b'{"order_ref": "PO-Z1"}'), ("two.json", b'{"order_ref": "PO-Z2"}')],
        )
        self.assertEqual(files, [("daily.zip", "done", 2)])
        with self.committed() as env:
            entry = env["integration.mailbox.file"].search([("flow_id", "=", flow_id)])
            self.assertEqual(entry.archive_attachment_id.raw, buffer.getvalue())


@tagged("post_install", "-at_install")
class TestSftpDelivery(MailboxDeliveryCase, TransactionCase):
    """The shared delivery scenarios over SFTP, Test connection and the host key."""

    mailbox = SFTP
    outbound_files = 20

    def test_test_connection_and_trust_host_key_are_for_managers(self):
        manager = new_test_user(
            self.env, "sftp_manager", groups="integration_core.group_integration_manager"
        )
        user = new_test_user(
            self.env, "sftp_user", groups="integration_core.group_integration_user"
        )
        endpoint = mailbox_endpoint(self.env, self.partner, self.server, pinned=False)
        for action in ("action_test_connection", "action_trust_host_key"):
            with self.assertRaises(AccessError):
                getattr(endpoint.with_user(user), action)()
        with self.assertRaises(AccessError):
            endpoint.with_user(manager).write({"host_key_fingerprint": "SHA256:forged"})

        shown = endpoint.with_user(manager).action_test_connection()
        self.assertEqual(shown["params"]["type"], "success")
        self.assertIn(self.server.fingerprint, shown["params"]["message"])
        self.assertIn("not trusted yet", shown["params"]["message"])
        self.assertEqual(endpoint.host_key_offered, self.server.fingerprint)
        self.assertFalse(endpoint.host_key_fingerprint, "shown, not trusted yet")

        endpoint.with_user(manager).action_trust_host_key()
        self.assertEqual(endpoint.host_key_fingerprint, self.server.fingerprint)
        again = endpoint.with_user(manager).action_test_connection()
        self.assertEqual(again["params"]["type"], "success")
        self.assertNotIn("not trusted yet", again["params"]["message"])
        self.assertNotIn("files", shown["params"]["message"], "no login before the key")
        self.assertRegex(again["params"]["message"], r"\.: \d+ files", "logged in and listed")
        logs = endpoint.connection_log_ids
        self.assertEqual(logs.mapped("operation"), ["test", "test"])
        self.assertTrue(all(logs.mapped("ok")))
