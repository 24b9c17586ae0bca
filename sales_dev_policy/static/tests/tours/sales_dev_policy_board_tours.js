/** @odoo-module **/
// Pipeline (P3): a salesperson of a policy team opens CRM and lands on the team's board: every
// policy step a column, empty ones too, in policy order, in the user's language, on a desktop
// as on a phone; Odoo's standard stages are not columns of it.
import { registry } from "@web/core/registry";

const tours = registry.category("web_tour.tours");

function boardSteps(columns, standard) {
    return [
        {
            content: "The board of the team's policy steps",
            trigger: ".o_kanban_renderer .o_kanban_group .o_kanban_record:contains('Board Tour Lead')",
        },
        {
            content: "Every policy step is a column, in policy order, and nothing else",
            trigger: ".o_kanban_renderer",
            run() {
                const titles = [
                    ...document.querySelectorAll(".o_kanban_renderer .o_kanban_group .o_column_title"),
                ].map((title) => title.textContent.trim());
                const expected = JSON.stringify(columns);
                if (JSON.stringify(titles) !== expected) {
                    throw new Error(`columns ${JSON.stringify(titles)}, expected ${expected}`);
                }
                for (const name of standard) {
                    if (titles.includes(name)) {
                        throw new Error(`Odoo's stage ${name} is a column of the policy board`);
                    }
                }
            },
        },
        {
            content: "The lead is in the first step's column",
            trigger: `.o_kanban_group:has(.o_kanban_record:contains('Board Tour Lead')) .o_column_title:contains('${columns[0]}')`,
        },
    ];
}

tours.add("sales_dev_policy_board_en_tour", {
    steps: () =>
        boardSteps(
            [
                "Prospect Identified",
                "Contacted",
                "Needs Analysed",
                "Proposal",
                "Negotiation",
                "Contract",
                "Won - Kickoff",
            ],
            ["New", "Qualified", "Proposition", "Won"]
        ),
});

tours.add("sales_dev_policy_board_zh_tour", {
    steps: () =>
        boardSteps(
            ["潛在客戶識別", "客戶接觸與溝通", "需求挖掘與分析", "方案制定與呈現", "商務談判", "合同簽訂", "項目啟動與跟進"],
            ["新潛在客戶", "已評估", "提案", "成交"]
        ),
});
