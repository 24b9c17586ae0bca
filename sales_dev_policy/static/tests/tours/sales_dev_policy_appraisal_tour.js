/** @odoo-module **/
// Appraisal (P5.4.2): the team leader records the performance interview of a below-standard
// appraisal and closes it; closing before the interview is recorded is refused (desktop and phone).
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sales_dev_policy_appraisal_tour", {
    steps: () => [
        {
            content: "The appraisal is below standard",
            trigger: ".o_form_view .ribbon:contains('Below Standard')",
        },
        {
            content: "On a phone, the form's buttons are in the gear menu",
            isActive: ["mobile"],
            trigger: "body:not(:has(.modal)) .o_cp_action_menus button:has(i.fa-cog)",
            run: "click",
        },
        {
            content: "Try to close the review before the interview",
            trigger: "button[name='action_done']",
            run: "click",
        },
        {
            content: "Refused: the interview is missing",
            trigger: ".modal:contains('Improvement Plan')",
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Open the Performance Interview tab",
            trigger: "body:not(:has(.modal)) .o_notebook .nav-link[name='interview']",
            run: "click",
        },
        {
            content: "Interview date",
            trigger: ".o_field_widget[name='interview_date'] input",
            run: "edit 11/03/2026",
        },
        {
            content: "Causes",
            trigger: ".o_field_widget[name='cause_analysis'] textarea",
            run: "edit Too few visits to new prospects",
        },
        {
            content: "Improvement plan",
            trigger: ".o_field_widget[name='improvement_plan'] textarea",
            run: "edit Two prospect visits a week",
        },
        {
            content: "Training and coaching",
            trigger: ".o_field_widget[name='training_plan'] textarea",
            run: "edit Negotiation coaching with the team leader",
        },
        {
            content: "On a phone, the form's buttons are in the gear menu",
            isActive: ["mobile"],
            trigger: "body:not(:has(.modal)) .o_cp_action_menus button:has(i.fa-cog)",
            run: "click",
        },
        {
            content: "Close the review",
            trigger: "button[name='action_done']",
            run: "click",
        },
        {
            content: "The review is closed",
            trigger: "body:not(:has(.modal)) .o_arrow_button_current:contains('Closed')",
        },
    ],
});
