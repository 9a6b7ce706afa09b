# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Integration Hub: AMQP broker",
    "summary": "Publish outbound documents and business events as CloudEvents to an AMQP "
    "broker (RabbitMQ) with publisher confirms; consume a queue into an inbound flow",
    "version": "18.0.1.0.0",
    "category": "Productivity/Integrations",
    "website": "https://github.com/integration-hub/odoo-integration-hub",
    "author": "Integration Hub contributors",
    "license": "LGPL-3",
    "depends": ["integration_core"],
    "external_dependencies": {"python": ["pika"]},
    "data": [
        "views/integration_endpoint_views.xml",
        "views/integration_flow_views.xml",
    ],
}
