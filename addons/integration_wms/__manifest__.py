# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Integration Hub: External Warehouses (WMS / 3PL)",
    "summary": "Warehouses run by an external WMS or 3PL: release of deliveries, ship and "
    "receipt confirmations, inventory snapshots and reconciliation",
    "version": "18.0.1.0.0",
    "category": "Productivity/Integrations",
    "website": "https://github.com/integration-hub/odoo-integration-hub",
    "author": "Integration Hub contributors",
    "license": "LGPL-3",
    "depends": ["integration_core"],
    "external_dependencies": {"python": ["pydantic"]},
    "data": [
        "security/ir.model.access.csv",
        "security/integration_wms_rules.xml",
        "data/ir_cron_data.xml",
        "data/integration_onboarding_document_data.xml",
        "data/integration_partner_template_3pl.xml",
        "views/stock_warehouse_views.xml",
        "views/stock_picking_views.xml",
        "views/integration_message_views.xml",
        "views/integration_wms_variance_views.xml",
        "views/integration_wms_menus.xml",
        "wizards/integration_dashboard_views.xml",
        "wizards/integration_onboarding_views.xml",
    ],
    "demo": ["demo/integration_wms_demo.xml"],
    "assets": {
        "web.assets_tests": ["integration_wms/static/tests/tours/*.js"],
    },
}
