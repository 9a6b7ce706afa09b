# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What every mailbox transport's tests share: the scaffolding around a real server
(``servers.py``) and the scenarios each transport must pass.

``MailboxPollingCase`` and ``MailboxDeliveryCase`` are mixins, not test cases, so they are
never collected on their own (they have no server); a transport's test class combines one
with ``TransactionCase`` and names its transport in ``mailbox`` (a ``MailboxTransport``).
"""

import os
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from typing import NamedTuple
from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import DummyRLock, Registry

from .common import run_jobs

CONTEXT = {"tracking_disable": True, "mailbox_settle_seconds": 1.5}


def visible(directory):
    """What a partner polling ``directory`` sees: its files but the hidden (temporary) ones."""
    return sorted(name for name in os.listdir(directory) if not name.startswith("."))


class MailboxTransport(NamedTuple):
    """A transport as the shared cases test it: its server (``servers.py``), its client
    (whose ``rename`` moves a file), its code and ``endpoint(env, partner, server,
    **values)``, an endpoint logging in to that server."""

    server_class: type
    client_class: type
    code: str
    endpoint: Callable


class _MailboxCase:
    """The transport a subclass tests (``mailbox``), and its server started for the class."""

    mailbox = None
    # Odoo collects only the tests a class defines itself unless told so (the scenarios
    # here are inherited by each transport's class)
    allow_inherited_tests_method = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.transport = cls.mailbox.code
        cls.server = cls.mailbox.server_class()
        cls.server.start()
        cls.addClassCleanup(cls.server.__exit__, None, None, None)

    @classmethod
    def make_endpoint(cls, env, partner, server=None, **values):
        return cls.mailbox.endpoint(env, partner, server or cls.server, **values)


class MailboxPollingCase(_MailboxCase):
    """Inbound pick-up: each poll commits its files (real transactions, as the cron's), so
    every partner, endpoint and flow here is committed and taken away after the class."""

    #: files dropped for the two overlapping polls
    overlapping_files = 20

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner_ids = []
        cls.addClassCleanup(cls._purge_committed_rows)

    @classmethod
    def _purge_committed_rows(cls):
        with cls.registry.cursor() as cr:
            ids = cls.partner_ids or [0]
            cr.execute("SELECT id FROM integration_message WHERE partner_id = ANY(%s)", (ids,))
            messages = [row[0] for row in cr.fetchall()] or [0]
            cr.execute(
                "DELETE FROM queue_job WHERE model_name = 'integration.message'"
                " AND split_part(identity_key, ':', 2)::int = ANY(%s)",
                (messages,),
            )
            cr.execute(
                "DELETE FROM ir_attachment WHERE (res_model = 'integration.message'"
                " AND res_id = ANY(%s)) OR (res_model = 'integration.mailbox.file' AND res_id IN"
                " (SELECT f.id FROM integration_mailbox_file f JOIN integration_flow w"
                "  ON w.id = f.flow_id WHERE w.partner_id = ANY(%s)))",
                (messages, ids),
            )
            cr.execute("DELETE FROM integration_exception WHERE partner_id = ANY(%s)", (ids,))
            cr.execute("DELETE FROM integration_message WHERE id = ANY(%s)", (messages,))
            cr.execute("DELETE FROM integration_flow WHERE partner_id = ANY(%s)", (ids,))
            cr.execute("DELETE FROM integration_endpoint WHERE partner_id = ANY(%s)", (ids,))
            cr.execute("DELETE FROM integration_partner WHERE id = ANY(%s)", (ids,))

    @contextmanager
    def committed(self):
        """An environment on a transaction of its own, committed at the end."""
        with self.registry.cursor() as cr:
            yield api.Environment(cr, SUPERUSER_ID, CONTEXT)

    def mailbox_flow(self, code, server=None, endpoint_values=None, **values):
        """A committed partner with an inbound order flow polling ``server``'s inbox (the
        class's by default); returns the flow's id and the inbox's local path."""
        server = server or self.server
        with self.committed() as env:
            partner = env["integration.partner"].create(
                {"name": f"Partner {code}", "code": code, "kind": "other"}
            )
            self.partner_ids.append(partner.id)
            endpoint = self.make_endpoint(env, partner, server, **(endpoint_values or {}))
            flow = env["integration.flow"].create(
                {
                    "name": f"Orders in {code}",
                    "code": f"{code}-orders",
                    "partner_id": partner.id,
                    "direction": "inbound",
                    "document_type": "order",
                    "endpoint_id": endpoint.id,
                    "remote_directory": server.mkdir(code, "inbox"),
                    "archive_directory": server.mkdir(code, "archive"),
                    "file_pattern": "*.json, *.zip",
                    **values,
                }
            )
            return flow.id, server.local_path(code, "inbox")

    def poll(self, flow_id):
        """One poll of the flow, as the cron runs it: in a transaction of its own."""
        with self.committed() as env:
            return env["integration.flow"].browse(flow_id)._poll_mailbox()

    def state_of(self, flow_id):
        """(messages, ledger rows, endpoint exceptions, connection logs) as committed."""
        with self.committed() as env:
            flow = env["integration.flow"].browse(flow_id)
            messages = env["integration.message"].search([("flow_id", "=", flow_id)])
            files = env["integration.mailbox.file"].search([("flow_id", "=", flow_id)])
            exceptions = env["integration.exception"].search(
                [("endpoint_id", "=", flow.endpoint_id.id)]
            )
            logs = flow.endpoint_id.connection_log_ids
            return (
                sorted((m.filename, m._payload()) for m in messages),
                [(f.name, f.state, len(f.message_ids)) for f in files],
                [(e.state, e.occurrences, e.explanation, e.category) for e in exceptions],
                [(log.operation, log.ok) for log in logs],
            )

    def test_files_are_picked_up_exactly_once_across_two_overlapping_polls(self):
        flow_id, inbox = self.mailbox_flow(f"t-{self.transport}-once")
        expected = {}
        for number in range(self.overlapping_files):
            name = f"order-{number:02d}.json"
            expected[name] = b'{"order_ref": "PO-%d"}' % number
            self.server.put(inbox / name, expected[name])
        # the test runner holds the registry lock while tests run: the polls' threads
        # would wait on it forever when they open their environments (odoo#161438)
        self.patch(Registry, "_lock", DummyRLock())
        start = threading.Barrier(2)
        results, failures = [], []

        def overlapping_poll():
            try:
                start.wait(timeout=10)
                results.append(self.poll(flow_id))
            except Exception as err:  # noqa: BLE001 - reported by the test below
                failures.append(err)

        threads = [threading.Thread(target=overlapping_poll) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertFalse(failures)
        self.assertEqual(len(results), 2)
        messages, files, exceptions, _logs = self.state_of(flow_id)
        self.assertEqual(messages, sorted(expected.items()), "each file once, whole")
        self.assertEqual(sorted(f[0] for f in files), sorted(expected))
        self.assertEqual({f[1] for f in files}, {"done"})
        self.assertEqual(sum(r["stored"] for r in results), len(expected), results)
        self.assertEqual(visible(inbox), [])
        self.assertEqual(visible(inbox.parent / "archive"), sorted(expected))
        self.assertFalse(exceptions)
        # a later poll finds nothing new
        self.assertEqual(self.poll(flow_id)["stored"], 0)
        self.assertEqual(len(self.state_of(flow_id)[0]), len(expected))

    def test_connection_dropped_after_the_store_moves_it_next_time_without_a_second_message(
        self,
    ):
        flow_id, inbox = self.mailbox_flow(f"t-{self.transport}-drop")
        self.server.put(inbox / "po.json", b'{"order_ref": "PO-DROP"}')
        rename = self.mailbox.client_class.rename
        server = self.server

        def drop_then_rename(client, src, dst):
            server.drop_connections()  # the network fails between the commit and the move
            time.sleep(0.2)
            return rename(client, src, dst)

        with patch.object(self.mailbox.client_class, "rename", drop_then_rename):
            first = self.poll(flow_id)
        self.assertEqual((first["stored"], first["moved"]), (1, 0))
        messages, files, exceptions, _logs = self.state_of(flow_id)
        self.assertEqual(messages, [("po.json", b'{"order_ref": "PO-DROP"}')])
        self.assertEqual(files, [("po.json", "stored", 1)], "committed before the move")
        self.assertEqual(visible(inbox), ["po.json"], "still on the server")
        self.assertEqual([(e[0], e[3]) for e in exceptions], [("new", "transport")])

        second = self.poll(flow_id)
        self.assertEqual((second["stored"], second["moved"]), (0, 1))
        messages, files, exceptions, _logs = self.state_of(flow_id)
        self.assertEqual(len(messages), 1, "no second message")
        self.assertEqual(files, [("po.json", "done", 1)])
        self.assertEqual(visible(inbox), [])
        self.assertEqual(visible(inbox.parent / "archive"), ["po.json"])
        self.assertEqual([e[0] for e in exceptions], ["resolved"], "closed by the good poll")

    def test_a_missing_archive_directory_is_an_exception_and_the_file_is_stored_once(self):
        code = f"t-{self.transport}-noarch"
        flow_id, inbox = self.mailbox_flow(code)
        archive = inbox.parent / "archive"
        archive.rmdir()
        self.server.put(inbox / "po.json", b'{"order_ref": "PO-ARCH"}')
        self.assertEqual(self.poll(flow_id)["moved"], 0)
        messages, files, exceptions, _logs = self.state_of(flow_id)
        self.assertEqual((len(messages), files), (1, [("po.json", "stored", 1)]))
        self.assertEqual(len(exceptions), 1)
        self.assertIn("archive directory", exceptions[0][2])
        self.server.mkdir(code, "archive")
        self.assertEqual(self.poll(flow_id)["moved"], 1)
        messages, files, exceptions, _logs = self.state_of(flow_id)
        self.assertEqual((len(messages), files), (1, [("po.json", "done", 1)]))
        self.assertEqual([e[0] for e in exceptions], ["resolved"])
        self.assertEqual(visible(archive), ["po.json"])


class MailboxDeliveryCase(_MailboxCase):
    """Outbound delivery: nothing commits, the test transaction is used."""

    #: messages delivered while a partner reads the outbox
    outbound_files = 10

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.code = f"t-{cls.transport}-out"
        cls.partner = cls.env["integration.partner"].create(
            {"name": f"Acme {cls.transport.upper()}", "code": cls.code, "kind": "edi"}
        )
        cls.endpoint = cls.make_endpoint(cls.env, cls.partner)
        cls.flow = cls.env["integration.flow"].create(
            {
                "name": f"Acme acknowledgements out by {cls.transport.upper()}",
                "code": f"{cls.code}-acks",
                "partner_id": cls.partner.id,
                "direction": "outbound",
                "document_type": "functional_ack",
                "endpoint_id": cls.endpoint.id,
                "file_name_template": "{partner}_{document_type}_{message}.{ext}",
            }
        )
        cls.since = cls.env["queue.job"].search([], order="id desc", limit=1).id or 0

    def setUp(self):
        super().setUp()
        self.flow.remote_directory = self.server.mkdir("outbox", self._testMethodName)
        self.outbox = self.server.local_path("outbox", self._testMethodName)

    def queue(self, payload):
        return self.env["integration.message"]._queue_payload(self.flow, payload)

    def remote_name(self, message):
        return self.env[f"integration.transport.{self.transport}"]._remote_name(message)

    def test_outbound_files_appear_only_under_their_final_name_whole(self):
        def payload(number):
            body = b"%d" % number * 60_000
            return b"LEN=%08d\n" % (len(body) + 13) + body

        seen, partial = set(), []
        stop = threading.Event()

        def partner_reader():
            # One last look after the jobs ended: the last file may land just before it.
            while True:
                last_look = stop.is_set()
                for name in visible(self.outbox):
                    if not name.endswith(".json"):
                        continue  # a partner polling *.json never sees the temporary files
                    try:
                        data = (self.outbox / name).read_bytes()
                    except FileNotFoundError:
                        continue
                    if len(data) != int(data[4:12] or 0):
                        partial.append((name, len(data)))
                    seen.add(name)
                if last_look:
                    return

        reader = threading.Thread(target=partner_reader)
        reader.start()
        try:
            messages = self.env["integration.message"]
            for number in range(self.outbound_files):
                messages |= self.queue(payload(number))
            run_jobs(self.env, self.since)
        finally:
            stop.set()
            reader.join(timeout=10)
        self.assertEqual(set(messages.mapped("state")), {"sent"})
        self.assertFalse(partial, "a partner never reads a half-written file")
        names = visible(self.outbox)
        self.assertEqual(len(names), self.outbound_files)
        self.assertEqual(seen, set(names))
        self.assertEqual(sorted(os.listdir(self.outbox)), names, "no temporary file left behind")
        self.assertTrue(all(n.startswith(f"{self.code}_functional_ack_MSG_") for n in names))
        for message in messages:
            name = self.remote_name(message)
            self.assertEqual((self.outbox / name).read_bytes(), message._payload())

    def test_a_name_collision_never_overwrites_and_the_retry_takes_a_new_name(self):
        message = self.queue(b"our acknowledgement")
        name = self.remote_name(message)
        theirs = self.outbox / name
        self.server.put(theirs, b"a file of the partner's")
        run_jobs(self.env, self.since)
        self.assertEqual(theirs.read_bytes(), b"a file of the partner's", "not overwritten")
        self.assertEqual(message.state, "sent")
        stem, ext = os.path.splitext(name)
        self.assertEqual((self.outbox / f"{stem}_2{ext}").read_bytes(), b"our acknowledgement")
        self.assertEqual(visible(self.outbox), sorted([name, f"{stem}_2{ext}"]))
        warnings = message.log_ids.filtered(lambda log: log.level == "warning")
        self.assertIn("not overwritten", warnings.description)
        logs = self.endpoint.connection_log_ids.filtered(lambda log: log.operation == "send")
        self.assertEqual(sorted(logs.mapped("ok")), [True, True])

    def test_a_resend_of_a_delivered_file_is_not_a_collision(self):
        message = self.queue(b"sent once")
        transport = self.env[f"integration.transport.{self.transport}"]
        transport._send(message, self.endpoint, b"sent once")
        self.assertTrue(transport._send(message, self.endpoint, b"sent once"))
        self.assertEqual(os.listdir(self.outbox), [self.remote_name(message)])
