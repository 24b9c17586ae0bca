"""Help from the other departments and complaints (P2.3.2, P2.3.3, P2.1.5). Feature: pipeline."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged, users

from .common import SalesDevPolicyCommon


@tagged("sdp_pipeline", "post_install", "-at_install")
class TestSupportRequest(SalesDevPolicyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.engineer = new_test_user(
            cls.env, login="sdp_engineer", name="Support Engineer", groups="base.group_user"
        )
        cls.service = new_test_user(
            cls.env, login="sdp_service", name="Customer Service", groups="base.group_user"
        )
        cls.marketer = new_test_user(
            cls.env, login="sdp_marketer", name="Marketing Officer", groups="base.group_user"
        )
        cls.company.write(
            {
                "sdp_support_marketing_user_ids": [Command.set(cls.marketer.ids)],
                "sdp_support_technical_user_ids": [Command.set(cls.engineer.ids)],
                "sdp_support_service_user_ids": [Command.set(cls.service.ids)],
            }
        )
        cls.customer_a = cls.env["res.partner"].create(
            {"name": "SDP support customer of A", "user_id": cls.user_sales_a.id}
        )
        cls.lead_a = cls.env["crm.lead"].create(
            {"name": "SDP support lead", "user_id": cls.user_sales_a.id, "team_id": cls.team_a.id}
        )

    @users("sdp_sales_a")
    def test_question_goes_to_the_department_and_comes_back(self):
        """P2.3.2: the salesperson asks; the technical department's first person gets a to-do,
        answers; the salesperson is told and closes."""
        request = self.env["sdp.support.request"].create(
            {"name": "Runs on 110 V?", "lead_id": self.lead_a.id, "kind": "technical"}
        )
        self.assertEqual(request.user_id, self.engineer)
        self.assertEqual(request.requested_by_id, self.user_sales_a)
        self.assertEqual(request.salesperson_id, self.user_sales_a)
        self.assertEqual(request.activity_ids.user_id, self.engineer)
        as_engineer = request.with_user(self.engineer)
        with self.assertRaisesMsg(UserError, "write the answer"):
            as_engineer.action_answer()
        as_engineer.answer = "<p>Yes, with the 110 V kit.</p>"
        as_engineer.action_answer()
        self.assertEqual((request.state, request.answered_by_id), ("answered", self.engineer))
        self.assertFalse(request.activity_ids)
        request.action_close()
        self.assertEqual(request.state, "closed")

    @users("sdp_sales_a")
    def test_marketing_supports_promotion(self):
        """P2.3.1: the salesperson asks marketing for promotion support; the marketing
        department's first person gets the to-do and answers; the others do not."""
        request = self.env["sdp.support.request"].create(
            {"name": "Brochure for the trade show", "lead_id": self.lead_a.id, "kind": "marketing"}
        )
        self.assertEqual(request.user_id, self.marketer)
        self.assertEqual(request.activity_ids.user_id, self.marketer)
        with self.assertRaises(UserError):
            request.with_user(self.engineer).action_answer()
        as_marketer = request.with_user(self.marketer)
        as_marketer.answer = "<p>Brochure and roll-up ready on Friday.</p>"
        as_marketer.action_answer()
        self.assertEqual((request.state, request.answered_by_id), ("answered", self.marketer))

    def test_complaint_counts_for_the_team_leader(self):
        """P2.3.3 / P2.1.5: a complaint goes to customer service and the leader of the
        customer's salesperson sees it; a salesperson of another team does not."""
        request = (
            self.env["sdp.support.request"]
            .with_user(self.user_sales_a)
            .create(
                {"name": "Late delivery", "partner_id": self.customer_a.id, "kind": "complaint"}
            )
        )
        self.assertEqual(request.user_id, self.service)
        found = (
            self.env["sdp.support.request"]
            .with_user(self.user_leader)
            .search([("kind", "=", "complaint"), ("salesperson_id", "=", self.user_sales_a.id)])
        )
        self.assertEqual(found, request)
        self.assertFalse(self.env["sdp.support.request"].with_user(self.user_sales_b).search([]))
        with self.assertRaises(AccessError):
            request.with_user(self.user_sales_b).read(["name"])

    def test_only_the_assignee_answers_and_flow_fields_are_protected(self):
        request = (
            self.env["sdp.support.request"]
            .with_user(self.user_sales_a)
            .create({"name": "Spare parts?", "partner_id": self.customer_a.id, "kind": "service"})
        )
        request.answer = "<p>I answer myself</p>"
        with self.assertRaisesMsg(UserError, "assigned to Customer Service"):
            request.action_answer()
        for vals in ({"state": "closed"}, {"answered_by_id": self.user_sales_a.id}):
            with self.assertRaises(AccessError):
                request.write(vals)
        with self.assertRaises(AccessError):
            self.env["sdp.support.request"].with_user(self.user_sales_a).create(
                {
                    "name": "forged",
                    "partner_id": self.customer_a.id,
                    "requested_by_id": self.user_sales_b.id,
                }
            )
        self.assertEqual(request.state, "open")
        request.with_user(self.user_manager).action_answer()
        self.assertEqual(request.answered_by_id, self.user_manager)

    def test_needs_a_lead_or_customer(self):
        with self.assertRaisesMsg(UserError, "which lead or customer"):
            self.env["sdp.support.request"].with_user(self.user_sales_a).create(
                {"name": "About nothing"}
            )
