# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
from datetime import timedelta
from urllib.parse import urlsplit

from odoo import fields
from odoo.addons.queue_job.job import Job
from odoo.tests import TransactionCase
from odoo.tests.common import _super_send


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


class LocalPartnerMixin:
    """Lets requests reach the simulated partners on 127.0.0.1 with the endpoint's own
    (connect, read) timeouts: Odoo's test guard only understands a single number."""

    @classmethod
    def _request_handler(cls, session, request, /, **kw):
        if isinstance(kw.get("timeout"), tuple) and urlsplit(request.url).hostname == "127.0.0.1":
            return _super_send(session, request, **kw)
        return super()._request_handler(session, request, **kw)


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

    def receive(self, payload, flow=None, **kwargs):
        return (flow or self.order_flow).receive(payload, **kwargs)

    def run_jobs(self):
        return run_jobs(self.env, self.since)

    def assertLogged(self, message, event, count=None):
        logs = message.log_ids.filtered(lambda log: log.event == event)
        if count is None:
            self.assertTrue(logs, f"no {event!r} in the log of {message.name}")
        else:
            self.assertEqual(len(logs), count, f"{event!r} entries: {logs.mapped('description')}")
        return logs
