# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..services.errors import MappingError
from ..services.units import UNIT_CODES

XREF_KINDS = [
    ("product", "Product"),
    ("uom", "Unit of measure"),
    ("customer", "Customer"),
    ("ship_to", "Ship-to location"),
    ("carrier", "Carrier / service"),
    ("warehouse", "Warehouse"),
    ("payment_term", "Payment terms"),
]

# The Odoo field that holds the target of each kind of cross-reference.
TARGET_FIELD = {
    "product": "product_id",
    "uom": "uom_id",
    "customer": "res_partner_id",
    "ship_to": "res_partner_id",
    "carrier": "internal_code",
    "warehouse": "warehouse_id",
    "payment_term": "payment_term_id",
}
TARGET_FIELDS = tuple(dict.fromkeys(TARGET_FIELD.values()))


class IntegrationXref(models.Model):
    """A partner's code for something Odoo knows under another name."""

    _name = "integration.xref"
    _description = "Integration Cross-reference"
    _order = "partner_id, kind, external_code"
    _rec_name = "external_code"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "integration.partner", required=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one(related="partner_id.company_id", store=True, index=True)
    kind = fields.Selection(XREF_KINDS, required=True, index=True)
    external_code = fields.Char(required=True, index=True, help="The partner's code.")
    description = fields.Char()
    product_id = fields.Many2one("product.product", ondelete="cascade", check_company=True)
    uom_id = fields.Many2one("uom.uom", string="Unit of measure", ondelete="cascade")
    res_partner_id = fields.Many2one(
        "res.partner", string="Contact", ondelete="cascade", check_company=True
    )
    warehouse_id = fields.Many2one("stock.warehouse", ondelete="cascade", check_company=True)
    payment_term_id = fields.Many2one(
        "account.payment.term", ondelete="cascade", check_company=True
    )
    internal_code = fields.Char(help="Odoo's code, for kinds without a record (carriers).")
    target_display = fields.Char(compute="_compute_target_display", string="Odoo value")

    _sql_constraints = [
        (
            "code_unique",
            "unique(partner_id, kind, external_code)",
            "This partner code is already mapped.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        xrefs = super().create(vals_list)
        xrefs._note_on_exceptions()
        return xrefs

    def write(self, vals):
        result = super().write(vals)
        if vals.keys() & {"kind", "external_code", *TARGET_FIELDS}:
            self._note_on_exceptions()
        return result

    def _note_on_exceptions(self):
        """The open exceptions that miss these codes note who mapped them, and to what."""
        Exceptions = self.env["integration.exception"]
        # sudo: which open exceptions miss these codes, to note the fix on them
        missing = Exceptions.sudo().search(
            [
                ("partner_id", "in", self.partner_id.ids),
                ("external_code", "in", self.mapped("external_code")),
                *Exceptions._open_domain(),
            ]
        )
        for xref in self:
            missing.filtered(
                lambda e, x=xref: (
                    (e.partner_id, e.xref_kind, e.external_code)
                    == (x.partner_id, x.kind, x.external_code)
                )
            )._note_xref_fixed(xref)

    @api.depends("kind", *TARGET_FIELDS)
    def _compute_target_display(self):
        for xref in self:
            target = xref[TARGET_FIELD[xref.kind]] if xref.kind else False
            xref.target_display = (
                target.display_name if isinstance(target, models.BaseModel) else target
            ) or False

    @api.constrains("kind", *TARGET_FIELDS)
    def _check_target(self):
        for xref in self:
            if not xref[TARGET_FIELD[xref.kind]]:
                raise ValidationError(
                    self.env._(
                        "Cross-reference %(code)s: choose the Odoo value it stands for.",
                        code=xref.external_code,
                    )
                )

    @api.model
    def _resolve(self, partner, kind, code):
        """The Odoo value a partner's code stands for, or None."""
        if not code:
            return None
        # sudo: private, for pipeline steps: the given partner's own cross-references
        xref = self.sudo().search(
            [("partner_id", "=", partner.id), ("kind", "=", kind), ("external_code", "=", code)],
            limit=1,
        )
        return xref[TARGET_FIELD[kind]] if xref else None

    @api.model
    def _resolve_uom(self, partner, code):
        """The unit a partner's unit code stands for: its cross-reference, else the unit of
        that name; no unit (the product's own) for no code or a code for "each"."""
        uom = self._resolve(partner, "uom", code)
        if uom or not code or code.upper() in UNIT_CODES:
            return uom or self.env["uom.uom"]
        # sudo: private, for pipeline steps: a unit by the partner's code
        uom = self.env["uom.uom"].sudo().search([("name", "=ilike", code)], limit=1)
        if not uom:
            raise MappingError(
                self.env._("Unit of measure %s is not known.", code),
                hint=self.env._(
                    "Map %s to a unit of measure (Fix cross-reference), then Retry.", code
                ),
                xref_kind="uom",
                external_code=code,
            )
        return uom

    @api.model
    def _resolve_products(self, partner, codes, active_test=True):
        """{code: product} for a partner's item codes, in at most three queries whatever
        their number (documents carry hundreds of lines, snapshots thousands): its
        cross-references, then internal references, then barcodes."""
        codes = set(filter(None, codes))
        # sudo: private, for pipeline steps: the given partner's own cross-references
        xrefs = self.sudo().search_fetch(
            [
                ("partner_id", "=", partner.id),
                ("kind", "=", "product"),
                ("external_code", "in", list(codes)),
            ],
            ["external_code", "product_id"],
        )
        found = {xref.external_code: xref.product_id for xref in xrefs}
        # sudo: private, for pipeline steps: products by the partner's codes
        Product = self.env["product.product"].sudo().with_context(active_test=active_test)
        for field_name in ("default_code", "barcode"):
            missing = codes - found.keys()
            if not missing:
                break
            for product in Product.search_fetch(
                [(field_name, "in", list(missing))], [field_name, "uom_id"], order="id"
            ):
                found.setdefault(product[field_name], product)
        return found

    @api.model
    def _external_code(self, partner, kind, record):
        """The partner's code for an Odoo record, or for Odoo's code of a kind without a
        record (a carrier), or None."""
        target = record.id if isinstance(record, models.BaseModel) else record
        if not target:
            return None
        # sudo: private, for builders and codecs: the given partner's code for a record
        xref = self.sudo().search(
            [
                ("partner_id", "=", partner.id),
                ("kind", "=", kind),
                (TARGET_FIELD[kind], "=", target),
            ],
            limit=1,
        )
        return xref.external_code or None
