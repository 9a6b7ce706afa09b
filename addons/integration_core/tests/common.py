# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid, parseaddr
from urllib.parse import urlsplit

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.addons.queue_job.job import Job
from odoo.tests import TransactionCase, new_test_user
from odoo.tests.common import JsonRpcException, _super_send
from odoo.tools import SQL

from .servers import SmtpServer


def job_watermark(env):
    """The last job id before a test: jobs queued earlier (demo data) are not the test's."""
    return env["queue.job"].search([], order="id desc", limit=1).id or 0


def run_jobs(env, since=0, limit=100):
    """Run the queued pipeline jobs as the job runner would, without waiting for their eta.

    Returns how many ran. Jobs queued by a job run in the same loop, in order of creation.
    """
    for ran in range(limit + 1):
        if not run_next_job(env, since):
            return ran
    raise AssertionError(f"more than {limit} jobs: is the pipeline looping?")


def run_next_job(env, since=0):
    """Run the oldest queued pipeline job; False when there is none."""
    record = env["queue.job"].search(
        [("state", "=", "pending"), ("model_name", "like", "integration."), ("id", ">", since)],
        order="id",
        limit=1,
    )
    if not record:
        return False
    job = Job.load(env, record.uuid)
    job.set_started()
    job.store()
    job.perform()
    job.set_done()
    job.store()
    return True


def age(record, **delta):
    """Pretend ``record`` was created (and last written) that long ago."""
    when = fields.Datetime.now() - timedelta(**delta)
    record.flush_recordset()
    record.env.cr.execute(
        f"UPDATE {record._table} SET create_date = %s, write_date = %s WHERE id IN %s",  # noqa: S608
        (when, when, tuple(record.ids)),
    )
    record.invalidate_recordset()


def order_payload(order_ref="PO-1001", product_code="WIDGET-1", quantity=5, **overrides):
    """A canonical order as a partner would post it (bytes)."""
    document = {
        "order_ref": order_ref,
        "order_date": "2026-11-20",
        "currency": "USD",
        "customer": {"external_id": "ACME", "name": "Acme Retail"},
        "ship_to": {
            "name": "Acme DC 12",
            "street": "1 Dock Road",
            "city": "Reno",
            "zip": "89501",
            "country_code": "US",
        },
        "lines": [
            {
                "line_ref": "1",
                "product_code": product_code,
                "quantity": quantity,
                "unit_price": 12.5,
            },
        ],
    }
    document.update(overrides)
    return json.dumps(document).encode()


def partner_mail(sender, to, subject, attachments=(), body="", **headers):
    """A MIME mail as a partner's mail client sends it (bytes): ``attachments`` are
    ``(file name, bytes, content type)``; ``headers`` like ``In_Reply_To`` are added."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=parseaddr(sender)[1].rpartition("@")[2])
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body or "See attached.")
    for name, data, content_type in attachments:
        maintype, subtype = content_type.split("/")
        # As bytes (base64), so the text keeps its line ends; text says its charset.
        params = {"charset": "utf-8"} if maintype == "text" else {}
        message.add_attachment(
            data, maintype=maintype, subtype=subtype, filename=name, params=params
        )
    return message.as_bytes()


class LocalPartnerMixin:
    """Lets requests reach the simulated partners on 127.0.0.1 with the endpoint's own
    (connect, read) timeouts: Odoo's test guard only understands a single number."""

    @classmethod
    def _request_handler(cls, session, request, /, **kw):
        if isinstance(kw.get("timeout"), tuple) and urlsplit(request.url).hostname == "127.0.0.1":
            return _super_send(session, request, **kw)
        return super()._request_handler(session, request, **kw)


class LocalSmtpMixin:
    """Mails really sent: a real SMTP server (``servers.SmtpServer``) for the class, and the
    outgoing mail server Odoo uses first pointing at it. Call ``start_local_smtp`` from
    ``setUpClass``; wrap the sending in ``servers.real_smtp()``."""

    @classmethod
    def start_local_smtp(cls):
        cls.smtp = SmtpServer().start()
        cls.addClassCleanup(cls.smtp.stop)
        cls.env["ir.mail_server"].create(
            {
                "name": "Local SMTP",
                "sequence": 1,
                "smtp_host": "127.0.0.1",
                "smtp_port": cls.smtp.port,
                "smtp_encryption": "none",
            }
        )


class IntegrationCase(LocalPartnerMixin, TransactionCase):
    """A trading partner with an inbound order flow, products and a customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.since = job_watermark(cls.env)
        cls.customer = cls.env["res.partner"].create({"name": "Acme Retail", "is_company": True})
        cls.product = cls.env["product.product"].create(
            {
                "name": "Widget",
                "default_code": "WIDGET-1",
                "type": "consu",
                "is_storable": True,
                "list_price": 10.0,
            }
        )
        cls.partner = cls.env["integration.partner"].create(
            {
                "name": "Acme EDI",
                "code": "t-acme",
                "kind": "edi",
                "partner_id": cls.customer.id,
            }
        )
        cls.order_flow = cls.env["integration.flow"].create(
            {
                "name": "Acme orders in",
                "code": "t-acme-orders",
                "partner_id": cls.partner.id,
                "direction": "inbound",
                "document_type": "order",
            }
        )

    @classmethod
    def http_endpoint(cls, **values):
        """Acme's HTTP endpoint, at a port where nothing listens until a test points it at
        its partner server; short timeouts. ``values`` change or add fields."""
        return cls.env["integration.endpoint"].create(
            {
                "name": "Acme API",
                "partner_id": cls.partner.id,
                "url": "http://127.0.0.1:9/x",
                "timeout_connect": 1.0,
                "timeout_read": 2.0,
                **values,
            }
        )

    @classmethod
    def order_ack_flow(cls, endpoint=None, **values):
        """Acme's outbound order acknowledgements, one per confirmed order, through
        ``endpoint`` (a new manual mailbox by default); ``values`` change or add fields."""
        endpoint = endpoint or cls.env["integration.endpoint"].create(
            {"name": "Acme mailbox", "partner_id": cls.partner.id, "transport": "manual"}
        )
        return cls.env["integration.flow"].create(
            {
                "name": "Acme order acknowledgements",
                "code": "t-acme-acks",
                "partner_id": cls.partner.id,
                "direction": "outbound",
                "document_type": "order_ack",
                "endpoint_id": endpoint.id,
                "mode": "event",
                "event": "order_confirmed",
                **values,
            }
        )

    def receive(self, payload, flow=None, **kwargs):
        return (flow or self.order_flow)._receive(payload, **kwargs)

    def run_jobs(self):
        return run_jobs(self.env, self.since)

    def assertLogged(self, message, event, count=None):
        logs = message.log_ids.filtered(lambda log: log.event == event)
        if count is None:
            self.assertTrue(logs, f"no {event!r} in the log of {message.name}")
        else:
            self.assertEqual(len(logs), count, f"{event!r} entries: {logs.mapped('description')}")
        return logs


class CommittedFlowCase(TransactionCase):
    """An inbound order flow committed for real, for tests that race two transactions
    (two connections); every row they commit is taken away again after the class."""

    CONTEXT = {"tracking_disable": True}
    FLOW_CODE = "t-committed"
    FLOW_VALUES = {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, cls.CONTEXT)
            partner = env["integration.partner"].create(
                {"name": f"Partner {cls.FLOW_CODE}", "code": cls.FLOW_CODE, "kind": "other"}
            )
            flow = env["integration.flow"].create(
                {
                    "name": f"Orders in {cls.FLOW_CODE}",
                    "code": f"{cls.FLOW_CODE}-orders",
                    "partner_id": partner.id,
                    "direction": "inbound",
                    "document_type": "order",
                    **cls.FLOW_VALUES,
                }
            )
            cls.flow_id, cls.partner_id = flow.id, partner.id
        cls.addClassCleanup(cls._purge_committed_rows)

    @classmethod
    def _purge_committed_rows(cls):
        with cls.registry.cursor() as cr:
            cr.execute("SELECT id FROM integration_message WHERE flow_id = %s", (cls.flow_id,))
            ids = [row[0] for row in cr.fetchall()] or [0]
            cr.execute(
                "DELETE FROM queue_job WHERE model_name = 'integration.message'"
                " AND split_part(identity_key, ':', 2)::int = ANY(%s)",
                (ids,),
            )
            cr.execute(
                "DELETE FROM ir_attachment WHERE res_model = 'integration.message'"
                " AND res_id = ANY(%s)",
                (ids,),
            )
            cr.execute("DELETE FROM integration_message WHERE id = ANY(%s)", (ids,))
            cr.execute("DELETE FROM integration_flow WHERE id = %s", (cls.flow_id,))
            cr.execute("DELETE FROM integration_partner WHERE id = %s", (cls.partner_id,))

    def _flow_in(self, cr):
        """The committed flow as seen through ``cr``."""
        return api.Environment(cr, SUPERUSER_ID, self.CONTEXT)["integration.flow"].browse(
            self.flow_id
        )


def call_kw(case, model, method, *args, **kwargs):
    """``model.method(*args, **kwargs)`` over JSON-RPC as the ``HttpCase``'s logged-in user,
    what the test wrote flushed first and what the call wrote read afterwards."""
    case.env.flush_all()
    try:
        return case.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )
    finally:
        case.env.invalidate_all()


class AttackMixin:
    """Mixed into an ``HttpCase``: real users of each kind, logged in, calling the models over
    JSON-RPC as a browser or a script would, and what they must leave untouched.

    Users: an integration user and an integration manager of the main company, a plain
    internal user, a portal user who signed up on the website, and an integration manager
    of a second company only.
    """

    TABLES = (
        "integration_message",
        "integration_log",
        "integration_exception",
        "integration_endpoint",
        "integration_api_key",
        "integration_flow",
        "ir_attachment",
        "queue_job",
        "sale_order",
    )
    USER = "integration_core.group_integration_user"
    MANAGER = "integration_core.group_integration_manager"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.main_company = env.company
        cls.company2 = env["res.company"].create({"name": "Attack subsidiary"})
        cls.passwords = {}
        # Allowed to export, as many are: the export must not be a way around field groups.
        cls.integration_user = cls._new_user("atk_user", f"{cls.USER},base.group_allow_export")
        cls.integration_manager = cls._new_user("atk_manager", cls.MANAGER)
        cls.internal_user = cls._new_user("atk_internal", "base.group_user")
        cls.portal_user = cls._sign_up("atk_portal")
        cls.manager2 = cls._new_user("atk_manager2", cls.MANAGER, company=cls.company2)

    @classmethod
    def _new_user(cls, login, groups, company=None):
        company = company or cls.main_company
        cls.passwords[login] = f"{login}-Pw-2026"
        return new_test_user(
            cls.env,
            login,
            groups=groups,
            password=cls.passwords[login],
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    @classmethod
    def _sign_up(cls, login):
        """A portal user created the way the website's sign-up form creates one."""
        cls.env["ir.config_parameter"].set_param("auth_signup.invitation_scope", "b2c")
        cls.passwords[login] = f"{login}-Pw-2026"
        cls.env["res.users"].signup(
            {
                "login": f"{login}@example.com",
                "name": "Self-registered visitor",
                "email": f"{login}@example.com",
                "password": cls.passwords[login],
            }
        )
        user = cls.env["res.users"].search([("login", "=", f"{login}@example.com")])
        cls.passwords[user.login] = cls.passwords[login]
        assert user._is_portal(), "the sign-up template makes portal users"
        return user

    # ------------------------------------------------------------------ calling
    def rpc(self, user, model, method, *args, **kwargs):
        """``model.method(*args, **kwargs)`` called over JSON-RPC by ``user``, logged in."""
        if getattr(self, "_rpc_login", None) != user.login:
            self.authenticate(user.login, self.passwords[user.login])
            self._rpc_login = user.login
        return call_kw(self, model, method, *args, **kwargs)

    def assertRefused(self, user, model, method, *args, error="AccessError", **kwargs):
        """The call fails with ``odoo.exceptions.<error>``."""
        with self.assertRaises(JsonRpcException, msg=f"{user.login}: {model}.{method}") as caught:
            self.rpc(user, model, method, *args, **kwargs)
        self.assertEqual(caught.exception.args[0], f"odoo.exceptions.{error}", user.login)

    # ------------------------------------------------------------------ what must not change
    def row_counts(self):
        self.env.flush_all()
        counts = {}
        for table in self.TABLES:
            self.env.cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(table)))
            counts[table] = self.env.cr.fetchone()[0]
        return counts

    def stored(self, record, *field_names):
        """Columns of ``record`` as stored (secrets included), read with SQL."""
        self.env.flush_all()
        columns = SQL(", ").join(SQL.identifier(name) for name in field_names)
        table = SQL.identifier(record._table)
        self.env.cr.execute(SQL("SELECT %s FROM %s WHERE id = %s", columns, table, record.id))
        return self.env.cr.fetchone()
