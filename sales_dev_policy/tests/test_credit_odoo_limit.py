"""One credit limit per customer (P6.3.2): Odoo's own credit limit (Sales Credit Limit) follows
the customer's credit profile, a block never becomes "no limit", and the profile wins over a
direct edit. Feature: credit."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common_credit import CreditCommon


@tagged("sdp_credit", "post_install", "-at_install")
class TestCreditOdooLimit(CreditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.account_use_credit_limit = True
        cls.user_accountant = new_test_user(
            cls.env,
            login="sdp_accountant",
            name="Accountant",
            groups="account.group_account_manager,sales_team.group_sale_salesman_all_leads",
        )

    def _odoo_limit(self, partner=None):
        # sudo: Odoo's credit limit is an accounting field; the test reads it.
        return (partner or self.customer).sudo().with_company(self.company).credit_limit

    def _odoo_warning(self, amount):
        """Odoo's own credit warning on a quotation of ``amount`` for the customer."""
        # sudo: the test reads Odoo's own warning, whatever the test user may read.
        return self._order(amount).sudo().partner_credit_warning

    def test_approval_sets_odoo_limit_and_odoo_warns_alike(self):
        """The approved assessment sets Odoo's limit; Odoo's warning and the credit gate speak
        of the same limit."""
        self.assertEqual(self._odoo_limit(), 0.0, "no profile: Odoo's own default")
        self._assess(limit=5000.0)
        self.assertEqual(self._odoo_limit(), 5000.0)
        self.assertEqual(self._odoo_limit(self.contact), 5000.0, "contacts follow")
        self.assertFalse(self._odoo_warning(5000.0))
        self.assertIn("5,000.00", self._odoo_warning(5000.01))
        order = self._order(5000.01)
        with self.assertRaisesMsg(UserError, r"over its credit limit of \$\s5,000\.00 "):
            order.with_user(self.user_sales_a).action_confirm()

    def test_every_change_of_the_profile_follows(self):
        """Lower limit, watch with a reduced limit, review needed, block: Odoo's limit follows;
        no credit is the smallest amount of the currency, never 0 ("no limit" in Odoo)."""
        profile = self._assess(limit=5000.0).profile_id
        officer = profile.with_user(self.user_credit)
        officer.write({"credit_limit": 3000.0})
        self.assertEqual(self._odoo_limit(), 3000.0)
        self.company.write({"sdp_credit_watch_mode": "reduce", "sdp_credit_watch_reduction": 50.0})
        officer.write({"state": "watch"})
        self.assertEqual(self._odoo_limit(), 1500.0)
        self.company.sdp_credit_watch_reduction = 20.0
        self.assertEqual(self._odoo_limit(), 2400.0, "the company's choice follows too")
        officer.write({"credit_limit": 0.0})
        self.assertEqual(self._odoo_limit(), 0.01, "a limit of 0 is no credit, not no limit")
        officer.write({"state": "blocked", "block_reason": "Bounced cheques"})
        self.assertEqual(self._odoo_limit(), 0.01)
        self.assertIn("credit limit", self._odoo_warning(1.0), "Odoo warns on a blocked customer")
        self.env["sdp.credit.profile"]._cron_review_due()  # no change for a blocked profile
        self.assertEqual(self._odoo_limit(), 0.01)

    def test_review_needed_and_new_profiles_have_no_credit(self):
        profile = self._assess(limit=5000.0).profile_id
        profile.with_user(self.user_credit).write({"state": "review_needed"})
        self.assertEqual(self._odoo_limit(), 0.01)
        # A salesperson's request files an empty profile: no credit until it is approved.
        newcomer = self.env["res.partner"].create(
            {"name": "Newcomer", "is_company": True, "user_id": self.user_sales_a.id}
        )
        self.env["sdp.credit.assessment"].with_user(self.user_sales_a).create(
            {"partner_id": newcomer.id, "request_note": "Big deal"}
        )
        self.assertEqual(self._odoo_limit(newcomer), 0.01)

    def test_no_placeholder_when_the_credit_gates_are_off(self):
        """P6.3.1 applies through the gates: a company with both credit gates off keeps Odoo's
        own limit for a customer without valid credit (no 0.01 that warns on every
        quotation); switching a gate on brings the placeholder back, and off again removes it."""
        profile = self._assess(limit=5000.0).profile_id
        profile.with_user(self.user_credit).write({"state": "review_needed"})
        self.assertEqual(self._odoo_limit(), 0.01)
        self.company.write({"sdp_credit_order_gate": False, "sdp_credit_lead_gate": False})
        self.assertEqual(self._odoo_limit(), 0.0, "Odoo's own default: no placeholder")
        self.assertFalse(self._odoo_warning(100.0))
        # Odoo's own limit is the accountant's again while the policy decides nothing.
        self.customer.with_user(self.user_accountant).with_company(self.company).write(
            {"credit_limit": 800.0}
        )
        self.assertEqual(self._odoo_limit(), 800.0)
        self.company.sdp_credit_order_gate = True
        self.assertEqual(self._odoo_limit(), 0.01)

    def test_direct_edit_refused_the_profile_wins(self):
        """An accountant (or a credit officer) editing Odoo's credit limit of a customer with a
        profile is refused with what to do; nothing changes; the same value passes; a customer
        without a profile keeps Odoo's own behaviour."""
        self._assess(limit=5000.0)
        officer_accountant = new_test_user(
            self.env,
            login="sdp_credit_accountant",
            groups="account.group_account_manager,sales_dev_policy.group_sdp_credit_officer",
        )
        for user in (self.user_accountant, officer_accountant):
            attempts = (
                ("credit_limit", {"credit_limit": 99999.0}),
                ("partner limit off", {"use_partner_credit_limit": False}),
            )
            for path, vals in attempts:
                with (
                    self.subTest(user=user.login, path=path),
                    self.assertRaisesMsg(
                        UserError,
                        f"{self.customer.name}.*set by the customer's credit profile.*P6.3.2",
                    ),
                ):
                    # The context is the caller's: a permit's name in it is no permit.
                    self.customer.with_user(user).with_context(
                        sdp_permit="credit_limit_sync"
                    ).write(vals)
                self.assertEqual(self._odoo_limit(), 5000.0)
        # The same value (as Odoo's contact sync writes it) passes.
        self.customer.with_user(self.user_accountant).write({"credit_limit": 5000.0})
        contact = (
            self.env["res.partner"]
            .with_user(self.user_accountant)
            .create({"name": "New Contact", "parent_id": self.customer.id})
        )
        self.assertEqual(self._odoo_limit(contact), 5000.0)
        other = self.env["res.partner"].create({"name": "No Profile Ltd", "is_company": True})
        other.with_user(self.user_accountant).write({"credit_limit": 700.0})
        self.assertEqual(self._odoo_limit(other), 700.0)

    def test_profile_removed_gives_odoo_its_limit_back(self):
        profile = self._profile(limit=4000.0)
        self.assertEqual(self._odoo_limit(), 4000.0)
        profile.with_user(self.user_admin).unlink()
        self.assertEqual(self._odoo_limit(), 0.0)
        self.customer.with_user(self.user_accountant).write({"credit_limit": 800.0})
        self.assertEqual(self._odoo_limit(), 800.0)

    def test_other_company_keeps_its_own_limit(self):
        """The profile of company A sets Odoo's limit in company A only."""
        company_b = self.env["res.company"].create({"name": "SDP Credit Company B"})
        self._assess(limit=5000.0)
        self.user_accountant.write({"company_ids": [Command.link(company_b.id)]})
        self.customer.with_user(self.user_accountant).with_company(company_b).write(
            {"credit_limit": 300.0}
        )
        # sudo: the test reads company B's value beyond the user's companies.
        self.assertEqual(self.customer.sudo().with_company(company_b).credit_limit, 300.0)
        self.assertEqual(self._odoo_limit(), 5000.0)
