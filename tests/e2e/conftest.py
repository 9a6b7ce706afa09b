"""The end-to-end fixture: a fresh database and a live multi-process server with its job runner.

Environment:
    INTEGRATION_E2E_DB     database created and dropped by the session (default integration_e2e)
    INTEGRATION_E2E_KEEP   set to 1 to keep the database after the run (for a post-mortem)
"""

import time

import pytest
from e2e_support import E2E_DB as DB
from e2e_support import Hub, OdooServer, discard_database, prepare_hub_database


@pytest.fixture(scope="session")
def hub():
    started = time.monotonic()
    data, admin_password = prepare_hub_database(DB)
    # Two HTTP workers and the config's queue_job channels (root:2, root.integration:2);
    # crons are off (--max-cron-threads 0), so nothing but the job runner moves messages.
    server = OdooServer(DB, workers=2)
    try:
        server.start()
        print(f"\n[e2e] database and server ready in {time.monotonic() - started:.0f} s")
        yield Hub(server, data, admin_password)
    finally:
        server.stop()
        discard_database(DB)
