# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import uuid
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import api, fields, models
from odoo.addons.integration_core.schemas.inventory import InventorySnapshot

from ..services import availability


class IntegrationBuilderAvailableToSell(models.AbstractModel):
    """The available to sell of a sales channel, published to the shop (the builder of the
    channel's stock flow).

    A stock change schedules one publication job per channel (debounced by its identity
    key); the job computes the figures, keeps those that differ from what the shop last
    acknowledged and writes them in batches, each an outbound message of the stock flow.
    Just before a batch is sent, its figures are lowered to what is free then; once the
    shop took it, its figures become the published ones (integration.channel.stock).
    """

    _name = "integration.builder.available_to_sell"
    _inherit = "integration.builder"
    _description = "Available to sell of a sales channel"

    # ------------------------------------------------------------------ builder hooks
    def _claims_flow(self, flow):
        """The stock flow of a sales channel publishes with this builder."""
        return bool(flow.channel_id) and flow.document_type == "inventory_snapshot"

    def _select_records(self, flow, records):
        """The channel, when a stock event touches a product it publishes. Products are
        shared between companies: the core's company filter does not apply to them."""
        channel = flow.channel_id
        if records._name != "product.product" or not channel.active:
            return channel.browse()
        products = flow._event_domain_records(records)
        if not self.env["integration.channel.stock"]._publishes_any(channel, products):
            return channel.browse()
        return channel

    def _outbound_values(self, flow, record):
        """Schedule the channel's publication, which writes the messages: nothing to queue."""
        record._schedule_publication()
        return None

    def _build(self, message, record):
        """The batch's figures as an inventory snapshot of the channel (``record``)."""
        values = message.mapped_values or {}
        return self._snapshot(record, self._items(message), values.get("as_of"))

    def _before_send(self, message):
        """Lower each figure that dropped since the batch was computed, and encode again.

        Orders may have reserved stock between the publication run and this send (which may
        come late, behind a rate limit): a figure is never sent above what is free now.
        """
        channel = message.flow_id.channel_id
        items = self._sent_items(message)
        if not items:
            return
        current = self.env["integration.channel.stock"]._available_figures(
            channel, {product_id: sku for product_id, sku, _q in items}
        )
        figures, lowered = availability.lower_to_current(
            {product_id: qty for product_id, _sku, qty in items},
            {product_id: qty for product_id, (_sku, qty) in current.items()},
        )
        if not lowered:
            return
        items = [(product_id, sku, figures[product_id]) for product_id, sku, _q in items]
        document = self._snapshot(channel, items, fields.Datetime.now())
        message._set_document(document)
        note = self.env._(
            "%s figures lowered to what is free now: stock was reserved since this batch "
            "was computed.",
            len(lowered),
        )
        message._attach_payload(message.flow_id._codec()._encode(message, document), note=note)
        message._log("send", note, kind="business")

    def _on_sent(self, message):
        """Remember the figures the shop took: the next publication compares with them."""
        items = self._sent_items(message)
        if not items:
            return
        try:
            with self.env.cr.savepoint():
                self.env["integration.channel.stock"]._record_published(
                    message.flow_id.channel_id, items, message
                )
        except IntegrityError:
            message._log(
                "send",
                self.env._(
                    "Sent, but another publication recorded these products at the same "
                    "time: the next publication compares with its figures."
                ),
                level="warning",
            )

    # ------------------------------------------------------------------ batches
    def _items(self, message):
        """``[(product id, SKU, figure)]`` of a publication batch, as computed."""
        return [tuple(item) for item in (message.mapped_values or {}).get("items", [])]

    def _sent_items(self, message):
        """The batch's items with the figures of its document, in the same order: those sent
        (lowered, maybe)."""
        items = self._items(message)
        if not items or not message.canonical:
            return items
        sent = message._document().items
        return [
            (product_id, sku, int(item.quantity))
            for (product_id, sku, _qty), item in zip(items, sent, strict=True)
        ]

    def _snapshot(self, channel, items, as_of):
        return InventorySnapshot(
            warehouse_code=channel.code,
            as_of=fields.Datetime.to_datetime(as_of) or fields.Datetime.now(),
            items=[{"product_code": sku, "quantity": qty} for _id, sku, qty in items],
        )

    # ------------------------------------------------------------------ publication job
    @api.model
    def _stock_changed(self, products):
        """The free quantity of ``products`` changed (reservations, cancellations): schedule
        the publications of the channels selling them, as the core stock_changed event does
        for stock moves done."""
        if not products:
            return
        flows = (
            self.env["integration.flow"]
            # sudo: a stock event reaches every channel's stock flow; the products are the event's
            .sudo()
            .search(
                [
                    ("channel_id", "!=", False),
                    ("direction", "=", "outbound"),
                    ("event", "=", "stock_changed"),
                ]
            )
        )
        for flow in flows:
            flow._queue_event(products)

    @api.model
    def _cron_publish_full(self):
        """Scheduled full reconciliation of every channel that publishes its stock."""
        channels = (
            self.env["integration.channel"]
            .search([("publication_policy", "!=", "none")])
            .filtered(lambda c: c._flow("stock"))
        )
        channels._schedule_full_publication()

    def _publish(self, channel):
        """Job: compute what ``channel`` may sell and queue the figures that changed.

        While an earlier publication is still being sent, this one waits for it: figures
        then reach the shop in the order they were computed, and each publication compares
        with what the shop has acknowledged.
        """
        flow = channel._flow("stock")
        if not channel.active or not flow or channel.publication_policy == "none":
            return "nothing to publish"
        in_flight = self._in_flight(flow, channel)
        if in_flight:
            now = fields.Datetime.now()
            retries = [m.next_attempt_at for m in in_flight if m.next_attempt_at]
            eta = max([now + timedelta(seconds=30), min(retries) if retries else now])
            channel._schedule_publication(eta=eta)
            return f"postponed: {len(in_flight)} messages of the last publication are in flight"
        full = channel.full_publication_due
        Stock = self.env["integration.channel.stock"]
        current = Stock._available_figures(channel, Stock._publication_products(channel))
        published = {} if full else Stock._published_figures(channel)
        changes = availability.select_changes(current, published, full=full)
        messages = self._queue_batches(flow, channel, changes)
        if full:
            channel.full_publication_due = False
        return f"{len(changes)} items in {len(messages)} messages{' (full)' if full else ''}"

    def _in_flight(self, flow, channel):
        return (
            self.env["integration.message"]
            # sudo: publication job: this channel's own messages in flight
            .sudo()
            .search(
                [
                    ("flow_id", "=", flow.id),
                    ("res_model", "=", channel._name),
                    ("res_id", "=", channel.id),
                    ("state", "=", "pending"),
                    ("next_step", "!=", False),
                ]
            )
        )

    def _queue_batches(self, flow, channel, changes):
        """One outbound message per batch of ``[(product id, (SKU, figure))]``, paced to the
        shop's rate limit; each is built from the figures it carries."""
        # sudo: messages are the pipeline's; the publication job creates them
        Message = self.env["integration.message"].sudo()
        groups = availability.batches(changes, channel.batch_size)
        if not groups:
            return Message
        now = fields.Datetime.now()
        correlation = str(uuid.uuid4())
        messages = Message
        for index, batch in enumerate(groups, 1):
            message = Message._create_outbound(flow, channel, correlation_id=correlation)
            items = [(product_id, sku, qty) for product_id, (sku, qty) in batch]
            message.write(
                {
                    "mapped_values": {
                        "items": [list(item) for item in items],
                        "as_of": fields.Datetime.to_string(now),
                    }
                }
            )
            message._log(
                "build",
                self.env._(
                    "Available to sell of %(count)s items, batch %(index)s of %(total)s.",
                    count=len(batch),
                    index=index,
                    total=len(groups),
                ),
                kind="business",
            )
            messages |= message
        offsets = availability.pacing(len(messages), channel.endpoint_id.rate_limit)
        for message, offset in zip(messages, offsets, strict=True):
            message._enqueue(eta=now + timedelta(seconds=offset) if offset else None)
        return messages
