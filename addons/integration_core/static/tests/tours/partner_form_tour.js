/** @odoo-module **/
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

import { registry } from "@web/core/registry";

/**
 * A manager creates a partner in its form, adds an endpoint before the partner is saved (it
 * failed with "Invalid fields: Partner"), saves, then issues an API key from the partner's
 * header (issuing it from the endpoint line duplicated the row and crashed the form).
 */
registry.category("web_tour.tours").add("integration_partner_form_tour", {
    steps: () => [
        {
            content: "New partner",
            trigger: ".o-kanban-button-new",
            run: "click",
        },
        {
            content: "Its name",
            trigger: ".o_form_view .o_field_widget[name='name'] input",
            run: "edit Harbor Freight EDI",
        },
        {
            content: "Its code",
            trigger: ".o_form_view .o_field_widget[name='code'] input",
            run: "edit harbor-freight",
        },
        {
            content: "The endpoints tab",
            trigger: ".o_notebook .nav-link:contains('Endpoints')",
            run: "click",
        },
        {
            content: "Add an endpoint to the unsaved partner",
            trigger: ".o_field_widget[name='endpoint_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Its name",
            trigger: ".modal .o_field_widget[name='name'] input",
            run: "edit Harbor gateway",
        },
        {
            content: "Files exchanged by hand",
            trigger: ".modal .o_field_widget[name='transport'] select",
            run: 'select "manual"',
        },
        {
            content: "Save the endpoint line",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The line is added, no invalid field",
            trigger:
                "body:not(:has(.modal)) .o_field_widget[name='endpoint_ids'] .o_data_row:contains('Harbor gateway')",
        },
        {
            content: "Save the partner",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Issue an API key from the saved partner",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_issue_api_key']",
            run: "click",
        },
        {
            content: "The partner's endpoint is chosen",
            trigger: ".modal .o_field_widget[name='endpoint_id'] input:value(Harbor gateway)",
        },
        {
            content: "Issue",
            trigger: ".modal button[name='action_issue']",
            run: "click",
        },
        {
            content: "The key is shown once",
            trigger: ".modal .o_field_widget[name='key']:contains('ihk_')",
        },
        {
            content: "Close",
            trigger: ".modal .modal-footer button:contains('Close')",
            run: "click",
        },
        {
            content: "Back on the partner, one endpoint line",
            trigger:
                "body:not(:has(.modal)) .o_field_widget[name='endpoint_ids'] .o_data_row:contains('Harbor gateway')",
        },
    ],
});
