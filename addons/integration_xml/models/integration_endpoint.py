# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.addons.integration_core.models.integration_endpoint import SECRET_FIELDS


class IntegrationEndpoint(models.Model):
    """The cXML credentials a partner's procurement system sends in each request's envelope."""

    _inherit = "integration.endpoint"
    _secret_fields = (*SECRET_FIELDS, "cxml_shared_secret")

    cxml_from_domain = fields.Char(
        string="cXML From domain",
        help="Domain of the partner's From credential (NetworkID, DUNS...); empty: any domain.",
    )
    cxml_from_identity = fields.Char(
        string="cXML From identity",
        help="Identity of the partner's From credential: requests naming another are refused "
        "(401).",
    )
    cxml_to_domain = fields.Char(
        string="cXML To domain",
        default="NetworkID",
        help="Domain of our own credential, in the From and Sender of the requests we send.",
    )
    cxml_to_identity = fields.Char(
        string="cXML To identity",
        help="Our identity in the To credential of the partner's requests (empty: not "
        "checked), and in the From and Sender of the requests we send.",
    )
    cxml_shared_secret = fields.Char(
        string="cXML shared secret",
        compute="_compute_secrets",
        inverse="_inverse_cxml_shared_secret",
        help="The SharedSecret of the Sender credential; write-only, stored encrypted.",
    )
    cxml_shared_secret_encrypted = fields.Char(groups="base.group_system", copy=False)
    transport = fields.Selection(
        selection_add=[("cxml", "cXML over HTTPS")], ondelete={"cxml": "set default"}
    )

    def _inverse_cxml_shared_secret(self):
        self._store_secret("cxml_shared_secret")
