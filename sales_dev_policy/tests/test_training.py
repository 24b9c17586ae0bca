"""Training and coaching (P2.1.3): the training needs of an appraisal (P5.4.2, P5.1.4) become
training sessions with a date, a subject and who attended, seen by the team leader. Feature:
appraisal."""

from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_appraisal import AppraisalCommon


@tagged("sdp_appraisal", "post_install", "-at_install")
class TestTraining(AppraisalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["crm.team"].create(
            {"name": "SDP Team C", "member_ids": [Command.link(cls.user_sales_b.id)]}
        )
        cls._target_month = date(2026, 10, 1)

    def _appraisal_below(self):
        self._order(self.customer_new, self.user_sales_a, datetime(2026, 10, 5, 10, 0))
        self._target(self.user_sales_a, self._target_month, sales=1000.0, profit=1000.0)
        appraisal = self._generate("month", date(2026, 10, 15))[self.user_sales_a]
        self.assertEqual(appraisal.result, "below")
        self.assertTrue(appraisal.is_coaching_required)
        return appraisal

    def test_leader_plans_training_from_the_appraisal(self):
        """P2.1.3/P5.4.2: the team leader turns the training need of a below-standard appraisal
        into a session; the salesperson sees it, attendance is recorded by the leader."""
        appraisal = self._appraisal_below().with_user(self.user_leader)
        appraisal.training_plan = "Negotiation techniques\nShadow Bo on two customer visits"
        action = appraisal.action_sdp_plan_training()
        training = self.env["sdp.training"].with_user(self.user_leader).browse(action["res_id"])
        self.assertRecordValues(
            training,
            [
                {
                    "name": "Negotiation techniques",
                    "team_id": self.team_a.id,
                    "trainer_id": self.user_leader.id,
                    "state": "planned",
                    "attendee_count": 1,
                }
            ],
        )
        line = training.attendance_ids
        self.assertEqual((line.user_id, line.appraisal_id), (self.user_sales_a, appraisal))
        self.assertEqual(appraisal.training_attendance_ids, line)

        # Another salesperson joins; the salesperson reads their session and who attends it,
        # not the appraisal behind an invitation, and cannot certify their own attendance.
        training.attendance_ids = [Command.create({"user_id": self.user_sales_b.id})]
        self.env.invalidate_all()  # the salesperson's own request
        own = self.env["sdp.training"].with_user(self.user_sales_a).search([])
        self.assertEqual(own, training)
        self.assertEqual(own.attendee_count, 2)
        self.assertEqual(own.attendance_ids.user_id, self.user_sales_a | self.user_sales_b)
        with self.assertRaises(AccessError):
            own.attendance_ids.read(["appraisal_id"])
        with self.assertRaises(AccessError):
            line.with_user(self.user_sales_a).attended = True
        # The leader records it and marks the session held.
        line.attended = True
        training.action_done()
        self.assertEqual((training.state, training.attended_count), ("done", 1))

    def test_training_seen_by_its_team_only(self):
        training = (
            self.env["sdp.training"]
            .with_user(self.user_leader)
            .create(
                {
                    "name": "Product training",
                    "team_id": self.team_a.id,
                    "attendance_ids": [Command.create({"user_id": self.user_sales_a.id})],
                }
            )
        )
        self.assertFalse(
            self.env["sdp.training"].with_user(self.user_sales_b).search([]),
            "a salesperson not invited does not see the session",
        )
        with self.assertRaises(AccessError):
            training.with_user(self.user_sales_b).read(["name"])
        self.assertEqual(self.env["sdp.training"].with_user(self.user_manager).search([]), training)

    def test_nobody_records_own_attendance_or_plans_own_training(self):
        """No one certifies their own training or plans it from their own appraisal."""
        training = (
            self.env["sdp.training"]
            .with_user(self.user_manager)
            .create(
                {
                    "name": "Coaching",
                    "attendance_ids": [Command.create({"user_id": self.user_manager.id})],
                }
            )
        )
        with self.assertRaisesMsg(UserError, "your own attendance"):
            training.attendance_ids.attended = True
        self.assertFalse(training.attendance_ids.attended)
        with self.assertRaisesMsg(UserError, "your own attendance"):
            training.write(
                {
                    "attendance_ids": [
                        Command.create({"user_id": self.user_leader.id}),
                        Command.update(training.attendance_ids.id, {"attended": True}),
                    ]
                }
            )
        # An appraisal of the salesperson links only to the salesperson's own line.
        appraisal = self._appraisal_below()
        with self.assertRaisesMsg(UserError, "own appraisal"):
            training.attendance_ids.appraisal_id = appraisal
        # A Sales Manager's own appraisal: planned by another manager, not by themselves.
        own = self.Appraisal.create(
            {
                "user_id": self.user_manager.id,
                "company_id": self.company.id,
                "period_type": "month",
                "date_from": date(2026, 9, 1),
                "date_to": date(2026, 9, 30),
                "training_plan": "Leadership",
            }
        )
        with self.assertRaises(AccessError):
            own.with_user(self.user_manager).action_sdp_plan_training()
