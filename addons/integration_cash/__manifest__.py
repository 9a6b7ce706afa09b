# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Integration Hub: Cash (remittances)",
    "summary": "Customers' remittance advices in (X12 820, EDIFACT REMADV, CSV, JSON): "
    "invoices matched and paid, deductions disputed with the order's evidence",
    "version": "18.0.1.0.0",
    "category": "Productivity/Integrations",
    "website": "https://github.com/integration-hub/odoo-integration-hub",
    "author": "Integration Hub contributors",
    "license": "LGPL-3",
    "depends": ["integration_core", "account"],
    "external_dependencies": {"python": ["pydantic"]},
    "data": [
        "security/ir.model.access.csv",
        "security/integration_cash_rules.xml",
        "data/integration_flat_layout_data.xml",
        "views/integration_exception_views.xml",
        "views/integration_flow_views.xml",
        "views/account_move_views.xml",
        "wizards/integration_dashboard_views.xml",
    ],
    "demo": ["demo/integration_cash_demo.xml"],
}
