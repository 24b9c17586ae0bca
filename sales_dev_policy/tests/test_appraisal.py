"""Appraisals, their indicators, results and consequences (P5.2-P5.4). Feature: appraisal."""

from datetime import date, datetime

import psycopg2
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
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

    def test_satisfaction_survey_sent_and_credited_to_who_served(self):
        """P5.2.4: the shipped survey is sent to the customer when the "Satisfaction review"
        milestone is done; the answer counts for the salesperson who served the customer then,
        even after the customer changes hands; nobody rewrites who is credited."""
        survey = self.env.ref("sales_dev_policy.survey_sdp_customer_satisfaction")
        self.company.sdp_satisfaction_survey_id = survey
        self.customer_new.email = "buyer@newco.example.com"
        lead = self.env["crm.lead"].create(
            {
                "name": "Kitchen project",
                "type": "opportunity",
                "partner_id": self.customer_new.id,
                "user_id": self.user_sales_a.id,
            }
        )
        template = self.env.ref("sales_dev_policy.sdp_followup_template_satisfaction")
        milestone = self.env["sdp.followup.milestone"].create(
            {
                "name": template.name,
                "lead_id": lead.id,
                "template_id": template.id,
                "kind": "template",
                "date_deadline": date(2026, 10, 1),
                "user_id": self.user_sales_a.id,
            }
        )
        milestone.with_user(self.user_sales_a).write({"is_done": True})
        answer = self.env["survey.user_input"].search(
            [("survey_id", "=", survey.id), ("partner_id", "=", self.customer_new.id)]
        )
        self.assertEqual(len(answer), 1, "the invitation was sent")
        self.assertEqual(answer.sdp_salesperson_id, self.user_sales_a)
        self.assertTrue(lead.message_ids.filtered(lambda m: "Satisfaction survey" in m.body))
        with self.assertRaises(UserError):
            answer.with_user(self.user_manager).write({"sdp_salesperson_id": self.user_sales_b.id})
        # Nor given at creation (or in a copy): the flow decides.
        officer = new_test_user(
            self.env,
            login="sdp_survey_officer",
            groups="survey.group_survey_user,sales_dev_policy.group_sdp_salesperson",
        )
        forged = (
            self.env["survey.user_input"]
            .with_user(officer)
            .create(
                {
                    "survey_id": survey.id,
                    "partner_id": self.customer_new.id,
                    "sdp_salesperson_id": self.user_sales_b.id,
                }
            )
        )
        self.assertEqual(forged.sdp_salesperson_id, self.user_sales_a)
        forged.unlink()
        # The customer moves to B before answering: the answer is still A's.
        self.customer_new.user_id = self.user_sales_b
        q1, q2 = survey.question_ids.filtered(lambda q: q.question_type == "simple_choice")
        with freeze_time("2026-10-10 10:00:00"):
            answer._save_lines(q1, q1.suggested_answer_ids[0].id)  # very satisfied: 4
            answer._save_lines(q2, q2.suggested_answer_ids[1].id)  # satisfied: 3
            answer._mark_done()
        scores = self.env["sdp.sales.kpi"]._get_satisfaction(
            self.user_sales_a | self.user_sales_b,
            date(2026, 10, 1),
            date(2026, 10, 31),
            self.company,
        )
        self.assertEqual(scores, {self.user_sales_a.id: 87.5})

    def test_indicators_hand_computation(self):
        """P5.2.1-P5.2.4: the indicators of October match a hand computation, satisfaction from
        real survey answers, and the weighted score (40/30/10/10/10)."""
        self._target(self.user_sales_a, "2026-10-01", sales=400.0, profit=100.0, new=2)
        self._order(self.customer_old, self.user_sales_a, datetime(2026, 9, 15))
        self._order(self.customer_old, self.user_sales_a, datetime(2026, 10, 5), qty=2)
        self._order(self.customer_new, self.user_sales_a, datetime(2026, 10, 20))
        call = self.env.ref("sales_dev_policy.mail_activity_type_sdp_first_contact_call")
        leads = self.env["crm.lead"].create(
            [{"name": f"Prospect {i}", "user_id": self.user_sales_a.id} for i in range(2)]
        )
        leads[0].partner_id = self.customer_new  # contacted, then became a customer
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
        self.assertEqual(appraisal.prospects_converted, 1)
        self.assertEqual(appraisal.success_rate, 50.0)
        self.assertEqual(appraisal.success_rate_target, 20.0)
        self.assertEqual(appraisal.success_rate_achievement, 250.0)
        self.assertEqual(appraisal.sales_achievement, 75.0)
        self.assertEqual(appraisal.profit_achievement, 120.0)
        self.assertEqual(appraisal.new_customers_achievement, 50.0)
        self.assertTrue(appraisal.has_satisfaction)
        self.assertEqual(appraisal.satisfaction, 75.0)
        # sales 40, profit 30, new customers 10, success rate 10, satisfaction 10 (P5.2.2)
        self.assertAlmostEqual(
            appraisal.score, (40 * 75 + 30 * 120 + 10 * 50 + 10 * 250 + 10 * 75) / 100
        )
        self.assertEqual(appraisal.result, "meets")

        # No survey: its 10% is shared by the others in proportion (P5.2.4).
        self.company.sdp_satisfaction_survey_id = False
        appraisal.with_user(self.user_leader).action_recompute()
        self.assertFalse(appraisal.has_satisfaction)
        self.assertAlmostEqual(appraisal.score, (40 * 75 + 30 * 120 + 10 * 50 + 10 * 250) / 90)

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
        """P5.2.3: without a target the appraisal says which month lacks one instead of scoring
        0: no result, no consequence, and the team leader cannot close it until the target is
        set and the appraisal recomputed."""
        appraisal = self._generate("month", date(2026, 10, 1))[self.user_sales_a]
        self.assertFalse(appraisal.result)
        self.assertEqual(appraisal.missing_targets, "2026-10")
        self.assertFalse(appraisal.activity_ids)
        as_leader = appraisal.with_user(self.user_leader)
        with self.assertRaisesRegex(UserError, "no sales target for 2026-10.*P5.2.3"):
            as_leader.action_done()
        self.assertEqual(appraisal.state, "draft")
        self.Target.with_user(self.user_leader).create(
            {"user_id": self.user_sales_a.id, "date_from": "2026-10-01", "sales_target": 100.0}
        )
        as_leader.action_recompute()
        self.assertFalse(appraisal.missing_targets)
        self.assertEqual(appraisal.result, "below")

    def test_cron_periods_idempotent(self):
        """P5.3.1: on 1 December November's monthly appraisals; on 1 January also Q4 and the
        year (P5.3.2); a second run creates nothing; other days nothing new."""
        users = self.user_sales_a | self.user_sales_b
        domain = [("user_id", "in", users.ids)]
        self.env["res.company"].search([]).sdp_appraisal_last_month = False
        with freeze_time("2026-12-01"):
            self.run_cron(self.Appraisal, "_cron_generate_appraisals")
        november = self.Appraisal.search(domain)
        self.assertEqual(november.user_id, users)
        self.assertEqual(set(november.mapped("period_type")), {"month"})
        self.assertEqual(set(november.mapped("date_from")), {date(2026, 11, 1)})
        self.assertFalse(
            self.Appraisal.search([("user_id", "in", (self.user_manager | self.user_leader).ids)]),
            "only salespeople who are members of a sales team",
        )
        with freeze_time("2026-12-01"):
            self.run_cron(self.Appraisal, "_cron_generate_appraisals")
        with freeze_time("2026-12-31"):
            self.run_cron(self.Appraisal, "_cron_generate_appraisals")
        self.assertEqual(self.Appraisal.search(domain), november, "a second run creates nothing")
        with freeze_time("2027-01-01"):
            self.run_cron(self.Appraisal, "_cron_generate_appraisals")
            self.run_cron(self.Appraisal, "_cron_generate_appraisals")
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
        its orders; P5.1.3/P5.1.4: an excellent annual result recommends promotion and training
        and career development (top performers); P5.4.2: below standard calls for coaching."""
        for month in ("2026-10-01", "2026-11-01", "2026-12-01"):
            self._target(self.user_sales_a, month, sales=100.0)
            self._target(self.user_sales_b, month, sales=1000.0)
        self._order(self.customer_old, self.user_sales_a, datetime(2026, 10, 5), qty=2)
        self._order(self.customer_old, self.user_sales_a, datetime(2026, 12, 5), qty=2)
        quarter = self._generate("quarter", date(2026, 11, 15))[self.user_sales_a]
        self.assertEqual(quarter.sales_target, 300.0)
        self.assertEqual(quarter.sales_amount, 400.0)
        self.assertAlmostEqual(quarter.sales_achievement, 400.0 / 3)
        for month in range(1, 10):
            self._target(self.user_sales_a, date(2026, month, 1), sales=0.0)
            self._target(self.user_sales_b, date(2026, month, 1), sales=1000.0)
        year = self._generate("year", date(2026, 6, 1))
        top, poor = year[self.user_sales_a], year[self.user_sales_b]
        self.assertEqual((top.result, poor.result), ("excellent", "below"))
        self.assertTrue(top.is_promotion_recommended)
        self.assertTrue(top.is_development_recommended, "P5.1.4 goes to top performers")
        self.assertFalse(top.is_coaching_required)
        self.assertFalse(poor.is_development_recommended)
        self.assertFalse(poor.is_promotion_recommended)
        self.assertTrue(poor.is_coaching_required, "P5.4.2 coaching for below standard")
        self.assertEqual(
            self.Appraisal._fields["is_development_recommended"].string,
            "Training and Career Development",
        )

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

    def _contacted(self, user, partner, when):
        """A lead of ``user`` for ``partner`` whose first contact (P3.3.2) was made ``when``."""
        call = self.env.ref("sales_dev_policy.mail_activity_type_sdp_first_contact_call")
        lead = self.env["crm.lead"].create(
            {"name": f"Prospect {partner.name}", "user_id": user.id, "partner_id": partner.id}
        )
        lead.activity_schedule(activity_type_id=call.id, user_id=user.id)
        lead.activity_ids.action_feedback(feedback="Called")
        self.env["mail.message"].search(
            [("model", "=", "crm.lead"), ("res_id", "=", lead.id)]
        ).write({"date": when})
        return lead

    def test_success_rate_counts_one_cohort_and_weighs(self):
        """P5.2.2: new customers / prospects contacted, each counted in the period it happens
        in: the prospects first contacted in October are the denominator; the prospects won in
        October, contacted then or in September, the numerator. A new customer never contacted
        as a prospect and an existing customer contacted again do not count; a prospect
        contacted in October and won in November counts in November's numerator (across the
        month boundary); the rate weighs in the score by its company weight."""
        prospects = self.env["res.partner"].create(
            [{"name": f"Cohort {i}", "is_company": True} for i in range(4)]
        )
        self._contacted(self.user_sales_a, prospects[0], datetime(2026, 10, 2))  # converts
        self._contacted(self.user_sales_a, prospects[1], datetime(2026, 10, 3))  # no order
        self._contacted(self.user_sales_a, prospects[2], datetime(2026, 10, 4))  # orders in Nov
        self._contacted(self.user_sales_a, prospects[3], datetime(2026, 9, 4))  # contacted before
        self._order(self.customer_old, self.user_sales_a, datetime(2026, 9, 1))
        self._contacted(self.user_sales_a, self.customer_old, datetime(2026, 10, 5))  # existing
        self._order(prospects[0], self.user_sales_a, datetime(2026, 10, 20))
        self._order(prospects[2], self.user_sales_a, datetime(2026, 11, 2))
        self._order(prospects[3], self.user_sales_a, datetime(2026, 10, 21))
        self._order(self.customer_new, self.user_sales_a, datetime(2026, 10, 22))  # no prospect
        self._order(self.customer_old, self.user_sales_a, datetime(2026, 10, 23))
        self._target(self.user_sales_a, "2026-10-01", sales=300.0)
        self.company.write(
            {"sdp_appraisal_success_rate_target": 50.0, "sdp_appraisal_weight_success_rate": 40.0}
        )
        appraisal = self._generate("month", date(2026, 10, 1))[self.user_sales_a]
        self.assertEqual(appraisal.new_customers, 3, "P5.2.1 counts every new customer")
        self.assertEqual(appraisal.prospects_contacted, 4)
        self.assertEqual(appraisal.prospects_converted, 2, "prospects 0 and 3 (September's)")
        self.assertEqual(appraisal.success_rate, 50.0)
        self.assertEqual(appraisal.success_rate_achievement, 100.0)
        # sales 400/300 at weight 40, success rate 50/50 at weight 40.
        self.assertAlmostEqual(appraisal.score, (40 * 400 / 3 + 40 * 100) / 80)
        november = self.env["sdp.sales.kpi"]._get_kpis(
            self.user_sales_a, date(2026, 11, 1), date(2026, 11, 30), self.company
        )[self.user_sales_a.id]
        self.assertEqual(november["prospects_converted"], 1, "prospect 2, contacted in October")
        self.assertEqual(november["prospects_contacted"], 0)
        # The quarter counts every prospect once on each side.
        quarter = self.env["sdp.sales.kpi"]._get_kpis(
            self.user_sales_a, date(2026, 10, 1), date(2026, 12, 31), self.company
        )[self.user_sales_a.id]
        self.assertEqual((quarter["prospects_converted"], quarter["prospects_contacted"]), (3, 4))
        # No prospect contacted: the rate cannot be measured, its weight goes to the others.
        november = self._generate("month", date(2026, 11, 1))
        self._target(self.user_sales_b, "2026-11-01", sales=100.0)
        november[self.user_sales_b].with_user(self.user_manager).action_recompute()
        self.assertEqual(november[self.user_sales_b].score, 0.0)
        self.assertEqual(november[self.user_sales_b].result, "below")
        self.assertEqual(november[self.user_sales_b].success_rate_achievement, 0.0)

    def test_quarter_without_all_targets_says_which(self):
        """P5.2.3: a quarter with a month without target is not scored on the other months'
        targets: it names the month; the team leader sets it, recomputes, and it is scored."""
        self._target(self.user_sales_a, "2026-10-01", sales=100.0)
        self._target(self.user_sales_a, "2026-12-01", sales=100.0)
        self._order(self.customer_old, self.user_sales_a, datetime(2026, 11, 5), qty=3)
        quarter = self._generate("quarter", date(2026, 10, 1))[self.user_sales_a]
        self.assertEqual(quarter.missing_targets, "2026-11")
        self.assertFalse(quarter.result)
        self.assertEqual(quarter.score, 0.0)
        self._target(self.user_sales_a, "2026-11-01", sales=100.0)
        quarter.with_user(self.user_leader).action_recompute()
        self.assertFalse(quarter.missing_targets)
        self.assertEqual((quarter.score, quarter.result), (100.0, "meets"))

    def _poor_months(self, months, target=1000.0):
        result = {}
        for month in months:
            if target is not None:
                self._target(self.user_sales_a, month, sales=target)
            result[month] = self._generate("month", month)[self.user_sales_a]
        return result

    def test_consecutive_poor_skips_unmeasured_months(self):
        """P5.4.3: a month without a measured result (no appraisal, or no target) neither counts
        nor breaks the run; the appraisal names the months of the run and the skipped ones."""
        august, october = date(2026, 8, 1), date(2026, 10, 1)
        september, november = date(2026, 9, 1), date(2026, 11, 1)
        runs = self._poor_months([august])
        runs.update(self._poor_months([september], target=None))  # no target: not measured
        runs.update(self._poor_months([october, november]))
        self.assertEqual(runs[september].missing_targets, "2026-09")
        self.assertFalse(runs[october].is_consecutive_poor)
        flagged = runs[november]
        self.assertTrue(flagged.is_consecutive_poor)
        self.assertEqual(
            flagged.consecutive_poor_note,
            "Below standard in 2026-08, 2026-10, 2026-11; not measured, skipped: 2026-09",
        )
        self.assertTrue(self._activities(flagged, "Decision after consecutive poor results"))
        # A month without any appraisal (the salesperson was in no team) is treated the same.
        self.company.sdp_appraisal_consecutive_poor = 2
        january = self._poor_months([date(2027, 1, 1)])[date(2027, 1, 1)]
        self.assertTrue(january.is_consecutive_poor)
        self.assertIn("skipped: 2026-12", january.consecutive_poor_note)

    def test_consecutive_poor_clears_when_run_broken(self):
        """P5.4.3: when a recompute of an earlier month shows it was not below standard, the
        later flag is cleared with its decision activity; recomputing the later month alone
        gives the same."""
        months = [date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1)]
        runs = self._poor_months(months)
        october = runs[months[2]]
        self.assertTrue(october.is_consecutive_poor)
        self._order(self.customer_old, self.user_sales_a, datetime(2026, 9, 5), qty=10)
        runs[months[1]].with_user(self.user_leader).action_recompute()
        self.assertEqual(runs[months[1]].result, "meets")
        self.assertFalse(october.is_consecutive_poor)
        self.assertFalse(october.consecutive_poor_note)
        self.assertFalse(self._activities(october, "Decision after consecutive poor results"))
        october.with_user(self.user_leader).action_recompute()
        self.assertFalse(october.is_consecutive_poor)
        # The salesperson cannot set the flag back, nor clear it, over RPC.
        with self.assertRaises(AccessError):
            october.with_user(self.user_sales_a).write({"is_consecutive_poor": True})
        with self.assertRaises(AccessError):
            october.with_user(self.user_leader).write({"consecutive_poor_note": False})

    def test_cron_catches_up_missed_months(self):
        """P5.3.1: a month the scheduled action missed is generated at its next run, on any
        day, with the quarter it closes; a second run adds nothing; the company's calendar
        decides which months have ended."""
        users = self.user_sales_a | self.user_sales_b
        domain = [("user_id", "in", users.ids)]
        self.env["res.company"].search([]).sdp_appraisal_last_month = False
        with freeze_time("2026-01-01 12:00"):
            self.run_cron(self.Appraisal, "_cron_generate_appraisals")
        self.assertEqual(self.company.sdp_appraisal_last_month, date(2025, 12, 1))
        self.Appraisal.search(domain).unlink()
        with freeze_time("2026-04-17 12:00"):  # January to March missed
            self.run_cron(self.Appraisal, "_cron_generate_appraisals")
            self.run_cron(self.Appraisal, "_cron_generate_appraisals")
        generated = self.Appraisal.search(domain)
        self.assertEqual(
            sorted({(a.period_type, a.date_from) for a in generated}),
            [
                ("month", date(2026, 1, 1)),
                ("month", date(2026, 2, 1)),
                ("month", date(2026, 3, 1)),
                ("quarter", date(2026, 1, 1)),
            ],
        )
        self.assertEqual(len(generated), 8, "one per salesperson and period, never twice")
        self.assertEqual(self.company.sdp_appraisal_last_month, date(2026, 3, 1))
        # Taipei: 30 April 20:00 UTC is already 1 May there, April has ended.
        self.company.partner_id.tz = "Asia/Taipei"
        with freeze_time("2026-04-30 20:00"):
            self.run_cron(self.Appraisal, "_cron_generate_appraisals")
        self.assertEqual(self.company.sdp_appraisal_last_month, date(2026, 4, 1))
        self.assertEqual(
            self.Appraisal.search_count(domain + [("date_from", "=", "2026-04-01")]), 2
        )


@tagged("sdp_appraisal", "post_install", "-at_install")
class TestAppraisalSalesCounted(AppraisalCommon):
    """P5.2.3: the appraisal's sales amount and profit are those "achieved through customer
    development"; the company says which orders that is: every order of the salesperson (the
    default, repeat business included), new business only, or orders won from an opportunity.
    Commissions (P5.1.1) count every order whatever the setting."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Appraisal New Co opportunity",
                "type": "opportunity",
                "partner_id": cls.customer_new.id,
                "user_id": cls.user_sales_a.id,
            }
        )

    def _month_sales(self):
        # sudo: the test regenerates the month's appraisal under each setting.
        self.Appraisal.search([("user_id", "=", self.user_sales_a.id)]).sudo().unlink()
        appraisal = self._generate("month", date(2026, 10, 15))[self.user_sales_a]
        return appraisal.sales_amount, appraisal.profit

    def test_which_orders_count(self):
        # A customer developed two years ago buys again; a new customer buys from its opportunity.
        self._order(self.customer_old, self.user_sales_a, datetime(2024, 9, 10, 10, 0))
        self._order(self.customer_old, self.user_sales_a, datetime(2026, 10, 5, 10, 0), qty=2)
        won = self._order(self.customer_new, self.user_sales_a, datetime(2026, 10, 6, 10, 0))
        won.opportunity_id = self.lead
        self._target(self.user_sales_a, date(2026, 10, 1), sales=300.0, profit=120.0)

        self.assertEqual(self.company.sdp_appraisal_sales_scope, "all")
        self.assertEqual(self._month_sales(), (300.0, 120.0))  # repeat business included

        self.company.sdp_appraisal_sales_scope = "new_business"  # the first 12 months
        self.assertEqual(self._month_sales(), (100.0, 40.0))
        self.company.sdp_appraisal_new_business_months = 36
        self.assertEqual(self._month_sales(), (300.0, 120.0))

        self.company.sdp_appraisal_sales_scope = "pipeline"
        self.assertEqual(self._month_sales(), (100.0, 40.0))

        # The commission measure is not the appraisal's: every order counts.
        kpis = self.env["sdp.sales.kpi"]._get_kpis(
            self.user_sales_a, date(2026, 10, 1), date(2026, 10, 31), self.company
        )
        self.assertEqual(kpis[self.user_sales_a.id]["sales_amount"], 300.0)
