# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.addons.integration_core.schemas.openapi import problem_response, status_response

CODE = {
    "name": "code",
    "in": "path",
    "required": True,
    "description": "The sales channel's code.",
    "schema": {"type": "string"},
}
NOT_STORED = {
    "description": "A repeat of a webhook (the first message), or a topic or event type the "
    "hub does not handle, or a WooCommerce ping: nothing new was stored.",
    "content": {"application/json": {"schema": {"type": "object"}}},
}


def _webhook(operation_id, summary, description, security):
    """A channel webhook route: the shop's or gateway's JSON, signed as ``security`` says."""
    return {
        "post": {
            "operationId": operation_id,
            "summary": summary,
            "description": description,
            "security": security,
            "parameters": [CODE],
            "requestBody": {
                "required": True,
                "description": "The platform's own JSON, as it sends it.",
                "content": {"application/json": {"schema": {"type": "object"}}},
            },
            "responses": {
                "202": status_response("Stored and queued.", location=True),
                "200": NOT_STORED,
                "400": problem_response("The signed body is not readable (it is kept)."),
                "401": problem_response(
                    "Bad or missing signature, or no channel with this code takes it; "
                    "nothing was stored."
                ),
                "413": problem_response("Body above the flow's size limit (not read)."),
                "503": problem_response(
                    "The channel receives nothing now, or the hub cannot check signatures.",
                    retry_after=True,
                ),
            },
        }
    }


class IntegrationOpenapi(models.AbstractModel):
    _inherit = "integration.openapi"

    @api.model
    def _openapi_routes(self):
        routes = super()._openapi_routes()
        routes["paths"]["/channels/{code}/webhooks"] = _webhook(
            "postChannelWebhook",
            "A shop's order webhook",
            "Set this URL as the shop's webhook with the channel's secret: the signature is "
            "checked over the raw body before anything is stored (Shopify, WooCommerce or "
            "Standard Webhooks, by the channel's codec).",
            [{"shopifyHmac": []}, {"wooCommerceSignature": []}, {"standardWebhooks": []}],
        )
        routes["paths"]["/channels/{code}/payments"] = _webhook(
            "postChannelPayment",
            "A payment gateway's event (captured, refunded, failed, payout)",
            "Signed the Standard Webhooks way with the channel's payment secret; stored on "
            "the channel's payment events flow.",
            [{"standardWebhooks": []}],
        )
        routes["securitySchemes"].update(
            {
                "shopifyHmac": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "X-Shopify-Hmac-Sha256",
                    "description": "Base64 HMAC-SHA256 of the raw body with the channel's "
                    "webhook secret.",
                },
                "wooCommerceSignature": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "X-WC-Webhook-Signature",
                    "description": "Base64 HMAC-SHA256 of the raw body with the channel's "
                    "webhook secret.",
                },
                "standardWebhooks": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "webhook-signature",
                    "description": "Standard Webhooks: v1,<base64 HMAC-SHA256 of "
                    "'<webhook-id>.<webhook-timestamp>.<body>'> with the whsec_ secret; "
                    "webhook-timestamp within 5 minutes.",
                },
            }
        )
        return routes
