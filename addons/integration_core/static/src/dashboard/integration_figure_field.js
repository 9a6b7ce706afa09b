/** @odoo-module **/
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import { registry } from "@web/core/registry";
import { StatInfoField, statInfoField } from "@web/views/fields/stat_info/stat_info_field";

const formatters = registry.category("formatters");

/**
 * A dashboard figure: its value coloured against its thresholds (Odoo's text-success /
 * text-warning / text-danger), its label on its own lines, and its change over 24 h.
 */
export class IntegrationFigureField extends StatInfoField {
    static template = "integration_core.IntegrationFigureField";

    get figure() {
        return (this.props.record.data.figure_states || {})[this.props.name] || {};
    }

    get levelClass() {
        return this.figure.level ? `text-${this.figure.level}` : "";
    }

    get trend() {
        const { previous, delta } = this.figure;
        if (previous === undefined) {
            return null;
        }
        const field = this.props.record.fields[this.props.name];
        const format = (value) =>
            formatters.get(field.type)(value, { digits: this.props.digits, field });
        return {
            icon: delta > 0 ? "fa-arrow-up" : delta < 0 ? "fa-arrow-down" : "fa-arrows-h",
            text: `${delta > 0 ? "+" : ""}${format(delta)}`,
            previous: format(previous),
        };
    }
}

registry.category("fields").add("integration_figure", {
    ...statInfoField,
    component: IntegrationFigureField,
    fieldDependencies: [{ name: "figure_states", type: "json" }],
});
