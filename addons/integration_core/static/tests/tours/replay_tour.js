/** @odoo-module **/
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

import { registry } from "@web/core/registry";

/**
 * An integration manager changed a cross-reference and checks what it would change before
 * anything is reprocessed: the processed messages, selected in the list, are replayed in a
 * dry run; the order whose line used the partner's code shows the product change, old → new.
 * The HttpCase checks in Python that nothing was written.
 */
registry.category("web_tour.tours").add("integration_replay_tour", {
    url: "/odoo/action-integration_core.action_integration_message",
    steps: () => [
        {
            content: "The messages are listed",
            trigger: ".o_list_view .o_data_row:contains('PO-REPLAY-2')",
        },
        {
            content: "Select them all",
            trigger: ".o_list_view thead .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Open the actions",
            trigger: ".o_cp_action_menus button:contains('Actions')",
            run: "click",
        },
        {
            content: "Replay them in a dry run",
            trigger: ".o-dropdown--menu .o_menu_item:contains('Replay (dry run)')",
            run: "click",
        },
        {
            content: "Start the replay",
            trigger: ".modal button[name='action_replay']",
            run: "click",
        },
        {
            content: "The order that used the changed code is the changed one",
            trigger:
                ".o_form_view .o_field_widget[name='line_ids'] .o_data_row:contains('PO-REPLAY-2'):contains('Line 1: product')",
        },
        {
            content: "The other order is unchanged",
            trigger:
                ".o_form_view .o_field_widget[name='line_ids'] .o_data_row:contains('PO-REPLAY-1'):contains('Unchanged')",
        },
        {
            content: "Open the changed one",
            trigger:
                ".o_form_view .o_field_widget[name='line_ids'] .o_data_row:contains('PO-REPLAY-2') .o_data_cell[name='changed_fields']",
            run: "click",
        },
        {
            content: "Its difference reads old → new",
            trigger:
                ".modal .o_integration_replay_diff tr:contains('Line 1: product'):contains('[WIDGET-1] Widget'):contains('[GADGET-1] Gadget')",
        },
    ],
});
