# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from ..services.errors import BusinessRuleError


class IntegrationBuilder(models.AbstractModel):
    """Builds a canonical document from an Odoo record, for outbound flows.
    A flow's document type names integration.builder.<document_type>.
    """

    _name = "integration.builder"
    _description = "Integration Builder"

    def _build(self, message, record):
        """Return the canonical document (a pydantic model) for ``record``."""
        raise BusinessRuleError(
            self.env._("No builder makes outbound %s documents.", message.document_type)
        )

    def _address(self, partner):
        """A res.partner as a canonical address dict."""
        return {
            "name": partner.name or partner.display_name,
            "street": partner.street or None,
            "street2": partner.street2 or None,
            "city": partner.city or None,
            "zip": partner.zip or None,
            "state_code": partner.state_id.code or None,
            "country_code": partner.country_id.code or None,
            "email": partner.email or None,
            "phone": partner.phone or None,
        }

    def _product_code(self, message, product):
        """The partner's code for ``product``: its cross-reference, else Odoo's reference."""
        return (
            self.env["integration.xref"]._external_code(message.partner_id, "product", product)
            or product.default_code
            or str(product.id)
        )

    def _uom_code(self, message, uom):
        return self.env["integration.xref"]._external_code(message.partner_id, "uom", uom) or (
            "EA" if uom == self.env.ref("uom.product_uom_unit") else uom.name
        )
