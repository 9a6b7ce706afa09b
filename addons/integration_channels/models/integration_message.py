# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from psycopg2 import IntegrityError

from odoo import fields, models
from odoo.addons.integration_core import schemas
from odoo.addons.integration_core.schemas.inventory import InventorySnapshot

from ..services import availability


class IntegrationMessage(models.Model):
    _inherit = "integration.message"

    def _is_channel_stock(self):
        self.ensure_one()
        return bool(
            self.flow_id.channel_id
            and self.direction == "outbound"
            and self.res_model == "integration.channel"
            and self.document_type == "inventory_snapshot"
        )

    def _channel_stock_items(self):
        """``[(product id, SKU, figure)]`` of a stock publication batch."""
        return [tuple(item) for item in (self.mapped_values or {}).get("items", [])]

    def _set_channel_stock_items(self, items, as_of, next_step=None):
        channel = self.flow_id.channel_id
        document = InventorySnapshot(
            warehouse_code=channel.code,
            as_of=as_of,
            items=[{"product_code": sku, "quantity": qty} for _id, sku, qty in items],
        )
        values = {
            "canonical": schemas.dump(document),
            "doc_version": document.schema_version,
            "mapped_values": {"items": [list(item) for item in items]},
        }
        if next_step:
            values["next_step"] = next_step
        self.write(values)

    def _step_send(self):
        if not self._is_channel_stock():
            return super()._step_send()
        self._lower_stock_to_current()
        result = super()._step_send()
        if result and isinstance(result, dict):  # delivered (not left for a manual download)
            try:
                with self.env.cr.savepoint():
                    self.flow_id.channel_id._record_published(self._channel_stock_items(), self)
            except IntegrityError:
                self._log(
                    "send",
                    self.env._(
                        "Sent, but another publication recorded these products at the same "
                        "time: the next publication compares with its figures."
                    ),
                    level="warning",
                )
        return result

    def _lower_stock_to_current(self):
        """Before sending, lower each figure that dropped since the batch was computed.

        Orders may have reserved stock between the publication run and this send (which may
        come late, behind a rate limit): a figure is never sent above what is free now.
        """
        channel = self.flow_id.channel_id
        items = self._channel_stock_items()
        current = channel._available_figures({product_id: sku for product_id, sku, _q in items})
        figures, lowered = availability.lower_to_current(
            {product_id: qty for product_id, _sku, qty in items},
            {product_id: qty for product_id, (_sku, qty) in current.items()},
        )
        if not lowered:
            return
        self._set_channel_stock_items(
            [(product_id, sku, figures[product_id]) for product_id, sku, _q in items],
            fields.Datetime.now(),
        )
        note = self.env._(
            "%s figures lowered to what is free now: stock was reserved since this batch "
            "was computed.",
            len(lowered),
        )
        self._attach_payload(self.flow_id._codec()._encode(self, self._document()), note=note)
        self._log("send", note, kind="business")
