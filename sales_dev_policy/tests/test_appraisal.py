"""Appraisals, their indicators, results and consequences (P5.2-P5.4). Feature: appraisal."""

from datetime import date, datetime

import psycopg2
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_appraisal import AppraisalCommon


@tagged("sdp_appraisal", "post_install", "-at_install")
class TestAppraisal(AppraisalCommon):
    def _survey_answer(self, survey, partner, answer, when):
        with freeze_time(when):
            user_input = survey._create_answer(partner=partner)
            user_input._save_lines(self.question, answer.id)
            user_input._mark_done()
        return user_input

    def test_indicators_hand_computation(self):
        """P5.2.1-P5.2.4: the indicators of October match a hand computation, satisfaction from
        real survey answers, and the weighted score (40/30/20/10)."""
        self._target(self.user_sales_a, "2026-10-01", sales=400.0, profit=100.0, new=2)
        self._order(self.customer_old, self.user_sales_a, datetime(2026, 9, 15))
        self._order(self.customer_old, self.user_sales_a, datetime(2026, 10, 5), qty=2)
        self._order(self.customer_new, self.user_sales_a, datetime(2026, 10, 20))
        call = self.env.ref("sales_dev_policy.mail_activity_type_sdp_first_contact_call")
        leads = self.env["crm.lead"].create(
            [{"name": f"Prospect {i}", "user_id": self.user_sales_a.id} for i in range(2)]
        )
        for lead in leads:
            lead.activity_schedule(activity_type_id=call.id, user_id=self.user_sales_a.id)
            lead.activity_ids.action_feedback(feedback="Called")
        self.env["mail.message"].search(
            [("model", "=", "crm.lead"), ("res_id", "in", leads.ids)]
        ).write({"date": datetime(2026, 10, 3)})
        # Satisfaction survey (P5.2.4): scores 100 and 50 in October for A's customer; an
        # answer in September and one for B's customer do not count.
        survey = self.env["survey.survey"].create(
            {"title": "Customer satisfaction", "scoring_type": "scoring_without_answers"}
        )
        self.question = self.env["survey.question"].create(
            {
                "survey_id": survey.id,
                "title": "How satisfied are you?",
                "question_type": "simple_choice",
                "suggested_answer_ids": [
                    (0, 0, {"value": "Very", "answer_score": 10}),
                    (0, 0, {"value": "Somewhat", "answer_score": 5}),
                    (0, 0, {"value": "Not", "answer_score": 0}),
                ],
            }
        )
        very, somewhat, _not = self.question.suggested_answer_ids
        contact = self.env["res.partner"].create(
            {"name": "New Co buyer", "parent_id": self.customer_new.id}
        )
        self._survey_answer(survey, contact, very, "2026-10-10 10:00:00")
        self._survey_answer(survey, self.customer_new, somewhat, "2026-10-11 10:00:00")
        self._survey_answer(survey, self.customer_new, _not, "2026-09-11 10:00:00")
        self._survey_answer(survey, self.customer_b, _not, "2026-10-11 10:00:00")
        self.company.sdp_satisfaction_survey_id = survey

        appraisal = (
            self.env["sdp.appraisal.generate"]
            .with_user(self.user_manager)
            .create({"period_type": "month", "date": "2026-10-15"})
            .action_generate()
        )
        appraisal = self.Appraisal.search(
            appraisal["domain"] + [("user_id", "=", self.user_sales_a.id)]
        )
        self.assertEqual(len(appraisal), 1)
        self.assertEqual(appraisal.team_id, self.team_a)
        self.assertEqual(
            (appraisal.date_from, appraisal.date_to), (date(2026, 10, 1), date(2026, 10, 31))
        )
        self.assertEqual(appraisal.sales_amount, 300.0)
        self.assertEqual(appraisal.profit, 120.0)
        self.assertEqual(appraisal.new_customers, 1)
        self.assertEqual(appraisal.prospects_contacted, 2)
        self.assertEqual(appraisal.success_rate, 50.0)
        self.assertEqual(appraisal.sales_achievement, 75.0)
        self.assertEqual(appraisal.profit_achievement, 120.0)
        self.assertEqual(appraisal.new_customers_achievement, 50.0)
        self.assertTrue(appraisal.has_satisfaction)
        self.assertEqual(appraisal.satisfaction, 75.0)
        # (40*75 + 30*120 + 20*50 + 10*75) / 100
        self.assertAlmostEqual(appraisal.score, 83.5)
        self.assertEqual(appraisal.result, "meets")

        # No survey: its 10% is shared by the others in proportion (P5.2.4).
        self.company.sdp_satisfaction_survey_id = False
        appraisal.with_user(self.user_leader).action_recompute()
        self.assertFalse(appraisal.has_satisfaction)
        self.assertAlmostEqual(appraisal.score, (40 * 75 + 30 * 120 + 20 * 50) / 90)

    def test_result_thresholds_boundary(self):
        """P5.4: score 110 is excellent, 80 meets, just under 80 below; thresholds follow the
        settings."""
        self._target(self.user_sales_a, "2026-10-01", sales=1000.0)
        self._order(self.customer_old, self.user_sales_a, datetime(2026, 10, 5), qty=11)
        appraisal = self._generate("month", date(2026, 10, 1))[self.user_sales_a]
        self.assertEqual((appraisal.score, appraisal.result), (110.0, "excellent"))
        self.company.sdp_appraisal_excellent_threshold = 110.01
        appraisal.action_recompute()
        self.assertEqual(appraisal.result, "meets")
        self.company.sdp_appraisal_below_threshold = 110.0
        appraisal.action_recompute()
        self.assertEqual(appraisal.result, "meets", "at the threshold is not below")
        self.company.sdp_appraisal_below_threshold = 110.001
        appraisal.action_recompute()
        self.assertEqual(appraisal.result, "below")

    def test_no_target_no_result(self):
        """Without targets nor survey nothing can be measured: no result, no consequence."""
        appraisal = self._generate("month", date(2026, 10, 1))[self.user_sales_a]
        self.assertFalse(appraisal.result)
        self.assertFalse(appraisal.activity_ids)

    def test_cron_periods_idempotent(self):
        """P5.3.1: on 1 December November's monthly appraisals; on 1 January also Q4 and the
        year (P5.3.2); a second run creates nothing; other days nothing."""
        users = self.user_sales_a | self.user_sales_b
        domain = [("user_id", "in", users.ids)]
        with freeze_time("2026-12-02"):
            self.Appraisal._cron_generate_appraisals()
        self.assertFalse(self.Appraisal.search(domain))
        with freeze_time("2026-12-01"):
            self.Appraisal._cron_generate_appraisals()
        november = self.Appraisal.search(domain)
        self.assertEqual(november.user_id, users)
        self.assertEqual(set(november.mapped("period_type")), {"month"})
        self.assertEqual(set(november.mapped("date_from")), {date(2026, 11, 1)})
        self.assertFalse(
            self.Appraisal.search([("user_id", "in", (self.user_manager | self.user_leader).ids)]),
            "only salespeople who are members of a sales team",
        )
        with freeze_time("2026-12-01"):
            self.Appraisal._cron_generate_appraisals()
        self.assertEqual(self.Appraisal.search(domain), november, "a second run creates nothing")
        with freeze_time("2027-01-01"):
            self.Appraisal._cron_generate_appraisals()
            self.Appraisal._cron_generate_appraisals()
        new = self.Appraisal.search(domain) - november
        self.assertEqual(len(new), 6)
        self.assertEqual(
            sorted({(a.period_type, a.date_from, a.date_to) for a in new}),
            [
                ("month", date(2026, 12, 1), date(2026, 12, 31)),
                ("quarter", date(2026, 10, 1), date(2026, 12, 31)),
                ("year", date(2026, 1, 1), date(2026, 12, 31)),
            ],
        )

    def test_quarter_aggregates_months_and_annual_flags(self):
        """P5.3.2: quarterly targets are the sums of the months and the quarter's sales are all
        its orders; P5.1.3/P5.1.4: the annual result recommends promotion or training."""
        for month in ("2026-10-01", "2026-11-01", "2026-12-01"):
            self._target(self.user_sales_a, month, sales=100.0)
            self._target(self.user_sales_b, month, sales=1000.0)
        self._order(self.customer_old, self.user_sales_a, datetime(2026, 10, 5), qty=2)
        self._order(self.customer_old, self.user_sales_a, datetime(2026, 12, 5), qty=2)
        quarter = self._generate("quarter", date(2026, 11, 15))[self.user_sales_a]
        self.assertEqual(quarter.sales_target, 300.0)
        self.assertEqual(quarter.sales_amount, 400.0)
        self.assertAlmostEqual(quarter.sales_achievement, 400.0 / 3)
        year = self._generate("year", date(2026, 6, 1))
        self.assertTrue(year[self.user_sales_a].is_promotion_recommended)
        self.assertFalse(year[self.user_sales_a].is_training_recommended)
        self.assertTrue(year[self.user_sales_b].is_training_recommended)
        self.assertFalse(year[self.user_sales_b].is_promotion_recommended)

    def test_excellent_praise_and_reward(self):
        """P5.4.1: closing an excellent appraisal posts a praise and flags the reward."""
        self._target(self.user_sales_a, "2026-10-01", sales=100.0)
        self._order(self.customer_old, self.user_sales_a, datetime(2026, 10, 5), qty=2)
        appraisal = self._generate("month", date(2026, 10, 1))[self.user_sales_a]
        self.assertEqual(appraisal.result, "excellent")
        self.assertFalse(appraisal.is_reward)
        appraisal.with_user(self.user_leader).action_done()
        self.assertEqual(appraisal.state, "done")
        self.assertTrue(appraisal.is_reward)
        self.assertEqual(appraisal.reviewer_id, self.user_leader)
        self.assertIn("P5.4.1", appraisal.message_ids[:1].body)

    def test_below_standard_interview_required(self):
        """P5.4.2: below standard gives the team leader a performance interview activity; the
        appraisal cannot be closed before the interview is recorded."""
        self._target(self.user_sales_a, "2026-10-01", sales=1000.0)
        appraisal = self._generate("month", date(2026, 10, 1))[self.user_sales_a]
        self.assertEqual(appraisal.result, "below")
        activity = self._activities(appraisal, "Performance interview")
        self.assertEqual(activity.user_id, self.user_leader)
        as_leader = appraisal.with_user(self.user_leader)
        as_leader.write({"interview_date": "2026-11-03", "cause_analysis": "Few visits"})
        with self.assertRaisesRegex(UserError, "Improvement Plan, Training and Coaching"):
            as_leader.action_done()
        self.assertEqual(appraisal.state, "draft")
        with self.assertRaises(AccessError):
            appraisal.with_user(self.user_sales_a).action_done()
        as_leader.write({"improvement_plan": "Two visits a week", "training_plan": "Coaching"})
        as_leader.action_done()
        self.assertEqual(appraisal.state, "done")
        # Recomputing does not duplicate the activity.
        self.assertEqual(len(self._activities(appraisal, "Performance interview")), 1)

    def test_consecutive_poor_results(self):
        """P5.4.3: the third consecutive below-standard month is flagged with an activity for the
        Sales Manager, who alone records the decision."""
        appraisals = []
        for month in (date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1)):
            self._target(self.user_sales_a, month, sales=1000.0)
            appraisals.append(self._generate("month", month)[self.user_sales_a])
        self.assertEqual([a.result for a in appraisals], ["below"] * 3)
        self.assertEqual([a.is_consecutive_poor for a in appraisals], [False, False, True])
        october = appraisals[-1]
        activity = self._activities(october, "Decision after consecutive poor results")
        self.assertEqual(len(activity), 1)
        self.assertTrue(activity.user_id.has_group("sales_dev_policy.group_sdp_manager"))
        self.assertFalse(self._activities(appraisals[1], "Decision after consecutive poor results"))
        with self.assertRaises(AccessError):
            october.with_user(self.user_leader).write({"decision": "dismiss"})
        self.assertFalse(october.decision)
        october.with_user(self.user_leader).write(
            {
                "interview_date": "2026-11-03",
                "cause_analysis": "x",
                "improvement_plan": "y",
                "training_plan": "z",
            }
        )
        with self.assertRaisesRegex(UserError, "P5.4.3"):
            october.with_user(self.user_leader).action_done()
        october.with_user(self.user_manager).write({"decision": "keep"})
        october.with_user(self.user_manager).action_done()
        self.assertEqual(october.state, "done")

    def test_target_unique_and_not_negative(self):
        """P5.2.3: one target per salesperson and month; targets are not negative."""
        self._target(self.user_sales_a, "2026-10-01", sales=10.0)
        with mute_logger("odoo.sql_db"):
            with self.assertRaises(psycopg2.errors.UniqueViolation), self.cr.savepoint():
                self._target(self.user_sales_a, "2026-10-01", sales=20.0)
            with self.assertRaises(psycopg2.errors.CheckViolation), self.cr.savepoint():
                self._target(self.user_sales_a, "2026-11-01", sales=-1.0)
        with self.assertRaisesRegex(ValidationError, "P5.2.3"), self.cr.savepoint():
            self._target(self.user_sales_a, "2026-11-15", sales=1.0)
        self.assertEqual(self.Target.search_count([("user_id", "=", self.user_sales_a.id)]), 1)
