# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.addons.integration_core.schemas.openapi import problem_response

AS2_HEADERS = (
    ("AS2-From", True, "The partner's AS2 identifier."),
    ("AS2-To", True, "Our company's AS2 identifier."),
    ("Message-ID", True, "The message's id; a resent id is answered as the first time."),
    ("Disposition-Notification-To", False, "Asks for a synchronous MDN."),
    ("Disposition-Notification-Options", False, "Asks for a signed MDN (signed-receipt-micalg)."),
    ("Receipt-Delivery-Option", False, "URL for an asynchronous MDN."),
)


class IntegrationOpenapi(models.AbstractModel):
    _inherit = "integration.openapi"

    @api.model
    def _openapi_routes(self):
        routes = super()._openapi_routes()
        routes["paths"]["/as2"] = {
            "post": {
                "operationId": "postAs2",
                "summary": "An AS2 message or asynchronous MDN (RFC 4130)",
                "description": "The request is stored first, then decrypted and its signature "
                "verified with the partner's certificate; the EDI file inside goes to the "
                "partner's flows like a posted file.",
                "security": [{"as2Signature": []}],
                "parameters": [
                    {
                        "name": name,
                        "in": "header",
                        "required": required,
                        "description": description,
                        "schema": {"type": "string"},
                    }
                    for name, required, description in AS2_HEADERS
                ],
                "requestBody": {
                    "required": True,
                    "description": "The S/MIME message (signed, encrypted, compressed as the "
                    "partner's agreement says).",
                    "content": {
                        "application/pkcs7-mime": {"schema": {}},
                        "multipart/signed": {"schema": {}},
                    },
                },
                "responses": {
                    "200": {
                        "description": "The synchronous MDN (positive or negative), or an "
                        "empty answer when the MDN goes asynchronously.",
                        "content": {"multipart/signed": {"schema": {}}, "text/plain": {}},
                    },
                    "400": {"description": "No Message-ID."},
                    "403": {"description": "Unknown partner or bad signature, no MDN asked."},
                    "404": {"description": "No company has this AS2-To."},
                    "413": problem_response("Body above 64 MiB (not read)."),
                    "503": problem_response("The hub cannot take requests now.", retry_after=True),
                },
            }
        }
        routes["securitySchemes"]["as2Signature"] = {
            "type": "apiKey",
            "in": "header",
            "name": "AS2-From",
            "description": "AS2: the body is signed with the certificate of the partner "
            "AS2-From names (and encrypted with ours); nothing else authenticates it.",
        }
        return routes
