"""The dashboards in Odoo's Dashboards app: every data source reads fields that exist and can be
grouped, filtered and sorted; the figures are those of the records, read with the reader's
rights (a salesperson sees their own); who may open which dashboard; the Sales Development
dashboard loads in the browser. Feature: shared by the pipeline, incentive, appraisal, legal and
credit features."""

import json

from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools import file_open

from odoo.addons.sales_dev_policy.tests.common_pipeline import PipelineCommon

FILES = {
    "sales_dev_policy_spreadsheet_dashboard.dashboard_sales_development": (
        "sales_dev_policy_spreadsheet_dashboard/data/files/sales_development_dashboard.json"
    ),
    "sales_dev_policy_spreadsheet_dashboard.dashboard_credit_exposure": (
        "sales_dev_policy_spreadsheet_dashboard/data/files/credit_exposure_dashboard.json"
    ),
}


def _snapshot(path):
    with file_open(path) as handle:
        return json.load(handle)


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


@tagged("sdp_dashboard", "post_install", "-at_install")
class TestDashboardFigures(PipelineCommon):
    def _pivot_figures(self, user, pivot):
        """{row value: {measure: value}} of ``pivot`` read as ``user``, as the dashboard does."""
        model = self.env[pivot["model"]].with_user(user)
        row = pivot["rows"][0]["fieldName"]
        measures = [m["fieldName"] for m in pivot["measures"] if m["fieldName"] != "__count"]
        groups = model.read_group(
            pivot["domain"],
            [f"{m}:{model._fields[m].aggregator}" for m in measures],
            [row],
            lazy=False,
        )
        return {group[row]: {m: group[m] for m in measures} for group in groups}

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
        is for credit officers and sales managers only."""
        sales = self.env.ref("sales_dev_policy_spreadsheet_dashboard.dashboard_sales_development")
        credit = self.env.ref("sales_dev_policy_spreadsheet_dashboard.dashboard_credit_exposure")
        Dashboard = self.env["spreadsheet.dashboard"]
        for user, expected in (
            (self.user_sales_a, sales),
            (self.user_leader, sales),
            (self.user_credit, sales | credit),
            (self.user_manager, sales | credit),
        ):
            found = Dashboard.with_user(user).search([("id", "in", (sales | credit).ids)])
            self.assertEqual(found, expected, user.login)
        data = sales.with_user(self.user_sales_a).get_readonly_dashboard()
        self.assertIn("pivots", data["snapshot"])
        self.assertFalse(
            Dashboard.with_user(self.user_internal).search([("id", "in", (sales | credit).ids)])
        )


@tagged("sdp_dashboard", "post_install", "-at_install")
class TestDashboardTour(HttpCase):
    def test_dashboard_opens_in_the_browser(self):
        self.start_tour(
            "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action",
            "sales_dev_policy_dashboard_tour",
            login="admin",
        )
