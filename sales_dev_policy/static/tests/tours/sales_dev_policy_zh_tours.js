/** @odoo-module **/
// Translations: each role's daily screen, on a phone, for a user whose language is 中文 (台灣).
// The module's words are Chinese (stages, labels, action names) and its English words are gone.
import { registry } from "@web/core/registry";

const tours = registry.category("web_tour.tours");

tours.add("sales_dev_policy_zh_salesperson_tour", {
    steps: () => [
        {
            content: "The pipeline shows the policy stage in Chinese",
            trigger: ".o_kanban_group:has(.o_kanban_record:contains('ZH Tour Lead')) .o_column_title:contains('潛在客戶識別')",
        },
        {
            content: "and not its English name",
            trigger: ".o_kanban_renderer:not(:contains('Prospect Identified'))",
        },
        {
            content: "Open the lead",
            trigger: ".o_kanban_record:contains('ZH Tour Lead')",
            run: "click",
        },
        {
            content: "The lead's policy tabs are in Chinese",
            trigger: ".o_notebook .nav-link[name='sdp_prospect']:contains('潛在客戶')",
        },
        {
            content: "and not in English",
            trigger: ".o_notebook:not(:contains('Stage History'))",
        },
    ],
});

tours.add("sales_dev_policy_zh_leader_tour", {
    steps: () => [
        {
            content: "The appraisals are named in Chinese",
            trigger: ".o_main_navbar:contains('考核')",
        },
        {
            content: "The team member's appraisal shows its period and state in Chinese",
            trigger: ".o_kanban_record:contains('Sdp Zh Sales'):contains('每月'):contains('待審查')",
        },
        {
            content: "and not in English",
            trigger: ".o_kanban_renderer:not(:contains('To Review')):not(:contains('Monthly'))",
        },
        {
            content: "Open the record",
            trigger: ".o_kanban_record:contains('Sdp Zh Sales')",
            run: "click",
        },
        {
            content: "The appraisal's result is labelled in Chinese",
            trigger: ".o_form_view:contains('結果')",
        },
        {
            content: "and not in English",
            trigger: ".o_form_view:not(:contains('Result'))",
        },
    ],
});

tours.add("sales_dev_policy_zh_credit_tour", {
    steps: () => [
        {
            content: "The credit profiles are named in Chinese",
            trigger: ".o_main_navbar:contains('信用檔案')",
        },
        {
            content: "Open the record",
            trigger: ".o_data_row:contains('ZH Tour Customer') td[name='partner_id']",
            run: "click",
        },
        {
            content: "The credit limit is labelled in Chinese",
            trigger: ".o_form_view:contains('信用額度')",
        },
        {
            content: "and not in English",
            trigger: ".o_form_view:not(:contains('Credit Limit'))",
        },
    ],
});

tours.add("sales_dev_policy_zh_legal_tour", {
    steps: () => [
        {
            content: "The legal review queue is named in Chinese",
            trigger: ".o_main_navbar:contains('法務審核')",
        },
        {
            content: "Open the record",
            trigger: ".o_data_row:contains('ZH Tour Customer') td[name='partner_id']",
            run: "click",
        },
        {
            content: "The review's submission date is labelled in Chinese",
            trigger: ".o_form_view:contains('提交日期')",
        },
        {
            content: "and not in English",
            trigger: ".o_form_view:not(:contains('Submitted On'))",
        },
    ],
});
