"""The end-to-end fixture: a fresh database and a live multi-process server with its job runner.

Environment:
    INTEGRATION_E2E_DB     database created and dropped by the session (default integration_e2e)
    INTEGRATION_E2E_KEEP   set to 1 to keep the database after the run (for a post-mortem)
"""

import os
import secrets
import time

import pytest
from e2e_support import Hub, OdooServer, create_database, drop_database, prepare_odoo, setup_data

DB = os.environ.get("INTEGRATION_E2E_DB", "integration_e2e")


@pytest.fixture(scope="session")
def hub():
    started = time.monotonic()
    prepare_odoo()
    create_database(DB)
    admin_password = secrets.token_urlsafe(16)
    data = setup_data(DB, admin_password, hmac_key="e2e-hmac-" + secrets.token_hex(8))
    # Two HTTP workers and the config's queue_job channels (root:2, root.integration:2);
    # crons are off (--max-cron-threads 0), so nothing but the job runner moves messages.
    server = OdooServer(DB, workers=2)
    try:
        server.start()
        print(f"\n[e2e] database and server ready in {time.monotonic() - started:.0f} s")
        yield Hub(server, data, admin_password)
    finally:
        server.stop()
        if os.environ.get("INTEGRATION_E2E_KEEP") != "1":
            drop_database(DB)
