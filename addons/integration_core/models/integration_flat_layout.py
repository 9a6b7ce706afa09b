# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import json

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..services import flatfile

# What a person types for a tab in a one-character field.
TAB_NAMES = {"\\t", "tab", "TAB", "Tab"}
PREVIEW_DOCUMENTS = 20


class IntegrationFlatLayout(models.Model):
    """How a partner writes its CSV or fixed-width files, for the flat-file codec (``csv``):
    the file's dialect, its columns mapped to canonical paths, and the key that gathers
    rows into one document. Flows point to one; a sample file shows what it reads."""

    _name = "integration.flat.layout"
    _description = "Flat-file layout"
    _order = "name"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Empty: a layout every company may use (the ready-made ones)."
    )
    document_type = fields.Selection(selection="_document_types", required=True)
    file_kind = fields.Selection(
        [("csv", "Delimited (CSV)"), ("fixed", "Fixed width")], required=True, default="csv"
    )
    delimiter = fields.Char(default=",", size=3, help="One character; \\t or tab for a tab.")
    quotechar = fields.Char(string="Quote character", default='"', size=1)
    quoting = fields.Selection(
        [
            ("minimal", "When needed"),
            ("all", "Every cell"),
            ("nonnumeric", "Every text cell"),
            ("none", "Never (escape with \\)"),
        ],
        default="minimal",
        required=True,
        help="How cells are quoted in the files we write; files read may quote as they like.",
    )
    encoding = fields.Char(default="utf-8", required=True, help="e.g. utf-8, cp1252, latin-1.")
    header_rows = fields.Integer(
        default=1, help="Rows before the data; CSV columns are found by name in the last one."
    )
    decimal_separator = fields.Char(default=".", size=1, required=True)
    thousands_separator = fields.Char(size=1)
    date_formats = fields.Char(
        default="%Y-%m-%d",
        help="Formats of date cells (Python strptime), separated by ';'; the first is written. "
        "ISO 8601 is always understood.",
    )
    datetime_formats = fields.Char(
        default="%Y-%m-%d %H:%M:%S;%Y-%m-%dT%H:%M:%S",
        help="Formats of date-and-time cells, separated by ';'; the first is written.",
    )
    group_by = fields.Char(
        string="Grouping key",
        help="Top-level canonical paths, comma-separated (e.g. order_ref): rows sharing "
        "their values make one document. Empty: the whole file is one document.",
    )
    column_ids = fields.One2many("integration.flat.layout.column", "layout_id", copy=True)
    flow_ids = fields.One2many("integration.flow", "flat_layout_id", string="Flows")
    sample = fields.Binary(string="Sample file", attachment=True)
    sample_name = fields.Char()
    preview = fields.Html(
        compute="_compute_preview",
        sanitize=False,
        help="The canonical documents the sample file gives with this layout, or why not.",
    )

    @api.model
    def _document_types(self):
        return self.env["integration.flow"]._fields["document_type"].selection

    def _layout(self):
        """This record as the pure ``flatfile.Layout`` the codec reads and writes with."""
        self.ensure_one()
        delimiter = self.delimiter or ","
        return flatfile.Layout(
            doc_type=self.document_type,
            columns=tuple(column._column() for column in self.column_ids),
            file_kind=self.file_kind,
            delimiter="\t" if delimiter in TAB_NAMES else delimiter,
            quotechar=self.quotechar or "",
            quoting=self.quoting,
            encoding=(self.encoding or "utf-8").strip(),
            header_rows=max(self.header_rows, 0),
            decimal_separator=self.decimal_separator or ".",
            thousands_separator=self.thousands_separator or "",
            date_formats=_formats(self.date_formats) or ("%Y-%m-%d",),
            datetime_formats=_formats(self.datetime_formats) or ("%Y-%m-%dT%H:%M:%S",),
            group_by=tuple(p.strip() for p in (self.group_by or "").split(",") if p.strip()),
        )

    @api.constrains("document_type", "file_kind", "delimiter", "group_by", "column_ids")
    def _check_layout(self):
        """A layout whose columns name no field of its document type cannot be saved."""
        for layout in self:
            if layout.file_kind == "csv" and len(layout._layout().delimiter) != 1:
                raise ValidationError(
                    self.env._("The delimiter of %s must be one character.", layout.name)
                )
            try:
                flatfile.compile_layout(layout._layout())
            except flatfile.FlatFileError as err:
                raise ValidationError(
                    self.env._("Layout %(name)s: %(problems)s", name=layout.name, problems=err)
                ) from err

    @api.depends(
        "sample",
        "document_type",
        "file_kind",
        "delimiter",
        "quotechar",
        "encoding",
        "header_rows",
        "decimal_separator",
        "thousands_separator",
        "date_formats",
        "datetime_formats",
        "group_by",
        "column_ids",
        "column_ids.path",
        "column_ids.kind",
        "column_ids.header",
        "column_ids.position",
        "column_ids.width",
        "column_ids.required",
        "column_ids.date_format",
        "column_ids.default_value",
    )
    def _compute_preview(self):
        for layout in self:
            # The web client reads with bin_size (a size instead of the bytes): read the file.
            sample = layout.with_context(bin_size=False).sample
            layout.preview = layout._preview_html(sample) if sample else False

    def _preview(self, payload):
        """``(documents, problems)`` the layout reads from ``payload``: the canonical
        documents as dicts, and every problem located at its row and column."""
        self.ensure_one()
        try:
            layout = self._layout()
            documents = flatfile.read(layout, payload)
            flatfile.check(layout, documents)
        except flatfile.FlatFileError as err:
            return [], [str(problem) for problem in err.problems]
        return [document.data for document in documents], []

    def _preview_html(self, sample):
        documents, problems = self._preview(base64.b64decode(sample))
        if problems:
            items = Markup("").join(Markup("<li>%s</li>") % problem for problem in problems)
            return Markup(
                '<div class="alert alert-danger" role="alert"><p>%s</p><ul>%s</ul></div>'
            ) % (self.env._("The sample cannot be read with this layout:"), items)
        shown = documents[:PREVIEW_DOCUMENTS]
        title = self.env._(
            "%(count)s document(s) of type %(type)s; %(shown)s shown.",
            count=len(documents),
            type=self.document_type,
            shown=len(shown),
        )
        blocks = Markup("").join(
            Markup("<pre>%s</pre>") % json.dumps(document, indent=2, ensure_ascii=False)
            for document in shown
        )
        return Markup('<p class="text-success">%s</p>%s') % (escape(title), blocks)


def _formats(text):
    return tuple(part.strip() for part in (text or "").split(";") if part.strip())
