# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Integration Hub: Suppliers",
    "summary": "The supplier side: purchase orders out, supplier acknowledgements, advance "
    "ship notices and invoices in, with tolerances and three-way match",
    "version": "18.0.1.0.0",
    "category": "Productivity/Integrations",
    "website": "https://github.com/integration-hub/odoo-integration-hub",
    "author": "Integration Hub contributors",
    "license": "LGPL-3",
    "depends": ["integration_core", "purchase_stock", "product_expiry"],
    "external_dependencies": {"python": ["pydantic"]},
    "data": [
        "security/ir.model.access.csv",
        "views/integration_partner_views.xml",
        "views/integration_flow_views.xml",
        "views/integration_exception_views.xml",
        "views/purchase_order_views.xml",
        "views/account_move_views.xml",
        "wizards/integration_dashboard_views.xml",
    ],
    "demo": ["demo/integration_purchase_demo.xml"],
}
