/** @odoo-module **/
// Smoke tour (foundation): the CRM pipeline, a lead and the policy settings open without error,
// on a desktop and on a phone-sized window.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sales_dev_policy_smoke_tour", {
    url: "/odoo/crm",
    steps: () => [
        {
            content: "The pipeline shows the smoke lead",
            trigger: ".o_kanban_renderer .o_kanban_record:contains('SDP smoke lead')",
            run: "click",
        },
        {
            content: "The lead opens in its form",
            trigger: ".o_form_view .o_field_widget[name='name'] :is(input, textarea, span)",
        },
        {
            content: "Open the CRM settings",
            trigger: "body",
            run: "goToUrl /odoo/action-sales_dev_policy.res_config_settings_action",
        },
        {
            content: "The Customer Development Policy block is there",
            trigger: "[name='sdp_policy_setting_container'], #sdp_policy_reference",
        },
        {
            content: "Its reference field is editable",
            trigger: "#sdp_policy_reference .o_field_widget[name='sdp_policy_note'] input",
        },
    ],
});
