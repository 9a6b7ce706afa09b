# Run by tools/serve through `odoo shell` (``env`` is the superuser's): moves the demo 3PL
# NorthHub onto the local SFTP server tools/serve --sftp started, or back onto HTTP.
#
# Environment: DEMO_SFTP=1 (SFTP) or 0 (back to HTTP); with 1, DEMO_SFTP_PORT, DEMO_SFTP_USER,
# DEMO_SFTP_KEY (client private key file), DEMO_SFTP_FINGERPRINT (the host key's SHA256:...)
# and DEMO_SFTP_ROOT (the directory NorthHub's mailbox lives in).
# ruff: noqa: F821 - ``env`` is odoo shell's
import os
from pathlib import Path

XMLID = ("__serve__", "demo_endpoint_northhub_sftp")  # remembers the endpoint made here

northhub = env.ref("integration_core.demo_partner_northhub", raise_if_not_found=False)
http_endpoint = env.ref("integration_core.demo_endpoint_northhub_api", raise_if_not_found=False)
link = env["ir.model.data"].search([("module", "=", XMLID[0]), ("name", "=", XMLID[1])])
sftp_endpoint = env["integration.endpoint"].with_context(active_test=False).browse(link.res_id)
sftp_endpoint = sftp_endpoint.exists()
if not northhub:
    print("tools/serve: no demo 3PL in this database (installed without demo data)")
elif os.environ.get("DEMO_SFTP") == "1":
    root = Path(os.environ["DEMO_SFTP_ROOT"])
    values = {
        "name": "NorthHub SFTP (local demo server)",
        "partner_id": northhub.id,
        "transport": "sftp",
        "host": "127.0.0.1",
        "port": int(os.environ["DEMO_SFTP_PORT"]),
        "username": os.environ["DEMO_SFTP_USER"],
        "private_key": Path(os.environ["DEMO_SFTP_KEY"]).read_text(),
        # pinned as set-up data: tools/serve generated this host key itself
        "host_key_fingerprint": os.environ["DEMO_SFTP_FINGERPRINT"],
        "active": True,
    }
    if sftp_endpoint:
        sftp_endpoint.write(values)
    else:
        sftp_endpoint = env["integration.endpoint"].create(values)
        env["ir.model.data"].create(
            {
                "module": XMLID[0],
                "name": XMLID[1],
                "model": "integration.endpoint",
                "res_id": sftp_endpoint.id,
                "noupdate": True,
            }
        )
    sftp_endpoint.action_reset_circuit()
    archive = root / "archive"
    outbox = root / "to-northhub"
    for flow in env["integration.flow"].search([("partner_id", "=", northhub.id)]):
        if flow.direction == "outbound":
            directory = outbox
            flow.write({"endpoint_id": sftp_endpoint.id, "remote_directory": str(outbox)})
        else:
            directory = root / "from-northhub" / flow.code
            flow.write(
                {
                    "endpoint_id": sftp_endpoint.id,
                    "remote_directory": str(directory),
                    "archive_directory": str(archive),
                    "file_pattern": "*.json, *.zip",
                    "poll_interval": 1,
                    "next_poll_at": False,
                }
            )
        directory.mkdir(parents=True, exist_ok=True)
        print(f"tools/serve: {flow.name} ({flow.direction}) over SFTP: {directory}")
    archive.mkdir(parents=True, exist_ok=True)
elif sftp_endpoint:
    # Back on HTTP: outbound flows to the HTTP endpoint, inbound ones to the API again.
    for flow in env["integration.flow"].search([("endpoint_id", "=", sftp_endpoint.id)]):
        flow.endpoint_id = http_endpoint if flow.direction == "outbound" else False
    sftp_endpoint.active = False
    print("tools/serve: the demo 3PL is back on HTTP (no --sftp)")
env.cr.commit()
