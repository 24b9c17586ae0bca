/** @odoo-module **/
// The dashboards open in the Dashboards app and their spreadsheets load; once the data is in,
// the evaluated cells show no error and no pivot's internal name (English, never translated),
// and the policy steps come in policy order (their labels cite P3.2, P3.3, ... P3.8). The
// figures themselves are checked on the server (test_dashboard.py).
import { registry } from "@web/core/registry";

const LOADING = "Loading...";
const LAST_ROW = 260;
const LAST_COL = 6;

/** The spreadsheet model of the dashboard on screen (the action keeps it in its state). */
function dashboardModel() {
    const stack = [odoo.__WOWL_DEBUG__.root.__owl__];
    while (stack.length) {
        const node = stack.pop();
        const model = node.component?.state?.activeDashboard?.model;
        if (model) {
            return model;
        }
        stack.push(...Object.values(node.children));
    }
    return undefined;
}

/** {content, value, type} of every cell of the active sheet once the Odoo data is loaded. */
async function evaluatedCells(name) {
    for (let attempt = 0; attempt < 100; attempt++) {
        const model = dashboardModel();
        if (model) {
            const sheetId = model.getters.getActiveSheetId();
            const cells = [];
            for (let row = 0; row < LAST_ROW; row++) {
                for (let col = 0; col < LAST_COL; col++) {
                    const position = { sheetId, col, row };
                    const evaluated = model.getters.getEvaluatedCell(position);
                    const content = model.getters.getCell(position)?.content || "";
                    cells.push({ row, col, content, value: evaluated.value, type: evaluated.type });
                }
            }
            const title = cells.find((cell) => cell.row === 0 && cell.col === 0);
            if (title.value === name && !cells.some((cell) => cell.value === LOADING)) {
                return cells;
            }
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`The dashboard ${name} did not load its data`);
}

/** The row labels of the table under the header cell ``header`` (down to its Total). */
function rowLabels(cells, header) {
    const top = cells.find((cell) => cell.col === 0 && cell.content === header);
    if (!top) {
        throw new Error(`No table under ${header}`);
    }
    const labels = [];
    for (const cell of cells.filter((c) => c.col === 0 && c.row > top.row)) {
        if (!cell.value || cell.value === "Total") {
            break;
        }
        labels.push(String(cell.value));
    }
    return labels;
}

function checkDashboard(cells, stepHeaders) {
    const errors = cells.filter((cell) => cell.type === "error");
    if (errors.length) {
        throw new Error(
            `Cells in error: ${errors.map((c) => `${c.row + 1}:${c.col + 1} ${c.value}`).join(", ")}`
        );
    }
    const titles = cells.filter((cell) => /^\(#\d+\)/.test(String(cell.value)));
    if (titles.length) {
        throw new Error(`Pivot names shown: ${titles.map((c) => c.value).join(", ")}`);
    }
    for (const header of stepHeaders) {
        const labels = rowLabels(cells, header);
        const clauses = labels
            .map((label) => label.match(/P3\.(\d)/))
            .filter(Boolean)
            .map((match) => Number(match[1]));
        if (clauses.join() !== [...clauses].sort().join()) {
            throw new Error(`Policy steps out of order under ${header}: ${labels.join(", ")}`);
        }
    }
}

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
        {
            content: "Its figures load: no error, no pivot name, the steps in policy order",
            trigger: ".o_spreadsheet_dashboard_action .o-grid canvas",
            async run() {
                const cells = await evaluatedCells("Sales Development");
                checkDashboard(cells, ['=_t("Policy step")']);
            },
        },
        {
            content: "Open the Credit Exposure dashboard",
            trigger: ".o_search_panel_category_value:contains('Credit Exposure')",
            run: "click",
        },
        {
            content: "Its figures load: the orders waiting for credit release, no error",
            trigger: ".o_spreadsheet_dashboard_action .o-grid canvas",
            async run() {
                const cells = await evaluatedCells("Credit Exposure");
                checkDashboard(cells, []);
                const held = cells.find(
                    (cell) =>
                        cell.col === 0 &&
                        cell.content === '=_t("Orders waiting for credit release (P6.3.1)")'
                );
                if (!held || held.value !== "Orders waiting for credit release (P6.3.1)") {
                    throw new Error("No section of the orders waiting for credit release");
                }
                // The test holds one order before the tour: counted and listed.
                if (!rowLabels(cells, '=_t("Salesperson")').length) {
                    throw new Error("The held order is not counted");
                }
                if (!rowLabels(cells, '=_t("Quotation")').length) {
                    throw new Error("The held order is not listed");
                }
            },
        },
        {
            content: "Open the Policy Compliance dashboard",
            trigger: ".o_search_panel_category_value:contains('Policy Compliance')",
            run: "click",
        },
        {
            content: "Its tile counts the mandatory clauses applied; its list names each clause",
            trigger: ".o_spreadsheet_dashboard_action .o-grid canvas",
            async run() {
                const cells = await evaluatedCells("Policy Compliance");
                checkDashboard(cells, []);
                const count = cells.find(
                    (cell) => cell.content === '=PIVOT.VALUE(1,"__count")'
                );
                if (!count || count.value !== 7) {
                    throw new Error(`Mandatory clauses counted: ${count && count.value}`);
                }
                if (rowLabels(cells, '=_t("Company")').length !== 7) {
                    throw new Error("The mandatory clauses are not listed");
                }
            },
        },
    ],
});
