# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Integration Hub: EDI",
    "summary": "X12 and UN/EDIFACT codecs for the integration hub: interchanges, control "
    "numbers, functional acknowledgements and partner EDI profiles",
    "version": "18.0.1.0.0",
    "category": "Productivity/Integrations",
    "website": "https://github.com/integration-hub/odoo-integration-hub",
    "author": "Integration Hub contributors",
    "license": "LGPL-3",
    "depends": ["integration_core"],
    "external_dependencies": {"python": ["asn1crypto", "cryptography"], "bin": ["openssl"]},
    "data": [
        "security/ir.model.access.csv",
        "security/integration_edi_rules.xml",
        "data/ir_cron_data.xml",
        "data/integration_onboarding_document_data.xml",
        "data/integration_partner_template_retail_x12.xml",
        "data/integration_partner_template_retail_edifact.xml",
        "views/integration_edi_interchange_views.xml",
        "views/integration_edi_group_views.xml",
        "views/integration_edi_transaction_views.xml",
        "views/integration_partner_views.xml",
        "views/integration_message_views.xml",
        "views/integration_edi_menus.xml",
        "views/integration_as2_views.xml",
        "wizards/integration_onboarding_views.xml",
        "wizards/integration_dashboard_views.xml",
    ],
    "demo": ["demo/integration_edi_demo.xml"],
    "assets": {
        "web.assets_tests": ["integration_edi/static/tests/tours/*.js"],
    },
}
