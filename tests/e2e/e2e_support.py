"""Run a real Odoo server on a throw-away database, for the end-to-end tests and the benchmarks.

Nothing here imports Odoo: the database is created by ``python3 -m odoo``, set up through
``odoo shell`` (a script piped on its standard input) and then driven like a partner system
would, over HTTP, while the assertions read PostgreSQL directly.
"""

import configparser
import contextlib
import importlib.util
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
import xmlrpc.client
from pathlib import Path

import psycopg2
import requests

ROOT = Path(__file__).resolve().parents[2]
LOCAL_DIR = ROOT / ".local"
# tools/test exports INTEGRATION_ODOO_CONF; another configuration (say, another addons_path)
# can be tried the same way.
ODOO_CONF = Path(os.environ.get("INTEGRATION_ODOO_CONF") or LOCAL_DIR / "odoo.conf")
ODOO_BIN = LOCAL_DIR / "odoo-bin"
RUN_DIR = LOCAL_DIR / "e2e"  # server logs (.local/ is git-ignored)
API_PREFIX = "/api/integration/v1"
PYTHON = os.environ.get("PYTHON", sys.executable)
RESULT_MARK = "E2E-RESULT:"
# The end-to-end tests' database (see conftest.py).
E2E_DB = os.environ.get("INTEGRATION_E2E_DB", "integration_e2e")

# Message states a job still has to move, and the job states that are still to run.
OPEN_MESSAGE_STATES = ("received", "parsed", "validated", "mapped")
OPEN_JOB_STATES = ("wait_dependencies", "pending", "enqueued", "started")


def prepare_odoo():
    """Write .local/odoo.conf and .local/odoo-bin exactly as tools/serve and tools/test do."""
    subprocess.run(
        ["bash", "-c", 'source "$ROOT/tools/common.sh" && prepare_odoo'],
        cwd=ROOT,
        env={**os.environ, "ROOT": str(ROOT)},
        check=True,
        stdin=subprocess.DEVNULL,
    )


def mailbox_servers():
    """The add-ons' real partner mailboxes for tests (``SshdServer``...): the module
    ``integration_core/tests/servers.py``, loaded by its path since the package of the Odoo
    tests imports Odoo, which these tests never do."""
    path = ROOT / "addons" / "integration_core" / "tests" / "servers.py"
    spec = importlib.util.spec_from_file_location("integration_mailbox_servers", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def odoo_config():
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ODOO_CONF)
    return parser


def encryption_keys():
    """The Fernet keys of the server (option integration_encryption_keys)."""
    value = odoo_config().get("options", "integration_encryption_keys", fallback="")
    return [key.strip() for key in value.split(",") if key.strip()]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout, interval=0.5, message="condition"):
    """Poll ``predicate`` until it returns something truthy; return that value.

    ``message`` may be a callable, so a timeout can say what the state was at that moment.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            detail = message() if callable(message) else message
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for: {detail}")
        time.sleep(interval)


# ---------------------------------------------------------------------- database
class Database:
    """SQL access to the test database: one short autocommit connection per call, so the
    helpers can be used from several threads and survive a server crash."""

    def __init__(self, name):
        self.name = name

    @contextlib.contextmanager
    def connection(self):
        conn = psycopg2.connect(dbname=self.name)
        conn.autocommit = True
        try:
            yield conn
        finally:
            conn.close()

    def query(self, sql, params=None):
        with self.connection() as conn, conn.cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall() if cr.description else []

    def scalar(self, sql, params=None):
        rows = self.query(sql, params)
        return rows[0][0] if rows else None

    def exists(self):
        with psycopg2.connect(dbname="postgres") as conn, conn.cursor() as cr:
            cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (self.name,))
            return bool(cr.fetchone())


def filestore_dir(db):
    data_dir = odoo_config().get("options", "data_dir", fallback=str(LOCAL_DIR / "data"))
    return Path(data_dir) / "filestore" / db


def drop_database(db):
    subprocess.run(
        ["dropdb", "-w", "--if-exists", "--force", db],
        check=True,
        env={**os.environ, "PGOPTIONS": "-c client_min_messages=warning"},
        stdin=subprocess.DEVNULL,
    )
    shutil.rmtree(filestore_dir(db), ignore_errors=True)


def create_database(db, modules="integration_core", log_path=None):
    """A fresh database with ``modules`` installed, without demo data."""
    drop_database(db)
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    log_path = log_path or RUN_DIR / f"{db}-install.log"
    cmd = [
        PYTHON,
        "-m",
        "odoo",
        "-c",
        str(ODOO_CONF),
        "-d",
        db,
        "--db-filter",
        f"^{db}$",
        "-i",
        modules,
        "--without-demo=all",
        "--stop-after-init",
        "--workers",
        "0",
        "--max-cron-threads",
        "0",
        "--no-http",
        "--logfile",
        str(log_path),
    ]
    done = subprocess.run(cmd, cwd=ROOT, stdin=subprocess.DEVNULL, check=False)
    installed = Database(db).query(
        "SELECT name FROM ir_module_module WHERE state = 'installed' AND name = ANY(%s)",
        (modules.split(","),),
    )
    if done.returncode or len(installed) != len(modules.split(",")):
        raise RuntimeError(
            f"installing {modules} into {db} failed (exit {done.returncode}); see {log_path}:\n"
            + tail(log_path)
        )


def tail(path, lines=40):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError:
        return "(no log)"


def run_shell(db, script, timeout=600):
    """Run ``script`` in ``odoo shell`` (``env`` is the superuser's); return its ``result``.

    The script assigns a JSON-serialisable ``result``; it is committed and printed on one
    marked line, which is how a plain API key leaves the shell.
    """
    program = (
        textwrap.dedent(script)
        + f"\nenv.cr.commit()\nprint({RESULT_MARK!r} + __import__('json').dumps(result))\n"
    )
    done = subprocess.run(
        [
            PYTHON,
            "-m",
            "odoo",
            "shell",
            "-c",
            str(ODOO_CONF),
            "-d",
            db,
            "--no-http",
            "--log-level",
            "warn",
        ],
        input=program,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )
    for line in done.stdout.splitlines():
        if line.startswith(RESULT_MARK):
            return json.loads(line[len(RESULT_MARK) :])
    raise RuntimeError(
        f"odoo shell on {db} failed (exit {done.returncode}):\n{done.stdout[-3000:]}\n"
        f"{done.stderr[-6000:]}"
    )


def shell_params(**values):
    """A line that defines ``params`` in a shell script from Python values."""
    return f"params = __import__('json').loads({json.dumps(json.dumps(values))})\n"


# ---------------------------------------------------------------------- processes
def odoo_command(db):
    """The start of every Odoo process the end-to-end tests run: this suite's configuration,
    one database and only that one."""
    return [PYTHON, str(ODOO_BIN), "-c", str(ODOO_CONF), "-d", db, "--db-filter", f"^{db}$"]


class ManagedProcess:
    """A subprocess in its own process group (so that it can be SIGKILLed as a whole, children
    included), its output appended to ``log_path``. Subclasses say how to start it
    (``command``, ``environment``) and when it is ready (``is_ready``)."""

    def __init__(self, log_path):
        self.log_path = Path(log_path)
        self.proc = None
        self.starts = 0
        self.start_offset = 0  # size of the log when the last start began

    def command(self):
        raise NotImplementedError

    def environment(self):
        return dict(os.environ)

    def is_ready(self):
        raise NotImplementedError

    def launch(self):
        """Start the process without waiting for it to be ready."""
        if self.running:
            raise RuntimeError(f"{self.log_path.stem} is already running")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.starts += 1
        with open(self.log_path, "a") as log:
            log.write(f"\n===== start #{self.starts}: {' '.join(self.command())}\n")
            log.flush()
            self.start_offset = log.tell()
            self.proc = subprocess.Popen(
                self.command(),
                cwd=ROOT,
                env=self.environment(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def start(self, timeout=180):
        self.launch()
        self.wait_ready(timeout)

    @property
    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def wait_ready(self, timeout=180):
        def ready():
            if not self.running:
                raise RuntimeError(f"{self.log_path.stem} exited; log:\n{self.log_tail()}")
            return self.is_ready()

        wait_until(ready, timeout, message=lambda: f"{self.log_path}; log:\n{self.log_tail()}")

    def log_tail(self, lines=40):
        return tail(self.log_path, lines)

    def log_since_start(self):
        try:
            with open(self.log_path, errors="replace") as f:
                f.seek(self.start_offset)
                return f.read()
        except OSError:
            return ""

    def _group_alive(self, pgid):
        """Whether a process of group ``pgid`` is alive (zombies excepted)."""
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                return True
        return False

    def _wait_group_gone(self, pgid, timeout):
        with contextlib.suppress(AssertionError):
            wait_until(lambda: not self._group_alive(pgid), timeout, interval=0.1)
        return not self._group_alive(pgid)

    def kill9(self):
        """SIGKILL every process of the group at once, like a power cut."""
        pgid = self.proc.pid
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
        self.proc.wait(30)
        if not self._wait_group_gone(pgid, 30):
            raise RuntimeError(f"processes of the killed {self.log_path.stem} are still alive")

    def stop(self, timeout=60):
        """Stop gracefully (SIGTERM: Odoo lets running jobs finish), then kill what is left."""
        if self.proc is None:
            return
        pgid = self.proc.pid
        if self.running:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.proc.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout)
        if self._group_alive(pgid):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, signal.SIGKILL)
            self._wait_group_gone(pgid, 30)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(10)

    def restart(self, timeout=180):
        self.stop()
        self.start(timeout)


class OdooServer(ManagedProcess):
    """The multi-process Odoo server (HTTP workers, gevent process and, unless ``extra_args``
    change the server-wide modules, the queue_job runner)."""

    def __init__(
        self,
        db,
        workers=2,
        channels=None,
        http_port=None,
        gevent_port=None,
        log_path=None,
        extra_args=(),
    ):
        super().__init__(log_path or RUN_DIR / f"{db}-server.log")
        self.db = db
        self.workers = workers
        self.channels = channels
        self.http_port = http_port or free_port()
        self.gevent_port = gevent_port or free_port()
        self.extra_args = list(extra_args)

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def api_url(self):
        return self.base_url + API_PREFIX

    def command(self):
        return [
            *odoo_command(self.db),
            "--http-interface",
            "127.0.0.1",
            "--http-port",
            str(self.http_port),
            "--gevent-port",
            str(self.gevent_port),
            "--workers",
            str(self.workers),
            "--max-cron-threads",
            "0",
            *self.extra_args,
        ]

    def environment(self):
        env = {**os.environ, "ODOO_QUEUE_JOB_HOST": "127.0.0.1"}
        if self.channels:
            env["ODOO_QUEUE_JOB_CHANNELS"] = self.channels
        return env

    def is_ready(self):
        try:
            return requests.get(f"{self.api_url}/health", timeout=5).status_code == 200
        except requests.RequestException:
            return False


# ---------------------------------------------------------------------- test data
SETUP_SCRIPT = """
env = env(context=dict(env.context, tracking_disable=True))
env.ref("base.user_admin").password = params["admin_password"]
customer = env["res.partner"].create({"name": "E2E Retail", "is_company": True})
products = env["product.product"].create(
    [
        {
            "name": f"E2E product {code}",
            "default_code": code,
            "type": "consu",
            "is_storable": True,
            "list_price": 10.0 + index,
        }
        for index, code in enumerate(params["product_codes"])
    ]
)
Partner = env["integration.partner"]
Endpoint = env["integration.endpoint"]
Flow = env["integration.flow"]
Key = env["integration.api.key"]


def inbound(code, partner, endpoint, **values):
    return Flow.create(
        {
            "name": code,
            "code": code,
            "partner_id": partner.id,
            "direction": "inbound",
            "document_type": "order",
            "endpoint_id": endpoint.id,
            **values,
        }
    )


partner = Partner.create(
    {"name": "E2E partner", "code": "e2e", "kind": "edi", "partner_id": customer.id}
)
endpoint = Endpoint.create(
    {
        "name": "E2E partner calls us",
        "partner_id": partner.id,
        "hmac_key": params["hmac_key"],
        "rate_limit": 0,  # the storms and the ingest bench post as fast as they can
    }
)
flow = inbound("e2e-orders", partner, endpoint)
small = inbound("e2e-small", partner, endpoint, max_payload_kb=1)
key, plain = Key._issue(endpoint, "e2e")
_monitoring_key, monitoring_plain = Key._issue(endpoint, "e2e monitoring", monitoring=True)

other = Partner.create({"name": "E2E other partner", "code": "e2e-other"})
other.partner_id = customer
other_endpoint = Endpoint.create({"name": "E2E other calls us", "partner_id": other.id})
other_flow = inbound("e2e-other-orders", other, other_endpoint)
_other_key, other_plain = Key._issue(other_endpoint, "e2e other")

limited = Partner.create(
    {"name": "E2E limited partner", "code": "e2e-rl", "partner_id": customer.id}
)
limited_endpoint = Endpoint.create(
    {"name": "E2E limited calls us", "partner_id": limited.id, "rate_limit": params["rate_limit"]}
)
limited_flow = inbound("e2e-rl-orders", limited, limited_endpoint)
_limited_key, limited_plain = Key._issue(limited_endpoint, "e2e limited")

result = {
    "customer_id": customer.id,
    "product_ids": products.ids,
    "partner_id": partner.id,
    "endpoint_id": endpoint.id,
    "flow_id": flow.id,
    "flow": flow.code,
    "small_flow": small.code,
    "key": plain,
    "key_id": key.id,
    "monitoring_key": monitoring_plain,
    "other_flow": other_flow.code,
    "other_key": other_plain,
    "limited_flow": limited_flow.code,
    "limited_key": limited_plain,
    "company_id": env.company.id,
    "hmac_key": params["hmac_key"],
}
"""

PRODUCT_CODES = [f"E2E-P{i:02d}" for i in range(1, 11)]


def prepare_hub_database(db):
    """A fresh database ``db`` with the hub and the data above; (data, admin password)."""
    prepare_odoo()
    create_database(db)
    admin_password = secrets.token_urlsafe(16)
    data = setup_data(db, admin_password, hmac_key="e2e-hmac-" + secrets.token_hex(8))
    return data, admin_password


def discard_database(db):
    """Drop ``db`` unless INTEGRATION_E2E_KEEP=1 asks to keep it for a post-mortem."""
    if os.environ.get("INTEGRATION_E2E_KEEP") != "1":
        drop_database(db)


def setup_data(db, admin_password, hmac_key, rate_limit=3):
    return run_shell(
        db,
        shell_params(
            admin_password=admin_password,
            hmac_key=hmac_key,
            rate_limit=rate_limit,
            product_codes=PRODUCT_CODES,
        )
        + SETUP_SCRIPT,
    )


def order_document(order_ref, lines=1, product_codes=PRODUCT_CODES, customer="E2E-RETAIL"):
    """A canonical order as the partner posts it (a dict)."""
    return {
        "order_ref": order_ref,
        "order_date": "2026-11-20",
        "currency": "USD",
        "customer": {"external_id": customer, "name": "E2E Retail"},
        "lines": [
            {
                "line_ref": str(index + 1),
                "product_code": product_codes[index % len(product_codes)],
                "quantity": 1 + index,
                "unit_price": 10.0 + index,
            }
            for index in range(lines)
        ],
    }


def order_body(order_ref, lines=1):
    return json.dumps(order_document(order_ref, lines)).encode()


def run_id():
    """A short tag that makes this run's references unique in the database."""
    return f"{int(time.time()) % 100000:05d}{random.randint(0, 99):02d}"


# ---------------------------------------------------------------------- the hub handle
class Hub:
    """What the tests get: the live server, its database and the data set up for them.

    ``base_url`` is where HTTP goes when it is not the server's own (a proxy in front of it).
    """

    def __init__(self, server, data, admin_password, base_url=None):
        self.server = server
        self.db = Database(server.db)
        self.data = data
        self.admin_password = admin_password
        self._base_url = base_url
        self._uid = None

    # server
    @property
    def base_url(self):
        return self._base_url or self.server.base_url

    @property
    def api_url(self):
        return self.base_url + API_PREFIX

    @property
    def key(self):
        return self.data["key"]

    def restart(self, timeout=180):
        self.server.restart(timeout)

    def kill9(self):
        self.server.kill9()

    def start(self, timeout=180):
        self.server.start(timeout)

    # HTTP
    def post(self, flow, body, key=None, headers=None, session=None, timeout=60):
        headers = dict(headers or {})
        if key is not False:
            headers.setdefault("Authorization", f"Bearer {key or self.key}")
        headers.setdefault("Content-Type", "application/json")
        return (session or requests).post(
            f"{self.api_url}/flows/{flow}/messages", data=body, headers=headers, timeout=timeout
        )

    def get(self, path, key=None, timeout=30):
        headers = {"Authorization": f"Bearer {key or self.key}"} if key is not False else {}
        return requests.get(f"{self.api_url}{path}", headers=headers, timeout=timeout)

    # XML-RPC as admin
    def rpc(self, model, method, *args, **kwargs):
        if self._uid is None:
            common = xmlrpc.client.ServerProxy(f"{self.base_url}/xmlrpc/2/common")
            self._uid = common.authenticate(self.server.db, "admin", self.admin_password, {})
            assert self._uid, "admin could not log in over XML-RPC"
        models = xmlrpc.client.ServerProxy(f"{self.base_url}/xmlrpc/2/object", allow_none=True)
        return models.execute_kw(
            self.server.db, self._uid, self.admin_password, model, method, list(args), kwargs
        )

    def shell(self, script, **params):
        return run_shell(self.server.db, shell_params(**params) + script)

    # SQL
    def query(self, sql, params=None):
        return self.db.query(sql, params)

    def scalar(self, sql, params=None):
        return self.db.scalar(sql, params)

    def wait_until(self, predicate, timeout, interval=0.5, message="condition"):
        return wait_until(predicate, timeout, interval, message)

    def last_message_id(self):
        return self.scalar("SELECT COALESCE(max(id), 0) FROM integration_message")

    def pipeline_backlog(self):
        """(integration jobs still to run, inbound messages still between steps)."""
        jobs = self.scalar(
            "SELECT count(*) FROM queue_job WHERE channel LIKE 'root.integration%%'"
            " AND state = ANY(%s)",
            (list(OPEN_JOB_STATES),),
        )
        messages = self.scalar(
            "SELECT count(*) FROM integration_message WHERE state = ANY(%s)",
            (list(OPEN_MESSAGE_STATES),),
        )
        return jobs, messages

    def describe_pipeline(self):
        jobs = self.query(
            "SELECT state, count(*) FROM queue_job WHERE channel LIKE 'root.integration%%'"
            " GROUP BY 1 ORDER BY 1"
        )
        messages = self.query(
            "SELECT direction, state, count(*) FROM integration_message GROUP BY 1, 2 ORDER BY 1, 2"
        )
        failed = self.query(
            "SELECT name, left(exc_info, 400) FROM queue_job WHERE state = 'failed'"
            " ORDER BY id DESC LIMIT 3"
        )
        return f"jobs by state {jobs}; messages {messages}; last failed jobs {failed}"

    def wait_drained(self, timeout=300):
        """Wait until the job runner has nothing left to do for the integration pipeline."""

        def drained():
            return self.pipeline_backlog() == (0, 0)

        self.wait_until(drained, timeout, interval=1.0, message=self.describe_pipeline)
