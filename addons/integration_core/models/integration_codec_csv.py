# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from .. import schemas
from ..services import flatfile
from ..services.errors import DocumentValidationError, ParseError, PluginError
from ..services.plugins import CodecFeatures, Part
from ..services.readable import Field, Readable, Row


class IntegrationCodecCsv(models.AbstractModel):
    """Flat files (CSV and fixed width), read and written with the flow's layout
    (``integration.flat.layout``): rows grouped by the layout's key, one document each."""

    _name = "integration.codec.csv"
    _inherit = "integration.codec"
    _description = "Flat-file codec (CSV, fixed width)"

    def _flat_layout(self, message):
        layout = message.flow_id.flat_layout_id
        if not layout:
            raise PluginError(
                self.env._("Flow %s reads flat files and has no layout.", message.flow_id.name),
                hint=self.env._("Choose the flow's flat-file layout, then Retry."),
            )
        return layout._layout()

    def _read(self, message, payload):
        """The file's documents, each checked against the schema so that every error names
        the file's row and column (the pipeline's validate step then finds nothing new)."""
        layout = self._flat_layout(message)
        try:
            documents = flatfile.read(layout, payload)
        except flatfile.FlatFileError as err:
            raise ParseError(
                self.env._(
                    "The file does not fit layout %(layout)s: %(problems)s",
                    layout=message.flow_id.flat_layout_id.name,
                    problems=err,
                ),
                hint=self.env._(
                    "Correct the file or the layout (try it on the layout's sample), then Retry."
                ),
            ) from err
        try:
            flatfile.check(layout, documents)
        except flatfile.FlatFileError as err:
            raise DocumentValidationError(
                str(err),
                hint=self.env._(
                    "Correct the payload (Edit payload) or ask the partner to resend it."
                ),
                errors=[str(problem) for problem in err.problems],
            ) from err
        return layout, documents

    def _decode_file(self, message, payload):
        """A file of one document is that document; of several (several orders), one part
        each, holding the header rows and the document's own rows as the partner wrote them."""
        layout, documents = self._read(message, payload)
        if len(documents) == 1:
            return [], documents[0].data
        parts = [
            Part(
                document_type=layout.doc_type,
                payload=part,
                reference="/".join(str(value) for value in document.key),
                label="CSV",
            )
            for document, part in zip(
                documents, flatfile.split(layout, payload, documents), strict=True
            )
        ]
        return parts, None

    def _split(self, message, payload):
        return self._decode_file(message, payload)[0]

    def _decode(self, message, payload):
        parts, document = self._decode_file(message, payload)
        if parts:
            raise ParseError(
                self.env._("The file holds %s documents where one was expected.", len(parts))
            )
        return document

    def _check_on_receipt(self, message, payload):
        """Every document of the file is read and checked; one is handed to the parse step."""
        return self._decode_file(message, payload)[1]

    def _encode(self, message, document):
        layout = self._flat_layout(message)
        try:
            return flatfile.write(layout, [schemas.dump(document)])
        except flatfile.FlatFileError as err:
            raise ParseError(
                self.env._(
                    "The document cannot be written with layout %(layout)s: %(problems)s",
                    layout=message.flow_id.flat_layout_id.name,
                    problems=err,
                )
            ) from err

    def _features(self):
        # In the layout "3PL ship confirmation (CSV)" (data/integration_flat_layout_data.xml).
        return CodecFeatures(
            file_extension="csv",
            content_type="text/csv",
            example="integration_core/examples/ship_confirmation.csv",
        )

    def _readable(self, message, payload):
        """Each row with its cells named by the layout's columns and their canonical paths;
        a cell that does not fit its column says why."""
        layout = message.flow_id.flat_layout_id
        readable = Readable()
        try:
            if not layout:
                raise flatfile.FlatFileError([self.env._("The flow has no flat-file layout.")])
            for number, raw, cells in flatfile.cells(layout._layout(), payload):
                if readable.stop():
                    break
                readable.add(self._readable_row(number, raw, cells))
        except flatfile.FlatFileError as err:
            readable = super()._readable(message, payload)
            readable.error = str(err)
        return readable

    def _readable_row(self, number, raw, cells):
        label = flatfile.column_label
        return Row(
            tag=self.env._("data") if cells else self.env._("header"),
            number=number,
            fields=[
                Field(ref=label(column), value=text, path=column.path) for column, text, _p in cells
            ],
            raw=raw.rstrip("\r\n"),
            note="; ".join(
                f"{label(column)}: {problem}" for column, _t, problem in cells if problem
            ),
        )
