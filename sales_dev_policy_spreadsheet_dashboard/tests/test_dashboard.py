"""The dashboards in Odoo's Dashboards app: every data source reads fields that exist and can be
grouped, filtered and sorted; the figures are those of the records, read with the reader's
rights (a salesperson sees their own); who may open which dashboard; the Sales Development
dashboard loads in the browser. Feature: shared by the pipeline, incentive, appraisal, legal and
credit features."""

import json
import re

import polib

from odoo import Command
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools import file_open, file_path
from odoo.tools.translate import extract_spreadsheet_terms

from odoo.addons.sales_dev_policy.models.crm_stage_pipeline import POLICY_STEPS
from odoo.addons.sales_dev_policy.tests.common_credit import CreditCommon
from odoo.addons.sales_dev_policy.tests.common_pipeline import PipelineCommon

FILES = {
    "sales_dev_policy_spreadsheet_dashboard.dashboard_sales_development": (
        "sales_dev_policy_spreadsheet_dashboard/data/files/sales_development_dashboard.json"
    ),
    "sales_dev_policy_spreadsheet_dashboard.dashboard_credit_exposure": (
        "sales_dev_policy_spreadsheet_dashboard/data/files/credit_exposure_dashboard.json"
    ),
    "sales_dev_policy_spreadsheet_dashboard.dashboard_policy_compliance": (
        "sales_dev_policy_spreadsheet_dashboard/data/files/policy_compliance_dashboard.json"
    ),
}
# The dashboards that count and list the orders waiting for credit release (P6.3.1).
HELD_FILES = {
    xmlid: path
    for xmlid, path in FILES.items()
    if not xmlid.endswith("dashboard_policy_compliance")
}


HELD_DOMAIN = [["sdp_credit_is_held", "=", True]]
# A whole pivot table: PIVOT(id, row_count, include_total, include_column_titles, column_count)
PIVOT_TABLE = re.compile(r"^=PIVOT\((.*)\)$")


def _snapshot(path):
    with file_open(path) as handle:
        return json.load(handle)


def _cells(snapshot):
    return {ref: cell["content"] for ref, cell in snapshot["sheets"][0]["cells"].items()}


def _held_sources(snapshot):
    """The pivots and lists of ``snapshot`` on the orders waiting for credit release."""
    return [
        source
        for source in [*snapshot["pivots"].values(), *snapshot["lists"].values()]
        if source["model"] == "sale.order" and source["domain"] == HELD_DOMAIN
    ]


def _pivot_figures(env, user, pivot):
    """{row value: {measure: value}} of ``pivot`` read as ``user``, as the dashboard does."""
    model = env[pivot["model"]].with_user(user)
    row = pivot["rows"][0]["fieldName"]
    measures = [m["fieldName"] for m in pivot["measures"]]
    groups = model.read_group(
        pivot["domain"],
        [f"{m}:{model._fields[m].aggregator}" for m in measures if m != "__count"],
        [row],
        lazy=False,
    )
    return {
        group[row]: {m: group["__count" if m == "__count" else m] for m in measures}
        for group in groups
    }


@tagged("sdp_dashboard", "post_install", "-at_install")
class TestDashboardDataSources(TransactionCase):
    def _field(self, model, chain):
        """The last field of ``chain`` on ``model`` (fails the test when a hop is missing)."""
        field = None
        for name in chain.split("."):
            self.assertIn(name, model._fields, f"{model._name}.{chain}")
            field = model._fields[name]
            if field.relational:
                model = self.env[field.comodel_name]
        return field

    def test_sources_read_fields_that_exist(self):
        """Each pivot groups by stored fields and aggregates measures that have an aggregator;
        each list shows existing fields sorted by stored ones; every domain and every global
        filter's field chain is valid on its model."""
        for xmlid, path in FILES.items():
            snapshot = _snapshot(path)
            filters = {f["id"] for f in snapshot["globalFilters"]}
            for pivot in snapshot["pivots"].values():
                model = self.env[pivot["model"]]
                model.search_count(pivot["domain"])
                for group in pivot["rows"] + pivot["columns"]:
                    self.assertTrue(self._field(model, group["fieldName"]).store, group)
                for measure in pivot["measures"]:
                    if measure["fieldName"] != "__count":
                        field = self._field(model, measure["fieldName"])
                        self.assertTrue(field.aggregator, f"{model._name}.{field.name}")
                self.assertEqual(set(pivot["fieldMatching"]), filters, pivot["name"])
                for matching in pivot["fieldMatching"].values():
                    if matching:
                        self._field(model, matching["chain"])
            for source in snapshot["lists"].values():
                model = self.env[source["model"]]
                model.search_count(source["domain"])
                for column in source["columns"]:
                    self._field(model, column)
                for order in source["orderBy"]:
                    self.assertTrue(self._field(model, order["name"]).store, order)
                for matching in source["fieldMatching"].values():
                    if matching:
                        self._field(model, matching["chain"])
            self.assertTrue(self.env.ref(xmlid).spreadsheet_data)

    def test_charts_for_a_phone(self):
        """Odoo shows a dashboard's charts only on a phone: each dashboard has charts on its
        first sheet, on stored fields that group and measures that add up, filtered by the
        dashboard's filters as its tables are."""
        for path in FILES.values():
            snapshot = _snapshot(path)
            filters = {f["id"] for f in snapshot["globalFilters"]}
            charts = [f for f in snapshot["sheets"][0]["figures"] if f["tag"] == "chart"]
            self.assertGreaterEqual(len(charts), 2, path)
            for chart in charts:
                data = chart["data"]
                self.assertTrue(data["title"]["text"], path)
                if data["type"] == "scorecard":
                    continue
                meta = data["metaData"]
                model = self.env[meta["resModel"]]
                model.search_count(data["searchParams"]["domain"])
                for group in meta["groupBy"]:
                    self.assertTrue(self._field(model, group).store, group)
                if meta["measure"] != "__count":
                    self.assertTrue(self._field(model, meta["measure"]).aggregator)
                self.assertEqual(set(data["fieldMatching"]), filters, data["title"]["text"])
                for matching in data["fieldMatching"].values():
                    if matching:
                        self._field(model, matching["chain"])

    def test_no_pivot_title_shown(self):
        """A pivot table shows its internal name (English, never translated) in its corner: each
        table hides its own title row (include_column_titles FALSE) under a header row whose
        first cell is a translated ``_t()`` label; no pivot's name is written in a cell."""
        for path in FILES.values():
            snapshot = _snapshot(path)
            cells = _cells(snapshot)
            tables = {ref: PIVOT_TABLE.match(content) for ref, content in cells.items()}
            tables = {ref: match for ref, match in tables.items() if match}
            self.assertEqual(len(tables), len(snapshot["pivots"]), path)
            for ref, match in tables.items():
                args = [arg.strip() for arg in match[1].split(",")]
                self.assertEqual(len(args), 5, ref)
                self.assertEqual(args[3].upper(), "FALSE", f"{path} {ref}: title row shown")
                column, row = re.match(r"([A-Z]+)(\d+)", ref).groups()
                header = cells.get(f"{column}{int(row) - 1}", "")
                self.assertRegex(header, r'^=_t\("[^"]+"\)$', f"{path} {ref}: header")
                for measure in range(int(args[4])):
                    self.assertTrue(
                        cells.get(f"{chr(ord(column) + 1 + measure)}{int(row) - 1}"),
                        f"{path} {ref}: measure header {measure}",
                    )
            # Outside the translated _t() terms and link labels.
            untranslated = [
                re.sub(r'_t\("[^"]*"\)|^\[.*\]\(odoo://.*\)$', "", content)
                for content in cells.values()
            ]
            for pivot in snapshot["pivots"].values():
                for content in untranslated:
                    self.assertNotIn(pivot["name"], content, path)

    def test_every_term_translated(self):
        """Every term Odoo extracts from the dashboards (``_t()`` cells, link labels, filter
        labels) is in the add-on's .pot and translated in zh_TW and zh_CN."""
        terms = set()
        for path in FILES.values():
            with file_open(path, "rb") as handle:
                terms |= {entry[2] for entry in extract_spreadsheet_terms(handle, [], [], {})}
        self.assertIn("Policy step", terms)
        self.assertIn("Orders waiting for credit release (P6.3.1)", terms)
        i18n = "sales_dev_policy_spreadsheet_dashboard/i18n"
        pot = {entry.msgid for entry in polib.pofile(file_path(f"{i18n}/{i18n.split('/')[0]}.pot"))}
        self.assertFalse(terms - pot, "terms missing from the .pot: run bin/i18n")
        for lang in ("zh_TW", "zh_CN"):
            translated = {
                entry.msgid
                for entry in polib.pofile(file_path(f"{i18n}/{lang}.po"))
                if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags
            }
            self.assertFalse(terms - translated, f"untranslated in {lang}")

    def test_policy_steps_in_policy_order(self):
        """P3: pivots over policy steps list them in policy order, not alphabetically: the step
        report sorts on the step's order, the others group by stage (ordered by sequence)."""
        snapshot = _snapshot(
            FILES["sales_dev_policy_spreadsheet_dashboard.dashboard_sales_development"]
        )
        steps = snapshot["pivots"]["1"]
        self.assertEqual(
            steps["sortedColumn"],
            {"groupId": [[], []], "measure": "step_sequence", "order": "asc"},
        )
        Report = self.env["sdp.pipeline.step.report"]
        self.assertEqual(Report._fields["step_sequence"].aggregator, "min")
        for step, index in (("prospect", 0), ("contact", 1), ("contract", 5)):
            rows = Report.search([("step", "=", step)], limit=1)
            if rows:
                self.assertEqual(rows.step_sequence, index)
        self.assertEqual([s for s, _l in POLICY_STEPS][:2], ["prospect", "contact"])
        for pid in ("2", "3"):
            row = snapshot["pivots"][pid]["rows"][0]
            self.assertEqual(row["order"], "asc", pid)
            model = self.env[snapshot["pivots"][pid]["model"]]
            self.assertEqual(model._fields[row["fieldName"]].comodel_name, "crm.stage")
            # What the spreadsheet asks (orderby "<field> asc"): stages by their sequence.
            groups = model.read_group(
                [(row["fieldName"], "!=", False)],
                ["__count"],
                [row["fieldName"]],
                orderby=f"{row['fieldName']} asc",
                lazy=False,
            )
            stages = self.env["crm.stage"].browse([g[row["fieldName"]][0] for g in groups])
            self.assertEqual(stages, stages.sorted(lambda s: (s.sequence, s.name, s.id)), pid)


@tagged("sdp_dashboard", "post_install", "-at_install")
class TestDashboardFigures(PipelineCommon):
    def _pivot_figures(self, user, pivot):
        return _pivot_figures(self.env, user, pivot)

    def test_each_salesperson_sees_their_own_figures(self):
        """P2.1.4: the leads per step of the dashboard are the salesperson's own leads: A's two
        leads entered Prospect and one moved on to Contact; B sees none of them; the manager
        sees A's with everyone else's."""
        pivot = _snapshot(
            FILES["sales_dev_policy_spreadsheet_dashboard.dashboard_sales_development"]
        )["pivots"]["1"]
        first = self._lead("Dashboard lead one")
        self._lead("Dashboard lead two")
        self._log_first_contact(first)
        first.with_user(self.user_sales_a).write({"stage_id": self.stage["contact"].id})
        self.env.flush_all()
        mine = self._pivot_figures(self.user_sales_a, pivot)
        self.assertEqual(mine["prospect"]["entered_count"], 2)
        self.assertEqual(mine["prospect"]["converted_count"], 1)
        self.assertEqual(mine["prospect"]["conversion_rate"], 50.0)
        self.assertEqual(mine["contact"]["entered_count"], 1)
        self.assertFalse(self._pivot_figures(self.user_sales_b, pivot))
        everyone = self._pivot_figures(self.user_manager, pivot)
        self.assertGreaterEqual(everyone["prospect"]["entered_count"], 2)

    def test_who_opens_which_dashboard(self):
        """Every sales user opens Sales Development (with their own figures); Credit Exposure
        is for credit officers and sales managers only; Policy Compliance (P1.2) for the sales
        managers and the settings administrators."""
        sales = self.env.ref("sales_dev_policy_spreadsheet_dashboard.dashboard_sales_development")
        credit = self.env.ref("sales_dev_policy_spreadsheet_dashboard.dashboard_credit_exposure")
        compliance = self.env.ref(
            "sales_dev_policy_spreadsheet_dashboard.dashboard_policy_compliance"
        )
        ours = sales | credit | compliance
        Dashboard = self.env["spreadsheet.dashboard"]
        for user, expected in (
            (self.user_sales_a, sales),
            (self.user_leader, sales),
            (self.user_credit, sales | credit),
            (self.user_manager, ours),
        ):
            found = Dashboard.with_user(user).search([("id", "in", ours.ids)])
            self.assertEqual(found, expected, user.login)
        data = sales.with_user(self.user_sales_a).get_readonly_dashboard()
        self.assertIn("pivots", data["snapshot"])
        self.assertFalse(Dashboard.with_user(self.user_internal).search([("id", "in", ours.ids)]))


@tagged("sdp_dashboard", "post_install", "-at_install")
class TestDashboardCompliance(PipelineCommon):
    """P1.2: the Policy Compliance dashboard's tile counts the company's mandatory clauses
    applied, and its list says each clause's state, as the settings panel does."""

    def test_tile_counts_the_clauses_applied(self):
        snapshot = _snapshot(
            FILES["sales_dev_policy_spreadsheet_dashboard.dashboard_policy_compliance"]
        )
        [pivot] = snapshot["pivots"].values()
        [listed] = snapshot["lists"].values()
        self.env.company.write(
            {"sdp_restrict_export": False, "sdp_policy_relax_reason": "Exports by the auditors"}
        )
        self.assertEqual(self.user_manager.company_ids, self.env.company)
        figures = _pivot_figures(self.env, self.user_manager, pivot)
        rows = (
            self.env["sdp.policy.compliance"].with_user(self.user_manager).search(listed["domain"])
        )
        self.assertEqual(len(rows), 7, "one row per mandatory clause of the manager's company")
        self.assertEqual(sum(v["__count"] for v in figures.values()), 7)
        self.assertEqual(
            sum(v["applied_count"] for v in figures.values()),
            len(rows.filtered(lambda r: r.state == "applied")),
        )
        self.assertNotEqual(rows.filtered(lambda r: r.clause == "P4.3.1").state, "applied")
        cells = _cells(snapshot)
        [tile] = [f for f in snapshot["sheets"][0]["figures"] if f["data"]["type"] == "scorecard"]
        key, baseline = (tile["data"][k].split("!")[1] for k in ("keyValue", "baseline"))
        self.assertEqual(cells[key], '=PIVOT.VALUE(1,"applied_count")')
        self.assertEqual(cells[baseline], '=PIVOT.VALUE(1,"__count")')


@tagged("sdp_dashboard", "post_install", "-at_install")
class TestDashboardHeldOrders(CreditCommon):
    """P6.3.1: the orders waiting for a credit officer's release, counted per salesperson and
    listed, on both dashboards; each reader sees the orders they may read."""

    def setUp(self):
        super().setUp()
        self._profile(limit=100.0)
        customer_b = self.env["res.partner"].create(
            {"name": "Credit Customer B", "is_company": True, "user_id": self.user_sales_b.id}
        )
        self.held_a = self._order(500.0)
        self.held_b = self._order(300.0, partner=customer_b, user=self.user_sales_b)
        self.not_held = self._order(700.0)
        for order, user in ((self.held_a, self.user_sales_a), (self.held_b, self.user_sales_b)):
            order.with_user(user).action_sdp_credit_request_release()

    def _sources(self):
        for xmlid, path in HELD_FILES.items():
            sources = _held_sources(_snapshot(path))
            self.assertEqual(len(sources), 2, f"{xmlid}: a count per salesperson and a list")
            yield xmlid, sources

    def _figures(self, user):
        """{dashboard: (count of the pivot's total, orders of the list)} read as ``user``."""
        result = {}
        for xmlid, sources in self._sources():
            pivot = next(s for s in sources if "measures" in s)
            listed = next(s for s in sources if "measures" not in s)
            count = sum(v["__count"] for v in _pivot_figures(self.env, user, pivot).values())
            order = ", ".join(
                f"{o['name']} {'asc' if o['asc'] else 'desc'}" for o in listed["orderBy"]
            )
            orders = self.env["sale.order"].with_user(user).search(listed["domain"], order=order)
            result[xmlid] = (count, orders)
        return result

    def test_figures_match_the_records(self):
        """The credit officer and the manager count and list every held order; a salesperson
        on Sales Development only their own."""
        held = self.held_a | self.held_b
        for user in (self.user_credit, self.user_manager):
            all_held = self.env["sale.order"].with_user(user).search(HELD_DOMAIN)
            self.assertTrue(held <= all_held)
            for xmlid, (count, orders) in self._figures(user).items():
                self.assertEqual(count, len(all_held), f"{user.login} {xmlid}")
                self.assertEqual(set(orders.ids), set(all_held.ids), f"{user.login} {xmlid}")
                self.assertNotIn(self.not_held, orders)
        sales = self._figures(self.user_sales_a)[
            "sales_dev_policy_spreadsheet_dashboard.dashboard_sales_development"
        ]
        self.assertEqual(sales, (1, self.held_a))

    def test_release_and_cancel_leave_the_figures(self):
        """Released or cancelled, an order no longer waits and leaves the figures."""
        self._release(self.held_a, self.user_credit)
        self.held_b.with_user(self.user_sales_b)._action_cancel()
        for xmlid, (_count, orders) in self._figures(self.user_credit).items():
            self.assertFalse((self.held_a | self.held_b) & orders, xmlid)


@tagged("sdp_browser", "sdp_dashboard", "post_install", "-at_install")
class TestDashboardTour(HttpCase):
    def test_dashboard_opens_in_the_browser(self):
        """Both dashboards load their figures without an error or an English pivot name, the
        steps in policy order, and an order waiting for credit release on Credit Exposure."""
        self.env.company.sdp_credit_order_gate = True
        customer = self.env["res.partner"].create({"name": "Dashboard Tour Customer"})
        product = self.env["product.product"].create({"name": "Dashboard Tour Service"})
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "price_unit": 500.0,
                        }
                    )
                ],
            }
        )
        order.action_sdp_credit_request_release()
        self.assertTrue(order.sdp_credit_is_held)
        self.start_tour(
            "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action",
            "sales_dev_policy_dashboard_tour",
            login="admin",
        )
