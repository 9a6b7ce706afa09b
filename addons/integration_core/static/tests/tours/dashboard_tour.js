/** @odoo-module **/
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

import { registry } from "@web/core/registry";

const DASHBOARD = ".o_integration_dashboard_form";

/** Resolves with the element ``selector`` once it shows, fails the tour after 10 s. */
async function shown(selector, what) {
    for (let waited = 0; waited < 10000; waited += 100) {
        const element = document.querySelector(selector);
        if (element) {
            return element;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${what}: ${selector} did not show`);
}

const BATCH = 6;

/** Clicks the figure ``name``, checks its list and facet, and comes back. */
async function openFigure(name) {
    const figure = await shown(`${DASHBOARD} .o_integration_figure[data-figure='${name}']`, name);
    const value = figure.querySelector(".o_stat_value").textContent.trim();
    figure.closest("button").click();
    await shown(".o_list_view .o_searchview_facet", `${name}: facet`);
    await shown(".o_list_view .o_list_table", `${name}: list`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // An empty list may show sample rows, greyed: they are not records.
    const sample = document.querySelector(".o_list_view .o_view_sample_data");
    const rows = sample ? 0 : document.querySelectorAll(".o_list_view .o_data_row").length;
    if (/^\d+$/.test(value) && Number(value) <= 80 && rows !== Number(value)) {
        throw new Error(`${name}: ${rows} rows listed, the figure says ${value}`);
    }
    const back = await shown(".o_breadcrumb .breadcrumb-item a", `${name}: breadcrumb`);
    back.click();
    await shown(`${DASHBOARD} .o_integration_figure[data-figure='${name}']`, `${name}: back`);
}

function overlap(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/**
 * A person opens the dashboard: the failure rate over its threshold is red, no figure runs
 * into its label, and every figure clicked lists its records under a visible search facet
 * (the figure's own filters), its count matching the figure.
 */
registry.category("web_tour.tours").add("integration_dashboard_tour", {
    url: "/odoo/action-integration_core.action_integration_dashboard_open",
    steps: () => [
        {
            content: "The dashboard opens with its figures computed",
            trigger: `${DASHBOARD} .o_integration_figure[data-figure='failure_rate']`,
        },
        {
            content: "The failure rate over its critical threshold is red",
            trigger: `${DASHBOARD} .o_integration_figure[data-figure='failure_rate'] .o_stat_value.text-danger`,
        },
        {
            content: "The flows board shows the failing flow in red, the troubled flows first",
            trigger: `${DASHBOARD} .o_field_one2many[name='flow_line_ids'] .o_data_row:first-child.text-danger`,
        },
        {
            content: "The failing flow is among them",
            trigger: `${DASHBOARD} .o_field_one2many[name='flow_line_ids'] .o_data_row.text-danger:contains('Tour orders')`,
        },
        {
            content: "No figure runs into its label or out of its button",
            trigger: `${DASHBOARD} .o_integration_figure`,
            run() {
                for (const figure of document.querySelectorAll(`${DASHBOARD} .o_integration_figure`)) {
                    const value = figure.querySelector(".o_stat_value").getBoundingClientRect();
                    const label = figure.querySelector(".o_stat_text").getBoundingClientRect();
                    const button = figure.closest("button").getBoundingClientRect();
                    if (overlap(value, label) || label.right > button.right + 1 ||
                        label.bottom > button.bottom + 1) {
                        throw new Error(`${figure.dataset.figure} runs into its label`);
                    }
                }
            },
        },
        // A step may take 60 s at most: the figures by batches.
        ...[0, 1, 2, 3, 4, 5].map((batch) => ({
            content: `Figures ${batch * BATCH + 1} to ${(batch + 1) * BATCH} open their records with their filters as facets`,
            trigger: `${DASHBOARD} .o_integration_figure`,
            timeout: 60000,
            async run() {
                const names = [...document.querySelectorAll(`${DASHBOARD} .o_integration_figure`)]
                    .map((figure) => figure.dataset.figure)
                    .slice(batch * BATCH, (batch + 1) * BATCH);
                for (const name of names) {
                    await openFigure(name);
                }
            },
        })),
        {
            content: "Back on the dashboard",
            trigger: `${DASHBOARD} .o_integration_figure[data-figure='failure_rate']`,
        },
    ],
});
