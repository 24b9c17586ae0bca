"""Exports of customer information: one rule on every model, and a log of each export
(P4.3.1, P4.3.3). Feature: customer information."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common_customer_info import AccessCommon


@tagged("sdp_privacy", "sdp_access", "post_install", "-at_install")
class TestCustomerDataExport(AccessCommon):
    def _logs(self):
        return self.env["sdp.export.log"].search([], order="id")

    def test_restricted_on_every_model_with_customer_data(self):
        """Restriction on: a salesperson exports customer information from no model — orders
        (a customer model), a team's members' e-mails (a field leading to contacts) — and
        nothing is logged; other data (products) still exports."""
        self._set_company(sdp_restrict_export=True)
        order = self.order_a.with_user(self.user_sales_a)
        with self.assertRaisesMsg(UserError, "restricted to sales managers.*P4.3.1"):
            order.export_data(["name", "partner_id/email"])
        with self.assertRaisesMsg(UserError, "restricted to sales managers"):
            order.export_data(["name"])
        team = self.team_a.with_user(self.user_sales_a)
        with self.assertRaisesMsg(UserError, "restricted to sales managers"):
            team.export_data(["name", "member_ids/partner_id/email"])
        self.assertFalse(self._logs())
        product = self.env["product.product"].create({"name": "SDP exported product"})
        rows = product.with_user(self.user_sales_a).export_data(["name"])["datas"]
        self.assertEqual(rows, [["SDP exported product"]])
        self.assertEqual(
            team.export_data(["name"])["datas"], [["SDP Team A"]], "no customer data: allowed"
        )
        self.assertFalse(self._logs(), "exports of other data are not logged")

    def test_every_export_of_customer_data_is_logged(self):
        """Who, which company, which model, how many records, which fields."""
        orders = self.all_orders.with_user(self.user_manager)
        orders.export_data(["name", "partner_id/email"])
        log = self._logs()
        self.assertEqual(len(log), 1)
        self.assertEqual(
            (log.user_id, log.company_id, log.model_name, log.record_count, log.restricted),
            (self.user_manager, self.company, "sale.order", 2, False),
        )
        self.assertEqual(log.field_names.split("\n"), ["name", "partner_id/email"])
        self.lead_a.with_user(self.user_sales_a).export_data(["name"])
        self.assertEqual(self._logs()[-1].user_id, self.user_sales_a)
        self.assertEqual(self._logs()[-1].model_name, "crm.lead")

    def test_manager_exports_under_restriction_logged(self):
        self._set_company(sdp_restrict_export=True)
        rows = self.customer_a.with_user(self.user_manager).export_data(["name", "email"])
        self.assertEqual(rows["datas"][0][0], "SDP Customer of A")
        self.assertTrue(self._logs().restricted)

    def test_accountant_exports_journal_items_logged(self):
        """The restriction concerns customer information, not accounting: an accountant
        exports journal items (logged), not the customers or orders behind them."""
        self._set_company(sdp_restrict_export=True)
        accountant = new_test_user(
            self.env,
            login="sdp_export_accountant",
            groups="account.group_account_invoice,base.group_allow_export",
        )
        lines = self.env["account.move.line"].with_user(accountant).search([], limit=3)
        lines.export_data(["name", "partner_id/name", "debit"])
        log = self._logs()[-1:]
        self.assertEqual(log.user_id, accountant)
        self.assertEqual(log.model_name, "account.move.line")
        partners = self.env["res.partner"].with_user(accountant).search([], limit=1)
        with self.assertRaisesMsg(UserError, "restricted to sales managers"):
            partners.export_data(["name", "email"])

    def test_reading_is_not_exporting(self):
        """Reads (search_read, read) follow the record rules and write nothing."""
        self.env["sale.order"].with_user(self.user_sales_a).search_read([], ["name", "partner_id"])
        self.assertFalse(self._logs())

    def test_restriction_of_any_active_company_applies(self):
        """A user working in company B (no restriction) with company A (restricted) also
        active cannot export: A's customers may be among the records."""
        self._set_company(sdp_restrict_export=True)
        both = self.company | self.company_b
        user = new_test_user(
            self.env,
            login="sdp_sales_two_companies",
            groups="sales_dev_policy.group_sdp_salesperson,base.group_allow_export",
            company_id=self.company_b.id,
            company_ids=[Command.set(both.ids)],
        )
        partner = (
            self.env["res.partner"]
            .with_user(user)
            .with_context(allowed_company_ids=[self.company_b.id, self.company.id])
            .browse(self.customer_free.id)
        )
        with self.assertRaisesMsg(UserError, "restricted to sales managers"):
            partner.export_data(["name"])
        only_b = partner.with_context(allowed_company_ids=[self.company_b.id])
        self.assertEqual(only_b.export_data(["name"])["datas"], [[self.customer_free.name]])

    def test_log_is_read_only_and_for_managers(self):
        """Nobody writes, forges or deletes the log; only managers read it."""
        self.customer_a.with_user(self.user_sales_a).export_data(["name"])
        log = self._logs()
        for user in (self.user_manager, self.user_admin):
            with self.assertRaises(AccessError):
                log.with_user(user).write({"record_count": 0})
            with self.assertRaises(UserError):
                log.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.env["sdp.export.log"].with_user(user).create(
                    {
                        "user_id": self.user_sales_b.id,
                        "company_id": self.company.id,
                        "model_name": "res.partner",
                    }
                )
        self.assertEqual(log.record_count, 1)
        self.assertEqual(log.with_user(self.user_manager).user_id, self.user_sales_a)
        for user in (self.user_sales_a, self.user_leader, self.user_credit, self.user_legal):
            with self.assertRaises(AccessError):
                log.with_user(user).read(["user_id"])
        company_b_manager = new_test_user(
            self.env,
            login="sdp_manager_cb",
            groups="sales_dev_policy.group_sdp_manager",
            company_id=self.company_b.id,
            company_ids=[Command.set(self.company_b.ids)],
        )
        self.assertFalse(self.env["sdp.export.log"].with_user(company_b_manager).search([]))
