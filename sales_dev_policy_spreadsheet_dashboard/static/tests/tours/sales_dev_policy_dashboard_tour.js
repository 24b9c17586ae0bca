/** @odoo-module **/
// The Sales Development dashboard opens in the Dashboards app and its spreadsheet loads (the
// figures themselves are checked on the server: a tour cannot read a canvas).
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sales_dev_policy_dashboard_tour", {
    steps: () => [
        {
            content: "Open the Sales Development dashboard",
            trigger: ".o_search_panel_category_value:contains('Sales Development')",
            run: "click",
        },
        {
            content: "Its period filter is shown, on the year to date",
            trigger: ".o_control_panel:contains('Year to Date')",
        },
        {
            content: "The first section is there",
            trigger: ".o_spreadsheet_dashboard_action:contains('Sales Development')",
        },
        {
            content: "The spreadsheet is drawn, without a loading error",
            trigger: ".o_spreadsheet_dashboard_action:not(:has(.error)) .o-grid canvas",
        },
    ],
});
