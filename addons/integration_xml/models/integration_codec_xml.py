# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from lxml import etree

from odoo import models
from odoo.addons.integration_core.services.errors import DocumentValidationError, ParseError
from odoo.addons.integration_core.services.plugins import CodecFeatures

from ..services.readable import readable
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

    def _readable(self, message, payload):
        return readable(payload)

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
