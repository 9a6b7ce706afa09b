# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.addons.integration_core.access import USER_GROUP, check_group
from odoo.exceptions import UserError

WMS_DOCUMENT_TYPES = (
    "warehouse_order",
    "shipment_notice",
    "receipt_notice",
    "inventory_snapshot",
    "inventory_request",
)


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    integration_partner_id = fields.Many2one(
        "integration.partner",
        string="Managed by",
        domain="[('kind', 'in', ('wms', '3pl')), ('company_id', '=', company_id)]",
        index="btree_not_null",
        check_company=True,
        help="The WMS or 3PL that runs this warehouse: its deliveries are released to it as "
        "warehouse orders, and its ship, receipt and inventory reports update Odoo.",
    )
    integration_managed = fields.Boolean(
        compute="_compute_integration_managed", string="Run by an external warehouse"
    )
    integration_release_policy = fields.Selection(
        [("ready", "When ready"), ("wave", "In scheduled waves")],
        string="Release deliveries",
        required=True,
        default="ready",
        help="When ready: a delivery is sent to the warehouse as soon as it is ready. "
        "In scheduled waves: ready deliveries wait for the next wave of the release flow "
        "(a flow in Scheduled batch mode) or for Release wave now.",
    )
    integration_backorder_policy = fields.Selection(
        [("backorder", "Create a backorder"), ("cancel", "Cancel the rest")],
        string="Partial shipments",
        required=True,
        default="backorder",
        help="What happens to the quantities a ship or receipt confirmation does not cover. "
        "A confirmation flagged complete always cancels the rest.",
    )
    integration_reconcile_policy = fields.Selection(
        [("report", "Report only"), ("adjust", "Adjust below the threshold, approve above")],
        string="Inventory reconciliation",
        required=True,
        default="report",
    )
    integration_variance_threshold = fields.Float(
        string="Adjustment threshold",
        digits="Product Unit of Measure",
        help="Differences up to this are applied to Odoo's stock at once; larger ones wait "
        "for an integration manager's approval.",
    )
    integration_threshold_unit = fields.Selection(
        [("quantity", "Units"), ("percent", "% of Odoo's quantity")],
        string="Threshold in",
        required=True,
        default="quantity",
    )
    integration_flow_ids = fields.Many2many(
        "integration.flow",
        compute="_compute_integration_flows",
        string="Warehouse flows",
        help="The flows of the managing partner that serve external warehouses.",
    )
    integration_release_flow_id = fields.Many2one(
        "integration.flow",
        compute="_compute_integration_flows",
        string="Release flow",
        help="The outbound warehouse-order flow this warehouse's deliveries go through: of "
        "the partner's, the one whose mode fits the release policy (Scheduled batch for "
        "waves), subscribed to Picking ready, first in sequence.",
    )
    integration_config_warning = fields.Char(compute="_compute_integration_flows")
    integration_last_snapshot_at = fields.Datetime(
        string="Last inventory snapshot", readonly=True, copy=False
    )
    integration_variance_count = fields.Integer(
        compute="_compute_integration_variance_count", string="Variances to approve"
    )

    @api.depends("integration_partner_id")
    def _compute_integration_managed(self):
        for warehouse in self:
            warehouse.integration_managed = bool(warehouse.integration_partner_id)

    @api.depends(
        "integration_partner_id",
        "integration_partner_id.flow_ids",
        "integration_partner_id.flow_ids.mode",
        "integration_partner_id.flow_ids.active",
        "integration_release_policy",
    )
    def _compute_integration_flows(self):
        for warehouse in self:
            # sudo: shows the managing partner's flows on the warehouse form (names, read-only)
            flows = warehouse.integration_partner_id.sudo().flow_ids.filtered(
                lambda f: f.active and f.document_type in WMS_DOCUMENT_TYPES
            )
            release = warehouse._wms_release_flow()
            warehouse.integration_flow_ids = flows
            warehouse.integration_release_flow_id = release
            warehouse.integration_config_warning = warehouse._wms_config_warning(release)

    def _wms_config_warning(self, release):
        self.ensure_one()
        if not self.integration_partner_id:
            return False
        if not release:
            return self.env._(
                "%s has no active outbound Warehouse order flow: deliveries are not released.",
                self.integration_partner_id.name,
            )
        if self.integration_release_policy == "wave" and release.mode != "batch":
            return self.env._(
                "Waves need a release flow in Scheduled batch mode; %s sends at once.",
                release.name,
            )
        return False

    def _compute_integration_variance_count(self):
        counts = dict(
            self.env["integration.wms.variance"]._read_group(
                [("warehouse_id", "in", self.ids), ("state", "=", "to_approve")],
                ["warehouse_id"],
                ["__count"],
            )
        )
        for warehouse in self:
            warehouse.integration_variance_count = counts.get(warehouse, 0)

    # ------------------------------------------------------------------ flows
    def _wms_flows(self, document_type, direction):
        """The managing partner's active flows of a document type, first in sequence first."""
        self.ensure_one()
        if not self.integration_partner_id:
            return self.env["integration.flow"]
        return (
            self.env["integration.flow"]
            # sudo: private: the managing partner's own flows, for releases and requests
            .sudo()
            .search(
                [
                    ("partner_id", "=", self.integration_partner_id.id),
                    ("direction", "=", direction),
                    ("document_type", "=", document_type),
                ],
                order="sequence, id",
            )
        )

    def _wms_release_flow(self):
        """The one flow that releases this warehouse's deliveries (never two: a delivery
        released by two flows would reach the warehouse twice)."""
        self.ensure_one()
        flows = self._wms_flows("warehouse_order", "outbound")
        wave = self.integration_release_policy == "wave"
        ranked = sorted(
            flows,
            key=lambda f: ((f.mode == "batch") != wave, f.event != "picking_ready", f.sequence),
        )
        return ranked[0] if ranked else flows

    def _wms_code(self):
        """The warehouse's code at the partner: its cross-reference, else Odoo's code."""
        self.ensure_one()
        return (
            self.env["integration.xref"]._external_code(
                self.integration_partner_id, "warehouse", self
            )
            or self.code
        )

    # ------------------------------------------------------------------ managing
    def write(self, vals):
        result = super().write(vals)
        if vals.get("integration_partner_id"):
            self._wms_mark_open_deliveries()
        return result

    def _wms_mark_open_deliveries(self):
        """Deliveries already open when a warehouse becomes managed are not released yet."""
        pickings = (
            self.env["stock.picking"]
            # sudo: write() of a warehouse (stock manager): its own open deliveries
            .sudo()
            .search(
                [
                    ("picking_type_id.warehouse_id", "in", self.ids),
                    ("picking_type_code", "=", "outgoing"),
                    ("state", "not in", ("draft", "done", "cancel")),
                    ("integration_release_state", "=", False),
                ]
            )
        )
        pickings.write({"integration_release_state": "not_released"})

    # ------------------------------------------------------------------ actions
    def action_wms_release_wave(self):
        """Send now every delivery of this warehouse that waits for its wave: for an
        integration user who may edit those deliveries (company rules included)."""
        self.ensure_one()
        check_group(self.env, USER_GROUP, self.env._("Releasing a wave"))
        self.check_access("read")
        flow = self._wms_release_flow()
        if not flow:
            raise UserError(self._wms_config_warning(flow))
        pickings = self.env["stock.picking"].search(
            [
                ("picking_type_id.warehouse_id", "=", self.id),
                ("picking_type_code", "=", "outgoing"),
                ("state", "=", "assigned"),
                ("integration_release_state", "in", ("not_released", False)),
            ]
        )
        pickings.check_access("write")
        for picking in pickings:
            picking._wms_release(force=True)
        return self._wms_notify(
            self.env._("%s deliveries released to the warehouse.", len(pickings))
        )

    def action_wms_request_snapshot(self):
        """Ask the warehouse for a full inventory snapshot (answered on the snapshot flow)."""
        check_group(self.env, USER_GROUP, self.env._("Requesting an inventory snapshot"))
        self.check_access("read")
        for warehouse in self:
            flow = warehouse._wms_flows("inventory_request", "outbound")[:1]
            if not flow:
                raise UserError(
                    self.env._(
                        "%(partner)s has no outbound Inventory request flow: create one, or "
                        "let the warehouse send its snapshots on its own schedule.",
                        partner=warehouse.integration_partner_id.name or self.env._("Nobody"),
                    )
                )
            message = flow._queue_outbound(warehouse)
            message._enqueue()
        return self._wms_notify(self.env._("Inventory snapshot requested."))

    @api.model
    def _cron_wms_request_snapshots(self):
        """Scheduled: ask every managed warehouse with a request flow for its snapshot."""
        for warehouse in self.search([("integration_partner_id", "!=", False)]):
            if warehouse._wms_flows("inventory_request", "outbound"):
                warehouse.action_wms_request_snapshot()

    def action_view_wms_variances(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "integration_wms.action_integration_wms_variance"
        )
        action["domain"] = [("warehouse_id", "=", self.id)]
        action["context"] = {"search_default_to_approve": 1}
        return action

    def action_view_wms_releases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "integration_wms.action_integration_wms_release"
        )
        action["domain"] = [
            ("picking_type_id.warehouse_id", "=", self.id),
            ("picking_type_code", "=", "outgoing"),
        ]
        return action

    def _wms_notify(self, text):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": text, "type": "success", "sticky": False},
        }
