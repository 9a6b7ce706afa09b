# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.addons.integration_core.services.errors import BusinessRuleError

from ..services import cxml
from ..services.xmlread import XmlDocumentError, parse


class IntegrationCodecCxml(models.AbstractModel):
    """cXML 1.2 OrderRequest in. The envelope (credentials, shared secret, payloadID) is
    checked by the cXML route before anything is stored; the codec reads the order."""

    _name = "integration.codec.cxml"
    _inherit = "integration.codec.xml"
    _description = "cXML 1.2 codec"

    def _decode(self, message, payload):
        if message.document_type != "order":
            raise BusinessRuleError(
                self.env._(
                    "The cXML codec reads OrderRequests only, not %s.", message.document_type
                )
            )
        try:
            return cxml.order_document(parse(payload))
        except XmlDocumentError as err:
            raise self._xml_error(err) from err

    def _encode(self, message, document):
        raise BusinessRuleError(
            self.env._(
                "The cXML codec does not send %s yet: ConfirmationRequest, ShipNoticeRequest "
                "and InvoiceDetailRequest are to come.",
                message.document_type,
            )
        )
