"""What "watch" means for a customer's orders, as the company chose it (P6.3.1, P6.3.2): warn,
a credit officer's release of each order, or a reduced limit. Feature: credit."""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common_credit import CreditCommon


@tagged("sdp_credit", "post_install", "-at_install")
class TestCreditWatchMeans(CreditCommon):
    def _watched(self, limit=1000.0):
        profile = self._profile(limit=limit)
        # A credit officer restricts at once (P6.3.2): the customer goes on watch.
        profile.with_user(self.user_credit).write({"state": "watch"})
        return profile

    def test_warn_is_the_default_and_confirms_within_limit(self):
        """Warn (the behaviour before the choice existed): a customer on watch buys within its
        limit; the quotation shows the watch."""
        self.assertEqual(self.company.sdp_credit_watch_mode, "warn")
        self._watched(limit=1000.0)
        order = self._order(1000.0)
        self.assertEqual(order.sdp_credit_state, "watch")
        self.assertEqual(order.sdp_credit_limit, 1000.0)
        order.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(order.state, "sale")
        over = self._order(0.01)
        with self.assertRaisesMsg(UserError, r"over its credit limit of \$\s1,000\.00 "):
            over.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(over.state, "draft")

    def test_release_each_order_on_every_path(self):
        """Release: each order of a customer on watch waits for a credit officer's release,
        whatever way the salesperson tries to confirm it; the released one is confirmed."""
        self.company.sdp_credit_watch_mode = "release"
        self._watched(limit=1e6)
        order = self._order(100.0)
        as_sales = order.with_user(self.user_sales_a)
        attempts = (
            ("button", as_sales.action_confirm),
            ("write", lambda: as_sales.write({"state": "sale"})),
            (
                "crafted context",
                lambda: as_sales.with_context(
                    sdp_credit_released=True, sdp_permit="sale.order", default_state="sale"
                ).action_confirm(),
            ),
        )
        for path, attempt in attempts:
            with (
                self.subTest(path=path),
                self.assertRaisesMsg(
                    UserError, f"{order.name}.*on credit watch.*release of each.*P6.3.1"
                ),
            ):
                attempt()
            self.assertEqual(order.state, "draft")
            self.assertFalse(order.sdp_credit_released)
        with self.assertRaisesMsg(UserError, "on credit watch"):
            self._order(100.0, state="sale")
        with self.assertRaisesMsg(AccessError, "release"):
            as_sales.write({"sdp_credit_released": True})
        self._release(order, self.user_credit, reason="Paid in advance")
        as_sales.action_confirm()
        self.assertEqual(order.state, "sale")
        # The release covered that order: its duplicate waits for its own.
        copy = as_sales.copy()
        with self.assertRaisesMsg(UserError, "on credit watch"):
            copy.action_confirm()
        self.assertEqual(copy.state, "draft")

    def test_release_applies_to_watch_only(self):
        self.company.sdp_credit_watch_mode = "release"
        self._profile(limit=1000.0)
        order = self._order(100.0)
        order.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_reduce_the_limit(self):
        """Reduce: the limit in force of a customer on watch is the limit less the company's
        percentage; the gate, the summaries and the refusal say so."""
        self.company.write({"sdp_credit_watch_mode": "reduce", "sdp_credit_watch_reduction": 40.0})
        profile = self._watched(limit=1000.0)
        self.assertEqual(profile.limit_in_force, 600.0)
        first = self._order(600.0)
        self.assertEqual(first.sdp_credit_limit, 600.0)
        self.assertEqual(first.sdp_credit_available, 0.0)
        first.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(first.state, "sale")
        over = self._order(0.01)
        with self.assertRaisesMsg(
            UserError,
            r"over its credit limit of \$\s600\.00 .*limit is \$\s1,000\.00 reduced by 40\.0%",
        ):
            over.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(over.state, "draft")
        self.assertEqual(self.customer.with_user(self.user_sales_a).sdp_credit_available, 0.0)
        self.assertEqual(profile.with_user(self.user_credit).available_credit, 0.0)
        # Off watch, the whole limit again (four eyes gave it; the watch only held it back).
        profile.write({"state": "approved"})
        self.assertEqual(profile.limit_in_force, 1000.0)
        over.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(over.state, "sale")

    def test_settings_by_the_administrator_only(self):
        """The company chooses in the settings; nobody else changes the choice, and a reduction
        outside 0-100 % is refused with the setting named."""
        with self.assertRaises(AccessError):
            self.company.with_user(self.user_sales_a).write({"sdp_credit_watch_mode": "warn"})
        with self.assertRaises(AccessError):
            self.company.with_user(self.user_credit).write({"sdp_credit_watch_reduction": 0.0})
        admin = new_test_user(
            self.env,
            login="sdp_settings_admin",
            groups="base.group_system,sales_dev_policy.group_sdp_admin",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        with Form(self.env["res.config.settings"].with_user(admin)) as settings:
            settings.sdp_credit_watch_mode = "reduce"
            settings.sdp_credit_watch_reduction = 25.0
        settings.save().execute()
        self.assertEqual(
            (self.company.sdp_credit_watch_mode, self.company.sdp_credit_watch_reduction),
            ("reduce", 25.0),
        )
        with self.assertRaisesMsg(ValidationError, "Watch Limit Reduction.*between 0 and 100"):
            self.company.with_user(admin).write({"sdp_credit_watch_reduction": 120.0})
        self.assertEqual(self.company.sdp_credit_watch_reduction, 25.0)
