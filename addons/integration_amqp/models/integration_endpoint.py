# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class IntegrationEndpoint(models.Model):
    _inherit = "integration.endpoint"

    transport = fields.Selection(
        selection_add=[("amqp", "AMQP broker (RabbitMQ)")], ondelete={"amqp": "set default"}
    )
