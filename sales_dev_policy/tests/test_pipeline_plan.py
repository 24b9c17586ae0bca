"""The customer development plan (P2.1.1, P2.2.1, P2.1.4, P3.1.3). Feature: pipeline."""

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged, users

from .common import SalesDevPolicyCommon


@tagged("sdp_pipeline", "post_install", "-at_install")
class TestDevelopmentPlan(SalesDevPolicyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = cls.company._sdp_today()
        cls.month_start = cls.today.replace(day=1)
        cls.month_end = cls.month_start + relativedelta(months=1, days=-1)
        cls.industry = cls.env["res.partner.industry"].create({"name": "SDP Plan Industry"})
        cls.research = cls.env["sdp.market.research"].create({"name": "SDP plan research"})
        cls.product = cls.env["product.product"].create({"name": "SDP plan widget"})

    def _plan_values(self, **extra):
        values = {
            "name": "SDP Team A plan",
            "team_id": self.team_a.id,
            "date_from": self.month_start,
            "date_to": self.month_end,
            "industry_ids": [Command.link(self.industry.id)],
            "market_research_ids": [Command.link(self.research.id)],
            "line_ids": [
                Command.create(
                    {
                        "user_id": self.user_sales_a.id,
                        "target_prospects": 4,
                        "target_contacted": 2,
                        "target_new_customers": 2,
                    }
                )
            ],
        }
        values.update(extra)
        return values

    @users("sdp_leader")
    def test_leader_plans_and_salespeople_get_their_share(self):
        """P2.1.1 / P2.2.1: the leader of team A plans; putting it in force gives each
        salesperson a to-do with their targets."""
        plan = self.env["sdp.development.plan"].create(self._plan_values())
        self.assertEqual(plan.user_id, self.user_leader)
        self.assertEqual(plan.target_new_customers, 2)
        plan.action_activate()
        self.assertEqual(plan.state, "active")
        todo = plan.activity_ids
        self.assertEqual(todo.user_id, self.user_sales_a)
        self.assertIn("2 new customers", todo.summary)

    def test_progress_from_the_pipeline(self):
        """P2.1.4: prospects identified (leads created in the period), contacted (first contact
        done, P3.3.2) and new customers (first confirmed order) of each salesperson."""
        plan = (
            self.env["sdp.development.plan"].with_user(self.user_leader).create(self._plan_values())
        )
        leads = self.env["crm.lead"].create(
            [{"name": f"SDP plan prospect {i}", "user_id": self.user_sales_a.id} for i in range(3)]
        )
        call = self.env.ref("sales_dev_policy.mail_activity_type_sdp_first_contact_call")
        leads[0].activity_schedule(activity_type_id=call.id, user_id=self.user_sales_a.id)
        leads[0].activity_ids.action_feedback(feedback="Called")
        customer = self.env["res.partner"].create({"name": "SDP plan new customer"})
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": self.user_sales_a.id,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        order.action_confirm()
        line = plan.line_ids
        line.invalidate_recordset()
        self.assertEqual(
            (line.actual_prospects, line.actual_contacted, line.actual_new_customers),
            (3, 1, 1),
        )
        self.assertEqual(line.progress, 50.0)
        # The salesperson reads the team's progress and only their own share.
        as_a = plan.with_user(self.user_sales_a)
        self.assertEqual(as_a.actual_new_customers, 1)
        self.assertEqual(as_a.line_ids, line)

    def test_only_the_team_leader_or_a_manager_plans(self):
        """A salesperson does not write plans; a leader plans only the teams they lead."""
        Plan = self.env["sdp.development.plan"]
        with self.assertRaises(AccessError):
            Plan.with_user(self.user_sales_a).create(self._plan_values())
        with self.assertRaises(AccessError):
            Plan.with_user(self.user_leader).create(
                self._plan_values(team_id=self.team_b.id, line_ids=[])
            )
        # A member of team B who does not lead it reads its plans but does not write them.
        self.team_b.member_ids |= self.user_leader
        with self.assertRaisesMsg(UserError, "only the leader of team"):
            Plan.with_user(self.user_leader).create(
                self._plan_values(team_id=self.team_b.id, line_ids=[])
            )
        self.assertFalse(Plan.search([("team_id", "=", self.team_b.id)]))
        plan = Plan.with_user(self.user_manager).create(
            self._plan_values(team_id=self.team_b.id, line_ids=[])
        )
        with self.assertRaises(AccessError):
            plan.with_user(self.user_sales_a).write({"name": "mine now"})

    def test_share_only_for_team_members(self):
        with self.assertRaisesMsg(ValidationError, "not a member of team"):
            self.env["sdp.development.plan"].with_user(self.user_leader).create(
                self._plan_values(line_ids=[Command.create({"user_id": self.user_sales_b.id})])
            )

    def test_state_only_through_actions(self):
        plan = (
            self.env["sdp.development.plan"].with_user(self.user_leader).create(self._plan_values())
        )
        with self.assertRaises(AccessError):
            plan.write({"state": "closed"})
        with self.assertRaises(AccessError):
            self.env["sdp.development.plan"].with_user(self.user_leader).create(
                self._plan_values(name="SDP forged", state="active", line_ids=[])
            )
        plan.action_activate()
        plan.action_close()
        with self.assertRaisesMsg(UserError, "is closed"):
            plan.write({"name": "rewritten"})
        with self.assertRaisesMsg(UserError, "is closed"):
            plan.line_ids.write({"target_new_customers": 9})
        self.assertEqual(plan.line_ids.target_new_customers, 2)

    def test_plan_checks(self):
        Plan = self.env["sdp.development.plan"].with_user(self.user_leader)
        with self.assertRaisesMsg(ValidationError, "ends before it starts"):
            Plan.create(self._plan_values(date_to=self.month_start - relativedelta(days=1)))
        with self.assertRaisesMsg(ValidationError, "cannot be negative"):
            Plan.create(
                self._plan_values(
                    line_ids=[
                        Command.create({"user_id": self.user_sales_a.id, "target_prospects": -1})
                    ]
                )
            )
        plan = Plan.create(self._plan_values(line_ids=[]))
        with self.assertRaisesMsg(UserError, "assigns nobody"):
            plan.action_activate()
        plan.write({"line_ids": [Command.create({"user_id": self.user_sales_a.id})]})
        with self.assertRaisesMsg(ValidationError, "already has a share"):
            plan.write({"line_ids": [Command.create({"user_id": self.user_sales_a.id})]})

    def test_other_company_never_sees_the_plan(self):
        plan = (
            self.env["sdp.development.plan"].with_user(self.user_leader).create(self._plan_values())
        )
        company_b = self.env["res.company"].create({"name": "SDP Plan Company B"})
        manager_b = self.env["res.users"].create(
            {
                "name": "SDP Plan Manager B",
                "login": "sdp_plan_manager_b",
                "company_id": company_b.id,
                "company_ids": [Command.set(company_b.ids)],
                "groups_id": [Command.link(self.env.ref("sales_dev_policy.group_sdp_manager").id)],
            }
        )
        self.assertFalse(
            self.env["sdp.development.plan"].with_user(manager_b).search([("id", "=", plan.id)])
        )
