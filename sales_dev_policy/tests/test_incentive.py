"""Commission plans, sheets and project bonuses (P5.1). Feature: incentive."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common_incentive import IncentiveCommon


@tagged("sdp_incentive", "post_install", "-at_install")
class TestCommission(IncentiveCommon):
    """P5.1.1 commissions: plans, monthly sheets, recompute, states."""

    def test_hand_computed_commission(self):
        """P5.1.1: 5% of the October sales amount, 10% of the profit, 50 per new customer; an
        order outside the month and one in another company do not count."""
        self._plan()
        self._order(self.customer_old, self.user_sales_a, datetime(2026, 9, 15))  # before
        self._order(self.customer_old, self.user_sales_a, datetime(2026, 10, 5), qty=2)
        self._order(self.customer_new, self.user_sales_a, datetime(2026, 10, 20))
        self._order(self.customer_new, self.user_sales_a, datetime(2026, 11, 2))  # after
        self.user_sales_a.company_ids |= self.company_b
        self._order(
            self.customer_old,
            self.user_sales_a,
            datetime(2026, 10, 6),
            qty=10,
            company=self.company_b,
        )
        sheet = self.Sheet.with_user(self.user_manager)._generate(date(2026, 10, 15), self.company)
        self.assertEqual(sheet.user_id, self.user_sales_a)
        self.assertEqual((sheet.date_from, sheet.date_to), (date(2026, 10, 1), date(2026, 10, 31)))
        amounts = {line.metric: (line.base, line.amount) for line in sheet.line_ids}
        # 3 units x 100 = 300 sales, 3 x 40 = 120 profit, New Co is new in October.
        self.assertEqual(amounts["sales_amount"], (300.0, 15.0))
        self.assertEqual(amounts["profit"], (120.0, 12.0))
        self.assertEqual(amounts["new_customers"], (1.0, 50.0))
        self.assertEqual(sheet.amount_total, 77.0)

    def test_plan_overlap_refused_adjacent_allowed(self):
        """P5.1.1: one plan per salesperson and date; a team plan counts for its members."""
        Plan = self.Plan.with_user(self.user_manager)
        first = Plan.create(
            {
                "name": "H1",
                "date_from": "2026-01-01",
                "date_to": "2026-06-30",
                "user_ids": [(4, self.user_sales_a.id)],
            }
        )
        with self.assertRaisesRegex(ValidationError, "H1.*Team H1|Team H1.*H1"):
            Plan.create(
                {"name": "Team H1", "date_from": "2026-06-30", "team_ids": [(4, self.team_a.id)]}
            )
        self.assertFalse(self.Plan.search([("name", "=", "Team H1")]))
        second = Plan.create(
            {"name": "H2", "date_from": "2026-07-01", "team_ids": [(4, self.team_a.id)]}
        )
        self.assertTrue(second)
        with self.assertRaises(ValidationError):
            first.date_to = "2026-07-01"
        self.assertEqual(first.date_to, date(2026, 6, 30))
        # Another company: no overlap.
        self.user_manager.company_ids |= self.company_b
        Plan.create(
            {
                "name": "Company B plan",
                "company_id": self.company_b.id,
                "user_ids": [(4, self.user_sales_a.id)],
            }
        )

    def test_plan_rates_checked(self):
        """P5.1.1: rates are percentages 0-100, the amount per new customer is not negative."""
        Plan = self.Plan.with_user(self.user_manager)
        with self.assertRaisesRegex(ValidationError, "between 0 and 100"):
            Plan.create({"name": "Too much", "rate_sales": 120})
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            Plan.create({"name": "Negative", "amount_per_new_customer": -1})

    def test_plan_written_by_managers_only(self):
        """P5.1.1: a salesperson cannot create or change plans."""
        plan = self._plan()
        with self.assertRaises(AccessError):
            plan.with_user(self.user_sales_a).write({"rate_sales": 50})
        with self.assertRaises(AccessError):
            self.Plan.with_user(self.user_leader).create({"name": "Mine"})
        self.assertEqual(plan.rate_sales, 5.0)

    def test_cron_last_month_idempotent(self):
        """P5.1.1/P5.3.1: the monthly cron creates last month's sheets once; drafts are
        recomputed, confirmed sheets left alone."""
        self._plan()
        self._plan(name="Plan B", user_ids=[(4, self.user_sales_b.id)], rate_sales=1.0)
        self._order(self.customer_old, self.user_sales_a, datetime(2026, 10, 5))
        with freeze_time("2026-11-01 03:00:00"):
            self.run_cron(self.Sheet, "_cron_monthly_commissions")
        sheets = self.Sheet.search([("date_from", "=", "2026-10-01")])
        self.assertEqual(sheets.user_id, self.user_sales_a | self.user_sales_b)
        sheet_a = sheets.filtered(lambda s: s.user_id == self.user_sales_a)
        sheet_b = sheets - sheet_a
        # Old Co's first order is in October: a new customer.
        self.assertEqual(sheet_a.amount_total, 5.0 + 4.0 + 50.0)
        sheet_b.with_user(self.user_manager).action_confirm()
        self._order(self.customer_old, self.user_sales_a, datetime(2026, 10, 6))
        self._order(self.customer_old, self.user_sales_b, datetime(2026, 10, 6))
        with freeze_time("2026-11-01 03:00:00"):
            self.run_cron(self.Sheet, "_cron_monthly_commissions")
        self.assertEqual(self.Sheet.search([]), sheets, "nothing new")
        self.assertEqual(sheet_a.amount_total, 10.0 + 8.0 + 50.0, "the draft was recomputed")
        self.assertEqual(sheet_b.amount_total, 0.0, "the confirmed sheet was left alone")

    def test_wizard_default_last_month(self):
        """P5.1.1: managers compute a month, by default the last one."""
        self._plan()
        with freeze_time("2026-11-17"):
            wizard = Form(self.env["sdp.commission.compute"].with_user(self.user_manager)).save()
            self.assertEqual(wizard.date_month, date(2026, 10, 1))
            action = wizard.action_compute()
        sheet = self.Sheet.search(action["domain"])
        self.assertEqual(sheet.user_id, self.user_sales_a)
        self.assertEqual(sheet.date_from, date(2026, 10, 1))

    def test_wizard_managers_only(self):
        """P5.1.1: a salesperson or team leader cannot run the computation."""
        self._plan()
        for user in (self.user_sales_a, self.user_leader):
            with self.assertRaises(AccessError):
                self.env["sdp.commission.compute"].with_user(user).create(
                    {"date_month": "2026-10-01"}
                )
        self.assertFalse(self.Sheet.search([]))

    def test_duplicate_sheet_friendly(self):
        """P5.1.1: one sheet per salesperson, company and month."""
        self._plan()
        self.Sheet._generate(date(2026, 10, 1), self.company)
        with self.assertRaisesRegex(UserError, "already has the commission sheet"):
            self.Sheet.create(
                {
                    "user_id": self.user_sales_a.id,
                    "date_from": "2026-10-01",
                    "date_to": "2026-10-31",
                }
            )

    def test_confirmed_sheet_locked(self):
        """P5.1.1: a confirmed or paid sheet cannot be recomputed, edited or deleted."""
        self._plan()
        sheet = self.Sheet._generate(date(2026, 10, 1), self.company).with_user(self.user_manager)
        sheet.action_confirm()
        with self.assertRaisesRegex(UserError, "cannot be recomputed"):
            sheet.action_recompute()
        with self.assertRaisesRegex(UserError, "cannot be edited"):
            sheet.line_ids[0].amount = 1000
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            sheet.unlink()
        with self.assertRaises(UserError):
            sheet.action_confirm()
        sheet.action_pay()
        self.assertEqual(sheet.state, "paid")
        with self.assertRaisesRegex(UserError, "only a confirmed sheet goes back"):
            sheet.action_draft()
        self.assertEqual(sheet.state, "paid")

    def test_manager_resets_and_recomputes(self):
        """P5.1.1: back to draft only from confirmed, by a manager, then recompute."""
        self._plan()
        sheet = self.Sheet._generate(date(2026, 10, 1), self.company).with_user(self.user_manager)
        sheet.action_confirm()
        sheet.action_draft()
        self._order(self.customer_old, self.user_sales_a, datetime(2026, 10, 5))
        sheet.action_recompute()
        self.assertEqual(sheet.amount_total, 59.0)

    def test_recompute_follows_current_plan(self):
        """P5.1.1: a draft sheet follows the plan applicable at the month end when recomputed."""
        plan = self._plan()
        self._order(self.customer_old, self.user_sales_a, datetime(2026, 10, 5))
        sheet = self.Sheet._generate(date(2026, 10, 1), self.company).with_user(self.user_manager)
        self.assertEqual(sheet.plan_id, plan)
        plan.with_user(self.user_manager).date_to = "2026-10-15"
        better = self._plan(name="Plan A2", date_from="2026-10-16", rate_sales=10.0)
        sheet.action_recompute()
        self.assertEqual(sheet.plan_id, better)
        self.assertEqual(sheet.amount_total, 10.0 + 4.0 + 50.0)

    def test_salesperson_cannot_write_or_confirm(self):
        """P5.1.1: a salesperson reads their sheet but cannot change it, even over RPC."""
        self._plan()
        self._order(self.customer_old, self.user_sales_a, datetime(2026, 10, 5))
        sheet = self.Sheet._generate(date(2026, 10, 1), self.company)
        as_a = sheet.with_user(self.user_sales_a)
        self.assertEqual(as_a.amount_total, 59.0)
        for call in (
            lambda: as_a.action_confirm(),
            lambda: as_a.action_recompute(),
            lambda: as_a.write({"state": "paid"}),
            lambda: as_a.line_ids[0].write({"amount": 1000}),
            lambda: as_a.unlink(),
            lambda: as_a.line_ids.create({"sheet_id": sheet.id, "metric": "profit", "amount": 9}),
        ):
            with self.assertRaises(AccessError):
                call()
        sheet.invalidate_recordset()
        self.assertEqual(sheet.state, "draft")
        self.assertEqual(sheet.amount_total, 59.0)
        self.assertEqual(len(sheet.line_ids), 3)


@tagged("sdp_incentive", "post_install", "-at_install")
class TestProjectBonus(IncentiveCommon):
    """P5.1.2 project bonuses: shares by contribution, team shares, commission sheet lines."""

    def _bonus(self, shares, amount=1000.0):
        return self.Bonus.with_user(self.user_manager).create(
            {
                "name": "Harbour terminal",
                "importance": "major",
                "amount_total": amount,
                "share_ids": [(0, 0, share) for share in shares],
            }
        )

    def test_shares_must_total_100(self):
        """P5.1.2: approval needs contributions totalling 100%; the message gives the total."""
        bonus = self._bonus(
            [
                {"user_id": self.user_sales_a.id, "percent": 60},
                {"user_id": self.user_sales_b.id, "percent": 39},
            ]
        )
        with self.assertRaisesRegex(UserError, "total 99.0%"):
            bonus.action_approve()
        self.assertEqual(bonus.state, "draft")
        self.assertFalse(bonus.date_approved)
        bonus.share_ids[1].percent = 40
        bonus.action_approve()
        self.assertEqual(bonus.state, "approved")
        self.assertEqual(bonus.share_ids.mapped("amount"), [600.0, 400.0])
        with self.assertRaisesRegex(UserError, "cannot change"):
            bonus.amount_total = 5000
        with self.assertRaises(UserError):
            bonus.share_ids[0].percent = 50

    def test_share_person_or_team(self):
        """P5.1.2: each share goes to a person or to a team."""
        with self.assertRaisesRegex(ValidationError, "either to a person or to a team"):
            self._bonus([{"percent": 100}])
        with self.assertRaisesRegex(ValidationError, "either to a person or to a team"):
            self._bonus(
                [{"user_id": self.user_sales_a.id, "team_id": self.team_a.id, "percent": 100}]
            )

    def test_salesperson_cannot_approve(self):
        """P5.1.2: only managers approve."""
        bonus = self._bonus([{"user_id": self.user_sales_a.id, "percent": 100}])
        bonus.share_ids.invalidate_recordset()
        with self.assertRaises(AccessError):
            bonus.with_user(self.user_sales_a).action_approve()
        self.assertEqual(bonus.state, "draft")

    def test_team_share_split_and_on_sheet(self):
        """P5.1.2: a team share is split equally among its members at approval; each approved
        share is a "project bonus" line of the person's sheet of the month of approval."""
        self.team_a.member_ids |= self.user_sales_b
        self._plan()
        with freeze_time("2026-10-20"):
            sheet = self.Sheet._generate(date(2026, 10, 1), self.company)
            self.assertEqual(sheet.amount_total, 0.0)
            bonus = self._bonus(
                [
                    {"user_id": self.user_leader.id, "percent": 50},
                    {"team_id": self.team_a.id, "percent": 50},
                ]
            )
            bonus.action_approve()
        self.assertEqual(bonus.date_approved, date(2026, 10, 20))
        self.assertFalse(bonus.share_ids.team_id)
        by_user = {share.user_id: share for share in bonus.share_ids}
        self.assertEqual(set(by_user), {self.user_leader, self.user_sales_a, self.user_sales_b})
        self.assertEqual(by_user[self.user_sales_a].percent, 25.0)
        self.assertEqual(by_user[self.user_sales_b].amount, 250.0)
        self.assertEqual(by_user[self.user_sales_b].split_team_id, self.team_a)
        # The draft sheet of A was recomputed at approval.
        bonus_line = sheet.line_ids.filtered(lambda line: line.metric == "project_bonus")
        self.assertEqual(bonus_line.amount, 250.0)
        self.assertEqual(sheet.amount_total, 250.0)
        # B and the leader, without a plan, get a sheet with the bonus at the next computation.
        with freeze_time("2026-11-01"):
            self.run_cron(self.Sheet, "_cron_monthly_commissions")
        sheets = self.Sheet.search([("date_from", "=", "2026-10-01")])
        self.assertEqual(sheets.user_id, self.user_sales_a | self.user_sales_b | self.user_leader)
        self.assertEqual(sum(sheets.mapped("amount_total")), 1000.0)
        # Not in November.
        with freeze_time("2026-12-01"):
            self.run_cron(self.Sheet, "_cron_monthly_commissions")
        november = self.Sheet.search([("date_from", "=", "2026-11-01")])
        self.assertEqual(november.user_id, self.user_sales_a)
        self.assertEqual(november.amount_total, 0.0)

    def test_empty_team_share_refused(self):
        """P5.1.2: a team share needs members to be split among."""
        empty_team = self.env["crm.team"].create({"name": "Nobody"})
        bonus = self._bonus([{"team_id": empty_team.id, "percent": 100}])
        with self.assertRaisesRegex(UserError, "Nobody has no member"):
            bonus.action_approve()
        self.assertEqual(bonus.state, "draft")
        self.assertEqual(bonus.share_ids.team_id, empty_team)

    def test_lead_must_be_won(self):
        """P5.1.2: the opportunity of a project bonus is won."""
        lead = self.env["crm.lead"].create({"name": "Open deal", "type": "opportunity"})
        with self.assertRaisesRegex(ValidationError, "is not won"):
            self.Bonus.with_user(self.user_manager).create(
                {"name": "Too early", "amount_total": 10, "lead_id": lead.id}
            )


@tagged("sdp_incentive", "post_install", "-at_install")
class TestCommissionFidelity(IncentiveCommon):
    """P5.1.1 tiered rates, clawbacks; P5.3.1 missed months caught up."""

    def _tiered_plan(self):
        return self.Plan.with_user(self.user_manager).create(
            {
                "name": "Tiered",
                "rate_mode": "tiered",
                "rate_sales": 99.0,  # ignored when tiered
                "user_ids": [(4, self.user_sales_a.id)],
                "tier_ids": [
                    Command.create({"attainment_from": 0.0, "rate_sales": 2.0, "rate_profit": 1.0}),
                    Command.create(
                        {"attainment_from": 80.0, "rate_sales": 5.0, "rate_profit": 2.0}
                    ),
                    Command.create(
                        {"attainment_from": 100.0, "rate_sales": 8.0, "rate_profit": 3.0}
                    ),
                ],
            }
        )

    def _rates(self, sheet):
        return {line.metric: line.rate for line in sheet.line_ids}

    def test_tiered_rates_on_attainment(self):
        """P5.1.1: the rate of the tier reached by the month's attainment of the sales target
        (from included); no target: the lowest tier; only managers set tiers; a flat plan is
        the default."""
        self.assertEqual(self._plan(name="Flat").rate_mode, "flat")
        self.Plan.search([("name", "=", "Flat")]).action_archive()
        plan = self._tiered_plan()
        Target = self.env["sdp.sales.target"].with_user(self.user_leader)
        for month in ("2026-08-01", "2026-09-01", "2026-10-01"):
            Target.create(
                {"user_id": self.user_sales_a.id, "date_from": month, "sales_target": 1000.0}
            )
        self._order(self.customer_old, self.user_sales_a, datetime(2026, 8, 5), qty=7)
        self._order(self.customer_old, self.user_sales_a, datetime(2026, 9, 5), qty=8)
        self._order(self.customer_old, self.user_sales_a, datetime(2026, 10, 5), qty=10)
        self._order(self.customer_old, self.user_sales_a, datetime(2026, 11, 5), qty=20)
        Sheet = self.Sheet.with_user(self.user_manager)
        expected = {
            date(2026, 8, 1): (2.0, 1.0),  # 70%
            date(2026, 9, 1): (5.0, 2.0),  # 80%: from included
            date(2026, 10, 1): (8.0, 3.0),  # 100%
            date(2026, 11, 1): (2.0, 1.0),  # no target: lowest tier
        }
        for month, (rate_sales, rate_profit) in expected.items():
            sheet = Sheet._generate(month, self.company)
            rates = self._rates(sheet)
            self.assertEqual((rates["sales_amount"], rates["profit"]), (rate_sales, rate_profit))
        self.assertIn(
            "no sales target",
            sheet.line_ids.filtered(lambda line: line.metric == "sales_amount").description,
        )
        self.assertEqual(
            sheet.line_ids.filtered(lambda line: line.metric == "sales_amount").amount, 40.0
        )
        with self.assertRaises(AccessError):
            plan.tier_ids[0].with_user(self.user_sales_a).write({"rate_sales": 50.0})
        with self.assertRaises(AccessError):
            plan.with_user(self.user_leader).write({"rate_mode": "flat"})
        with self.assertRaisesRegex(ValidationError, "from 0% attainment"):
            plan.with_user(self.user_manager).write(
                {"tier_ids": [Command.delete(plan.tier_ids.sorted("attainment_from")[0].id)]}
            )
        self.assertEqual(len(plan.tier_ids), 3)

    def _paid_october(self):
        self._plan()
        big = self._order(self.customer_old, self.user_sales_a, datetime(2026, 10, 5), qty=2)
        small = self._order(self.customer_old, self.user_sales_a, datetime(2026, 10, 6))
        october = self.Sheet.with_user(self.user_manager)._generate(date(2026, 10, 1), self.company)
        october.action_confirm()
        october.action_pay()
        return october, big, small

    def _clawbacks(self, sheet):
        return sheet.line_ids.filtered(lambda line: line.metric == "clawback")

    def test_clawback_of_cancelled_order_once(self):
        """P5.1.1: an order cancelled after its commission was paid is taken back on the next
        sheet, on its own negative line naming the order, exactly once (recomputes, later
        months, the cron); the paid sheet stays as it was."""
        october, big, _small = self._paid_october()
        paid_total = october.amount_total
        action = big.with_user(self.user_sales_a).action_cancel()
        self.env[action["res_model"]].with_user(self.user_sales_a).with_context(
            **action["context"]
        ).create({}).action_cancel()
        self.assertEqual(big.state, "cancel")
        Sheet = self.Sheet.with_user(self.user_manager)
        november = Sheet._generate(date(2026, 11, 1), self.company)
        clawback = self._clawbacks(november)
        self.assertEqual(len(clawback), 1)
        self.assertEqual(clawback.order_id, big)
        self.assertEqual(clawback.amount, -(200.0 * 5 / 100 + 80.0 * 10 / 100))
        self.assertIn(big.name, clawback.description)
        november.action_recompute()
        self.assertEqual(len(self._clawbacks(november)), 1, "a recompute takes nothing more")
        self.assertEqual(october.amount_total, paid_total)
        december = Sheet._generate(date(2026, 12, 1), self.company)
        self.assertFalse(self._clawbacks(december), "a later sheet takes nothing more")
        november.action_confirm()
        november.action_pay()
        december.action_recompute()
        self.assertFalse(self._clawbacks(december))
        # The salesperson sees the line but cannot remove it.
        line = self._clawbacks(november).with_user(self.user_sales_a)
        self.assertEqual(line.order_id, big)
        with self.assertRaises(AccessError):
            line.unlink()

    def test_clawback_of_refunded_order(self):
        """P5.1.1: a credit note on a paid order takes back the refunded share of its
        commission, once; an unpaid (draft) sheet's orders are not taken back."""
        october, _big, small = self._paid_october()
        small.order_line.qty_delivered = 1
        invoice = small._create_invoices()
        invoice.action_post()
        credit_note = invoice._reverse_moves(default_values_list=[{"ref": "Refund"}], cancel=True)
        self.assertEqual(credit_note.state, "posted")
        november = self.Sheet.with_user(self.user_manager)._generate(
            date(2026, 11, 1), self.company
        )
        clawback = self._clawbacks(november)
        self.assertEqual(clawback.order_id, small)
        self.assertEqual(clawback.amount, -(100.0 * 5 / 100 + 40.0 * 10 / 100))
        november.action_recompute()
        self.assertEqual(len(self._clawbacks(november)), 1)

    def test_clawback_of_reduced_order(self):
        """P5.1.1: an order reduced after its commission was paid (a quantity lowered on the
        confirmed order) has the reduced share taken back, once, on the next sheet; the paid
        sheet keeps what it paid."""
        october, big, _small = self._paid_october()
        self.assertEqual(big.sdp_commission_paid_untaxed, 200.0)
        paid_total = october.amount_total
        big.order_line.with_user(self.user_sales_a).product_uom_qty = 1
        self.assertEqual(big.amount_untaxed, 100.0)
        self.assertTrue(big.sdp_commission_shrunk)
        november = self.Sheet.with_user(self.user_manager)._generate(
            date(2026, 11, 1), self.company
        )
        clawback = self._clawbacks(november)
        self.assertEqual(clawback.order_id, big)
        self.assertEqual(clawback.amount, -(100.0 * 5 / 100 + 40.0 * 10 / 100))
        self.assertIn("reduced", clawback.description)
        november.action_recompute()
        self.assertEqual(len(self._clawbacks(november)), 1, "a recompute takes nothing more")
        self.assertEqual(october.amount_total, paid_total)
        with self.assertRaises(AccessError):
            big.with_user(self.user_sales_a).write({"sdp_commission_paid_untaxed": 1.0})

    def test_paid_order_keeps_its_customer(self):
        """P5.1.1: once its commission is paid, an order is not moved to another customer (with
        the company's gates off too, where Odoo would let a confirmed order change customer);
        nothing changes; a contact of the same customer is fine."""
        self.company.sdp_credit_order_gate = False
        _october, big, _small = self._paid_october()
        before = big.partner_id
        other = self.env["res.partner"].create(
            {"name": "Someone Else", "user_id": self.user_sales_a.id}
        )
        with self.assertRaisesRegex(UserError, "P5.1.1"):
            big.with_user(self.user_sales_a).write({"partner_id": other.id})
        self.assertEqual(big.partner_id, before)
        contact = self.env["res.partner"].create(
            {"name": "Buyer", "parent_id": before.commercial_partner_id.id}
        )
        big.with_user(self.user_sales_a).write({"partner_id": contact.id})
        self.assertEqual(big.partner_id, contact)

    def test_cron_catches_up_missed_months(self):
        """P5.3.1: a month the scheduled action missed is computed at its next run; nothing is
        computed twice."""
        self._plan()
        self.env["res.company"].search([]).sdp_commission_last_month = False
        self._order(self.customer_old, self.user_sales_a, datetime(2026, 11, 5))
        with freeze_time("2026-11-01 03:00:00"):
            self.run_cron(self.Sheet, "_cron_monthly_commissions")
        self.assertEqual(self.company.sdp_commission_last_month, date(2026, 10, 1))
        with freeze_time("2027-01-20 03:00:00"):  # the 1 December run was missed
            self.run_cron(self.Sheet, "_cron_monthly_commissions")
            self.run_cron(self.Sheet, "_cron_monthly_commissions")
        sheets = self.Sheet.search([("user_id", "=", self.user_sales_a.id)])
        self.assertEqual(
            sorted(sheets.mapped("date_from")),
            [date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1)],
        )
        november = sheets.filtered(lambda s: s.date_from == date(2026, 11, 1))
        self.assertEqual(november.amount_total, 5.0 + 4.0 + 50.0)
        self.assertEqual(self.company.sdp_commission_last_month, date(2026, 12, 1))
