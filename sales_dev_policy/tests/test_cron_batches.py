"""Scheduled actions work in batches, as Odoo 18's cron runner expects: one batch per call,
reported with ``_notify_progress``; the runner calls again while work remains, so a run cut
short (time limit, restart) resumes where it stopped and handles nothing twice; the batches
together make exactly what one unlimited call makes. A batch that meets a concurrent write on
its records (in real transactions, below) is undone and reported as remaining, never an ERROR.
Shared by all features."""

from datetime import date, datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import errors

from odoo import Command, fields
from odoo.tests import tagged

from .common_appraisal import AppraisalCommon
from .common_credit import CreditCommon
from .common_incentive import IncentiveCommon
from .common_pipeline import FidelityCommon, PipelineCommon
from .common_privacy import PrivacyCommon
from .common_transactions import RealTransactionsCase


def _one_call(testcase, model, method, **kwargs):
    """One call of the cron's method, as one batch of the runner: ``(done, remaining)``."""
    cron = testcase.env["ir.cron"].search([("code", "=", f"model.{method}()")], limit=1)
    _cron, progress = cron._add_progress()
    getattr(model.with_context(ir_cron_progress_id=progress.id), method)(**kwargs)
    return progress.done, progress.remaining


def _until_done(testcase, model, method, **kwargs):
    """Calls of the cron's method, as the runner makes them, until nothing remains."""
    calls = []
    for _call in range(100):
        calls.append(_one_call(testcase, model, method, **kwargs))
        if not calls[-1][0] or not calls[-1][1]:
            return calls
    raise AssertionError(f"{method} still reports work remaining after 100 calls")


def _reference(testcase, produce):
    """What ``produce()`` returns (one unlimited call of a cron, then what it made, as plain
    values), with everything it did undone afterwards."""
    with testcase.env.cr.savepoint() as savepoint:
        result = produce()
        testcase.env.flush_all()
        savepoint.close(rollback=True)
    testcase.env.invalidate_all()
    return result


def _activities(env, model, ids):
    """The activities on ``ids`` of ``model``, as comparable values."""
    activities = env["mail.activity"].search([("res_model", "=", model), ("res_id", "in", ids)])
    return sorted(
        (a.res_id, a.activity_type_id.id, a.user_id.id, a.summary or "", str(a.date_deadline))
        for a in activities
    )


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


@tagged("sdp_privacy", "post_install", "-at_install")
class TestPrivacyCronBatches(PrivacyCommon):
    def _last_changed(self, leads, day):
        """The leads were last changed on ``day`` (the ORM stamps the transaction's time)."""
        leads.flush_recordset()
        self.env.cr.execute(
            "UPDATE crm_lead SET write_date = %s WHERE id IN %s", (day, tuple(leads.ids))
        )
        leads.invalidate_recordset(["write_date"])

    def _review_lines(self):
        lines = self.env["sdp.privacy.retention"].search([("company_id", "=", self.company.id)])
        return sorted((line.partner_id.id, tuple(sorted(line.lead_ids.ids))) for line in lines)

    def test_retention_one_batch_per_call_and_resume(self):
        """P4.3, P6.4.1: with batches of two leads, the review looks at whole prospects (a
        contact with all its leads on one line) in the order of their first lead, one batch per
        call, and says how many leads remain; stopped halfway, the next run goes on after the
        last prospect looked at; the lines are those of one unlimited call, each lead listed
        once. The customer's lead is looked at once a day and never listed."""
        Partner = self.env["res.partner"]
        Lead = self.env["crm.lead"]
        customer_lead = Lead.create({"name": "Customer's old lead", "partner_id": self.person.id})
        prospect = Partner.create({"name": "Two-Lead Prospect"})
        first = Lead.create({"name": "First try", "partner_id": prospect.id})
        quiet_one = Lead.create({"name": "Quiet one", "contact_name": "Quiet One"})
        second = Lead.create({"name": "Second try", "partner_id": prospect.id})
        quiet_two = Lead.create({"name": "Quiet two", "contact_name": "Quiet Two"})
        other = Partner.create({"name": "Other Prospect"})
        other_lead = Lead.create({"name": "Other try", "partner_id": other.id})
        (customer_lead | first | second | other_lead).action_set_lost()
        self.order.action_confirm()
        leads = customer_lead | first | quiet_one | second | quiet_two | other_lead
        self._last_changed(leads, "2026-01-05")
        self.company.sdp_privacy_retention_months = 6
        Retention = self.env["sdp.privacy.retention"]
        with freeze_time("2026-08-05 04:00:00"):
            reference = _reference(
                self, lambda: (Retention._cron_sdp_retention_review(), self._review_lines())[1]
            )
            self.assertEqual(
                reference,
                sorted(
                    [
                        (prospect.id, tuple(sorted((first | second).ids))),
                        (False, (quiet_one.id,)),
                        (False, (quiet_two.id,)),
                        (other.id, (other_lead.id,)),
                    ]
                ),
            )
            call = _one_call(self, Retention, "_cron_sdp_retention_review", batch_size=2)
            self.assertEqual(call, (1, 5), "the customer's lead; its contact is the next two")
            call = _one_call(self, Retention, "_cron_sdp_retention_review", batch_size=2)
            self.assertEqual(call, (2, 3), "both leads of the prospect, on one line")
            self.assertEqual(
                self._review_lines(), [(prospect.id, tuple(sorted((first | second).ids)))]
            )
            # Stopped here (time limit, restart): the next run resumes after the prospect.
            rest = _until_done(self, Retention, "_cron_sdp_retention_review", batch_size=2)
            self.assertEqual(rest, [(2, 1), (1, 0)])
            self.assertEqual(self._review_lines(), reference, "as one unlimited call")
            again = _one_call(self, Retention, "_cron_sdp_retention_review", batch_size=2)
            self.assertEqual(again, (0, 0), "the day's run is over")
        with freeze_time("2026-08-06 04:00:00"):
            next_day = _until_done(self, Retention, "_cron_sdp_retention_review", batch_size=2)
        self.assertEqual(next_day, [(1, 0)], "the next day looks at the customer's lead again")
        self.assertEqual(self._review_lines(), reference, "each lead listed once")

    def test_overdue_requests_one_batch_per_call(self):
        """PDPA Art. 13: with batches of two, three overdue requests take two calls, the
        remaining count right; the activities are those of one unlimited call, none twice."""
        with freeze_time("2026-03-02 04:00:00"):
            requests = self._request("access") | self._request("copy") | self._request("stop")
        Request = self.env["sdp.privacy.request"]

        def activities():
            return _activities(self.env, "sdp.privacy.request", requests.ids)

        with freeze_time("2026-04-30 04:00:00"):
            reference = _reference(
                self, lambda: (Request._cron_sdp_overdue_requests(), activities())[1]
            )
            self.assertTrue(reference)
            calls = _until_done(self, Request, "_cron_sdp_overdue_requests", batch_size=2)
            self.assertEqual(calls, [(2, 1), (1, 0)])
            self.assertEqual(
                _one_call(self, Request, "_cron_sdp_overdue_requests", batch_size=2), (0, 0)
            )
        self.assertEqual(activities(), reference)
        self.assertTrue(all(requests.mapped("is_overdue_notified")))


@tagged("sdp_customer_info", "post_install", "-at_install")
class TestCustomerCronBatches(FidelityCommon):
    def test_freshness_one_batch_per_call(self):
        """P4.2.2: with batches of two, the reminders of the stale customers come two per call,
        the remaining count right; together they are those of one unlimited call, one per
        customer."""
        self.company.sdp_review_interval_days = 10
        Partner = self.env["res.partner"]
        Partner.create(
            [
                {
                    "name": f"SDP Stale {i}",
                    "user_id": self.user_sales_b.id,
                    "sdp_date_reviewed": date(2000, 1, 1),
                }
                for i in range(3)
            ]
        )
        activity_type = self.env.ref("sales_dev_policy.mail_activity_type_sdp_info_update")
        stale = Partner.search(Partner._sdp_stale_customer_domain(self.company, activity_type))
        self.assertGreaterEqual(len(stale), 3)

        def activities():
            return _activities(self.env, "res.partner", stale.ids)

        reference = _reference(
            self, lambda: (Partner._cron_sdp_customer_freshness(), activities())[1]
        )
        self.assertEqual(len(reference), len(stale))
        first = _one_call(self, Partner, "_cron_sdp_customer_freshness", batch_size=2)
        self.assertEqual(first, (2, len(stale) - 2))
        rest = _until_done(self, Partner, "_cron_sdp_customer_freshness", batch_size=2)
        self.assertEqual(sum(done for done, _remaining in rest), len(stale) - 2)
        self.assertEqual(rest[-1], (len(stale) % 2 or 2, 0))
        self.assertEqual(activities(), reference)

    def test_revisits_one_batch_per_call(self):
        """P2.2.5: with batches of two, the revisits come two per call, the remaining count
        right; together they are those of one unlimited call, one per customer."""
        self.company.write({"sdp_revisit_days_a": 30, "sdp_revisit_days_b": 20})
        Partner = self.env["res.partner"]
        Partner.create(
            [
                {
                    "name": f"SDP Revisit {i}",
                    "is_company": True,
                    "sdp_potential": "a" if i % 2 else "b",
                    "user_id": self.user_sales_a.id,
                }
                for i in range(5)
            ]
        )
        revisit_type = self.env.ref("sales_dev_policy.mail_activity_type_sdp_revisit")
        with freeze_time(fields.Date.today() + timedelta(days=40)):
            due = Partner.browse()
            for _company, _potential, _days, domain in Partner._sdp_revisit_domains(revisit_type):
                due |= Partner.search(domain)
            self.assertGreaterEqual(len(due), 5)

            def activities():
                return _activities(self.env, "res.partner", due.ids)

            reference = _reference(self, lambda: (Partner._cron_sdp_revisits(), activities())[1])
            self.assertEqual(len(reference), len(due))
            first = _one_call(self, Partner, "_cron_sdp_revisits", batch_size=2)
            self.assertEqual(first, (2, len(due) - 2))
            rest = _until_done(self, Partner, "_cron_sdp_revisits", batch_size=2)
            self.assertEqual(sum(done for done, _remaining in rest), len(due) - 2)
            self.assertEqual(rest[-1][1], 0)
            self.assertEqual(activities(), reference)

    def test_progress_reports_one_batch_per_call(self):
        """P3.8.3: with batches of one, each running contract's next report takes a call, the
        remaining count right; the reports are those of one unlimited call."""
        self.company.sdp_progress_report_days = 30
        leads = self.env["crm.lead"]
        for name in ("Running A", "Running B", "Running C"):
            lead = self._contract_lead(name).with_user(self.user_sales_a)
            lead.sdp_date_contract_end = "2026-12-20"
            with freeze_time("2026-03-02 09:00:00"):
                lead.action_set_won()
            leads |= lead
        Lead = self.env["crm.lead"]

        def reports():
            milestones = self.env["sdp.followup.milestone"].search(
                [("lead_id", "in", leads.ids), ("kind", "=", "progress")]
            )
            return sorted((m.lead_id.id, str(m.date_deadline), m.user_id.id) for m in milestones)

        with freeze_time("2026-05-01 09:00:00"):
            due = len(Lead._sdp_progress_reports_due())
            self.assertGreaterEqual(due, 3)
            reference = _reference(self, lambda: (Lead._cron_sdp_progress_reports(), reports())[1])
            first = _one_call(self, Lead, "_cron_sdp_progress_reports", batch_size=1)
            self.assertEqual(first, (1, due - 1))
            rest = _until_done(self, Lead, "_cron_sdp_progress_reports", batch_size=1)
            self.assertEqual(len(rest), due - 1)
            self.assertEqual(rest[-1], (1, 0))
        self.assertEqual(reports(), reference)


@tagged("sdp_credit", "post_install", "-at_install")
class TestCreditCronBatches(CreditCommon):
    def test_review_due_one_batch_per_call(self):
        """P6.3.2: with batches of two, the profiles due for review move two per call, the
        remaining count right; states and activities as one unlimited call."""
        Partner = self.env["res.partner"]
        profiles = self.env["sdp.credit.profile"]
        for i in range(3):
            partner = Partner.create({"name": f"Due Customer {i}", "is_company": True})
            profiles |= self._profile(
                partner=partner, date_next_review=date(2026, 3, 1), date_assessed=date(2025, 3, 1)
            )
        Profile = self.env["sdp.credit.profile"]

        def result():
            return (
                sorted(profiles.mapped("state")),
                _activities(self.env, "sdp.credit.profile", profiles.ids),
            )

        with freeze_time("2026-03-05"):
            due = Profile.search_count(Profile._sdp_review_due_domain())
            self.assertGreaterEqual(due, 3)
            reference = _reference(self, lambda: (Profile._cron_review_due(), result())[1])
            self.assertEqual(reference[0], ["review_needed"] * 3)
            first = _one_call(self, Profile, "_cron_review_due", batch_size=2)
            self.assertEqual(first, (2, due - 2))
            rest = _until_done(self, Profile, "_cron_review_due", batch_size=2)
            self.assertEqual(sum(done for done, _remaining in rest), due - 2)
            self.assertEqual(rest[-1][1], 0)
        self.assertEqual(result(), reference)

    def test_overdue_watch_one_batch_per_call(self):
        """P6.3.2: with batches of one, each customer with overdue receivables goes on watch
        in its own call, the remaining count right; as one unlimited call."""
        self.company.write({"sdp_credit_overdue_days": 30, "sdp_credit_order_gate": False})
        Partner = self.env["res.partner"]
        profiles = self.env["sdp.credit.profile"]
        for i in range(3):
            partner = Partner.create({"name": f"Late Customer {i}", "is_company": True})
            profiles |= self._profile(partner=partner, limit=1e6, date_next_review=date(2099, 1, 1))
            invoice = self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": date(2026, 1, 1),
                    "invoice_date_due": date(2026, 1, 1),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "quantity": 1,
                                "price_unit": 100.0 * (i + 1),
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
            invoice.action_post()
        Profile = self.env["sdp.credit.profile"]

        def result():
            return (
                sorted(profiles.mapped("state")),
                _activities(self.env, "sdp.credit.profile", profiles.ids),
                _activities(self.env, "res.partner", profiles.partner_id.ids),
            )

        with freeze_time("2026-02-05"):
            due = sum(
                Profile.search_count(domain) for _key, domain in Profile._sdp_overdue_watch_parts()
            )
            self.assertGreaterEqual(due, 3)
            reference = _reference(self, lambda: (Profile._cron_overdue_watch(), result())[1])
            self.assertEqual(reference[0], ["watch"] * 3)
            first = _one_call(self, Profile, "_cron_overdue_watch", batch_size=1)
            self.assertEqual(first, (1, due - 1))
            rest = _until_done(self, Profile, "_cron_overdue_watch", batch_size=1)
            self.assertEqual(len(rest), due - 1)
            self.assertEqual(rest[-1], (1, 0))
        self.assertEqual(result(), reference)


@tagged("sdp_appraisal", "post_install", "-at_install")
class TestTeamSummaryCronBatches(AppraisalCommon):
    def test_team_summaries_one_batch_per_call(self):
        """P5.3.1: with batches of one, each team's summary takes a call, the remaining count
        right; the mails and markers are those of one unlimited call, one per team and month."""
        self.company.sdp_appraisal_last_month = date(2026, 10, 1)
        Team = self.env["crm.team"]
        due = Team._sdp_summaries_due()
        teams = Team.union(*(team for team, _company in due))
        self.assertIn(self.team_a, teams)

        def result():
            mails = self.env["mail.mail"].search(
                [("model", "=", "crm.team"), ("res_id", "in", teams.ids)]
            )
            return (
                sorted((m.res_id, m.subject) for m in mails),
                sorted((t.id, str(t.sdp_summary_last_month)) for t in teams),
            )

        reference = _reference(self, lambda: (Team._cron_sdp_team_summaries(), result())[1])
        first = _one_call(self, Team, "_cron_sdp_team_summaries", batch_size=1)
        self.assertEqual(first, (1, len(due) - 1))
        if len(due) > 1:
            rest = _until_done(self, Team, "_cron_sdp_team_summaries", batch_size=1)
            self.assertEqual(len(rest), len(due) - 1)
            self.assertEqual(rest[-1], (1, 0))
        self.assertEqual(_one_call(self, Team, "_cron_sdp_team_summaries", batch_size=1), (0, 0))
        self.assertEqual(result(), reference)


@tagged("sdp_integrity", "post_install", "-at_install")
class TestCronMeetsConcurrentWrite(RealTransactionsCase):
    # pylint: disable=invalid-commit
    # Real transactions commit their fixtures and work (see RealTransactionsCase).
    """A scheduled action's batch that meets another transaction on its records, in real
    transactions: a row lock held by a request still running, or an update committed after the
    batch's snapshot. The call does not raise and logs no ERROR; the batch is undone, reported
    as remaining and triggered again; the next call does it."""

    def _fixtures(self):
        with self._cursor() as cr:
            env = self._superuser_env(cr)
            company = env.ref("base.main_company")
            fx = {
                "company": company.id,
                "company_vals": company.read(
                    [
                        "sdp_privacy_retention_months",
                        "sdp_retention_review_date",
                        "sdp_retention_review_lead",
                    ]
                )[0],
            }
            # Five years: nothing the database holds besides the fixtures is that old.
            company.sdp_privacy_retention_months = 60
            manager = self._new_user(
                env, "sdp_cron_race_manager", "sales_dev_policy.group_sdp_manager"
            )
            prospect = env["res.partner"].create({"name": "SDP Cron Race Prospect"})
            lead = env["crm.lead"].create(
                {"name": "SDP Cron Race Lead", "partner_id": prospect.id, "active": False}
            )
            request = (
                env["sdp.privacy.request"]
                .with_user(manager)
                .create(
                    {
                        "partner_id": prospect.id,
                        "request_type": "access",
                        "date_received": "2026-01-02",
                    }
                )
            )
            env.flush_all()
            cr.execute("UPDATE crm_lead SET write_date = '2015-01-05' WHERE id = %s", [lead.id])
            cr.execute("SELECT COALESCE(MAX(id), 0) FROM ir_cron_trigger")
            fx.update(
                manager=manager.id,
                prospect=prospect.id,
                lead=lead.id,
                request=request.id,
                last_trigger=cr.fetchone()[0],
            )
            cr.commit()
        return fx

    def _cleanup(self, fx):
        with self._cursor() as cr:
            env = self._superuser_env(cr)
            cr.execute(
                "SELECT retention_id FROM sdp_privacy_retention_lead_rel WHERE lead_id = %s",
                [fx["lead"]],
            )
            records = [
                ("sdp.privacy.retention", [row[0] for row in cr.fetchall()] or [0]),
                ("sdp.privacy.request", [fx["request"]]),
                ("crm.lead", [fx["lead"]]),
                ("res.partner", [fx["prospect"]]),
            ]
            # Audit records refuse the ORM's unlink: the test removes its own with SQL.
            for model, ids in records:
                cr.execute(
                    "DELETE FROM mail_activity WHERE res_model = %s AND res_id = ANY(%s)",
                    [model, ids],
                )
                cr.execute(
                    "DELETE FROM mail_followers WHERE res_model = %s AND res_id = ANY(%s)",
                    [model, ids],
                )
                cr.execute(
                    "DELETE FROM mail_message WHERE model = %s AND res_id = ANY(%s)", [model, ids]
                )
            cr.execute("DELETE FROM sdp_privacy_retention WHERE id = ANY(%s)", [records[0][1]])
            cr.execute("DELETE FROM sdp_privacy_request WHERE id = %s", [fx["request"]])
            cr.execute("DELETE FROM crm_lead WHERE id = %s", [fx["lead"]])
            cr.execute("DELETE FROM ir_cron_trigger WHERE id > %s", [fx["last_trigger"]])
            env["res.partner"].browse(fx["prospect"]).exists().unlink()
            self._delete_users(env, [fx["manager"]])
            vals = {k: v for k, v in fx["company_vals"].items() if k != "id"}
            env["res.company"].browse(fx["company"]).write(vals)
            cr.commit()

    def _cron_call(self, cr, model, method, xmlid):
        """One call of the cron's ``method`` in the transaction of ``cr``, as the runner makes
        it (as the superuser, with a progress record), committed: ``(done, remaining)``."""
        env = self._superuser_env(cr)
        cron, progress = env.ref(xmlid)._add_progress()
        with self.assertNoLogs("odoo", level="WARNING"):
            getattr(env[model].with_context(ir_cron_progress_id=progress.id), method)()
        result = (progress.done, progress.remaining)
        cr.commit()
        return result

    def _triggers(self, fx, xmlid):
        with self._cursor() as cr:
            env = self._superuser_env(cr)
            return env["ir.cron.trigger"].search_count(
                [("cron_id", "=", env.ref(xmlid).id), ("id", ">", fx["last_trigger"])]
            )

    def _listed(self, fx):
        with self._cursor() as cr:
            lines = self._superuser_env(cr)["sdp.privacy.retention"].search(
                [("lead_ids", "in", [fx["lead"]])]
            )
            return len(lines)

    def test_retention_review_meets_a_lead_being_edited(self):
        """P4.3: a salesperson's request still running holds the lead the review would list:
        the batch does not wait for it, is undone and reported as remaining; once the request
        ended, the next call lists the lead, once."""
        fx = self._fixtures()
        xmlid = "sales_dev_policy.ir_cron_sdp_privacy_retention"
        try:
            with self._cursor() as other:
                other.execute("SELECT id FROM crm_lead WHERE id = %s FOR UPDATE", [fx["lead"]])
                with self._cursor() as cr:
                    result = self._cron_call(
                        cr, "sdp.privacy.retention", "_cron_sdp_retention_review", xmlid
                    )
                self.assertEqual(result, (0, 1), "nothing done, the lead remains")
                self.assertEqual(self._listed(fx), 0)
                self.assertEqual(self._triggers(fx, xmlid), 1, "the cron runs again soon")
                other.rollback()
            with self._cursor() as cr:
                result = self._cron_call(
                    cr, "sdp.privacy.retention", "_cron_sdp_retention_review", xmlid
                )
            self.assertEqual(result, (1, 0))
            self.assertEqual(self._listed(fx), 1)
        finally:
            self._cleanup(fx)

    def test_retention_review_meets_a_committed_update(self):
        """P4.3: the company's settings are saved after the batch took its snapshot: the batch
        fails to serialise, is undone and reported as remaining (no ERROR); the next call, in a
        new transaction, lists the lead once."""
        fx = self._fixtures()
        xmlid = "sales_dev_policy.ir_cron_sdp_privacy_retention"
        try:
            with self._cursor() as cr:
                cr.execute("SELECT 1")  # the batch's snapshot starts here
                with self._cursor() as other:
                    other.execute(
                        "UPDATE res_company SET sdp_privacy_retention_months = 59 WHERE id = %s",
                        [fx["company"]],
                    )
                    other.commit()
                result = self._cron_call(
                    cr, "sdp.privacy.retention", "_cron_sdp_retention_review", xmlid
                )
            self.assertEqual(result, (0, 1), "nothing done, the lead remains")
            self.assertEqual(self._listed(fx), 0)
            self.assertEqual(self._triggers(fx, xmlid), 1)
            with self._cursor() as cr:
                result = self._cron_call(
                    cr, "sdp.privacy.retention", "_cron_sdp_retention_review", xmlid
                )
            self.assertEqual(result, (1, 0))
            self.assertEqual(self._listed(fx), 1)
        finally:
            self._cleanup(fx)

    def test_overdue_requests_meet_a_request_being_answered(self):
        """PDPA Art. 13: a manager's request still running (answering it) holds the overdue
        request: the reminder batch does not wait, is undone and reported as remaining, no
        ERROR; once the manager's request ended, the next call gives the reminders, once."""
        fx = self._fixtures()
        xmlid = "sales_dev_policy.ir_cron_sdp_privacy_overdue"
        try:
            with self._cursor() as other:
                other.execute(
                    "UPDATE sdp_privacy_request SET description = 'Being answered' WHERE id = %s",
                    [fx["request"]],
                )
                with self._cursor() as cr:
                    result = self._cron_call(
                        cr, "sdp.privacy.request", "_cron_sdp_overdue_requests", xmlid
                    )
                self.assertEqual(result, (0, 1), "nothing done, the request remains")
                self.assertEqual(self._triggers(fx, xmlid), 1)
                other.commit()
            with self._cursor() as cr:
                result = self._cron_call(
                    cr, "sdp.privacy.request", "_cron_sdp_overdue_requests", xmlid
                )
                request = self._superuser_env(cr)["sdp.privacy.request"].browse(fx["request"])
                self.assertEqual(result, (1, 0))
                self.assertTrue(request.is_overdue_notified)
                self.assertEqual(request.description, "Being answered")
                self.assertEqual(len(request.activity_ids.user_id), len(request.activity_ids))
                self.assertIn(fx["manager"], request.activity_ids.user_id.ids)
        finally:
            self._cleanup(fx)
