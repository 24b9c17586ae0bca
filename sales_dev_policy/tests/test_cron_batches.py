"""Scheduled actions work in batches, as Odoo 18's cron runner expects: one batch per call,
reported with ``_notify_progress``; the runner calls again while work remains, so a run cut
short (time limit, restart) resumes where it stopped and handles nothing twice.
Shared by pipeline, incentive and appraisal."""

from datetime import date, datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import errors

from odoo.tests import tagged

from .common_appraisal import AppraisalCommon
from .common_incentive import IncentiveCommon
from .common_pipeline import PipelineCommon


def _one_call(testcase, model, method, **kwargs):
    """One call of the cron's method, as one batch of the runner: ``(done, remaining)``."""
    cron = testcase.env["ir.cron"].search([("code", "=", f"model.{method}()")], limit=1)
    _cron, progress = cron._add_progress()
    getattr(model.with_context(ir_cron_progress_id=progress.id), method)(**kwargs)
    return progress.done, progress.remaining


@tagged("sdp_appraisal", "post_install", "-at_install")
class TestAppraisalCronBatches(AppraisalCommon):
    def test_months_one_per_call_and_resume(self):
        """P5.3.1: three months behind, the cron generates one month per call and says how
        many remain; stopped after the first call, the next run goes on from the second month;
        each salesperson gets one appraisal per month."""
        companies = self.env["res.company"].search([])
        companies.sdp_appraisal_last_month = date(2026, 10, 1)
        self.company.sdp_appraisal_last_month = date(2026, 7, 1)
        with freeze_time("2026-11-05"):
            first = _one_call(self, self.Appraisal, "_cron_generate_appraisals")
            self.assertEqual(first, (1, 2), "August done; September and October remain")
            self.assertEqual(self.company.sdp_appraisal_last_month, date(2026, 8, 1))
            rest = self.run_cron(self.Appraisal, "_cron_generate_appraisals")
        self.assertEqual(rest, [(1, 1), (1, 0)])
        self.assertEqual(self.company.sdp_appraisal_last_month, date(2026, 10, 1))
        appraisals = self.Appraisal.search([("user_id", "=", self.user_sales_a.id)])
        monthly = appraisals.filtered(lambda a: a.period_type == "month")
        self.assertEqual(
            sorted(monthly.mapped("date_from")),
            [date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1)],
            "one appraisal per month, none twice",
        )
        self.assertEqual(len(appraisals.filtered(lambda a: a.period_type == "quarter")), 1)
        with freeze_time("2026-11-05"):
            again = self.run_cron(self.Appraisal, "_cron_generate_appraisals")
        self.assertEqual(again, [(0, 0)], "nothing left to do")
        self.assertEqual(
            self.Appraisal.search([("user_id", "=", self.user_sales_a.id)]), appraisals
        )

    def test_concurrent_generation_runs_again_later(self):
        """P5.3.1: a month that meets a manager's generation of the same month at the same moment
        (a serialization failure) is undone, reported as not done, and the cron is triggered
        again instead of failing."""
        companies = self.env["res.company"].search([])
        companies.sdp_appraisal_last_month = date(2026, 10, 1)
        self.company.sdp_appraisal_last_month = date(2026, 8, 1)
        cron = self.env.ref("sales_dev_policy.sdp_appraisal_cron_generate")
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        with (
            freeze_time("2026-11-05"),
            patch.object(
                type(self.Appraisal),
                "_generate",
                side_effect=errors.SerializationFailure("concurrent update"),
            ),
        ):
            result = _one_call(self, self.Appraisal, "_cron_generate_appraisals")
        self.assertEqual(result, (0, 2), "nothing done, both months remain")
        self.assertEqual(self.company.sdp_appraisal_last_month, date(2026, 8, 1))
        self.assertTrue(
            self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]) - triggers,
            "the cron runs again soon",
        )
        with freeze_time("2026-11-05"):
            self.run_cron(self.Appraisal, "_cron_generate_appraisals")
        self.assertEqual(self.company.sdp_appraisal_last_month, date(2026, 10, 1))


@tagged("sdp_incentive", "post_install", "-at_install")
class TestCommissionCronBatches(IncentiveCommon):
    def test_months_one_per_call_then_recompute(self):
        """P5.1.1: two months behind, one month per call, then the last ended month recomputed
        in a last call; a run stopped after the first call resumes; one sheet per month."""
        self._plan()
        companies = self.env["res.company"].search([])
        companies.sdp_commission_last_month = date(2026, 10, 1)
        self.company.sdp_commission_last_month = date(2026, 8, 1)
        with freeze_time("2026-11-01 03:00:00"):
            first = _one_call(self, self.Sheet, "_cron_monthly_commissions")
            self.assertEqual(first, (1, 2), "September done; October and the recompute remain")
            rest = self.run_cron(self.Sheet, "_cron_monthly_commissions")
        self.assertEqual(rest, [(1, 1), (1, 0)])
        self.assertEqual(self.company.sdp_commission_last_month, date(2026, 10, 1))
        sheets = self.Sheet.search([("user_id", "=", self.user_sales_a.id)])
        self.assertEqual(sorted(sheets.mapped("date_from")), [date(2026, 9, 1), date(2026, 10, 1)])
        with freeze_time("2026-11-01 03:00:00"):
            again = self.run_cron(self.Sheet, "_cron_monthly_commissions")
        self.assertEqual(again, [(1, 0)], "only the recompute of October")
        self.assertEqual(self.Sheet.search([("user_id", "=", self.user_sales_a.id)]), sheets)


@tagged("sdp_pipeline", "post_install", "-at_install")
class TestSlaCronBatches(PipelineCommon):
    def test_sla_batches_handle_each_lead_once(self):
        """P3 stage SLA: with batches of two, three overdue leads take two calls; each lead gets
        one activity."""
        self.stage["prospect"].with_user(self.user_admin).write({"sdp_sla_days": 3})
        start = datetime(2026, 1, 5, 9, 0)
        leads = self._lead("One") | self._lead("Two") | self._lead("Three")
        leads.date_last_stage_update = start
        todo = self.env.ref("mail.mail_activity_data_todo")
        lead_model = self.env["crm.lead"]
        with freeze_time(start + timedelta(days=5)):
            first = _one_call(self, lead_model, "_cron_sdp_stage_sla", batch_size=2)
            self.assertEqual(first, (2, 1))
            second = _one_call(self, lead_model, "_cron_sdp_stage_sla", batch_size=2)
            self.assertEqual(second, (1, 0))
            third = _one_call(self, lead_model, "_cron_sdp_stage_sla", batch_size=2)
            self.assertEqual(third, (0, 0))
        for lead in leads:
            self.assertTrue(lead.sdp_sla_overdue)
            self.assertEqual(
                len(lead.activity_ids.filtered(lambda a: a.activity_type_id == todo)), 1
            )

    def test_sla_batch_meeting_a_move_runs_again(self):
        """P3 stage SLA: a batch that meets a salesperson moving one of its leads at the same
        moment (a serialization failure) is undone and runs again shortly, instead of failing
        the scheduled action."""
        self.stage["prospect"].with_user(self.user_admin).write({"sdp_sla_days": 3})
        start = datetime(2026, 1, 5, 9, 0)
        lead = self._lead("Moving")
        lead.date_last_stage_update = start
        cron = self.env.ref("sales_dev_policy.ir_cron_sdp_stage_sla")
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        lead_model = self.env["crm.lead"]
        with freeze_time(start + timedelta(days=5)):
            with patch.object(
                type(lead_model),
                "_sdp_stage_sla_batch",
                side_effect=errors.SerializationFailure("concurrent update"),
            ):
                result = _one_call(self, lead_model, "_cron_sdp_stage_sla")
            self.assertEqual(result, (0, 1))
            self.assertFalse(lead.sdp_sla_overdue)
            self.assertTrue(
                self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]) - triggers
            )
            self.assertEqual(self.run_cron(lead_model, "_cron_sdp_stage_sla"), [(1, 0)])
        self.assertTrue(lead.sdp_sla_overdue)
