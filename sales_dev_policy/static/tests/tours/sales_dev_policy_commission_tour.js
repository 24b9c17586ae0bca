/** @odoo-module **/
// Incentives (P5.1.1): a salesperson opens "My Commissions" and reads their monthly sheet, read only
// (desktop and phone).
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sales_dev_policy_commission_tour", {
    steps: () => [
        {
            content: "Open my sheet of the month",
            trigger:
                ".o_data_row:contains('Tour Earner') td[name='date_from'], .o_kanban_record:contains('Tour Earner')",
            run: "click",
        },
        {
            content: "The sheet lists the commission on the sales amount",
            trigger: ".o_field_widget[name='line_ids']:contains('Sales Amount')",
        },
        {
            content: "10% of 100.00",
            trigger: ".o_field_widget[name='amount_total']:contains('10.00')",
        },
        {
            content: "A salesperson cannot confirm their own sheet",
            trigger: ".o_form_view:not(:has(button[name='action_confirm']))",
        },
    ],
});
