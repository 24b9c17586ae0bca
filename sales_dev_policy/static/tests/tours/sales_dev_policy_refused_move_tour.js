/** @odoo-module **/
// Pipeline (P3): a move the gate refuses leaves the lead's form as it was, the refused step
// not shown as the lead's; the salesperson's other unsaved edit stays, to save.
import { registry } from "@web/core/registry";

const current = (step) => `.o_statusbar_status button.o_arrow_button_current:contains('${step}')`;

registry.category("web_tour.tours").add("sales_dev_policy_refused_move_tour", {
    steps: () => [
        {
            content: "The lead's status bar is the policy's",
            trigger: ".o_field_sdp_statusbar",
        },
        {
            content: "The lead is at its first step, nothing to save",
            trigger: `${current("Prospect Identified")}`,
        },
        {
            trigger: ".o_form_status_indicator_buttons.invisible:not(:visible)",
        },
        {
            content: "Try the next step without the first contact done",
            trigger: ".o_statusbar_status button:contains('Contacted')",
            run: "click",
        },
        {
            content: "The gate refuses, saying why",
            trigger: ".modal .modal-body:contains('no completed activity')",
        },
        {
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The lead is still shown at its step, and the form has nothing to save",
            trigger: `body:not(:has(.modal)) ${current("Prospect Identified")}`,
        },
        {
            trigger: ".o_form_status_indicator_buttons.invisible:not(:visible)",
        },
        {
            content: "Change the expected revenue, then try the step again",
            trigger: ".o_field_widget[name='expected_revenue'] input",
            run: "edit 4321",
        },
        {
            trigger: ".o_statusbar_status button:contains('Contacted')",
            run: "click",
        },
        {
            trigger: ".modal .modal-body:contains('no completed activity')",
        },
        {
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The step is taken back, the revenue typed stays, to save",
            trigger: `body:not(:has(.modal)) ${current("Prospect Identified")}`,
        },
        {
            trigger: ".o_field_widget[name='expected_revenue'] input:value(4,321.00)",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_status_indicator_buttons.invisible:not(:visible)",
        },
    ],
});
