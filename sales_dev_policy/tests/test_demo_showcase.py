"""The demo that shows the product (demo/showcase.py, run by bin/run on its own demo
database): the policy is on, each demo role finds its work waiting, and the module's demo data
alone keeps every switch off. Feature: shared by the pipeline, legal, credit, customer
information, incentive and appraisal demos."""

import importlib.util
from pathlib import Path

from odoo.tests import TransactionCase, tagged

SCRIPT = Path(__file__).resolve().parents[1] / "demo" / "showcase.py"
POLICY_STEPS = {"prospect", "contact", "needs", "proposal", "negotiation", "contract"}
# Off on install (the pipeline's no-skip rule is on by default but only binds teams that chose
# the policy pipeline, none of which is a standard team).
SWITCHES = (
    "sdp_credit_order_gate",
    "sdp_legal_on_amount",
    "sdp_restrict_customers",
    "sdp_restrict_export",
)


def _load_showcase():
    spec = importlib.util.spec_from_file_location("sdp_demo_showcase", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("sdp_foundation", "post_install", "-at_install")
class TestDemoShowcase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.user = {
            login: cls.env["res.users"].search([("login", "=", f"sdp.{login}")])
            for login in ("anna", "bo", "carl", "chen", "lina", "credit", "legal", "manager")
        }

    def test_demo_data_keeps_the_switches_off(self):
        """Installing with demo data (Odoo's own tests run on such a database) changes nothing
        until the showcase runs; then the policy is on."""
        self.assertFalse(any(self.company[fname] for fname in SWITCHES))
        self.assertTrue(_load_showcase().showcase(self.env))
        self.assertTrue(all(self.company[fname] for fname in SWITCHES))

    def test_each_role_finds_its_work(self):
        """After the showcase, each demo user logging in finds the policy at work: the team
        leaders a lead in every policy step of their team, the salespeople last month's
        commission sheet and appraisal, Legal a quotation to review, the credit officer an order
        the credit control holds. A second run changes nothing."""
        showcase = _load_showcase()
        self.assertTrue(showcase.showcase(self.env))
        for leader, team_xmlid in (("chen", "demo_team_direct"), ("lina", "demo_team_key")):
            team = self.env.ref(f"sales_dev_policy.{team_xmlid}")
            self.assertTrue(team.sdp_use_policy_pipeline)
            leads = (
                self.env["crm.lead"]
                .with_user(self.user[leader])
                .search([("team_id", "=", team.id)])
            )
            self.assertLessEqual(POLICY_STEPS, set(leads.mapped("stage_id.sdp_policy_step")))
        this_month = self.company._sdp_today().replace(day=1)
        for login in ("anna", "bo", "carl"):
            user = self.user[login]
            sheets = self.env["sdp.commission.sheet"].with_user(user).search([])
            self.assertEqual(len(sheets), 1, login)
            self.assertLess(sheets.date_from, this_month)
            self.assertGreater(sheets.amount_total, 0, login)
            appraisal = self.env["sdp.appraisal"].with_user(user).search([])
            self.assertEqual(len(appraisal), 1, login)
            self.assertTrue(appraisal.result, login)
            # Bo misses his targets: his leader has a performance interview to hold (P5.4.2).
            self.assertEqual(appraisal.result == "below", login == "bo", appraisal.result)
        steps = self.env["crm.stage"].search([("sdp_policy_step", "in", list(POLICY_STEPS))])
        self.assertTrue(all(steps.mapped("sdp_sla_days")), "every step has a time limit")
        waiting = (
            self.env["sale.order"]
            .with_user(self.user["legal"])
            .search([("sdp_legal_state", "=", "under_review")])
        )
        self.assertEqual(waiting.partner_id, self.env.ref("sales_dev_policy.demo_partner_jade"))
        held = self.env["mail.activity"].search(
            [
                ("res_model", "=", "sale.order"),
                ("user_id", "=", self.user["credit"].id),
                ("summary", "like", "P6.3.1"),
            ]
        )
        order = self.env["sale.order"].browse(held.res_id)
        self.assertEqual(order.partner_id, self.env.ref("sales_dev_policy.demo_partner_lotus"))
        self.assertIn(order.state, ("draft", "sent"))
        leads_before = self.env["crm.lead"].search_count([])
        self.assertFalse(showcase.showcase(self.env))
        self.assertEqual(self.env["crm.lead"].search_count([]), leads_before)
