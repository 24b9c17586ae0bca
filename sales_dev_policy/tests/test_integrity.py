"""The policy cannot be bypassed: one gate per confirmation, on every path an RPC client has.

Each test tries the bypass as the role that would try it (``with_user``), checks the refusal and
that nothing changed, then the legitimate flow. Shared by all features."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from ..models.sdp_appraisal import INTERVIEW_FIELDS
from ..models.sdp_legal_review import CHECKLIST_FIELDS
from .common import SIGNED_FORM
from .common_appraisal import AppraisalCommon
from .common_credit import CreditCommon
from .common_incentive import IncentiveCommon
from .common_legal import SdpLegalCommon
from .common_pipeline import PipelineCommon
from .common_transactions import RealTransactionsCase


@tagged("sdp_integrity", "post_install", "-at_install")
class TestLegalGateEveryPath(SdpLegalCommon):
    """P3.7.3: no order becomes a confirmed order without a legal approval of what it says."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._enable_amount_trigger(5000.0)

    def _quotation(self):
        order = self._create_order(qty=10)  # 10 000 > 5 000: needs legal review
        self.assertEqual(order.sdp_legal_state, "to_submit")
        return order

    def test_write_state_refused(self):
        """A salesperson's RPC ``write({'state': 'sale'})`` is refused, nothing changes."""
        order = self._quotation()
        with self.assertRaisesMsg(UserError, "P3.7.3"):
            order.with_user(self.user_sales_a).write({"state": "sale"})
        self.assertEqual(order.state, "draft")

    def test_create_confirmed_refused(self):
        count = self.env["sale.order"].search_count([])
        with self.assertRaisesMsg(UserError, "cannot be confirmed before Legal approves"):
            self._create_order(qty=10, state="sale")
        self.assertEqual(self.env["sale.order"].search_count([]), count)

    def test_cancelled_written_back_refused(self):
        """A cancelled quotation never had its triggers re-evaluated: still gated."""
        order = self._quotation()
        order.with_user(self.user_sales_a)._action_cancel()
        self.assertEqual(order.state, "cancel")
        with self.assertRaisesMsg(UserError, "P3.7.3"):
            order.with_user(self.user_sales_a).write({"state": "sale"})
        self.assertEqual(order.state, "cancel")

    def test_context_keys_are_not_permits(self):
        """Keys an RPC caller can send neither skip the gate nor set the hold flag."""
        order = self._quotation()
        crafted = {"sdp_credit_checked": True, "sdp_legal_hold": True, "sdp_skip_consent": True}
        with self.assertRaisesMsg(UserError, "P3.7.3"):
            order.with_user(self.user_sales_a).with_context(**crafted).action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.sdp_legal_is_held, "the hold flag is set by the portal flow only")

    def test_context_defaults_are_not_a_way_in(self):
        """``default_<field>`` in the caller's context sets a field after any check of the
        values: protected fields refuse it too."""
        for key in ("default_sdp_legal_state", "default_sdp_legal_is_held"):
            with self.assertRaisesMsg(AccessError, "policy's flows only"):
                self._create_order(qty=10, **{}).with_context(**{key: "approved"}).copy()
            with self.assertRaisesMsg(AccessError, "policy's flows only"):
                self.env["sale.order"].with_user(self.user_sales_a).with_context(
                    **{key: "approved" if key.endswith("state") else True}
                ).create({"partner_id": self.customer.id})

    def test_protected_fields_refused(self):
        order = self._quotation()
        for vals in (
            {"sdp_legal_state": "approved"},
            {"sdp_legal_terms": "{}"},
            {"sdp_legal_is_held": True},
        ):
            # A reviewer writes only decisions: refused as a reviewer's edit before the field
            # is even considered; a salesperson is refused the protected field itself.
            with self.assertRaisesMsg(AccessError, "as a reviewer you read the documents"):
                order.with_user(self.user_legal).write(vals)
            with self.assertRaisesMsg(AccessError, "policy's flows only"):
                order.with_user(self.user_sales_a).write(vals)
        self.assertEqual(order.sdp_legal_state, "to_submit")

    def test_approval_covers_the_terms(self):
        """After approval, any term Legal read (P3.7.2) changed resets the review."""
        changes = [
            ("note", "<p>Other terms and conditions</p>"),
            ("validity_date", fields.Date.add(fields.Date.today(), days=90)),
            ("commitment_date", fields.Datetime.add(fields.Datetime.now(), days=10)),
            ("partner_shipping_id", None),
            ("line_name", "Another description"),
        ]
        for fname, value in changes:
            with self.subTest(field=fname):
                order = self._quotation()
                self._approve(order)
                if fname == "partner_shipping_id":
                    value = self.customer_2.id
                if fname == "line_name":
                    order.order_line.with_user(self.user_sales_a).write({"name": value})
                else:
                    order.with_user(self.user_sales_a).write({fname: value})
                self.assertEqual(order.sdp_legal_state, "to_submit", fname)
                with self.assertRaisesMsg(UserError, "P3.7.3"):
                    order.with_user(self.user_sales_a).action_confirm()
                self.assertEqual(order.state, "draft")

    def test_change_the_orm_never_saw_is_caught(self):
        """A change that bypasses ``write`` (a compute, SQL of another add-on) is caught at
        confirmation: the order no longer says what Legal approved."""
        order = self._quotation()
        self._approve(order)
        line = order.order_line
        self.env.cr.execute(
            "UPDATE sale_order_line SET price_unit = 1 WHERE id = %s",
            [line.id],
        )
        self.env.invalidate_all()
        self.assertEqual(order.sdp_legal_state, "approved")
        self.assertIn("Unit Price", order.sdp_legal_changes)
        with self.assertRaisesMsg(UserError, "changed after Legal approved it"):
            order.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(order.state, "draft")
        # The salesperson submits what the order says now; a new approval covers it.
        self._approve(order)
        self.assertFalse(order.sdp_legal_changes)
        order.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_approved_order_confirms(self):
        order = self._quotation()
        self._approve(order)
        self.assertFalse(order.sdp_legal_changes)
        order.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_four_eyes_creator_and_submitter(self):
        """P3.7.3: a Legal Reviewer who created or submitted an order does not decide it."""
        reviewer_2 = new_test_user(
            self.env,
            login="sdp_legal_2",
            groups="sales_team.group_sale_salesman,sales_dev_policy.group_sdp_legal_reviewer",
        )
        # Created by the reviewer (sudo keeps the user as creator: a reviewer no longer
        # creates other people's orders, but an order may predate their reviewer role).
        created = (
            self.env["sale.order"]
            .with_user(self.user_legal)
            .sudo()  # sudo: create_uid stays the reviewer, see above
            .create(
                {
                    "partner_id": self.customer.id,
                    "user_id": self.user_sales_a.id,
                    "order_line": [
                        Command.create({"product_id": self.product.id, "product_uom_qty": 10})
                    ],
                }
            )
            .with_user(self.env.user)
            .sudo(False)
        )
        self.assertEqual(created.create_uid, self.user_legal)
        created.with_user(self.user_sales_a).action_sdp_legal_submit()
        self.assertFalse(created.with_user(self.user_legal).sdp_legal_can_decide)
        with self.assertRaisesMsg(UserError, "creator or submitted it"):
            self._decide(created, "approve", user=self.user_legal)
        self.assertEqual(created.sdp_legal_state, "under_review")
        submitted = self._quotation()
        submitted.with_user(self.user_legal).action_sdp_legal_submit()
        with self.assertRaisesMsg(UserError, "creator or submitted it"):
            self._decide(submitted, "approve", user=self.user_legal)
        self._decide(submitted, "approve", user=reviewer_2)
        self.assertEqual(submitted.sdp_legal_state, "approved")


@tagged("sdp_integrity", "post_install", "-at_install")
class TestCreditGateEveryPath(CreditCommon):
    """P6.3.1: the credit gate holds on every path, and a release covers what was released."""

    def test_cancelled_refused_order_written_back(self):
        self._profile(limit=100.0)
        order = self._order(500.0)
        with self.assertRaisesMsg(UserError, "over its credit limit"):
            order.with_user(self.user_sales_a).action_confirm()
        order.with_user(self.user_sales_a)._action_cancel()
        with self.assertRaisesMsg(UserError, "over its credit limit"):
            order.with_user(self.user_sales_a).write({"state": "sale"})
        self.assertEqual(order.state, "cancel")

    def test_context_key_does_not_skip(self):
        self._profile(limit=100.0)
        order = self._order(500.0)
        with self.assertRaisesMsg(UserError, "over its credit limit"):
            order.with_user(self.user_sales_a).with_context(sdp_credit_checked=True).write(
                {"state": "sale"}
            )
        self.assertEqual(order.state, "draft")

    def test_release_covers_the_amount_released(self):
        """A release of a 150 order does not cover the 1 000 000 line added afterwards."""
        self._profile(limit=100.0)
        order = self._order(150.0)
        self._release(order, self.user_credit)
        order.with_user(self.user_sales_a).write(
            {
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 1, "price_unit": 1e6}
                    )
                ]
            }
        )
        with self.assertRaisesMsg(UserError, "no longer covers it"):
            order.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(order.state, "draft")
        # Back to what was released (or less): the release covers it again.
        order.order_line[-1:].with_user(self.user_sales_a).unlink()
        order.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_release_covers_the_customer_released(self):
        other = self.env["res.partner"].create({"name": "Other Credit Customer"})
        self._profile(limit=100.0)
        self._profile(partner=other, limit=100.0)
        order = self._order(150.0)
        self._release(order, self.user_credit)
        order.with_user(self.user_sales_a).write({"partner_id": other.id})
        with self.assertRaisesMsg(UserError, "no longer covers it"):
            order.with_user(self.user_sales_a).action_confirm()

    def test_release_fields_only_through_the_flow(self):
        """Not even a credit officer writes the release fields directly (no log, no checks)."""
        self._profile(limit=100.0)
        order = self._order(500.0)
        for user in (self.user_credit, self.user_sales_a):
            with self.assertRaisesMsg(AccessError, "policy's flows only|as a reviewer"):
                order.with_user(user).write(
                    {"sdp_credit_released": True, "sdp_credit_release_reason": "me"}
                )
        with self.assertRaisesMsg(AccessError, "Sale Order"):
            self.env["sdp.credit.release"].with_user(self.user_credit).create(
                {"order_id": order.id, "user_id": self.user_credit.id, "reason": "x"}
            )
        self.assertFalse(order.sdp_credit_released)

    def test_credit_crons_agree(self):
        """P6.3.2: the review and overdue crons do not undo each other day after day (no
        ping-pong of states, no new activity each day)."""
        self.company.sdp_credit_overdue_days = 30
        profile = self._profile(
            limit=1e6, date_assessed=date(2025, 1, 10), date_next_review=date(2026, 1, 10)
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": date(2025, 11, 1),
                "invoice_date_due": date(2025, 11, 1),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "quantity": 1,
                            "price_unit": 500.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        Profile = self.env["sdp.credit.profile"]
        for day in ("2026-02-01", "2026-02-02", "2026-02-03"):
            with freeze_time(day):
                Profile._cron_review_due()
                Profile._cron_overdue_watch()
            self.assertEqual(profile.state, "review_needed", day)
        self.assertEqual(len(profile.activity_ids), 1, "one reminder, not one a day")

    def test_officer_does_not_extend_credit_by_hand(self):
        """P6.3.1, four eyes: a credit officer restricts credit at once but extends it only
        through an assessment another officer approves."""
        profile = self._profile(state="review_needed", limit=100.0)
        officer = profile.with_user(self.user_credit)
        for vals in (
            {"state": "approved"},
            {"credit_limit": 1e6},
            {"date_next_review": fields.Date.add(fields.Date.today(), years=5)},
        ):
            with self.assertRaisesMsg(AccessError, "another credit officer"):
                officer.write(vals)
        with self.assertRaisesMsg(AccessError, "another credit officer"):
            self.env["sdp.credit.profile"].with_user(self.user_credit).create(
                {
                    "partner_id": self.env["res.partner"].create({"name": "New Co"}).id,
                    "state": "approved",
                    "credit_limit": 1e6,
                }
            )
        self.assertEqual((profile.state, profile.credit_limit), ("review_needed", 100.0))
        # Restricting is immediate.
        officer.write({"credit_limit": 50.0})
        officer.write({"state": "blocked", "block_reason": "Unpaid invoices"})
        self.assertEqual((profile.state, profile.credit_limit), ("blocked", 50.0))

    def test_officer_does_not_release_own_order(self):
        """P6.3.1, four eyes: a credit officer who sells the order does not release it."""
        seller = new_test_user(
            self.env,
            login="sdp_credit_seller",
            groups="sales_dev_policy.group_sdp_salesperson,"
            "sales_dev_policy.group_sdp_credit_officer",
        )
        self._profile(limit=100.0)
        order = self._order(500.0, user=seller, user_id=seller.id)
        with self.assertRaisesMsg(UserError, "another credit officer must"):
            self._release(order, seller)
        self.assertFalse(order.sdp_credit_released)
        self._release(order, self.user_credit)
        self.assertTrue(order.sdp_credit_released)
        self.assertEqual(order.sdp_credit_released_amount, 500.0)


@tagged("sdp_integrity", "post_install", "-at_install")
class TestCreditGateRace(RealTransactionsCase):
    # pylint: disable=invalid-commit
    # Real transactions commit their fixtures and work (see RealTransactionsCase).
    """P6.3.1: two salespeople confirm quotations of one customer at the same moment.

    Each quotation alone is under the limit; together they exceed it. Without the
    serialisation both pass the gate and both commit. With it, the later one fails with a
    serialisation error and, retried as Odoo retries a request, is refused by the gate.
    """

    def _fixtures(self):
        with self._cursor() as cr:
            env = self._superuser_env(cr)
            company = env.ref("base.main_company")
            fx = {"company": company.id, "gate": company.sdp_credit_order_gate}
            company.sdp_credit_order_gate = True
            seller = self._new_user(
                env, "sdp_race_seller", "sales_dev_policy.group_sdp_salesperson"
            )
            partner = env["res.partner"].create(
                {"name": "SDP Race Customer", "is_company": True, "user_id": seller.id}
            )
            product = env["product.product"].create(
                {"name": "SDP Race Service", "type": "service", "taxes_id": [Command.clear()]}
            )
            profile = env["sdp.credit.profile"].create(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "state": "approved",
                    "rating": "b",
                    "credit_limit": 1000.0,
                    "date_next_review": fields.Date.add(fields.Date.today(), days=30),
                }
            )
            orders = (
                env["sale.order"]
                .with_user(seller)
                .create(
                    [
                        {
                            "partner_id": partner.id,
                            "company_id": company.id,
                            "order_line": [
                                Command.create(
                                    {
                                        "product_id": product.id,
                                        "product_uom_qty": 1,
                                        "price_unit": 600.0,
                                    }
                                )
                            ],
                        }
                        for _i in range(2)
                    ]
                )
            )
            # sudo: the fixture subscribes the customer as sending the quotation would.
            orders.sudo().message_subscribe(partner_ids=partner.ids)
            fx.update(
                seller=seller.id,
                partner=partner.id,
                product=product.id,
                profile=profile.id,
                orders=orders.ids,
            )
            cr.commit()
        return fx

    def _cleanup(self, fx):
        with self._cursor() as cr:
            env = self._superuser_env(cr)
            orders = env["sale.order"].browse(fx["orders"]).exists()
            orders.filtered(lambda o: o.state == "sale")._action_cancel()
            orders.unlink()
            env["sdp.credit.profile"].browse(fx["profile"]).exists().unlink()
            env["product.product"].browse(fx["product"]).exists().unlink()
            env["res.partner"].browse(fx["partner"]).exists().unlink()
            self._delete_users(env, [fx["seller"]])
            env["res.company"].browse(fx["company"]).sdp_credit_order_gate = fx["gate"]
            cr.commit()

    def test_concurrent_confirmations_respect_the_limit(self):
        fx = self._fixtures()
        try:

            def confirm(order_id):
                return lambda env: env["sale.order"].browse(order_id).action_confirm()

            first, second = fx["orders"]
            results = self._race((fx["seller"], confirm(first)), (fx["seller"], confirm(second)))
            self.assertEqual(
                sorted(results),
                ["done", "serialization"],
                "one confirmation wins, the other must be retried",
            )
            # Odoo retries a request that failed to serialise: the retry sees the first order.
            retried = fx["orders"][results.index("serialization")]
            self.assertEqual(
                self._run(fx["seller"], confirm(retried)),
                "refused",
                "together they exceed the limit",
            )
        finally:
            self._cleanup(fx)


@tagged("sdp_integrity", "post_install", "-at_install")
class TestLegalDecisionRace(RealTransactionsCase):
    # pylint: disable=invalid-commit
    # Real transactions commit their fixtures and work (see RealTransactionsCase).
    """P3.7.3: a Legal Reviewer approves while the salesperson edits the order at the same
    moment. Both cannot win: either the approval stands and the edit resets it, or the edit
    resets the review and the approval is refused. Never an approved order whose terms are not
    those Legal read."""

    def _fixtures(self):
        with self._cursor() as cr:
            env = self._superuser_env(cr)
            company = env.ref("base.main_company")
            fx = {
                "company": company.id,
                "settings": {
                    "sdp_legal_on_amount": company.sdp_legal_on_amount,
                    "sdp_legal_amount_threshold": company.sdp_legal_amount_threshold,
                    "sdp_legal_reviewer_id": company.sdp_legal_reviewer_id.id,
                },
            }
            seller = self._new_user(
                env, "sdp_race_legal_seller", "sales_dev_policy.group_sdp_salesperson"
            )
            reviewer = self._new_user(
                env,
                "sdp_race_reviewer",
                "sales_team.group_sale_salesman_all_leads,"
                "sales_dev_policy.group_sdp_legal_reviewer",
            )
            company.write(
                {
                    "sdp_legal_on_amount": True,
                    "sdp_legal_amount_threshold": 100.0,
                    "sdp_legal_reviewer_id": reviewer.id,
                }
            )
            partner = env["res.partner"].create({"name": "SDP Race Legal Customer"})
            product = env["product.product"].create(
                {"name": "SDP Race Contract", "type": "service", "list_price": 500.0}
            )
            order = (
                env["sale.order"]
                .with_user(seller)
                .create(
                    {
                        "partner_id": partner.id,
                        "order_line": [Command.create({"product_id": product.id})],
                    }
                )
            )
            order.with_user(seller).action_sdp_legal_submit()
            fx.update(
                seller=seller.id,
                reviewer=reviewer.id,
                partner=partner.id,
                product=product.id,
                order=order.id,
            )
            cr.commit()
        return fx

    def _cleanup(self, fx):
        with self._cursor() as cr:
            env = self._superuser_env(cr)
            order = env["sale.order"].browse(fx["order"]).exists()
            order.activity_ids.unlink()
            order.unlink()
            # The review rounds outlive their order and refuse the ORM's unlink (audit records):
            # the test removes its own with SQL.
            cr.execute("DELETE FROM sdp_legal_review WHERE order_name = %s", [fx["order_name"]])
            env["product.product"].browse(fx["product"]).exists().unlink()
            env["res.partner"].browse(fx["partner"]).exists().unlink()
            self._delete_users(env, [fx["seller"], fx["reviewer"]])
            env["res.company"].browse(fx["company"]).write(fx["settings"])
            cr.commit()

    def test_decision_and_edit_cannot_both_win(self):
        fx = self._fixtures()
        with self._cursor() as cr:
            fx["order_name"] = self._superuser_env(cr)["sale.order"].browse(fx["order"]).name
        try:
            checklist = dict.fromkeys(CHECKLIST_FIELDS, True)

            def approve(env):
                env["sale.order"].browse(fx["order"])._sdp_legal_decide("approve", checklist, "")

            def edit(env):
                order = env["sale.order"].browse(fx["order"])
                order.order_line.write({"name": "Another scope of work"})

            jobs = {"approve": (fx["reviewer"], approve), "edit": (fx["seller"], edit)}
            results = dict(zip(jobs, self._race(*jobs.values()), strict=True))
            self.assertEqual(
                sorted(results.values()), ["done", "serialization"], f"one wins: {results}"
            )
            loser = next(name for name, result in results.items() if result == "serialization")
            retry = self._run(*jobs[loser])
            with self._cursor() as cr:
                order = self._superuser_env(cr)["sale.order"].browse(fx["order"])
                state, name = order.sdp_legal_state, order.order_line.name
            self.assertEqual(name, "Another scope of work", "the edit is never lost")
            self.assertEqual(state, "to_submit", "the approval never covers the edited order")
            # The edit retried after the approval resets it; the approval retried after the
            # edit is refused (the order is no longer under review).
            self.assertEqual(retry, "done" if loser == "edit" else "refused")
        finally:
            self._cleanup(fx)


@tagged("sdp_integrity", "post_install", "-at_install")
class TestPipelineEveryPath(PipelineCommon):
    """P3: every path that moves a lead runs the pipeline's rules."""

    def test_leaving_through_a_standard_stage_refused(self):
        lead = self._lead("Exit", "needs")
        standard = self.env["crm.stage"].search(
            [("sdp_policy_step", "=", False), ("is_won", "=", False)], limit=1
        )
        with self.assertRaisesMsg(UserError, "leaves it only when marked lost"):
            lead.with_user(self.user_sales_a).write({"stage_id": standard.id})
        self.assertEqual(lead.stage_id, self.stage["needs"])
        # Marking it lost is always allowed; a manager's logged override moves it out.
        lead.with_user(self.user_manager)._sdp_override_move(
            standard, "Customer merged into a standard account"
        )
        self.assertEqual(lead.stage_id, standard)

    def test_leaving_through_a_team_change_refused(self):
        lead = self._lead("Team move", "contact")
        with self.assertRaisesMsg(UserError, "does not use the policy pipeline"):
            lead.with_user(self.user_sales_a).write({"team_id": self.team_b.id})
        self.assertEqual(lead.team_id, self.team_a)
        # Another team on the policy pipeline is fine.
        self.team_b.sdp_use_policy_pipeline = True
        lead.with_user(self.user_manager).write({"team_id": self.team_b.id})
        self.assertEqual(lead.team_id, self.team_b)

    def test_created_won_refused_even_without_no_skip(self):
        """P3.7/P3.8: with "no skipping" off, a lead still cannot be created won."""
        self.company.sdp_pipeline_no_skip = False
        with self.assertRaisesMsg(UserError, "only from the Contract step"):
            self.env["crm.lead"].with_user(self.user_sales_a).create(
                {"name": "Born won", "team_id": self.team_a.id, "stage_id": self.stage["won"].id}
            )

    def test_override_never_passes_credit(self):
        """A Sales Manager's gate override passes data requirements, never credit (P6.3.1)."""
        lead = self._lead("Override credit", "needs", partner_id=self.partner.id)
        self.company.sdp_credit_lead_gate = True
        self.assertTrue(self.stage["proposal"].sdp_require_credit_profile)
        with self.assertRaisesMsg(UserError, "credit profile"):
            lead.with_user(self.user_manager)._sdp_override_move(self.stage["proposal"], "urgent")
        self.assertEqual(lead.stage_id, self.stage["needs"])

    def test_sla_flags_protected(self):
        lead = self._lead("SLA")
        for vals in ({"sdp_sla_overdue": True}, {"sdp_sla_escalated": False}):
            with self.assertRaisesMsg(AccessError, "SLA"):
                lead.with_user(self.user_sales_a).write(vals)
        with self.assertRaisesMsg(AccessError, "SLA"):
            self.env["crm.lead"].with_user(self.user_sales_a).create(
                {"name": "Flagged", "team_id": self.team_a.id, "sdp_sla_overdue": True}
            )
        with self.assertRaisesMsg(AccessError, "SLA"):
            self.env["crm.lead"].with_user(self.user_sales_a).with_context(
                default_sdp_sla_escalated=True
            ).create({"name": "Flagged", "team_id": self.team_a.id})

    def test_posted_activity_does_not_pass_the_contact_gate(self):
        """A message claiming a first-contact call is refused; marking the activity done is
        what counts (P3.3.2)."""
        lead = self._lead("Claim")
        sales_lead = lead.with_user(self.user_sales_a)
        with self.assertRaisesMsg(AccessError, "marking the activity done"):
            sales_lead.message_post(body="called", mail_activity_type_id=self.call_type.id)
        with self.assertRaisesMsg(AccessError, "marking the activity done"):
            self.env["mail.message"].with_user(self.user_sales_a).create(
                {
                    "model": "crm.lead",
                    "res_id": lead.id,
                    "body": "called",
                    "message_type": "comment",
                    "mail_activity_type_id": self.call_type.id,
                }
            )
        self.assertFalse(lead.sdp_date_first_contact)
        with self.assertRaisesMsg(UserError, "P3"):
            sales_lead.write({"stage_id": self.stage["contact"].id})
        self._log_first_contact(lead)
        done = lead.message_ids.filtered(lambda m: m.mail_activity_type_id == self.call_type)
        self.assertTrue(done)
        with self.assertRaisesMsg(AccessError, "marking the activity done"):
            done.with_user(self.user_sales_a).write({"date": "2020-01-01 00:00:00"})
        sales_lead.write({"stage_id": self.stage["contact"].id})
        self.assertEqual(lead.stage_id, self.stage["contact"])


@tagged("sdp_integrity", "post_install", "-at_install")
class TestConfirmedOrderDate(CreditCommon):
    def test_order_date_of_confirmed_order_protected(self):
        """P5.1.1: the order date dates the sale for commissions; it cannot be moved."""
        self.company.sdp_credit_order_gate = False
        order = self._order(100.0)
        order.with_user(self.user_sales_a).write({"date_order": "2026-01-15 10:00:00"})
        order.with_user(self.user_sales_a).action_confirm()
        date_order = order.date_order
        with self.assertRaisesMsg(UserError, "cannot be changed"):
            order.with_user(self.user_manager).write({"date_order": "2026-02-01 10:00:00"})
        self.assertEqual(order.date_order, date_order)


@tagged("sdp_integrity", "post_install", "-at_install")
class TestIncentiveRecords(IncentiveCommon):
    """P5.1: states move only through their actions; nobody confirms or pays their own."""

    def test_paid_sheet_stays_paid(self):
        self._plan()
        sheet = self.Sheet._generate(date(2026, 10, 1), self.company).with_user(self.user_manager)
        sheet.action_confirm()
        sheet.action_pay()
        for state in ("draft", "confirmed"):
            with self.assertRaisesMsg(AccessError, "change only through the actions"):
                sheet.write({"state": state})
        self.assertEqual(sheet.state, "paid")
        with self.assertRaisesMsg(AccessError, "change only through the actions"):
            self.Sheet.with_user(self.user_manager).create(
                {
                    "user_id": self.user_sales_b.id,
                    "date_from": "2026-09-01",
                    "date_to": "2026-09-30",
                    "state": "paid",
                }
            )
        with self.assertRaisesMsg(AccessError, "change only through the actions"):
            self.Sheet.with_user(self.user_manager).with_context(default_state="paid").create(
                {
                    "user_id": self.user_sales_b.id,
                    "date_from": "2026-09-01",
                    "date_to": "2026-09-30",
                }
            )

    def test_manager_does_not_confirm_own_sheet(self):
        self._plan(user_ids=[(4, self.user_manager.id)])
        sheets = self.Sheet._generate(date(2026, 10, 1), self.company)
        own = sheets.filtered(lambda s: s.user_id == self.user_manager)
        self.assertTrue(own)
        with self.assertRaisesMsg(AccessError, "your own commission sheet"):
            own.with_user(self.user_manager).action_confirm()
        self.assertEqual(own.state, "draft")
        own.with_user(self.user_admin).action_confirm()
        self.assertEqual(own.state, "confirmed")

    def test_paid_bonus_stays_paid_and_no_self_approval(self):
        bonus = self.Bonus.with_user(self.user_manager).create(
            {
                "name": "Harbour terminal",
                "importance": "major",
                "amount_total": 1000.0,
                "share_ids": [(0, 0, {"user_id": self.user_manager.id, "percent": 100})],
            }
        )
        with self.assertRaisesMsg(AccessError, "rewards you too"):
            bonus.with_user(self.user_manager).action_approve()
        with self.assertRaisesMsg(AccessError, "change only through the actions"):
            bonus.with_user(self.user_manager).write({"state": "approved"})
        self.assertEqual(bonus.state, "draft")
        bonus.with_user(self.user_admin).action_approve()
        bonus.with_user(self.user_admin).action_pay()
        with self.assertRaisesMsg(AccessError, "change only through the actions"):
            bonus.with_user(self.user_admin).write({"state": "draft"})
        self.assertEqual(bonus.state, "paid")


@tagged("sdp_integrity", "post_install", "-at_install")
class TestAppraisalRecords(AppraisalCommon):
    """P5.2.3, P5.4: nobody sets their own target or edits their own appraisal, managers
    included; closed appraisals and the targets they measured are final."""

    def test_manager_own_target_and_appraisal(self):
        with self.assertRaisesMsg(ValidationError, "your own sales target"):
            self.Target.with_user(self.user_manager).create(
                {"user_id": self.user_manager.id, "date_from": "2026-10-01", "sales_target": 1}
            )
        self.Target.with_user(self.user_admin).create(
            {"user_id": self.user_manager.id, "date_from": "2026-10-01", "sales_target": 1}
        )
        self.team_b.member_ids = [(4, self.user_manager.id)]
        appraisal = self._generate("month", date(2026, 10, 1)).get(self.user_manager)
        self.assertTrue(appraisal, "the manager has a target, so an appraisal")
        with self.assertRaisesMsg(AccessError, "your own appraisal"):
            appraisal.with_user(self.user_manager).write({"cause_analysis": "All good"})
        with self.assertRaisesMsg(AccessError, "your own appraisal"):
            appraisal.with_user(self.user_manager).action_done()
        self.assertEqual(appraisal.state, "draft")

    def test_closed_appraisal_and_its_targets_are_final(self):
        target = self._target(self.user_sales_a, "2026-10-01", sales=100.0)
        appraisal = self._generate("month", date(2026, 10, 1))[self.user_sales_a]
        if appraisal.result == "below":
            appraisal.with_user(self.user_leader).write(
                {
                    name: date(2026, 11, 2) if name == "interview_date" else "Done"
                    for name in INTERVIEW_FIELDS
                }
            )
        with self.assertRaisesMsg(AccessError, "Close button"):
            appraisal.with_user(self.user_leader).write({"reviewer_id": self.user_manager.id})
        appraisal.with_user(self.user_leader).action_done()
        self.assertEqual(appraisal.state, "done")
        self.assertEqual(appraisal.reviewer_id, self.user_leader)
        for user in (self.user_leader, self.user_manager):
            with self.assertRaisesMsg(AccessError, "Close button"):
                appraisal.with_user(user).write({"reviewer_id": self.user_manager.id})
            with self.assertRaisesMsg(AccessError, "Close button|cannot change state"):
                appraisal.with_user(user).write({"state": "draft"})
            with self.assertRaisesMsg(UserError, "is closed"):
                appraisal.with_user(user).write({"cause_analysis": "rewritten"})
        self.assertEqual(appraisal.state, "done")
        with self.assertRaisesMsg(ValidationError, "closed appraisal"):
            target.with_user(self.user_manager).write({"sales_target": 1.0})
        with self.assertRaisesMsg(ValidationError, "closed appraisal"):
            target.with_user(self.user_manager).unlink()
        self.assertEqual(target.sales_target, 100.0)
        with self.assertRaisesMsg(UserError, "final and kept"):
            appraisal.with_user(self.user_manager).unlink()
        self.assertTrue(appraisal.exists())

    def test_appraisals_are_generated_not_typed(self):
        with self.assertRaisesMsg(AccessError, "generated from the sales measures"):
            self.Appraisal.with_user(self.user_manager).create(
                {
                    "user_id": self.user_sales_a.id,
                    "period_type": "month",
                    "date_from": "2026-10-01",
                    "date_to": "2026-10-31",
                    "score": 150.0,
                    "result": "excellent",
                }
            )


@tagged("sdp_integrity", "post_install", "-at_install")
class TestCompanyPeriods(AppraisalCommon):
    """P5.1.1, P5.3.1: months are the company's months (its time zone), for the measures, the
    crons and the wizards alike."""

    def test_order_at_two_in_the_morning_counts_in_its_local_month(self):
        self.company.partner_id.tz = "Asia/Taipei"
        # 18:00 UTC on 31 January is 02:00 on 1 February in Taipei.
        self._order(self.customer_old, self.user_sales_a, datetime(2026, 1, 31, 18, 0))
        kpi = self.env["sdp.sales.kpi"]
        uid = self.user_sales_a.id
        january = kpi._get_kpis(
            self.user_sales_a, date(2026, 1, 1), date(2026, 1, 31), self.company
        )
        february = kpi._get_kpis(
            self.user_sales_a, date(2026, 2, 1), date(2026, 2, 28), self.company
        )
        self.assertEqual(january[uid]["sales_amount"], 0.0)
        self.assertEqual(february[uid]["sales_amount"], 100.0)

    def test_cron_and_wizard_use_the_company_calendar(self):
        self.company.partner_id.tz = "Asia/Taipei"
        self._target(self.user_sales_a, "2026-02-01", sales=100.0)
        self._order(self.customer_old, self.user_sales_a, datetime(2026, 1, 31, 18, 0))
        # 17:00 UTC on 28 February is 01:00 on 1 March in Taipei: the month just ended is
        # February for the company, while UTC still says 28 February.
        with freeze_time("2026-02-28 17:00:00"):
            wizard = self.env["sdp.commission.compute"].with_user(self.user_manager).new({})
            self.assertEqual(wizard.date_month, date(2026, 2, 1))
            self.run_cron(self.Appraisal, "_cron_generate_appraisals")
        appraisal = self.Appraisal.search(
            [("user_id", "=", self.user_sales_a.id), ("period_type", "=", "month")]
        )
        self.assertEqual(appraisal.date_from, date(2026, 2, 1))
        self.assertEqual(appraisal.sales_amount, 100.0)


@tagged("sdp_integrity", "post_install", "-at_install")
class TestSettingsInput(PipelineCommon):
    """Bad settings get a clear error naming the setting, and change nothing."""

    def test_company_settings(self):
        cases = [
            ({"sdp_appraisal_weight_sales": -1}, "Weight"),
            ({"sdp_appraisal_below_threshold": 120.0}, "Below Standard Under"),
            ({"sdp_appraisal_below_threshold": -5.0}, "Below Standard Under"),
            ({"sdp_legal_amount_threshold": -1.0}, "cannot be negative"),
            ({"sdp_kickoff_delay_days": -3}, "Kickoff After"),
            ({"sdp_appraisal_consecutive_poor": 0}, "at least 1"),
            (
                {
                    "sdp_appraisal_weight_sales": 0,
                    "sdp_appraisal_weight_profit": 0,
                    "sdp_appraisal_weight_new_customers": 0,
                    "sdp_appraisal_weight_success_rate": 0,
                    "sdp_appraisal_weight_satisfaction": 0,
                },
                "must not all be zero",
            ),
        ]
        for vals, message in cases:
            with self.subTest(vals=vals), self.assertRaises(ValidationError) as cm:
                self.company.write(vals)  # as Settings writes it (administrator)
            self.assertIn(message, str(cm.exception))
            self.assertIn(self.company.name, str(cm.exception))
        self.company.write({"sdp_appraisal_below_threshold": 70.0})

    def test_sla_escalation_after_sla(self):
        stage = self.stage["prospect"].with_user(self.user_admin)
        for vals in (
            {"sdp_sla_days": 5, "sdp_sla_escalation_days": 3},
            {"sdp_sla_days": 0, "sdp_sla_escalation_days": 3},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError) as cm:
                stage.write(vals)
            self.assertIn("escalation", str(cm.exception))
        stage.write({"sdp_sla_days": 3, "sdp_sla_escalation_days": 7})

    def test_research_dates(self):
        with self.assertRaises(ValidationError) as cm:
            self.env["sdp.market.research"].with_user(self.user_manager).create(
                {"name": "Cold chain 2026", "date_start": "2026-06-01", "date_end": "2026-01-01"}
            )
        self.assertIn("ends", str(cm.exception))


@tagged("sdp_integrity", "post_install", "-at_install")
class TestAuditRecords(CreditCommon):
    """Transitions, legal review rounds, credit assessments and releases, consents are the
    evidence the policy was followed: nobody deletes them, and they outlive their lead or
    order."""

    def test_transitions_outlive_their_lead(self):
        lead = self.env["crm.lead"].with_user(self.user_sales_a).create({"name": "Gone soon"})
        transitions = self.env["sdp.stage.transition"].search([("lead_id", "=", lead.id)])
        self.assertTrue(transitions)
        with self.assertRaisesMsg(UserError, "audit trail"):
            transitions.sudo().unlink()  # sudo: not even the superuser through the ORM
        lead.with_user(self.user_manager).unlink()
        self.assertTrue(transitions.exists())
        self.assertFalse(transitions.lead_id)
        self.assertEqual(transitions.lead_name, "Gone soon")

    def test_reviews_and_releases_outlive_their_order(self):
        self._profile(limit=100.0)
        self.company.write({"sdp_legal_on_amount": True, "sdp_legal_amount_threshold": 100.0})
        order = self._order(500.0)
        order.with_user(self.user_sales_a).action_sdp_legal_submit()
        self._release(order, self.user_credit)
        review = order.sdp_legal_review_ids.with_env(self.env)
        release = self.env["sdp.credit.release"].search([("order_id", "=", order.id)])
        name = order.name
        for record in (review, release):
            with self.assertRaisesMsg(UserError, "audit trail"):
                record.sudo().unlink()  # sudo: not even the superuser through the ORM
        order.with_user(self.user_sales_a)._action_cancel()
        order.with_user(self.user_manager).unlink()
        self.assertEqual((review.order_name, review.company_id), (name, self.company))
        self.assertEqual(
            (release.order_name, release.partner_id, release.company_id),
            (name, self.customer, self.company),
        )
        # Legal and managers still find them (company rule on a stored company).
        self.assertIn(review, self.env["sdp.legal.review"].with_user(self.user_legal).search([]))

    def test_assessments_and_consents_are_not_deleted(self):
        assessment = (
            self.env["sdp.credit.assessment"]
            .with_user(self.user_credit)
            .create({"partner_id": self.customer.id, "rating": "b", "score": 70})
        )
        consent = self.env["sdp.customer.consent"].create(
            {"document": SIGNED_FORM, "partner_id": self.customer.id}
        )
        for record in (assessment, consent):
            with self.assertRaisesMsg(UserError, "audit trail"):
                record.sudo().unlink()  # sudo: not even the superuser through the ORM
        # Nor through their credit profile, whose deletion would cascade to them.
        with self.assertRaisesMsg(UserError, "history of the credit file"):
            assessment.profile_id.with_user(self.user_admin).unlink()
        self.assertTrue(assessment.exists())
