/** @odoo-module **/
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

import { registry } from "@web/core/registry";
import { postShownRequest } from "@integration_core/../tests/tours/onboarding_steps";

/**
 * A manager onboards an X12 customer from Configuration > New trading partner: the partner's
 * name and both interchange IDs typed (3 fields), invoices left out (1 checkbox), Create.
 * The checklist shows a ready-to-run curl; the tour posts exactly what it shows (same URL
 * path, headers and body), as the partner's developer would. The HttpCase then runs the jobs
 * and checks the test quotation.
 */
registry.category("web_tour.tours").add("integration_onboarding_edi_tour", {
    steps: () => [
        {
            content: "Open the integration configuration menu",
            trigger: "button[data-menu-xmlid='integration_core.menu_integration_configuration']",
            run: "click",
        },
        {
            content: "New trading partner",
            trigger: "[data-menu-xmlid='integration_edi.menu_integration_onboarding_edi']",
            run: "click",
        },
        {
            content: "The partner's name",
            trigger: ".modal .o_field_widget[name='name'] input",
            run: "edit Northwind Stores",
        },
        {
            content: "X12 004010 is the default standard",
            trigger: ".modal .o_field_widget[name='x12_version'] select",
        },
        {
            content: "Their interchange ID",
            trigger: ".modal .o_field_widget[name='edi_their_id'] input",
            run: "edit NORTHWIND",
        },
        {
            content: "Our interchange ID (the company has none yet)",
            trigger: ".modal .o_field_widget[name='edi_our_id'] input",
            run: "edit HUBDISTRIB",
        },
        {
            content: "No invoices for this partner",
            trigger:
                ".modal .o_field_widget[name='document_ids'] .form-check:contains('Invoices out') input",
            run: "click",
        },
        {
            content: "Create",
            trigger: ".modal button[name='action_create']",
            run: "click",
        },
        {
            content: "The checklist lists what was created",
            trigger: ".modal .o_field_widget[name='checklist']:contains('997 in')",
        },
        ...postShownRequest(),
        {
            content: "Open the partner",
            trigger: ".modal button[name='action_open_partner']",
            run: "click",
        },
        {
            content: "The partner's form opens, in test",
            trigger:
                ".o_form_view:has(.o_field_widget[name='name'] input:value(Northwind Stores)) .o_field_widget[name='usage'] .o_arrow_button_current:contains('Test')",
        },
    ],
});
