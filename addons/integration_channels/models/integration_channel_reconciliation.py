# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.integration_core.services.errors import (
    IntegrationError,
    ParseError,
    TransportError,
)
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.exceptions import UserError

from ..services.orders import OrderShapeError, parse_timestamp

PULL_PAGE_SIZE = 100
PULL_MAX_PAGES = 100


class IntegrationChannelReconciliation(models.AbstractModel):
    """The pull of missed orders: regularly list the orders changed in the shop since the
    channel's checkpoint, so that an order whose webhook never arrived still reaches Odoo
    (once). The calls go through the endpoint's transport (its credentials, timeouts and
    circuit breaker); the shop's dialect (paths, query, answer) is the channel codec's.
    """

    _name = "integration.channel.reconciliation"
    _description = "Missed-order pull of sales channels"

    @api.model
    def _cron_reconcile_orders(self):
        """Queue the pull of every channel that reconciles its orders."""
        for channel in self.env["integration.channel"].search([("reconcile_orders", "=", True)]):
            if channel._flow("orders"):
                self.with_delay(
                    channel=channel._job_channel("in"),
                    identity_key=f"integration.channel:{channel.id}:reconcile",
                    description=self.env._("%s: pull changed orders", channel.name),
                )._reconcile_job(channel)

    def _reconcile_job(self, channel):
        try:
            return self._reconcile(channel)
        except TransportError as err:
            if err.retryable:
                raise RetryableJobError(str(err), seconds=int(err.retry_after or 60)) from err
            raise UserError(str(err)) from err
        except IntegrationError as err:
            raise UserError(str(err)) from err

    def _reconcile(self, channel):
        """Pull the orders of ``channel`` changed since its checkpoint and receive those not
        seen yet.

        A pulled order gets the idempotency key its webhook would have had (channel, order
        id and update time), so an order arrives once whichever way comes first, and a
        version already received is skipped without storing anything.
        """
        flow = channel._flow("orders")
        if not flow:
            raise UserError(self.env._("Channel %s has no active orders flow.", channel.name))
        codec = channel._codec()
        # sudo: reconciliation job, or action_pull_orders once it checked its caller
        Message = self.env["integration.message"].sudo()
        now = fields.Datetime.now()
        start = channel.last_order_checkpoint or now - timedelta(days=1)
        since = start - timedelta(minutes=max(channel.reconcile_overlap_minutes, 0))
        since_text = since.replace(microsecond=0).isoformat() + "Z"
        newest = channel.last_order_checkpoint
        received = known = 0
        page_size = self._page_size()
        for page in range(1, PULL_MAX_PAGES + 1):
            data = self._shop_get(
                channel, codec._orders_path(), codec._orders_query(since_text, page, page_size)
            )
            orders = codec._orders_from_response(data)
            for order in orders:
                try:
                    channel_order = codec._map_shop_order(channel, order)
                except OrderShapeError:
                    key = None  # unreadable: stored and parsed like any, so a person sees it
                    updated = None
                else:
                    key = codec._version_key(channel, channel_order)
                    updated = channel_order.updated_at
                if key and Message.search_count(
                    [("flow_id", "=", flow.id), ("idempotency_key", "=", key)], limit=1
                ):
                    known += 1
                else:
                    flow._receive(
                        json.dumps(order).encode(),
                        idempotency_key=key,
                        headers={"X-Channel-Source": "reconciliation"},
                    )
                    received += 1
                if updated:
                    moment = parse_timestamp(updated).replace(tzinfo=None)
                    newest = max(newest, moment) if newest else moment
            if len(orders) < page_size:
                break
        if newest and newest != channel.last_order_checkpoint:
            channel.last_order_checkpoint = newest
        return {"received": received, "known": known}

    def _page_size(self):
        return PULL_PAGE_SIZE

    def _shop_get(self, channel, path, query):
        """GET a resource of the shop's API as JSON, through the endpoint's transport."""
        endpoint = channel.endpoint_id
        result = endpoint._transport()._request(
            endpoint, "GET", path, headers={"Accept": "application/json"}, params=query
        )
        try:
            return json.loads(result.body or b"null")
        except ValueError as err:
            raise ParseError(
                self.env._("The shop answered %s with something that is not JSON.", path)
            ) from err
