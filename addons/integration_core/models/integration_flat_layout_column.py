# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..services import flatfile


class IntegrationFlatLayoutColumn(models.Model):
    """One column of a flat-file layout: where it is in the file and the canonical path it
    fills (dotted: order_ref, ship_to.name, lines.quantity_shipped, lines.lots.lot_name)."""

    _name = "integration.flat.layout.column"
    _description = "Flat-file layout column"
    _order = "layout_id, sequence, id"

    layout_id = fields.Many2one(
        "integration.flat.layout", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    header = fields.Char(help="The column's name in the file's header row (CSV: found by it).")
    path = fields.Char(
        string="Canonical path",
        required=True,
        help="Dotted path in the canonical document, e.g. lines.quantity_shipped.",
    )
    kind = fields.Selection(
        [
            ("text", "Text"),
            ("integer", "Whole number"),
            ("decimal", "Decimal number"),
            ("date", "Date"),
            ("datetime", "Date and time"),
            ("boolean", "Yes / no"),
        ],
        string="Type",
        required=True,
        default="text",
    )
    position = fields.Integer(
        help="CSV: the column's number (1 = first) when no header names it. Fixed width: "
        "the first character (1 = first)."
    )
    width = fields.Integer(help="Fixed width: the number of characters.")
    required = fields.Boolean()
    date_format = fields.Char(help="Date format of this column, if not the layout's.")
    default_value = fields.Char(
        string="Default",
        help="Used when the cell is empty; with neither header nor position, a constant.",
    )

    @api.constrains("path", "kind", "header", "position", "width", "default_value")
    def _check_column(self):
        self.layout_id._check_layout()

    def _column(self):
        self.ensure_one()
        return flatfile.Column(
            path=(self.path or "").strip(),
            kind=self.kind,
            header=(self.header or "").strip(),
            position=self.position or 0,
            length=self.width or 0,
            required=self.required,
            fmt=self.date_format or "",
            default=self.default_value or "",
        )
