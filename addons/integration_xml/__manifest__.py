# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Integration Hub: XML (UBL and cXML)",
    "summary": "UBL / Peppol BIS 3 and cXML 1.2 with customers and suppliers: orders, "
    "acknowledgements, ship notices and invoices both ways through Odoo's own UBL builders, "
    "cXML envelopes with shared secret and synchronous Response",
    "version": "18.0.1.1.0",
    "category": "Productivity/Integrations",
    "website": "https://github.com/integration-hub/odoo-integration-hub",
    "author": "Integration Hub contributors",
    "license": "LGPL-3",
    "depends": [
        "integration_core",
        "account_edi_ubl_cii",
        "sale_edi_ubl",
        "purchase_edi_ubl_bis3",
    ],
    "external_dependencies": {"python": ["lxml"]},
    "data": [
        "views/integration_endpoint_views.xml",
        "views/integration_flow_views.xml",
    ],
}
