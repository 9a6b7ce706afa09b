"""A trading partner on SFTP, on the live multi-process server: an X12 850 dropped in its
inbox is picked up by the server's own cron, becomes a confirmed sale order through the job
runner, and the 997 and the 855 appear in its outbox under their final names.

The partner's mailbox is OpenSSH's sshd on 127.0.0.1 (``SshdServer`` of the Odoo tests);
the partner, products and flows are those of integration_edi's X12 end-to-end test, set up
by its own helpers in ``odoo shell`` and pointed at the mailbox.

Environment: INTEGRATION_E2E_SFTP_DB (database, default integration_e2e_sftp),
INTEGRATION_E2E_KEEP=1 keeps it after the run.
"""

import io
import os
import secrets
import time
from pathlib import Path

import pytest
from e2e_support import (
    Hub,
    OdooServer,
    create_database,
    drop_database,
    mailbox_servers,
    prepare_odoo,
    run_id,
    run_shell,
    shell_params,
)

from odoo.addons.integration_core.services.mailbox import file_name
from odoo.addons.integration_edi import x12

DB = os.environ.get("INTEGRATION_E2E_SFTP_DB", "integration_e2e_sftp")
MODULES = "integration_core,integration_edi"
# The poll cron runs every minute; a cron worker wakes at least every 60-70 s.
PICKUP_TIMEOUT = 240

SETUP_SCRIPT = """
from odoo.addons.integration_edi.tests.common import EdiSetupMixin
from odoo.addons.integration_edi.tests.test_x12_end_to_end import TestX12EndToEnd, order_850

env.ref("base.user_admin").password = params["admin_password"]


class SftpPartner(EdiSetupMixin):
    code = params["code"]
    env = env
    profile_values = TestX12EndToEnd.profile_values


SftpPartner.setup_edi()
flows = SftpPartner.flows
# The gateway of the X12 test, moved to the partner's SFTP mailbox (key pinned as set-up).
SftpPartner.endpoint.write(
    {
        "transport": "sftp",
        "host": "127.0.0.1",
        "port": params["port"],
        "username": params["user"],
        "private_key": params["client_key"],
        "host_key_fingerprint": params["fingerprint"],
    }
)
inbound = {"poll_interval": 1, "file_pattern": "*.x12, *.edi"}
flows["in"].write(
    {**inbound, "remote_directory": params["inbox"], "archive_directory": params["archive"]}
)
flows["acks_in"].write(
    {**inbound, "remote_directory": params["acks"], "archive_directory": params["archive"]}
)
for name in ("acks_out", "order_ack", "shipment_notice", "invoice"):
    flows[name].remote_directory = params["outbox"]
result = {
    "order_850": order_850(SftpPartner.gadget_gtin, po=params["po"], control=4242).decode(),
    "flow_ids": {name: flow.id for name, flow in flows.items()},
    "customer_id": SftpPartner.customer.id,
}
"""


@pytest.fixture(scope="module")
def sftp_partner():
    """(hub, sshd, directories): the partner's mailbox, then the server polling it."""
    servers = mailbox_servers()
    with servers.SshdServer() as sshd:
        folders = {
            name: sshd.mkdir("partner", name) for name in ("inbox", "acks", "archive", "outbox")
        }
        prepare_odoo()
        create_database(DB, modules=MODULES)
        admin_password = secrets.token_urlsafe(16)
        po = f"PO-SFTP-{run_id()}"
        data = run_shell(
            DB,
            shell_params(
                admin_password=admin_password,
                code="e2e-sftp",
                po=po,
                port=sshd.port,
                user=sshd.user,
                client_key=sshd.client_key,
                fingerprint=sshd.fingerprint,
                **folders,
            )
            + SETUP_SCRIPT,
        )
        data["po"] = po
        # Two HTTP workers, the job runner and one cron worker: the poll is the server's.
        server = OdooServer(DB, workers=2, extra_args=["--max-cron-threads", "1"])
        try:
            server.start()
            yield Hub(server, data, admin_password), sshd, {k: Path(v) for k, v in folders.items()}
        finally:
            server.stop()
            if os.environ.get("INTEGRATION_E2E_KEEP") != "1":
                drop_database(DB)


def outbox_sets(outbox):
    """{file name: [(set type, set)]} of the X12 files in the outbox, each validated."""
    found = {}
    for path in sorted(outbox.iterdir()):
        result = x12.validate(io.BytesIO(path.read_bytes()), keep_segments=True)
        assert not list(result.all_errors()), (path.name, list(result.all_errors()))
        found[path.name] = [(s.type, s) for s in result.transaction_sets()]
    return found


def elements(transaction_set, tag):
    return [segment.parts for segment in transaction_set.segments if segment.tag == tag]


def test_850_in_sftp_inbox_to_997_and_855_in_outbox(sftp_partner):
    hub, _sshd, folders = sftp_partner
    flows = hub.data["flow_ids"]
    po = hub.data["po"]

    # The partner uploads under a temporary name and renames, as SFTP clients do.
    partial = folders["inbox"] / f".{po}.x12.part"
    partial.write_text(hub.data["order_850"])
    partial.rename(folders["inbox"] / f"{po}.x12")
    dropped = time.monotonic()

    def confirmed_order():
        rows = hub.query("SELECT id, state FROM sale_order WHERE client_order_ref = %s", (po,))
        return rows if rows and rows[0][1] == "sale" else None

    def situation():
        connections = hub.query(
            "SELECT operation, ok, detail FROM integration_connection_log ORDER BY id DESC LIMIT 3"
        )
        return f"{hub.describe_pipeline()}; last connections {connections}"

    (order_id, _state), *others = hub.wait_until(
        confirmed_order, PICKUP_TIMEOUT, interval=1.0, message=situation
    )
    assert not others, "one sale order per purchase order"
    print(f"\n[sftp] 850 to confirmed sale order in {time.monotonic() - dropped:.0f} s")

    # Picked up once by the server's poll, committed, then moved to the archive.
    assert hub.query(
        "SELECT name, state FROM integration_mailbox_file WHERE flow_id = %s", (flows["in"],)
    ) == [(f"{po}.x12", "done")]
    assert not list(folders["inbox"].iterdir()), "the inbox is empty after the pick-up"
    assert (folders["archive"] / f"{po}.x12").read_text() == hub.data["order_850"]
    assert hub.scalar(
        "SELECT count(*) FROM integration_connection_log WHERE operation = 'poll' AND ok"
        " AND flow_id = %s",
        (flows["in"],),
    )

    # The 997 and the 855 are delivered by the job runner into the outbox.
    def delivered():
        rows = dict(
            hub.query(
                "SELECT flow_id, count(*) FROM integration_message"
                " WHERE flow_id = ANY(%s) AND state IN ('sent', 'acknowledged') GROUP BY 1",
                ([flows["acks_out"], flows["order_ack"]],),
            )
        )
        return rows.get(flows["acks_out"]) and rows.get(flows["order_ack"])

    hub.wait_until(delivered, 120, interval=1.0, message=situation)
    files = outbox_sets(folders["outbox"])
    assert all(not name.startswith(".") and not name.endswith(".part") for name in files), (
        "only final names in the outbox",
        list(files),
    )
    kinds = sorted(kind for sets in files.values() for kind, _ in sets)
    assert kinds == ["855", "997"], files
    (ack,) = [s for sets in files.values() for kind, s in sets if kind == "997"]
    assert elements(ack, "AK1") == [["AK1", "PO", "4242"]]
    assert elements(ack, "AK2") == [["AK2", "850", "0001"]]
    assert elements(ack, "AK5") == [["AK5", "A"]]
    (po_ack,) = [s for sets in files.values() for kind, s in sets if kind == "855"]
    assert elements(po_ack, "BAK")[0][1:4] == ["00", "AD", po]
    # Each file under the name of the message it carries, as the flows' template says.
    names = hub.query(
        "SELECT name FROM integration_message WHERE flow_id = ANY(%s) ORDER BY id",
        ([flows["acks_out"], flows["order_ack"]],),
    )
    for (name,) in names:
        assert any(file_name("{message}", {"message": name}) in file for file in files), (
            name,
            list(files),
        )
    sends = "SELECT count(*) FROM integration_connection_log WHERE operation = 'send' AND ok"
    assert hub.scalar(sends) == 2, "one connection per file delivered"
    assert order_id
