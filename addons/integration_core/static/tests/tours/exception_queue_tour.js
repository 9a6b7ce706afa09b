/** @odoo-module **/
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

import { registry } from "@web/core/registry";

/**
 * An integration user works the exception queue: a message failed because the partner's
 * product code ACME-404 has no cross-reference. The user maps it to "Demo Widget" and
 * retries. The HttpCase that starts this tour then runs the queued jobs and checks in Python
 * that the message was processed (a tour cannot run queue jobs).
 */
registry.category("web_tour.tours").add("integration_exception_queue_tour", {
    url: "/odoo/action-integration_core.action_integration_exception",
    steps: () => [
        {
            content: "The exception queue lists the open exceptions",
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "Open the mapping exception about product code ACME-404",
            trigger: ".o_data_row:contains('ACME-404') .o_data_cell[name='name']",
            run: "click",
        },
        {
            content: "The form explains what is wrong",
            trigger: ".o_form_view .alert-danger:contains('ACME-404')",
        },
        {
            content: "Fix the missing cross-reference",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_fix_xref']",
            run: "click",
        },
        {
            content: "The cross-reference dialog is pre-filled with the partner's code",
            trigger: ".modal .o_field_widget[name='external_code'] input:value(ACME-404)",
        },
        {
            content: "Type the Odoo product it stands for",
            trigger: ".modal .o_field_widget[name='product_id'] input",
            run: "edit Demo Widget",
        },
        {
            content: "Pick it in the autocomplete",
            trigger:
                ".modal .o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option) > a:contains('Demo Widget')",
            run: "click",
        },
        {
            content: "The product is set",
            trigger: ".modal .o_field_widget[name='product_id'] input:value(Demo Widget)",
        },
        {
            content: "Save the cross-reference",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "Retry the message",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_retry']",
            run: "click",
        },
        {
            content: "The message went through: its exception is resolved",
            trigger:
                ".o_form_view .o_field_widget[name='state'] .o_arrow_button_current:contains('Resolved')",
        },
        {
            content: "Open the message",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_open_message']",
            run: "click",
        },
        {
            content: "The message is processed",
            trigger:
                ".o_form_view .o_field_widget[name='state'] .o_arrow_button_current:contains('Processed')",
        },
        {
            content: "Read the order as a document",
            trigger: ".o_form_view .o_notebook_headers a[name='document']",
            run: "click",
        },
        {
            content: "The order's lines are laid out with their product",
            trigger: ".o_form_view .o_integration_document table:contains('ACME-404')",
        },
        {
            content: "Read the payload with its keys named",
            trigger: ".o_form_view .o_notebook_headers a[name='readable']",
            run: "click",
        },
        {
            content: "Each key shows its label and path",
            trigger: ".o_form_view .o_integration_readable:contains('lines[0].product_code')",
        },
    ],
});
