# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare


class IntegrationRoutingRule(models.Model):
    """Chooses the company and warehouse of an incoming order; records, not code."""

    _name = "integration.routing.rule"
    _description = "Integration Routing Rule"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    integration_partner_id = fields.Many2one(
        "integration.partner",
        string="From partner",
        help="Empty: orders from any partner of the rule's company. A rule that names a "
        "partner may route its orders to another company.",
    )
    customer_id = fields.Many2one(
        "res.partner", help="Empty: any customer (matched with its company)."
    )
    country_ids = fields.Many2many("res.country", string="Ship-to countries")
    state_ids = fields.Many2many("res.country.state", string="Ship-to regions")
    zip_prefix = fields.Char(
        string="Ship-to ZIP prefixes", help="Comma-separated prefixes, e.g. 75,92,93."
    )
    require_availability = fields.Boolean(
        string="Only when in stock",
        help="Match only when the warehouse has every ordered item available.",
    )
    company_id = fields.Many2one("res.company", string="Route to company", required=True)
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Route to warehouse",
        required=True,
        domain="[('company_id', '=', company_id)]",
        check_company=True,
    )

    @api.constrains("integration_partner_id", "company_id")
    def _check_partner_company(self):
        """Routing a partner's orders to another company takes a person of both companies:
        nobody pulls another company's orders into theirs."""
        if self.env.su:
            return
        for rule in self.filtered("integration_partner_id"):
            if rule.integration_partner_id.company_id not in self.env.user.company_ids:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: %(partner)s is a partner of a company you do not work in.",
                        rule=rule.name,
                        # sudo: the name only, to say which partner the caller may not use
                        partner=rule.integration_partner_id.sudo().name,
                    )
                )

    @api.model
    def _applicable_domain(self, integration_partner):
        """The rules that may route ``integration_partner``'s orders: those naming it, and
        those naming no partner of its own company."""
        return [
            "|",
            ("integration_partner_id", "=", integration_partner.id),
            "&",
            ("integration_partner_id", "=", False),
            ("company_id", "=", integration_partner.company_id.id),
        ]

    @api.onchange("company_id")
    def _onchange_company_id(self):
        if self.warehouse_id.company_id != self.company_id:
            self.warehouse_id = False

    @api.model
    def _route(self, integration_partner, customer, ship_to, lines):
        """First rule that matches, as (company, warehouse); None when no rule matches.

        ``lines`` is a list of (product, quantity in the product's unit).
        """
        # sudo: routing is the pipeline's; the rules were checked when they were written
        rules = self.sudo().search(self._applicable_domain(integration_partner))
        for rule in rules:
            if rule._matches(integration_partner, customer, ship_to, lines):
                return rule.company_id, rule.warehouse_id
        return None

    def _matches(self, integration_partner, customer, ship_to, lines):
        self.ensure_one()
        if self.integration_partner_id and self.integration_partner_id != integration_partner:
            return False
        if self.customer_id and self.customer_id != customer.commercial_partner_id:
            return False
        if self.country_ids and ship_to.country_id not in self.country_ids:
            return False
        if self.state_ids and ship_to.state_id not in self.state_ids:
            return False
        if self.zip_prefix:
            prefixes = [p.strip() for p in self.zip_prefix.split(",") if p.strip()]
            if not any((ship_to.zip or "").startswith(prefix) for prefix in prefixes):
                return False
        return not self.require_availability or self._has_stock(lines)

    def _has_stock(self, lines):
        location = self.warehouse_id.lot_stock_id
        for product, quantity in lines:
            # sudo: routing within the process step: a free quantity, to pick a warehouse
            available = product.with_context(location=location.id).sudo().free_qty
            if float_compare(available, quantity, precision_rounding=product.uom_id.rounding) < 0:
                return False
        return True
