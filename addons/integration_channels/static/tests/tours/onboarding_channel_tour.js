/** @odoo-module **/
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

import { registry } from "@web/core/registry";
import { postShownRequest } from "@integration_core/../tests/tours/onboarding_steps";

/**
 * A manager onboards a Shopify-style shop: its name and webhook secret (2 fields), Create,
 * then posts the sample shop order the checklist's curl shows.
 */
registry.category("web_tour.tours").add("integration_onboarding_channel_tour", {
    steps: () => [
        {
            content: "Open the integration configuration menu",
            trigger: "button[data-menu-xmlid='integration_core.menu_integration_configuration']",
            run: "click",
        },
        {
            content: "New sales channel",
            trigger: "[data-menu-xmlid='integration_channels.menu_integration_onboarding_channel']",
            run: "click",
        },
        {
            content: "The shop's name",
            trigger: ".modal .o_field_widget[name='name'] input",
            run: "edit Harbor Shop",
        },
        {
            content: "The secret the shop signs its webhooks with",
            trigger: ".modal .o_field_widget[name='channel_webhook_secret'] input",
            run: "edit harbor-webhook-secret",
        },
        {
            content: "Create",
            trigger: ".modal button[name='action_create']",
            run: "click",
        },
        {
            content: "The checklist lists the channel's orders flow",
            trigger: ".modal .o_field_widget[name='checklist']:contains('harbor-shop')",
        },
        ...postShownRequest(),
    ],
});
