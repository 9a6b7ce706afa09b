# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

WMS_DOCUMENT_TYPES = [
    ("receipt_notice", "Receipt notice"),
    ("inventory_request", "Inventory request"),
]
WMS_DOCUMENT_TYPES_ONDELETE = {code: "cascade" for code, _label in WMS_DOCUMENT_TYPES}


class IntegrationFlow(models.Model):
    _inherit = "integration.flow"

    document_type = fields.Selection(
        selection_add=WMS_DOCUMENT_TYPES, ondelete=WMS_DOCUMENT_TYPES_ONDELETE
    )
    scope = fields.Selection(
        selection_add=[("warehouse", "The deliveries of the warehouses it runs")],
        ondelete={"warehouse": lambda flows: flows.write({"scope": "partner"})},
    )

    def _default_scope(self):
        """A WMS or 3PL owns the deliveries of the warehouses it runs, whoever the customer."""
        if self.document_type == "warehouse_order":
            return "warehouse"
        return super()._default_scope()

    def _scope_records(self, records):
        if self.scope != "warehouse":
            return super()._scope_records(records)
        if records._name != "stock.picking":
            return records.browse()
        return records.filtered(
            lambda p: p.picking_type_id.warehouse_id.integration_partner_id == self.partner_id
        )

    def _event_records(self, records):
        """A warehouse-order flow releases only the deliveries of the warehouses its partner
        runs, that are not released yet, and for which it is the warehouse's release flow
        (so a partner with several release flows never receives a delivery twice)."""
        records = super()._event_records(records)
        if self.document_type != "warehouse_order":
            return records
        if records._name != "stock.picking":
            return records.browse()
        release_flows = {}

        def released_here(picking):
            warehouse = picking.picking_type_id.warehouse_id
            if warehouse not in release_flows:
                release_flows[warehouse] = warehouse._wms_release_flow()
            return (
                picking.picking_type_code == "outgoing"
                and warehouse.integration_partner_id == self.partner_id
                and picking.integration_release_state in ("not_released", False)
                and release_flows[warehouse] == self
            )

        return records.filtered(released_here)

    def _queue_outbound(self, record, values=None):
        if self.document_type == "warehouse_order" and not (values or {}).get("wms_action"):
            values = {**(values or {}), "wms_action": "create"}
        return super()._queue_outbound(record, values)

    def _outbound_covering_domain(self, record, values=None):
        """Warehouse orders: a release is covered by any release that was not cancelled
        (never released twice); a change by a release or change not built yet (it reads
        the current quantities when it is built); a cancel by a cancel still under way.
        Inventory requests: by a request not sent yet."""
        if self.document_type == "inventory_request":
            return [
                ("flow_id", "=", self.id),
                ("res_model", "=", record._name),
                ("res_id", "=", record.id),
                ("state", "=", "pending"),
            ]
        domain = super()._outbound_covering_domain(record, values)
        if self.document_type != "warehouse_order":
            return domain
        action = (values or {}).get("wms_action") or "create"
        same_record = [
            ("flow_id.document_type", "=", "warehouse_order"),
            ("res_model", "=", record._name),
            ("res_id", "=", record.id),
        ]
        if action == "create":
            return [*same_record, ("wms_action", "=", "create"), ("state", "!=", "cancelled")]
        if action == "change":
            return [
                *same_record,
                ("wms_action", "in", ("create", "change")),
                ("state", "=", "pending"),
                ("next_step", "=", "build"),
            ]
        return [
            *same_record,
            ("wms_action", "=", "cancel"),
            ("state", "not in", ("cancelled", "failed", "dead")),
        ]
