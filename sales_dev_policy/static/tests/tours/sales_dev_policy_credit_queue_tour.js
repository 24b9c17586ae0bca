/** @odoo-module **/
// Credit (P6.3.1): the credit officer opens Odoo and lands on the assessments waiting for them;
// a colleague's completed assessment opens with its conclusion, and the officer approves it
// (the second pair of eyes).
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sales_dev_policy_credit_queue_tour", {
    steps: () => [
        {
            content: "The first screen is the credit assessments waiting",
            trigger: ".o_breadcrumb:contains('Credit Assessments')",
        },
        {
            content: "with the colleague's completed assessment",
            trigger: ".o_data_row:contains('Credit Queue Customer') td.o_data_cell, .o_kanban_record:contains('Credit Queue Customer')",
            run: "click",
        },
        {
            content: "The assessment shows the limit it proposes",
            trigger: ".o_field_widget[name='credit_limit']:contains('2,500.00'), .o_field_widget[name='credit_limit'] input:value(2,500.00)",
        },
        {
            content: "On a phone, the assessment's buttons are in its menu",
            isActive: ["mobile"],
            trigger: ".o_cp_action_menus .dropdown-toggle",
            run: "click",
        },
        {
            content: "Approve, as the second officer",
            trigger: "button[name='action_approve']",
            run: "click",
        },
        {
            content: "The assessment is approved",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Approved'), .o_statusbar_status .dropdown-toggle:contains('Approved')",
        },
    ],
});
