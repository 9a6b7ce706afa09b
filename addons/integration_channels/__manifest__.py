# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Integration Hub: Sales Channels",
    "summary": "Web shops and marketplaces: signed webhooks, orders in, available-to-sell "
    "and fulfilments out, missed-event reconciliation",
    "version": "18.0.1.0.0",
    "category": "Productivity/Integrations",
    "website": "https://github.com/integration-hub/odoo-integration-hub",
    "author": "Integration Hub contributors",
    "license": "LGPL-3",
    "depends": ["integration_core"],
    "data": [
        "security/ir.model.access.csv",
        "security/integration_channels_rules.xml",
        "data/ir_cron_data.xml",
        "data/queue_job_function_data.xml",
        "data/integration_onboarding_document_data.xml",
        "views/integration_channel_views.xml",
        "views/integration_channel_stock_views.xml",
        "views/integration_flow_views.xml",
        "views/sale_order_views.xml",
        "views/payment_event_views.xml",
        "views/account_move_views.xml",
        "views/integration_channels_menus.xml",
        "wizards/integration_onboarding_views.xml",
    ],
    "demo": ["demo/integration_channels_demo.xml"],
    "assets": {
        "web.assets_tests": ["integration_channels/static/tests/tours/*.js"],
    },
}
