"""Legal review of quotations before confirmation (P3.7.3, P6.4). Feature: legal."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from ..models.sdp_legal_review import CHECKLIST_FIELDS
from .common_legal import SdpLegalCommon


@tagged("sdp_legal", "post_install", "-at_install")
class TestLegalTriggers(SdpLegalCommon):
    """P3.7.3 / P6.4: when is legal review required (per company triggers)."""

    def test_default_off_standard_confirmation(self):
        """With every trigger off (default) orders confirm as in standard Odoo."""
        order = self._create_order(qty=100)
        self.assertEqual(order.sdp_legal_state, "not_required")
        order.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_amount_trigger(self):
        """P6.4: an order total above the threshold (company currency) needs review."""
        self._enable_amount_trigger(5000.0)
        small = self._create_order(qty=2)  # 2000 + taxes
        self.assertEqual(small.sdp_legal_state, "not_required")
        big = self._create_order(qty=10)
        self.assertEqual(big.sdp_legal_state, "to_submit")
        self.assertIn("threshold", big.sdp_legal_reasons)
        # Growing an order past the threshold makes it require review.
        small.order_line.with_user(self.user_sales_a).product_uom_qty = 20
        self.assertEqual(small.sdp_legal_state, "to_submit")
        # ... and shrinking it back below releases it.
        small.order_line.with_user(self.user_sales_a).product_uom_qty = 1
        self.assertEqual(small.sdp_legal_state, "not_required")

    def test_amount_trigger_converts_currency(self):
        """The threshold is in company currency: a foreign-currency total is converted."""
        self._enable_amount_trigger(5000.0)
        other = (
            self.env["res.currency"]
            .with_context(active_test=False)
            .search([("id", "!=", self.company.currency_id.id)], limit=1)
        )
        other.active = True
        self.env["res.currency.rate"].create(
            {"currency_id": other.id, "rate": 100.0, "name": "2000-01-01"}
        )
        pricelist = self.env["product.pricelist"].create(
            {"name": "Foreign", "currency_id": other.id}
        )
        # 10 000 in the foreign currency is only ~100 in company currency.
        order = self._create_order(qty=1, pricelist_id=pricelist.id, product=self.product_special)
        order.order_line.with_user(self.user_sales_a).price_unit = 10000.0
        self.assertEqual(order.currency_id, other)
        self.assertEqual(order.sdp_legal_state, "not_required")

    def test_payment_term_trigger(self):
        """P3.7.2: non-standard payment terms need review; standard and none do not."""
        self.company.write(
            {
                "sdp_legal_on_payment_term": True,
                "sdp_legal_standard_payment_term_ids": [Command.set(self.term_immediate.ids)],
            }
        )
        self.assertEqual(
            self._create_order(payment_term_id=self.term_immediate.id).sdp_legal_state,
            "not_required",
        )
        self.assertEqual(self._create_order(payment_term_id=False).sdp_legal_state, "not_required")
        order = self._create_order(payment_term_id=self.term_30.id)
        self.assertEqual(order.sdp_legal_state, "to_submit")
        self.assertIn(self.term_30.name, order.sdp_legal_reasons)

    def test_product_and_category_trigger(self):
        """Chosen products, and products of chosen categories (and sub-categories)."""
        self.company.write(
            {
                "sdp_legal_on_product": True,
                "sdp_legal_product_tmpl_ids": [
                    Command.set(self.product_special.product_tmpl_id.ids)
                ],
                "sdp_legal_product_categ_ids": [Command.set(self.categ_legal.ids)],
            }
        )
        self.assertEqual(self._create_order().sdp_legal_state, "not_required")
        self.assertEqual(
            self._create_order(product=self.product_special).sdp_legal_state, "to_submit"
        )
        order = self._create_order(product=self.product_regulated)
        self.assertEqual(order.sdp_legal_state, "to_submit")
        # Adding a flagged line to a plain order triggers review.
        plain = self._create_order()
        plain.with_user(self.user_sales_a).write(
            {"order_line": [Command.create({"product_id": self.product_special.id})]}
        )
        self.assertEqual(plain.sdp_legal_state, "to_submit")

    def test_contract_stage_trigger(self):
        """P3.7.3: orders of opportunities in the Contract stage need review."""
        contract = self.env["crm.stage"].create(
            {"name": "Contract (test)", "sequence": 90, "sdp_require_legal_review": True}
        )
        negotiation = self.env["crm.stage"].create({"name": "Negotiation (test)", "sequence": 80})
        lead = (
            self.env["crm.lead"]
            .with_user(self.user_sales_a)
            .create(
                {
                    "name": "Big deal",
                    "type": "opportunity",
                    "partner_id": self.customer.id,
                    "stage_id": negotiation.id,
                }
            )
        )
        self.company.sdp_legal_on_contract_stage = True
        order = self._create_order(opportunity_id=lead.id)
        self.assertEqual(order.sdp_legal_state, "not_required")
        lead.with_user(self.user_sales_a).stage_id = contract
        self.assertEqual(order.sdp_legal_state, "to_submit")
        self.assertIn(contract.name, order.sdp_legal_reasons)
        # The switch is per company: off, the stage flag alone does not require review.
        self.company.sdp_legal_on_contract_stage = False
        other = self._create_order(opportunity_id=lead.id)
        self.assertEqual(other.sdp_legal_state, "not_required")

    def test_config_change_checked_at_confirmation(self):
        """A trigger enabled after the quotation was made still applies at confirmation."""
        order = self._create_order(qty=10)
        self.assertEqual(order.sdp_legal_state, "not_required")
        self._enable_amount_trigger(5000.0)
        with self.assertRaises(UserError):
            order.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(order.state, "draft")


@tagged("sdp_legal", "post_install", "-at_install")
class TestLegalFlow(SdpLegalCommon):
    """Submit / approve / reject / confirm (P3.7.2, P3.7.3)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._enable_amount_trigger(5000.0)

    def test_confirm_refused_before_approval(self):
        order = self._create_order(qty=10)
        self.assertEqual(order.sdp_legal_state, "to_submit")
        with self.assertRaisesRegex(UserError, "P3.7.3"):
            order.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(order.state, "draft")
        order.with_user(self.user_sales_a).action_sdp_legal_submit()
        with self.assertRaises(UserError):
            order.with_user(self.user_sales_a).action_confirm()
        # A manager is refused too: the rule is not a matter of rights.
        with self.assertRaises(UserError):
            order.with_user(self.user_manager).action_confirm()
        self.assertEqual(order.state, "draft")

    def test_batch_confirmation_judges_each_order(self):
        """P3.7.3: confirming several quotations in one call judges each one's review (once for
        the batch): an approved one and one not reviewed together are refused, naming the one
        not reviewed, and neither is confirmed; the approved one alone is confirmed."""
        approved = self._create_order(qty=10)
        self._approve(approved)
        pending = self._create_order(qty=10)
        small = self._create_order(qty=1)
        batch = (approved | pending | small).with_user(self.user_sales_a)
        with self.assertRaisesRegex(UserError, pending.name) as refusal:
            batch.action_confirm()
        self.assertNotIn(approved.name, str(refusal.exception))
        self.assertEqual(set(batch.mapped("state")), {"draft"})
        (approved | small).with_user(self.user_sales_a).action_confirm()
        self.assertEqual((approved | small).mapped("state"), ["sale", "sale"])
        self.assertEqual(pending.state, "draft")

    def test_submit_creates_round_activity_and_notification(self):
        order = self._create_order(qty=10)
        order.with_user(self.user_sales_a).action_sdp_legal_submit()
        self.assertEqual(order.sdp_legal_state, "under_review")
        review = order.sdp_legal_review_ids
        self.assertEqual(len(review), 1)
        self.assertEqual(review.decision, "pending")
        self.assertEqual(review.submitted_by_id, self.user_sales_a)
        self.assertTrue(review.date_submitted)
        activities = self._legal_activities(order)
        self.assertIn(self.user_legal, activities.user_id)
        self.assertNotIn(self.user_sales_a, activities.user_id)
        message = order.message_ids.filtered(lambda m: "Submitted to legal review" in m.body)
        self.assertIn(self.user_legal.partner_id, message.partner_ids)
        # A submitted order cannot be submitted twice.
        with self.assertRaises(UserError):
            order.with_user(self.user_sales_a).action_sdp_legal_submit()
        # Salesperson sees the round of their own order; another salesperson does not.
        self.assertEqual(
            self.env["sdp.legal.review"]
            .with_user(self.user_sales_a)
            .search([("order_id", "=", order.id)]),
            review,
        )
        self.assertFalse(
            self.env["sdp.legal.review"]
            .with_user(self.user_sales_b)
            .search([("order_id", "=", order.id)])
        )

    def test_configured_reviewer_gets_activity(self):
        other_legal = self.env["res.users"].create(
            {
                "name": "Chief Counsel",
                "login": "sdp_chief_counsel",
                "email": "counsel@example.com",
                "groups_id": [Command.link(self.env.ref("base.group_user").id)],
            }
        )
        other_legal.groups_id = [
            Command.link(self.env.ref("sales_dev_policy.group_sdp_legal_reviewer").id)
        ]
        self.company.sdp_legal_reviewer_id = other_legal
        order = self._create_order(qty=10)
        order.with_user(self.user_sales_a).action_sdp_legal_submit()
        self.assertEqual(self._legal_activities(order).user_id, other_legal)

    def test_approve_then_confirm(self):
        order = self._create_order(qty=10)
        order.with_user(self.user_sales_a).action_sdp_legal_submit()
        # Approval without the full P3.7.2 checklist is refused and changes nothing.
        with self.assertRaisesRegex(UserError, "P3.7.2"):
            self._decide(order, "approve", checklist=False)
        self.assertEqual(order.sdp_legal_state, "under_review")
        self.assertEqual(order.sdp_legal_review_ids.decision, "pending")
        self._decide(order, "approve")
        review = order.sdp_legal_review_ids
        self.assertEqual(order.sdp_legal_state, "approved")
        self.assertEqual(review.decision, "approved")
        self.assertEqual(review.reviewer_id, self.user_legal)
        self.assertTrue(review.date_decided)
        self.assertTrue(review.check_breach_liability)
        self.assertFalse(self._legal_activities(order), "review activity is done")
        note = order.message_ids.filtered(lambda m: "Legal review approved" in m.body)
        self.assertIn(self.user_sales_a.partner_id, note.partner_ids)
        order.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.sdp_legal_state, "approved")

    def test_reject_needs_comment_then_resubmit(self):
        order = self._create_order(qty=10)
        order.with_user(self.user_sales_a).action_sdp_legal_submit()
        with self.assertRaisesRegex(UserError, "comment"):
            self._decide(order, "reject", checklist=False, comments="  ")
        self.assertEqual(order.sdp_legal_state, "under_review")
        self._decide(order, "reject", checklist=False, comments="Liability clause missing")
        self.assertEqual(order.sdp_legal_state, "rejected")
        self.assertEqual(order.sdp_legal_review_ids.comments, "Liability clause missing")
        todo = order.activity_ids.filtered(lambda a: a.user_id == self.user_sales_a)
        self.assertTrue(todo, "the salesperson gets a to-do to amend the order")
        note = order.message_ids.filtered(lambda m: "Legal review rejected" in m.body)
        self.assertIn(self.user_sales_a.partner_id, note.partner_ids)
        with self.assertRaises(UserError):
            order.with_user(self.user_sales_a).action_confirm()
        order.with_user(self.user_sales_a).action_sdp_legal_submit()
        self.assertEqual(order.sdp_legal_state, "under_review")
        self.assertEqual(len(order.sdp_legal_review_ids), 2)

    def test_salesperson_cannot_approve(self):
        """P3.7.3: only Legal Reviewers decide, never the salesperson, even over RPC."""
        order = self._create_order(qty=10)
        order.with_user(self.user_sales_a).action_sdp_legal_submit()
        as_sales = order.with_user(self.user_sales_a)
        with self.assertRaises(AccessError):
            as_sales.action_sdp_legal_approve()
        with self.assertRaises(AccessError):
            as_sales.action_sdp_legal_reject()
        with self.assertRaises(AccessError):
            as_sales._sdp_legal_decide("approve", dict.fromkeys(["check_price"], True), "")
        with self.assertRaises(AccessError):
            as_sales.write({"sdp_legal_state": "approved"})
        with self.assertRaises(AccessError):
            self.env["sdp.legal.decision"].with_user(self.user_sales_a).create(
                {"order_id": order.id, "decision": "approve"}
            )
        with self.assertRaises(AccessError):
            order.sdp_legal_review_ids.with_user(self.user_sales_a).write({"decision": "approved"})
        with self.assertRaises(AccessError):
            self.env["sdp.legal.review"].with_user(self.user_sales_a).create(
                {"order_id": order.id, "decision": "approved"}
            )
        # A manager is not a legal reviewer either.
        with self.assertRaises(AccessError):
            order.with_user(self.user_manager).action_sdp_legal_approve()
        # Even a legal reviewer cannot write the decision directly.
        with self.assertRaises(AccessError):
            order.sdp_legal_review_ids.with_user(self.user_legal).write({"decision": "approved"})
        with self.assertRaises(AccessError):
            order.with_user(self.user_legal).write({"sdp_legal_state": "approved"})
        self.assertEqual(order.sdp_legal_state, "under_review")
        self.assertEqual(order.sdp_legal_review_ids.decision, "pending")

    def test_reviewer_cannot_approve_own_order(self):
        """A Legal Reviewer who is the order's salesperson cannot decide it (P3.7.3)."""
        self.user_legal.groups_id = [
            Command.link(self.env.ref("sales_dev_policy.group_sdp_salesperson").id)
        ]
        second_legal = self.env["res.users"].create(
            {
                "name": "Second Reviewer",
                "login": "sdp_legal_2",
                "email": "legal2@example.com",
                "groups_id": [
                    Command.link(self.env.ref("sales_dev_policy.group_sdp_legal_reviewer").id)
                ],
            }
        )
        order = self._create_order(user=self.user_legal, qty=10)
        self.assertEqual(order.user_id, self.user_legal)
        order.with_user(self.user_legal).action_sdp_legal_submit()
        self.assertNotIn(self.user_legal, self._legal_activities(order).user_id)
        self.assertIn(second_legal, self._legal_activities(order).user_id)
        self.assertFalse(order.with_user(self.user_legal).sdp_legal_can_decide)
        with self.assertRaisesRegex(UserError, "salesperson"):
            order.with_user(self.user_legal).action_sdp_legal_approve()
        self.assertEqual(order.sdp_legal_state, "under_review")
        self._decide(order, "approve", user=second_legal)
        self.assertEqual(order.sdp_legal_state, "approved")

    def test_reviewer_decides_on_the_round(self):
        """P3.7.2, P3.7.3: the reviewer's queue row is where the decision is taken: the round
        shows the order's lines and terms, the reviewer ticks the checklist there and approves;
        an incomplete checklist or a rejection without comment is refused, nothing changes;
        the salesperson cannot decide from the round."""
        order = self._create_order(qty=10)
        order.with_user(self.user_sales_a).action_sdp_legal_submit()
        review = order.sdp_legal_review_ids.with_user(self.user_legal)
        self.assertEqual(review.order_line_ids, order.order_line)
        self.assertEqual(review.payment_term_id, order.payment_term_id)
        arch = review.get_views([(False, "form")])["views"]["form"]["arch"]
        for name in ("action_sdp_approve", "action_sdp_reject", "order_line_ids", "order_note"):
            self.assertIn(f'name="{name}"', arch)
        with self.assertRaisesRegex(UserError, "checklist"):
            review.action_sdp_approve()
        with self.assertRaisesRegex(UserError, "comment"):
            review.action_sdp_reject()
        self.assertEqual(order.sdp_legal_state, "under_review")
        with self.assertRaises(AccessError):
            order.sdp_legal_review_ids.with_user(self.user_sales_a).action_sdp_approve()
        review.write(dict.fromkeys(CHECKLIST_FIELDS, True))
        review.action_sdp_approve()
        self.assertEqual(order.sdp_legal_state, "approved")
        self.assertEqual(review.decision, "approved")
        self.assertEqual(review.reviewer_id, self.user_legal)
        with self.assertRaisesRegex(UserError, "not waiting for a decision"):
            review.action_sdp_reject()

    def test_decision_wizard_form(self):
        """The wizard as the reviewer sees it: prefilled from the round's checklist."""
        order = self._create_order(qty=10)
        order.with_user(self.user_sales_a).action_sdp_legal_submit()
        order.sdp_legal_review_ids.with_user(self.user_legal).write(
            {"check_price": True, "comments": "Price checked"}
        )
        action = order.with_user(self.user_legal).action_sdp_legal_reject()
        with Form(
            self.env["sdp.legal.decision"]
            .with_user(self.user_legal)
            .with_context(**action["context"])
        ) as form:
            self.assertEqual(form.decision, "reject")
            self.assertTrue(form.check_price)
            self.assertEqual(form.comments, "Price checked")
            form.comments = "Delivery time unrealistic"
        form.record.action_apply()
        self.assertEqual(order.sdp_legal_state, "rejected")


@tagged("sdp_legal", "post_install", "-at_install")
class TestLegalReset(SdpLegalCommon):
    """P3.7.3: what legal approved must be what is confirmed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._enable_amount_trigger(5000.0)

    def _approved_order(self):
        order = self._create_order(qty=10)
        self._approve(order)
        return order

    def _assert_reset(self, order, why):
        self.assertEqual(order.sdp_legal_state, "to_submit")
        message = order.message_ids.filtered(lambda m: "Legal review reset" in m.body)[:1]
        self.assertTrue(message, "the reset is explained in the chatter")
        self.assertIn(why, message.body)
        with self.assertRaises(UserError):
            order.with_user(self.user_sales_a).action_confirm()

    def test_line_price_change_resets(self):
        order = self._approved_order()
        order.order_line.with_user(self.user_sales_a).price_unit = 900.0
        self._assert_reset(order, "Unit Price")

    def test_line_discount_change_resets(self):
        order = self._approved_order()
        order.order_line.with_user(self.user_sales_a).discount = 10.0
        self._assert_reset(order, "Discount")

    def test_line_qty_change_resets(self):
        order = self._approved_order()
        order.order_line.with_user(self.user_sales_a).product_uom_qty = 12
        self._assert_reset(order, "Quantity")

    def test_line_added_and_removed_resets(self):
        order = self._approved_order()
        order.with_user(self.user_sales_a).write(
            {"order_line": [Command.create({"product_id": self.product_special.id})]}
        )
        self._assert_reset(order, "added")
        self._approve(order)
        order.with_user(self.user_sales_a).write(
            {"order_line": [Command.unlink(order.order_line[-1].id)]}
        )
        self._assert_reset(order, "removed")

    def test_customer_and_payment_term_change_resets(self):
        order = self._approved_order()
        order.with_user(self.user_sales_a).partner_id = self.customer_2
        self._assert_reset(order, "Customer")
        self._approve(order)
        order.with_user(self.user_sales_a).payment_term_id = self.term_30
        self._assert_reset(order, "Payment Terms")

    def test_change_during_review_cancels_round(self):
        order = self._create_order(qty=10)
        order.with_user(self.user_sales_a).action_sdp_legal_submit()
        order.order_line.with_user(self.user_sales_a).price_unit = 800.0
        self.assertEqual(order.sdp_legal_state, "to_submit")
        self.assertEqual(order.sdp_legal_review_ids.decision, "cancelled")
        self.assertFalse(self._legal_activities(order))

    def test_harmless_changes_keep_approval(self):
        order = self._approved_order()
        messages = order.message_ids
        # Tags and the customer's reference are not contract terms (P3.7.2); the terms and
        # conditions, line descriptions and note lines are (see test_integrity.py).
        order.with_user(self.user_sales_a).write(
            {"tag_ids": [Command.link(self.tag.id)], "client_order_ref": "PO-42"}
        )
        # Writing the same price again is not a change either.
        order.order_line.with_user(self.user_sales_a).write(
            {"price_unit": order.order_line.price_unit}
        )
        self.assertEqual(order.sdp_legal_state, "approved")
        self.assertFalse(
            (order.message_ids - messages).filtered(lambda m: "Legal review reset" in m.body)
        )
        order.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_copy_starts_unreviewed(self):
        """A duplicate of an approved order must be reviewed again (P3.7.3)."""
        order = self._approved_order()
        copy = order.with_user(self.user_sales_a).copy()
        self.assertEqual(copy.sdp_legal_state, "to_submit")
        self.assertFalse(copy.sdp_legal_review_ids)
        with self.assertRaises(UserError):
            copy.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(copy.state, "draft")


@tagged("sdp_legal", "post_install", "-at_install")
class TestLegalPipelineGate(SdpLegalCommon):
    """P3.7.3: the pipeline gate hook needs an approved legal review to enter a stage."""

    def test_gate_hook(self):
        self._enable_amount_trigger(5000.0)
        gated = self.env["crm.stage"].create(
            {"name": "Signing (test)", "sdp_require_legal_approval": True}
        )
        free = self.env["crm.stage"].create({"name": "Free (test)"})
        Lead = self.env["crm.lead"].with_user(self.user_sales_a)
        lead = Lead.create({"name": "Gate", "type": "opportunity", "partner_id": self.customer.id})
        other = Lead.create({"name": "Gate 2", "type": "opportunity"})
        leads = lead | other
        self.assertEqual(leads._sdp_gate_approval_missing(free), {})
        missing = leads._sdp_gate_approval_missing(gated)
        self.assertEqual(set(missing), {lead.id, other.id})
        self.assertIn("P3.7.3", missing[lead.id][0])
        order = self._create_order(qty=10, opportunity_id=lead.id)
        self.assertIn(lead.id, leads._sdp_gate_approval_missing(gated))
        self._approve(order)
        missing = leads._sdp_gate_approval_missing(gated)
        self.assertNotIn(lead.id, missing)
        self.assertIn(other.id, missing)
        # A cancelled approved quotation does not count.
        order.with_user(self.user_sales_a)._action_cancel()
        self.assertIn(lead.id, leads._sdp_gate_approval_missing(gated))


@tagged("sdp_legal", "post_install", "-at_install")
class TestLegalViews(SdpLegalCommon):
    def test_views_and_menus(self):
        for user in (self.user_sales_a, self.user_legal, self.user_manager):
            order_view = self.env["sale.order"].with_user(user).get_views([(False, "form")])
            self.assertIn("sdp_legal_review_ids", order_view["views"]["form"]["arch"])
            self.env["sdp.legal.review"].with_user(user).get_views(
                [(False, "list"), (False, "form"), (False, "search")]
            )
        legal_arch = (
            self.env["sale.order"]
            .with_user(self.user_legal)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn("action_sdp_legal_approve", legal_arch)
        sales_arch = (
            self.env["sale.order"]
            .with_user(self.user_sales_a)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertNotIn("action_sdp_legal_approve", sales_arch)
        menus = self.env["ir.ui.menu"].with_user(self.user_legal)._visible_menu_ids()
        self.assertIn(self.env.ref("sales_dev_policy.sdp_legal_review_menu").id, menus)
        settings_arch = self.env["res.config.settings"].get_views([(False, "form")])["views"]
        self.assertIn("sdp_legal_on_amount", settings_arch["form"]["arch"])
