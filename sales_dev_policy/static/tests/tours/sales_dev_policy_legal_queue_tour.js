/** @odoo-module **/
// Legal (P3.7.3): the legal reviewer opens Odoo and lands on the review queue; the quotation
// waiting opens where the decision is taken, with its lines and terms; the reviewer ticks the
// contract checklist and approves, and the round shows the decision.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sales_dev_policy_legal_queue_tour", {
    steps: () => [
        {
            content: "The first screen is the legal review queue",
            trigger: ".o_breadcrumb:contains('Legal Reviews')",
        },
        {
            content: "with the quotation waiting for a decision",
            trigger: ".o_data_row:contains('Queue Tour Customer') td[name='partner_id'], .o_kanban_record:contains('Queue Tour Customer')",
            run: "click",
        },
        {
            content: "The round shows the order's lines",
            trigger: ".o_field_widget[name='order_line_ids'] .o_data_row:contains('Queue Tour Service'), .o_field_widget[name='order_line_ids'] .o_kanban_record:contains('Queue Tour Service')",
        },
        ...[
            "check_rights_obligations",
            "check_specifications",
            "check_price",
            "check_delivery_time",
            "check_quality_standards",
            "check_breach_liability",
        ].map((name) => ({
            content: `Tick ${name} of the contract checklist (P3.7.2)`,
            trigger: `.o_field_widget[name='${name}'] input`,
            run: "click",
        })),
        {
            content: "On a phone, the round's buttons are in its menu",
            isActive: ["mobile"],
            trigger: ".o_cp_action_menus .dropdown-toggle",
            run: "click",
        },
        {
            content: "Approve",
            trigger: "button[name='action_sdp_approve']",
            run: "click",
        },
        {
            content: "The round shows the decision",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Approved'), .o_statusbar_status .dropdown-toggle:contains('Approved')",
        },
    ],
});
