# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from lxml import etree

from odoo import models
from odoo.addons.integration_core.services.errors import DocumentValidationError, ParseError
from odoo.addons.integration_core.services.plugins import CodecFeatures

from ..services.xmlread import XmlDocumentError, parse


class IntegrationCodecXml(models.AbstractModel):
    """What the XML codecs share: their files, their display and how a document that
    breaks the schema of what the hub reads is reported (each rule with its XPath)."""

    _name = "integration.codec.xml"
    _inherit = "integration.codec"
    _description = "XML codec template"

    def _features(self):
        return CodecFeatures(file_extension="xml", content_type="application/xml")

    def _display(self, text):
        try:
            root = parse(text.encode())
        except (XmlDocumentError, ValueError):
            return text
        return etree.tostring(root, pretty_print=True, encoding="unicode")

    def _xml_error(self, err):
        """XmlDocumentError → the pipeline's error: not XML is a parsing error, a broken
        rule a validation error listing ``<XPath>: <rule>`` lines."""
        errors = [str(violation) for violation in err.violations]
        if any(v.rule.startswith(("not well-formed", "empty")) for v in err.violations):
            return ParseError(str(err), paths=errors)
        return DocumentValidationError(
            str(err),
            hint=self.env._("Ask the partner to correct the elements named by their XPath."),
            errors=errors,
        )

    def _ordered_lines(self, message, order_ref):
        """Our lines (by line_ref) of the order ``order_ref`` as we sent it to this partner:
        an Order Response says what the supplier accepts, not what we ordered."""
        if not order_ref:
            return {}
        # sudo: the parse step (private) reads what the hub sent this partner
        sent = (
            self.env["integration.message"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", message.partner_id.id),
                    ("direction", "=", "outbound"),
                    ("document_type", "=", "order"),
                    ("canonical", "!=", False),
                    ("state", "!=", "cancelled"),
                ],
                order="id desc",
                limit=200,
            )
        )
        order = next((m.canonical for m in sent if m.canonical.get("order_ref") == order_ref), {})
        return {line["line_ref"]: line for line in order.get("lines") or []}
