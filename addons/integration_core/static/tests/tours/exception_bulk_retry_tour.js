/** @odoo-module **/
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

import { registry } from "@web/core/registry";

const row = (code) => `.o_list_view .o_data_row:contains('${code}')`;

/**
 * An integration user selects two of three failed exceptions and retries them from the
 * list's Actions menu: a notification says so and the two rows show "In progress" in place,
 * without the page being reloaded (a marker set on the window before survives). Names are
 * shown whole, not cut. The HttpCase that starts it checks the states in Python.
 */
registry.category("web_tour.tours").add("integration_exception_bulk_retry_tour", {
    url: "/odoo/action-integration_core.action_integration_exception",
    steps: () => [
        {
            content: "The queue lists the three failed exceptions",
            trigger: `${row("ACME-RED")}, ${row("ACME-BLUE")}, ${row("ACME-GREEN")}`,
            run() {
                window.integrationNoReload = true;
            },
        },
        {
            content: "Each exception's name is shown whole",
            trigger: ".o_list_view .o_data_row .o_data_cell[name='name']",
            run() {
                for (const cell of document.querySelectorAll(
                    ".o_list_view .o_data_cell[name='name'], .o_list_view .o_data_cell[name='flow_id']"
                )) {
                    if (cell.scrollWidth > cell.clientWidth) {
                        throw new Error(`Cut in the list: ${cell.textContent}`);
                    }
                }
            },
        },
        {
            content: "Select the exception of ACME-RED",
            trigger: `${row("ACME-RED")} .o_list_record_selector input[type='checkbox']`,
            run: "click",
        },
        {
            content: "Select the exception of ACME-BLUE",
            trigger: `${row("ACME-BLUE")} .o_list_record_selector input[type='checkbox']`,
            run: "click",
        },
        {
            content: "Open the Actions menu",
            trigger: ".o_cp_action_menus button",
            run: "click",
        },
        {
            content: "Retry the selected exceptions",
            trigger: ".o-dropdown--menu .o-dropdown-item:contains('Retry')",
            run: "click",
        },
        {
            content: "A notification says they are being retried",
            trigger: ".o_notification:contains('Retry started for 2 exception(s)')",
        },
        {
            content: "The row of ACME-RED shows its new state",
            trigger: `${row("ACME-RED")} .o_data_cell[name='state']:contains('In progress')`,
        },
        {
            content: "So does the row of ACME-BLUE",
            trigger: `${row("ACME-BLUE")} .o_data_cell[name='state']:contains('In progress')`,
        },
        {
            content: "The one not selected is still new",
            trigger: `${row("ACME-GREEN")} .o_data_cell[name='state']:contains('New')`,
        },
        {
            content: "The page was not reloaded",
            trigger: ".o_list_view",
            run() {
                if (!window.integrationNoReload) {
                    throw new Error("The page was reloaded");
                }
            },
        },
    ],
});
