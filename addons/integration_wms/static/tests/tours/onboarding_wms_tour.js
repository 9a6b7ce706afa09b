/** @odoo-module **/
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

import { registry } from "@web/core/registry";
import { postShownRequest } from "@integration_core/../tests/tours/onboarding_steps";

/**
 * A manager onboards the 3PL that runs the Coastal DC warehouse: its name and the warehouse
 * (2 fields), Create, then posts the inventory snapshot the checklist's curl shows.
 */
registry.category("web_tour.tours").add("integration_onboarding_wms_tour", {
    steps: () => [
        {
            content: "Open the integration configuration menu",
            trigger: "button[data-menu-xmlid='integration_core.menu_integration_configuration']",
            run: "click",
        },
        {
            content: "New warehouse partner",
            trigger: "[data-menu-xmlid='integration_wms.menu_integration_onboarding_wms']",
            run: "click",
        },
        {
            content: "The partner's name",
            trigger: ".modal .o_field_widget[name='name'] input",
            run: "edit Coastal Logistics",
        },
        {
            content: "The warehouse it runs",
            trigger: ".modal .o_field_widget[name='wms_warehouse_id'] input",
            run: "edit Coastal DC",
        },
        {
            content: "Pick it",
            trigger: ".modal .o-autocomplete--dropdown-item > a:contains('Coastal DC')",
            run: "click",
        },
        {
            content: "Create",
            trigger: ".modal button[name='action_create']",
            run: "click",
        },
        {
            content: "The checklist lists the snapshot flow",
            trigger: ".modal .o_field_widget[name='checklist']:contains('snapshots-in')",
        },
        ...postShownRequest(),
    ],
});
