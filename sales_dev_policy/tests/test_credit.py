"""Credit profiles, assessments, gates and releases (P6.3). Feature: credit."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged, users

from .common_credit import CreditCommon
from .common_pipeline import PipelineCommon


@tagged("sdp_credit", "post_install", "-at_install")
class TestCreditGate(CreditCommon):
    """P6.3.1: no confirmation for blocked customers, without a valid profile, over the limit."""

    def test_gate_off_is_standard(self):
        self.company.sdp_credit_order_gate = False
        order = self._order(5000.0)
        order.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_no_profile_refused_then_allowed(self):
        order = self._order(500.0)
        with self.assertRaisesMsg(UserError, f"{order.name}.*no valid credit profile.*P6.3.1"):
            order.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(order.state, "draft")
        self._profile(limit=1000.0)
        order.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_limit_boundary_exactly_at_and_just_over(self):
        """Exposure exactly at the limit is allowed; one cent over is refused (P6.3.1)."""
        self._profile(limit=1000.0)
        first = self._order(600.0)
        first.with_user(self.user_sales_a).action_confirm()
        at_limit = self._order(400.0)
        at_limit.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(at_limit.state, "sale")
        over = self._order(0.01)
        with self.assertRaisesMsg(UserError, r"over its credit limit of \$\s1,000\.00 "):
            over.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(over.state, "draft")
        self.assertEqual(over.sdp_credit_exposure, 1000.01)
        self.assertAlmostEqual(over.sdp_credit_available, -0.01)

    def test_batch_counts_orders_together(self):
        """Two quotations confirmed together are counted together against the limit."""
        self._profile(limit=1000.0)
        orders = self._order(600.0) | self._order(500.0)
        with self.assertRaisesMsg(UserError, "over its credit limit"):
            orders.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(set(orders.mapped("state")), {"draft"})

    def test_blocked_refused(self):
        self._profile(state="blocked", block_reason="Two bounced cheques", limit=1e6)
        order = self._order(10.0)
        with self.assertRaisesMsg(UserError, "credit of Credit Customer Ltd is blocked"):
            order.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(order.state, "draft")

    def test_expired_profile_refused(self):
        profile = self._profile(limit=1e6)
        order = self._order(10.0)
        with freeze_time(profile.date_next_review + timedelta(days=1)):
            with self.assertRaisesMsg(UserError, "review was due"):
                order.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(order.state, "draft")
        with freeze_time(profile.date_next_review):
            order.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_other_currency_converted(self):
        """An order in EUR is counted in the company currency (P6.3.1, several currencies)."""
        eur = self.env.ref("base.EUR")
        eur.active = True
        eur.rate_ids.filtered(lambda r: r.company_id in (self.company, False)).unlink()
        # 1 unit of company currency = 0.5 EUR: 500 EUR = 1000 in company currency.
        self.env["res.currency.rate"].create(
            {
                "currency_id": eur.id,
                "rate": 0.5,
                "name": fields.Date.today() - timedelta(days=1),
                "company_id": self.company.id,
            }
        )
        if eur == self.currency:
            self.skipTest("the test company already uses EUR")
        pricelist = self.env["product.pricelist"].create({"name": "EUR", "currency_id": eur.id})
        self._profile(limit=1000.0)
        over = self._order(500.01, pricelist_id=pricelist.id)
        self.assertEqual(over.currency_id, eur)
        with self.assertRaisesMsg(UserError, "over its credit limit"):
            over.with_user(self.user_sales_a).action_confirm()
        at_limit = self._order(500.0, pricelist_id=pricelist.id)
        self.assertEqual(at_limit.sdp_credit_exposure, 1000.0)
        at_limit.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(at_limit.state, "sale")

    def test_contact_uses_commercial_partner_profile(self):
        self._profile(limit=100.0)
        order = self._order(50.0, partner=self.contact)
        order.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(self.contact.with_user(self.user_sales_a).sdp_credit_state, "approved")

    def test_rpc_write_and_import_checked(self):
        """Writing the state or creating a confirmed order (RPC, import) is checked too."""
        order = self._order(10.0)
        with self.assertRaisesMsg(UserError, "no valid credit profile"):
            order.with_user(self.user_sales_a).write({"state": "sale"})
        self.assertEqual(order.state, "draft")
        count = self.env["sale.order"].search_count([])
        with self.assertRaisesMsg(UserError, "no valid credit profile"):
            self._order(10.0, state="sale")
        self.assertEqual(self.env["sale.order"].search_count([]), count)

    def test_release_by_credit_officer_logged(self):
        self._profile(limit=100.0)
        order = self._order(500.0)
        with self.assertRaises(UserError):
            order.with_user(self.user_sales_a).action_confirm()
        self._release(order, self.user_credit, reason="Prepayment of 50% received")
        self.assertTrue(order.sdp_credit_released)
        self.assertEqual(order.sdp_credit_released_by_id, self.user_credit)
        release = self.env["sdp.credit.release"].search([("order_id", "=", order.id)])
        self.assertEqual(release.user_id, self.user_credit)
        self.assertEqual(release.reason, "Prepayment of 50% received")
        self.assertEqual(release.credit_limit, 100.0)
        self.assertIn("over its credit limit", release.refusal)
        self.assertTrue(any("Prepayment of 50% received" in str(m.body) for m in order.message_ids))
        order.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_release_refused_to_salesperson(self):
        self._profile(limit=100.0)
        order = self._order(500.0)
        with self.assertRaises(AccessError):
            self._release(order, self.user_sales_a)
        with self.assertRaisesMsg(AccessError, "policy's flows only"):
            order.with_user(self.user_sales_a).write(
                {"sdp_credit_released": True, "sdp_credit_release_reason": "me"}
            )
        self.assertFalse(order.sdp_credit_released)
        self.assertFalse(self.env["sdp.credit.release"].search([("order_id", "=", order.id)]))
        with self.assertRaisesMsg(AccessError, "policy's flows only"):
            self._order(500.0, sdp_credit_released=True)

    def test_release_needs_reason(self):
        self._profile(limit=100.0)
        order = self._order(500.0)
        with self.assertRaisesMsg(UserError, "reason"):
            self._release(order, self.user_credit, reason="  ")
        self.assertFalse(order.sdp_credit_released)

    def test_duplicate_is_checked_again(self):
        self._profile(limit=100.0)
        order = self._order(500.0)
        self._release(order, self.user_credit)
        copy = order.with_user(self.user_sales_a).copy()
        self.assertFalse(copy.sdp_credit_released)
        with self.assertRaisesMsg(UserError, copy.name):
            copy.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(copy.state, "draft")

    def test_order_form_shows_credit(self):
        self._profile(limit=1000.0)
        order = self._order(300.0)
        form = Form(order.with_user(self.user_sales_a))
        self.assertEqual(form.sdp_credit_state, "approved")
        self.assertEqual(form.sdp_credit_available, 700.0)


@tagged("sdp_credit", "sdp_i18n", "post_install", "-at_install")
class TestCreditRefusalInChinese(CreditCommon):
    """P6.3.1: a salesperson whose language is 中文 (台灣) reads the credit refusal in Chinese,
    its amounts formatted as Odoo formats money for that language, with the currency's symbol."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_TW")
        cls.env["ir.module.module"]._load_module_terms(["sales_dev_policy"], ["zh_TW"])
        cls.user_sales_a.lang = "zh_TW"
        cls.twd = cls.env.ref("base.TWD")
        cls.twd.active = True
        cls.pricelist_twd = cls.env["product.pricelist"].create(
            {"name": "TWD prices", "currency_id": cls.twd.id}
        )

    def _confirm_refused(self, order):
        salesperson = self.user_sales_a
        with self.assertRaises(UserError) as refusal:
            order.with_user(salesperson).with_context(lang=salesperson.lang).action_confirm()
        self.assertEqual(order.state, "draft")
        return str(refusal.exception)

    def test_over_limit_amounts_formatted(self):
        self._profile(limit=40000.0)
        order = self._order(44100.0)
        message = self._confirm_refused(order)
        self.assertIn(f"銷售訂單 {order.name} 不能確認", message)
        # Thousands grouped, the currency's symbol, no raw float nor ISO code.
        self.assertIn(f"{self.currency.symbol}\N{NO-BREAK SPACE}44,100.00", message)
        self.assertIn(f"{self.currency.symbol}\N{NO-BREAK SPACE}40,000.00", message)
        self.assertNotIn("44100", message)
        self.assertNotIn(self.currency.name, message)

    def test_release_no_longer_covering_in_order_currency(self):
        """The amount released is the order's, in its own currency: NT$, no decimals."""
        self._profile(limit=1000.0)
        order = self._order(44100.0, pricelist_id=self.pricelist_twd.id)
        self.assertEqual(order.currency_id, self.twd)
        self._release(order, self.user_credit)
        order.order_line.with_user(self.user_sales_a).price_unit = 45000.0
        message = self._confirm_refused(order)
        self.assertIn("44,100\N{NO-BREAK SPACE}NT$", message, "Odoo writes NT$ after the amount")
        self.assertNotIn("TWD", message)


@tagged("sdp_credit", "post_install", "-at_install")
class TestCreditProfile(CreditCommon):
    """P6.3.1, P6.3.2: the credit file, its assessments and its protection."""

    def test_salesperson_cannot_read_or_write_profile(self):
        profile = self._profile()
        as_sales = profile.with_user(self.user_sales_a)
        with self.assertRaises(AccessError):
            as_sales.read(["credit_limit"])
        with self.assertRaises(AccessError):
            as_sales.write({"credit_limit": 1e9})
        with self.assertRaises(AccessError):
            self.env["sdp.credit.profile"].with_user(self.user_sales_b).create(
                {"partner_id": self.env["res.partner"].create({"name": "X"}).id}
            )
        with self.assertRaises(AccessError):
            self.env["sdp.credit.profile"].with_user(self.user_sales_a).search_read([], ["state"])
        self.assertEqual(profile.credit_limit, 1000.0)
        # The summary on the customer is what the salesperson sees (P6.3.1).
        partner = self.customer.with_user(self.user_sales_a)
        self.assertEqual(partner.sdp_credit_state, "approved")
        self.assertEqual(partner.sdp_credit_rating, "b")
        self.assertTrue(partner.sdp_credit_valid)
        self.assertEqual(partner.sdp_credit_available, 1000.0)
        with self.assertRaises(AccessError):
            partner.read(["sdp_credit_profile_id"])
        # Another team's salesperson does not get the summary of A's customer; A's leader does.
        other = self.customer.with_user(self.user_sales_b)
        self.assertFalse(other.sdp_credit_summary_visible)
        self.assertFalse(other.sdp_credit_state)
        self.assertEqual(other.sdp_credit_available, 0.0)
        self.assertEqual(self.customer.with_user(self.user_leader).sdp_credit_state, "approved")

    def test_company_b_never_sees_company_a(self):
        """Multi-company (P4.3.3): a credit officer of company B sees nothing of company A."""
        profile = self._profile()
        company_b = self.env["res.company"].create({"name": "SDP Credit Company B"})
        officer_b = new_test_user(
            self.env,
            login="sdp_credit_b",
            groups="sales_dev_policy.group_sdp_credit_officer",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        Profile = self.env["sdp.credit.profile"].with_user(officer_b)
        self.assertNotIn(profile, Profile.search([]))
        with self.assertRaises(AccessError):
            profile.with_user(officer_b).read(["credit_limit"])
        # Company B keeps its own file on the same customer (one per company).
        profile_b = Profile.create({"partner_id": self.customer.id})
        self.assertEqual(profile_b.company_id, company_b)
        self.assertEqual(profile.with_user(self.user_credit).credit_limit, 1000.0)

    def test_manager_reads_but_does_not_edit(self):
        profile = self._profile()
        self.assertEqual(profile.with_user(self.user_manager).credit_limit, 1000.0)
        with self.assertRaises(AccessError):
            profile.with_user(self.user_manager).write({"credit_limit": 5.0})

    def test_one_profile_per_customer_and_company(self):
        self._profile()
        with self.assertRaisesMsg(ValidationError, "already has a credit profile"):
            self._profile(limit=5.0)
        self.assertEqual(
            self.env["sdp.credit.profile"].search_count([("partner_id", "=", self.customer.id)]), 1
        )

    def test_validation_messages(self):
        Profile = self.env["sdp.credit.profile"].with_user(self.user_credit)
        for vals, message in (
            ({"score": 101}, "score must be between 0 and 100"),
            ({"score": -1}, "score must be between 0 and 100"),
            ({"credit_limit": -1.0}, "cannot be negative"),
            (
                {"date_assessed": date(2026, 5, 1), "date_next_review": date(2026, 5, 1)},
                "must be after the assessment date",
            ),
            ({"state": "blocked", "block_reason": " "}, "blocked status needs a reason"),
        ):
            with self.subTest(vals=vals), self.assertRaisesMsg(ValidationError, message):
                self._profile(**vals)
        self.assertFalse(Profile.search([("partner_id", "=", self.customer.id)]))
        profile = self._profile(state="blocked", block_reason="Insolvency filed")
        self.assertEqual(profile.state, "blocked")

    def test_request_by_salesperson(self):
        """A salesperson requests an assessment and sees the result, never edits it (P6.3.1)."""
        partner = self.customer.with_user(self.user_sales_a)
        action = partner.action_sdp_request_credit_assessment()
        form = Form(
            self.env["sdp.credit.assessment"]
            .with_user(self.user_sales_a)
            .with_context(**action["context"]),
            view="sales_dev_policy.sdp_credit_assessment_view_form_request",
        )
        form.request_note = "Tender of 50k next month"
        request = form.save()
        self.assertEqual(request.state, "requested")
        self.assertEqual(request.requested_by_id, self.user_sales_a)
        profile = request.sudo().profile_id  # sudo: the test checks what the requester cannot read
        self.assertEqual(profile.partner_id, self.customer)
        self.assertEqual(profile.state, "investigating")
        # sudo: the test checks what the requester cannot read
        activity = request.sudo().activity_ids
        self.assertEqual(activity.user_id, self.user_credit)
        # The requester cannot fill in or approve the assessment.
        with self.assertRaises(AccessError):
            request.write({"rating": "a", "credit_limit": 1e6})
        with self.assertRaises(AccessError):
            request.action_approve()
        with self.assertRaises(AccessError):
            self.env["sdp.credit.assessment"].with_user(self.user_sales_a).create(
                {"partner_id": self.customer.id, "rating": "a", "score": 100}
            )
        with self.assertRaises(AccessError):
            request.read(["conclusion"])
        # Another salesperson does not see the request.
        with self.assertRaises(AccessError):
            request.with_user(self.user_sales_b).read(["state"])

    def test_assessment_flow_keeps_history(self):
        """Each approved assessment updates the profile; all stay in the file (P6.3.2)."""
        Assessment = self.env["sdp.credit.assessment"].with_user(self.user_credit)
        first = Assessment.create(
            {
                "partner_id": self.contact.id,
                "date": date(2026, 1, 10),
                "rating": "b",
                "score": 72,
                "credit_limit": 5000.0,
                "proposed_state": "approved",
                "sources": "Bank reference, registry",
            }
        )
        self.assertEqual(first.partner_id, self.customer, "filed on the commercial partner")
        self.assertEqual(first.date_next_review, date(2027, 1, 10), "B: 12 months")
        with self.assertRaisesMsg(UserError, "completed before"):
            first.action_approve()
        first.action_done()
        # Four eyes: the officer who made it does not approve it; another one does.
        with self.assertRaisesMsg(UserError, "or a Sales Manager approves it"):
            first.action_approve()
        self.assertEqual(first.state, "done")
        approver = new_test_user(
            self.env,
            login="sdp_credit_2",
            groups="sales_team.group_sale_salesman_all_leads,"
            "sales_dev_policy.group_sdp_credit_officer",
        )
        first.with_user(approver).action_approve()
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written at commit time
        profile = first.profile_id
        self.assertEqual(profile.state, "approved")
        self.assertEqual(profile.credit_limit, 5000.0)
        self.assertEqual(profile.date_next_review, date(2027, 1, 10))
        second = Assessment.create(
            {
                "partner_id": self.customer.id,
                "date": date(2026, 6, 1),
                "rating": "d",
                "score": 35,
                "credit_limit": 1000.0,
                "proposed_state": "watch",
            }
        )
        second.action_done()
        second.with_user(approver).action_approve()
        self.assertEqual(second.profile_id, profile)
        self.assertEqual(profile.state, "watch")
        self.assertEqual(profile.rating, "d")
        self.assertEqual(profile.date_next_review, date(2026, 9, 1), "D: 3 months")
        self.assertEqual(profile.assessment_count, 2)
        self.assertEqual(set(profile.assessment_ids.mapped("state")), {"approved"})
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written at commit time
        # sudo: the test reads or prepares data beyond the user's rights
        tracked = profile.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "credit_limit"
        )
        self.assertEqual(
            sorted(tracked.mapped("new_value_float")), [1000.0, 5000.0], "limit changes tracked"
        )
        with self.assertRaisesMsg(UserError, "stays in the credit file"):
            first.action_cancel()

    def test_done_needs_rating_and_status(self):
        assessment = (
            self.env["sdp.credit.assessment"]
            .with_user(self.user_credit)
            .create({"partner_id": self.customer.id})
        )
        with self.assertRaisesMsg(UserError, "rating, proposed status"):
            assessment.action_done()
        self.assertEqual(assessment.state, "draft")

    def test_review_cron(self):
        due = self._profile(date_next_review=date(2026, 3, 1), date_assessed=date(2025, 3, 1))
        other = self.env["res.partner"].create({"name": "Fine Customer", "is_company": True})
        fine = self._profile(
            partner=other, date_next_review=date(2026, 9, 1), date_assessed=date(2025, 9, 1)
        )
        with freeze_time("2026-03-05"):
            self.env["sdp.credit.profile"]._cron_review_due()
        self.assertEqual(due.state, "review_needed")
        self.assertEqual(due.activity_ids.user_id, self.user_credit)
        self.assertEqual(fine.state, "approved")
        self.assertFalse(fine.activity_ids)

    def test_overdue_watch_cron(self):
        self.company.sdp_credit_overdue_days = 30
        profile = self._profile(limit=1e6, date_next_review=date(2099, 1, 1))
        invoice = self._invoice(
            1000.0, invoice_date=date(2026, 1, 1), invoice_date_due=date(2026, 1, 1)
        )
        self.assertEqual(invoice.invoice_date_due, date(2026, 1, 1))
        with freeze_time("2026-01-25"):
            self.env["sdp.credit.profile"]._cron_overdue_watch()
        self.assertEqual(profile.state, "approved", "24 days overdue: not yet")
        with freeze_time("2026-02-05"):
            self.env["sdp.credit.profile"]._cron_overdue_watch()
        self.assertEqual(profile.state, "watch")
        self.assertEqual(profile.activity_ids.user_id, self.user_credit)
        # The batch's savepoint also posts Odoo's tracking of the state (at commit before):
        # the note is one of the profile's messages, not necessarily the last.
        notes = profile.message_ids.filtered(lambda m: "put on watch" in (m.body or ""))
        self.assertEqual(len(notes), 1)
        # The salesperson cannot read the profile: they are told on the customer.
        reminder = self.customer.activity_ids.filtered(lambda a: a.user_id == self.user_sales_a)
        self.assertIn("overdue", reminder.note)

    # ------------------------------------------------------------------ exposure
    def _invoice(self, amount, **vals):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
                **vals,
            }
        )
        invoice.action_post()
        return invoice

    def test_exposure_matches_hand_computation(self):
        """P6.3.2: receivables (after partial payments) + confirmed orders not invoiced."""
        self.company.sdp_credit_order_gate = False
        profile = self._profile(limit=3000.0)
        invoice = self._invoice(1000.0)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": 300.0})._create_payments()
        self.assertEqual(invoice.amount_residual, 700.0)
        not_invoiced = self._order(500.0)
        not_invoiced.action_confirm()
        half = self._order(400.0, qty=2, product=self.product_delivered)  # 800 in all
        half.action_confirm()
        half.order_line.qty_delivered = 1  # invoices 400 of 800
        half_invoice = half.with_env(self.env)._create_invoices()
        half_invoice.action_post()
        self._order(999.0)  # a quotation is not exposure
        draft_invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_line_ids": [
                    Command.create({"name": "draft", "quantity": 1, "price_unit": 50.0})
                ],
            }
        )
        self.assertEqual(draft_invoice.state, "draft")
        # Hand computation: receivables 700 + 400 = 1100; orders 500 + (800 - 400) = 900.
        self.assertEqual(half_invoice.amount_total, 400.0)
        self.assertEqual(half.order_line.untaxed_amount_invoiced, 400.0)
        profile.invalidate_recordset()
        self.assertEqual(profile.receivable_amount, 1100.0)
        self.assertEqual(profile.order_amount, 900.0)
        self.assertEqual(profile.exposure, 2000.0)
        self.assertEqual(profile.available_credit, 1000.0)
        self.assertEqual(self.customer.with_user(self.user_sales_a).sdp_credit_exposure, 2000.0)
        # With the gate on, 1000 more is exactly at the limit, 1000.01 is over.
        self.company.sdp_credit_order_gate = True
        over = self._order(1000.01)
        with self.assertRaisesMsg(UserError, "over its credit limit"):
            over.with_user(self.user_sales_a).action_confirm()
        at_limit = self._order(1000.0)
        at_limit.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(at_limit.state, "sale")

    def test_exposure_constant_queries(self):
        """The exposure of many customers costs the same number of queries as of one."""
        partners = self.env["res.partner"].create(
            [{"name": f"Exposure {i}", "is_company": True} for i in range(20)]
        )
        profiles = self.env["sdp.credit.profile"].create(
            [{"partner_id": p.id, "state": "approved", "credit_limit": 10.0} for p in partners]
        )
        self.company.sdp_credit_order_gate = False
        for partner in partners[:5]:
            self._order(10.0, partner=partner).action_confirm()
            self._invoice(5.0, partner_id=partner.id)

        def count(records):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            records.mapped("exposure")
            return self.env.cr.sql_log_count - before

        one, many = count(profiles[:1]), count(profiles)
        self.assertLessEqual(many, one, f"1 profile: {one} queries, 20 profiles: {many}")


@tagged("sdp_credit", "post_install", "-at_install")
class TestCreditLeadGate(PipelineCommon):
    """P6.3.1: a lead enters Proposal / Contract only with an approved, current credit profile."""

    def test_lead_gate(self):
        self.company.sdp_credit_lead_gate = True
        customer = self.env["res.partner"].create({"name": "Gate Customer", "is_company": True})
        lead = self._lead("Credit gate", "needs", partner_id=customer.id)
        lead.write(
            {
                "sdp_proposal_products": True,
                "sdp_proposal_pricing": True,
                "sdp_proposal_delivery": True,
                "sdp_proposal_after_sales": True,
            }
        )
        as_sales = lead.with_user(self.user_sales_a)
        with self.assertRaisesRegex(
            UserError, r"approved, current credit profile.*P6\.3\.1.*the customer's “Credit” tab"
        ):
            as_sales.write({"stage_id": self.stage["proposal"].id})
        self.assertEqual(lead.stage_id, self.stage["needs"])
        # An approved file, as an approved assessment leaves it (fixture).
        profile = self.env["sdp.credit.profile"].create(
            {
                "partner_id": customer.id,
                "state": "approved",
                "credit_limit": 100.0,
                "date_next_review": fields.Date.today() + timedelta(days=1),
            }
        )
        as_sales.write({"stage_id": self.stage["proposal"].id})
        self.assertEqual(lead.stage_id, self.stage["proposal"])
        # Off: the stage flag alone does not gate.
        profile.with_user(self.user_credit).write(
            {"state": "blocked", "block_reason": "Fraud suspected"}
        )
        self.company.sdp_credit_lead_gate = False
        self.assertNotIn(lead.id, lead._sdp_gate_approval_missing(self.stage["contract"]))
        self.company.sdp_credit_lead_gate = True
        self.assertIn(lead.id, lead._sdp_gate_approval_missing(self.stage["contract"]))

    @users("sdp_credit")
    def test_credit_views_load(self):
        for model in ("sdp.credit.profile", "sdp.credit.assessment"):
            self.env[model].get_views([(False, "list"), (False, "form"), (False, "search")])
        arch = self.env["res.partner"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("sdp_credit_available", arch)

    def test_credit_menus_by_role(self):
        """The Credit menus (CRM > Policy > Credit, Sales > Orders) are for credit officers and
        managers only; the salesperson finds the policy reports under CRM > Reporting."""
        credit_menus = self.env.ref("sales_dev_policy.sdp_menu_credit") | self.env.ref(
            "sales_dev_policy.sdp_credit_profile_menu_sale"
        )
        report_menu = self.env.ref("sales_dev_policy.sdp_pipeline_step_report_menu_crm")
        Menu = self.env["ir.ui.menu"]
        for user in (self.user_credit, self.user_manager):
            visible = Menu.with_user(user)._visible_menu_ids()
            self.assertTrue(set(credit_menus.ids) <= visible, user.login)
        visible = Menu.with_user(self.user_sales_a)._visible_menu_ids()
        self.assertFalse(set(credit_menus.ids) & visible)
        self.assertIn(report_menu.id, visible)
