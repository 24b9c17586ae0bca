"""Orders waiting for a credit officer's release (P6.3.1): the stored state is set by a real hold
(the customer's online acceptance, the salesperson's request), cleared by the release, the
confirmation, the cancellation or a credit check that passes, written by no one else, and set on
existing databases by the 18.0.1.5.0 migration. Feature: credit."""

import importlib.util
from pathlib import Path

from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from odoo.addons.payment.tests.common import PaymentCommon

from .common_credit import CreditCommon
from .common_legal import PNG_1PX

MIGRATION = (
    Path(__file__).resolve().parents[1] / "migrations" / "18.0.1.5.0" / "post-credit-hold.py"
)


def _load_migration():
    spec = importlib.util.spec_from_file_location("sdp_migration_credit_hold", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("sdp_credit", "post_install", "-at_install")
class TestCreditHold(CreditCommon):
    def _accept_online(self, order):
        """What sale/controllers/portal.py portal_quote_accept does, as the public user."""
        order.with_user(self.user_sales_a).action_quotation_sent()
        # sudo: the portal controller runs the signature as the public user with sudo.
        order_sudo = order.with_user(self.env.ref("base.public_user")).sudo()
        order_sudo.write(
            {
                "signed_by": "Customer",
                "signature": PNG_1PX,
                "require_signature": True,
                "require_payment": False,
            }
        )
        order_sudo._validate_order()

    def _held_by_request(self, amount=500.0):
        order = self._order(amount)
        with self.assertRaisesMsg(UserError, "P6.3.1"):
            order.with_user(self.user_sales_a).action_confirm()
        self.assertFalse(order.sdp_credit_is_held, "a refusal alone holds nothing")
        order.with_user(self.user_sales_a).action_sdp_credit_request_release()
        self.assertTrue(order.sdp_credit_is_held)
        return order

    def test_online_acceptance_holds_until_release(self):
        """P6.3.1: the customer accepts online an order the credit gate refuses: it waits for a
        credit officer's release, found by the search filter; the release ends the wait."""
        self._profile(limit=100.0)
        order = self._order(500.0)
        self._accept_online(order)
        self.assertEqual(order.state, "sent")
        self.assertTrue(order.sdp_credit_is_held)
        self.assertTrue(
            order.activity_ids.filtered(lambda a: a.user_id == self.user_credit),
            "the credit officer is asked",
        )
        Order = self.env["sale.order"]
        held = [("sdp_credit_is_held", "=", True)]
        self.assertIn(order, Order.with_user(self.user_credit).search(held))
        self.assertIn(order, Order.with_user(self.user_sales_a).search(held))
        self.assertNotIn(order, Order.with_user(self.user_sales_b).search(held))
        self._release(order, self.user_credit)
        self.assertTrue(order.sdp_credit_released)
        self.assertFalse(order.sdp_credit_is_held)
        order.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_request_by_salesperson_holds(self):
        """P6.3.1: after a refusal the salesperson asks for a release: the order waits and the
        credit officer gets an activity; an order the gate lets through needs no release."""
        self._profile(limit=100.0)
        order = self._held_by_request()
        todo = order.activity_ids.filtered(lambda a: a.user_id == self.user_credit)
        self.assertIn("P6.3.1", todo.summary)
        self.assertTrue(any("asked a credit officer" in str(m.body) for m in order.message_ids))
        with self.assertRaisesMsg(UserError, "already waits"):
            order.with_user(self.user_sales_a).action_sdp_credit_request_release()
        small = self._order(50.0)
        with self.assertRaisesMsg(UserError, "no credit release is needed"):
            small.with_user(self.user_sales_a).action_sdp_credit_request_release()
        self.assertFalse(small.sdp_credit_is_held)

    def test_quotations_filter_and_order_form(self):
        """The quotations' search view has the filter *Waiting for Credit Release*; the order
        form shows the state and the salesperson's request button."""
        action = self.env.ref("sale.action_quotations_with_onboarding")
        Order = self.env["sale.order"].with_user(self.user_sales_a)
        views = Order.get_views([(False, "form"), (action.search_view_id.id, "search")])["views"]
        self.assertIn('name="sdp_credit_held"', views["search"]["arch"])
        self.assertIn("Waiting for Credit Release", views["search"]["arch"])
        self.assertIn('name="sdp_credit_is_held"', views["form"]["arch"])
        self.assertIn('name="action_sdp_credit_request_release"', views["form"]["arch"])

    def test_release_ends_the_wait_with_the_salespersons_to_do(self):
        """P6.3.1: the release closes the credit officer's and the salesperson's waiting to-dos,
        tells the salesperson and gives them the next step; their confirmation closes it."""
        self._profile(limit=100.0)
        order = self._held_by_request()
        release_type = self.env.ref("sales_dev_policy.mail_activity_type_sdp_credit_release")
        waiting = order.activity_ids.filtered(lambda a: a.activity_type_id == release_type)
        self.assertEqual(waiting.user_id, self.user_sales_a | self.user_credit)
        self._release(order, self.user_credit)
        self.assertFalse(waiting.exists(), "the waiting to-dos are done")
        todo = order.activity_ids
        self.assertEqual(todo.user_id, self.user_sales_a, "the salesperson's next step")
        self.assertEqual(todo.activity_type_id, release_type)
        self.assertIn("confirm", todo.summary)
        note = order.message_ids.filtered(lambda m: "Released from the credit control" in m.body)
        self.assertIn(self.user_sales_a.partner_id, note.partner_ids, "the salesperson is told")
        order.with_user(self.user_sales_a).action_confirm()
        self.assertFalse(order.activity_ids, "confirming closes the last to-do")

    def test_release_buttons_only_where_they_work(self):
        """The release buttons are offered on a quotation the credit control refuses, not on
        one it lets through (where they would only answer that no release is needed)."""
        self._profile(limit=100.0)
        refused, fine = self._order(500.0), self._order(50.0)
        Order = self.env["sale.order"].with_user(self.user_sales_a)
        self.assertTrue(Order.browse(refused.id).sdp_credit_release_needed)
        self.assertFalse(Order.browse(fine.id).sdp_credit_release_needed)
        refused.with_user(self.user_sales_a).action_sdp_credit_request_release()
        self._release(refused, self.user_credit)
        self.assertFalse(Order.browse(refused.id).sdp_credit_release_needed, "released")
        for user, button in (
            (self.user_sales_a, "action_sdp_credit_request_release"),
            (self.user_credit, "action_sdp_credit_release"),
        ):
            views = Order.with_user(user).get_views([(False, "form")])["views"]
            (node,) = etree.fromstring(views["form"]["arch"]).xpath(f"//button[@name='{button}']")
            self.assertIn("not sdp_credit_release_needed", node.get("invisible"))

    def test_release_wizard_shows_what_is_decided(self):
        """The credit officer decides on one screen: the order, the limit in force, the
        exposure with the order and what is left (P6.3.1, P6.3.2)."""
        self._profile(limit=100.0)
        order = self._held_by_request(500.0)
        wizard = (
            self.env["sale.order.credit.release"]
            .with_user(self.user_credit)
            .new({"order_id": order.id})
        )
        self.assertEqual(wizard.partner_id, order.partner_id)
        self.assertEqual(wizard.amount_total, 500.0)
        self.assertEqual(wizard.credit_limit, 100.0)
        self.assertEqual(wizard.credit_exposure, 500.0)
        self.assertEqual(wizard.credit_available, -400.0)
        self.assertIn("P6.3.1", wizard.refusal)

    def test_credit_officers_queue(self):
        """The credit officer's queue lists the quotations waiting for a release, whoever sells
        them, from Sales > Orders and the policy's Credit menu."""
        self._profile(limit=100.0)
        order = self._held_by_request()
        action = self.env.ref("sales_dev_policy.sale_order_action_sdp_credit_held")
        context = safe_eval(action.context)
        self.assertEqual(context, {"search_default_sdp_credit_held": 1})
        Order = self.env["sale.order"].with_user(self.user_credit)
        found = Order.search(safe_eval(action.domain) + [("sdp_credit_is_held", "=", True)])
        self.assertIn(order, found)
        menus = self.env["ir.ui.menu"].with_user(self.user_credit)._visible_menu_ids()
        for xmlid in ("sdp_credit_held_menu", "sdp_credit_held_menu_sale"):
            self.assertIn(self.env.ref(f"sales_dev_policy.{xmlid}").id, menus)
        sales_menus = self.env["ir.ui.menu"].with_user(self.user_sales_a)._visible_menu_ids()
        self.assertNotIn(self.env.ref("sales_dev_policy.sdp_credit_held_menu_sale").id, sales_menus)

    def test_credit_officer_digest_lists_held_orders(self):
        """The credit officer's daily digest lists the orders waiting for their release, and no
        longer once released."""
        self._profile(limit=100.0)
        order = self._held_by_request()
        title = "Orders waiting for your credit release (P6.3.1)"
        sections = {s["title"]: s for s in self.user_credit._sdp_digest_sections()}
        self.assertIn(order.name, [item["name"] for item in sections[title]["items"]])
        self._release(order, self.user_credit)
        sections = {s["title"]: s for s in self.user_credit._sdp_digest_sections()}
        self.assertNotIn(title, sections)

    def test_confirmation_clears(self):
        """A held order that gets confirmed (here: the company switched the gate off) no longer
        waits."""
        order = self._held_by_request()
        self.company.sdp_credit_order_gate = False
        order.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.sdp_credit_is_held)

    def test_cancel_clears(self):
        order = self._held_by_request()
        order.with_user(self.user_sales_a)._action_cancel()
        self.assertEqual(order.state, "cancel")
        self.assertFalse(order.sdp_credit_is_held)

    def test_no_longer_refused_clears(self):
        """The gate no longer refuses a held quotation: a smaller amount, or credit approved
        for the customer; one still refused keeps waiting."""
        order = self._held_by_request(500.0)
        other = self._held_by_request(5000.0)
        third = self._held_by_request(3000.0)
        profile = self._profile(limit=1000.0)
        self.assertFalse(order.sdp_credit_is_held, "the new credit covers it")
        self.assertTrue(other.sdp_credit_is_held, "still over the limit")
        other.order_line.with_user(self.user_sales_a).write({"price_unit": 900.0})
        self.assertFalse(other.sdp_credit_is_held, "reduced under the limit")
        self.assertTrue(third.sdp_credit_is_held)
        # A higher limit (as an approved assessment writes it; superuser fixture here).
        profile.write({"credit_limit": 5000.0})
        self.assertFalse(third.sdp_credit_is_held, "the higher limit covers it")

    def test_salesperson_cannot_write_the_state(self):
        """The state is set by the holds only: refused to a salesperson over write, create,
        copy and a crafted context; nothing changes after the refusal."""
        self._profile(limit=100.0)
        held = self._held_by_request()
        free = self._order(500.0)
        as_sales = self.env["sale.order"].with_user(self.user_sales_a)
        with self.assertRaisesMsg(AccessError, "policy's flows only"):
            free.with_user(self.user_sales_a).write({"sdp_credit_is_held": True})
        with self.assertRaisesMsg(AccessError, "policy's flows only"):
            held.with_user(self.user_sales_a).write({"sdp_credit_is_held": False})
        with self.assertRaisesMsg(AccessError, "policy's flows only"):
            self._order(500.0, sdp_credit_is_held=True)
        with self.assertRaisesMsg(AccessError, "policy's flows only"):
            as_sales.with_context(default_sdp_credit_is_held=True).create(
                {"partner_id": self.contact.id}
            )
        with self.assertRaisesMsg(AccessError, "policy's flows only"):
            free.with_user(self.user_sales_a).copy({"sdp_credit_is_held": True})
        self.env.invalidate_all()
        self.assertFalse(free.sdp_credit_is_held)
        self.assertTrue(held.sdp_credit_is_held)
        copy = held.with_user(self.user_sales_a).copy()
        self.assertFalse(copy.sdp_credit_is_held, "a duplicate is a new order")

    def test_migration_marks_held_quotations(self):
        """18.0.1.5.0: quotations with an open credit-hold activity (the hold of earlier
        versions) are marked; confirmed, released or unrelated ones are not."""
        self._profile(limit=100.0)
        held = self._order(500.0)
        self._accept_online(held)
        confirmed = self._order(500.0)
        self._accept_online(confirmed)
        self._release(confirmed, self.user_credit)
        plain = self._order(500.0)
        self.env.flush_all()
        # The database as the earlier version left it: activities, no flag.
        self.env.cr.execute(
            "UPDATE sale_order SET sdp_credit_is_held = FALSE WHERE id IN %s",
            ((held | confirmed | plain)._ids,),
        )
        self.env.invalidate_all()
        _load_migration().migrate(self.env.cr, "18.0.1.4.0")
        self.env.invalidate_all()
        self.assertTrue(held.sdp_credit_is_held)
        self.assertFalse(confirmed.sdp_credit_is_held, "released by a credit officer")
        self.assertFalse(plain.sdp_credit_is_held)


@tagged("sdp_credit", "post_install", "-at_install")
class TestCreditPrepaid(CreditCommon, PaymentCommon):
    """P6.3.1: an order the customer fully paid online before its confirmation adds no credit
    exposure and is not refused for the credit limit; the customer's assessment still applies
    (a blocked customer's paid order waits for a credit officer)."""

    def _pay(self, order, amount):
        order.with_user(self.user_sales_a).write({"require_payment": True})
        order.with_user(self.user_sales_a).action_quotation_sent()
        self.amount = amount
        self.currency = order.currency_id
        self.partner = order.partner_invoice_id
        tx = self._create_transaction(flow="redirect", sale_order_ids=[order.id], state="done")
        with mute_logger("odoo.addons.sale.models.payment_transaction"):
            tx._post_process()
        return tx

    def test_fully_paid_order_is_not_refused_for_the_limit(self):
        self._profile(limit=100.0)
        order = self._order(500.0)
        self._pay(order, order.amount_total)
        self.assertEqual(order.state, "sale", "paid in full: no credit is extended")
        self.assertFalse(order.sdp_credit_is_held)

    def test_partly_paid_order_counts_what_is_unpaid(self):
        self._profile(limit=100.0)
        order = self._order(500.0)
        self._pay(order, order.amount_total / 2)
        self.assertEqual(order.state, "sent", "half is still credit, over the limit")

    def test_paid_order_of_a_blocked_customer_waits(self):
        self._profile(state="blocked", limit=1000.0, block_reason="Unpaid invoices")
        order = self._order(500.0)
        self._pay(order, order.amount_total)
        self.assertEqual(order.state, "sent", "the assessment still applies")
        self.assertTrue(order.sdp_credit_is_held)
