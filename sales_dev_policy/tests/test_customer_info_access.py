"""Confidentiality of leads, orders and customers per role (P4.3.3).
Feature: customer information."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged, users

from .common_customer_info import AccessCommon


@tagged("sdp_access", "post_install", "-at_install")
class TestLeadOrderAccess(AccessCommon):
    @users("sdp_sales_a")
    def test_salesperson_sees_only_own_leads(self):
        """P4.3.3: salesperson A cannot search, read, read_group, export or open B's leads."""
        Lead = self.env["crm.lead"]
        found = Lead.search([("id", "in", self.all_leads.ids)])
        self.assertEqual(found, self.lead_a | self.lead_unassigned)
        rows = Lead.search_read([("name", "like", "SDP Lead")], ["name"])
        self.assertNotIn(self.lead_b.id, [row["id"] for row in rows])
        self.assertIn(self.lead_a.id, [row["id"] for row in rows])
        groups = Lead._read_group([("id", "in", self.all_leads.ids)], ["user_id"], ["__count"])
        self.assertEqual({user.id: count for user, count in groups}.get(self.user_sales_b.id), None)
        self.assertEqual(
            Lead.read_group([("id", "in", self.all_leads.ids)], ["user_id"], ["user_id"])[0][
                "user_id_count"
            ]
            + Lead.read_group([("id", "in", self.all_leads.ids)], ["user_id"], ["user_id"])[1][
                "user_id_count"
            ],
            2,
        )
        with self.assertRaises(AccessError):
            Lead.browse(self.lead_b.id).read(["name"])
        with self.assertRaises(AccessError):
            Lead.browse(self.lead_b.id).export_data(["name"])
        with self.assertRaises(AccessError):
            Lead.browse(self.lead_b.id).write({"name": "Taken"})
        # sudo: the test checks the record is unchanged
        self.assertEqual(self.lead_b.sudo().name, "SDP Lead B")
        # the own lead is fully usable
        Lead.browse(self.lead_a.id).write({"description": "Needs a new line"})
        self.assertEqual(
            Lead.browse(self.lead_a.id).export_data(["name"])["datas"], [["SDP Lead A"]]
        )

    @users("sdp_sales_a")
    def test_salesperson_sees_only_own_orders(self):
        Order = self.env["sale.order"]
        self.assertEqual(Order.search([("id", "in", self.all_orders.ids)]), self.order_a)
        with self.assertRaises(AccessError):
            Order.browse(self.order_b.id).read(["name"])

    @users("sdp_leader")
    def test_team_leader_sees_own_team_only(self):
        """P2.1.3 / P4.3.3: the leader of team A sees team A's leads and orders, not team B's."""
        Lead = self.env["crm.lead"]
        self.assertEqual(
            Lead.search([("id", "in", self.all_leads.ids)]), self.lead_a | self.lead_unassigned
        )
        Lead.browse(self.lead_a.id).write({"priority": "2"})
        self.assertEqual(self.lead_a.priority, "2")
        with self.assertRaises(AccessError):
            Lead.browse(self.lead_b.id).read(["name"])
        Order = self.env["sale.order"]
        self.assertEqual(Order.search([("id", "in", self.all_orders.ids)]), self.order_a)
        with self.assertRaises(AccessError):
            Order.browse(self.order_b.id).read(["name"])
        rows = self.env["sale.order"].search_read([("id", "in", self.all_orders.ids)], ["name"])
        self.assertEqual([row["id"] for row in rows], self.order_a.ids)

    def test_team_leader_rule_follows_team(self):
        """Leading team B too widens to team B; the own-documents rule stays for others."""
        self.team_b.user_id = self.user_leader
        leads = (
            self.env["crm.lead"]
            .with_user(self.user_leader)
            .search([("id", "in", self.all_leads.ids)])
        )
        self.assertEqual(leads, self.all_leads)

    @users("sdp_manager")
    def test_manager_sees_all(self):
        self.assertEqual(
            self.env["crm.lead"].search([("id", "in", self.all_leads.ids)]), self.all_leads
        )
        self.assertEqual(
            self.env["sale.order"].search([("id", "in", self.all_orders.ids)]), self.all_orders
        )

    @users("sdp_portal")
    def test_portal_sees_nothing_of_the_module(self):
        """A portal user reads no lead and no policy record (P4.3.3)."""
        for model in ("crm.lead", "sdp.customer.consent", "sdp.info.requirement"):
            with self.assertRaises(AccessError, msg=model):
                self.env[model].search([])
        with self.assertRaises(AccessError):
            self.env["crm.lead"].browse(self.lead_a.id).read(["name"])

    @users("sdp_internal")
    def test_plain_user_sees_no_leads_or_policy_data(self):
        for model in ("crm.lead", "sdp.customer.consent", "sdp.info.requirement"):
            with self.assertRaises(AccessError, msg=model):
                self.env[model].search([])

    @users("sdp_sales_cb")
    def test_company_b_never_sees_company_a(self):
        """Multi-company: company B's salesperson sees none of company A's leads and orders."""
        self.assertFalse(self.env["crm.lead"].search([("id", "in", self.all_leads.ids)]))
        self.assertFalse(self.env["sale.order"].search([("id", "in", self.all_orders.ids)]))
        with self.assertRaises(AccessError):
            self.env["crm.lead"].browse(self.lead_unassigned.id).read(["name"])
        # and its own lead is fine
        lead = self.env["crm.lead"].create({"name": "SDP Lead of company B"})
        self.assertEqual(lead.company_id, self.company_b)


@tagged("sdp_access", "post_install", "-at_install")
class TestCustomerAccess(AccessCommon):
    def _visible(self, user, partners):
        return self.env["res.partner"].with_user(user).search([("id", "in", partners.ids)])

    def test_restriction_off_is_standard(self):
        """Switch off (default): a salesperson sees every customer, as in standard Odoo."""
        self.assertFalse(self.company.sdp_restrict_customers)
        partners = self.customer_a | self.customer_b | self.contact_b
        self.assertEqual(self._visible(self.user_sales_a, partners), partners)

    def test_restriction_on_salesperson(self):
        """P4.3.3: switch on: A sees own, followed, unassigned and colleagues' partners only."""
        self._set_company(sdp_restrict_customers=True)
        Partner = self.env["res.partner"].with_user(self.user_sales_a)
        everyone = (
            self.customer_a
            | self.customer_b
            | self.contact_b
            | self.customer_free
            | self.user_sales_b.partner_id
            | self.company.partner_id
        )
        self.assertEqual(
            self._visible(self.user_sales_a, everyone),
            everyone - self.customer_b - self.contact_b,
        )
        with self.assertRaises(AccessError):
            Partner.browse(self.customer_b.id).read(["name"])
        with self.assertRaises(AccessError):
            Partner.browse(self.contact_b.id).export_data(["name"])
        rows = Partner.search_read([("name", "like", "SDP Customer")], ["name"])
        self.assertNotIn(self.customer_b.id, [row["id"] for row in rows])
        # following a customer opens it
        self.customer_b.message_subscribe(partner_ids=self.user_sales_a.partner_id.ids)
        self.assertEqual(
            Partner.browse(self.customer_b.id).read(["name"])[0]["name"], self.customer_b.name
        )
        # switching off again restores standard at once (rule cache cleared)
        self._set_company(sdp_restrict_customers=False)
        self.assertIn(self.contact_b, self._visible(self.user_sales_a, self.contact_b))

    def test_restriction_on_team_leader_and_manager(self):
        self._set_company(sdp_restrict_customers=True)
        customers = self.customer_a | self.customer_b
        self.assertEqual(self._visible(self.user_leader, customers), self.customer_a)
        self.assertEqual(self._visible(self.user_manager, customers), customers)
        self.assertEqual(self._visible(self.user_credit, customers), customers)
        self.assertEqual(self._visible(self.user_legal, customers), customers)

    def test_restriction_on_keeps_quotation_and_mail_working(self):
        """Switch on: A still quotes their own customer and posts messages (P4.3.3)."""
        self._set_company(sdp_restrict_customers=True)
        Order = self.env["sale.order"].with_user(self.user_sales_a)
        order = Order.create({"partner_id": self.customer_a.id})
        self.assertEqual(order.user_id, self.user_sales_a)
        self.assertEqual(order.partner_invoice_id, self.customer_a)
        order.message_post(body="Quotation sent", message_type="comment")
        self.env["crm.lead"].with_user(self.user_sales_a).browse(self.lead_a.id).message_post(
            body="Called the customer", message_type="comment"
        )
        self.assertIn("Quotation sent", order.message_ids[0].body)
        # a customer of somebody else cannot be quoted by A (which would open it to A)
        with self.assertRaisesMsg(UserError, "P4.3.3"):
            Order.create({"partner_id": self.customer_b.id})

    def test_restriction_on_company_b(self):
        self._set_company(sdp_restrict_customers=True)
        self.assertFalse(self.company_b.sdp_restrict_customers)
        # company B keeps standard contacts: its own switch is off
        self.assertEqual(self._visible(self.user_sales_cb, self.customer_a), self.customer_a)


@tagged("sdp_access", "post_install", "-at_install")
class TestExportRestriction(AccessCommon):
    def test_export_off_is_standard(self):
        self.assertFalse(self.company.sdp_restrict_export)
        lead = self.lead_a.with_user(self.user_sales_a)
        self.assertEqual(lead.export_data(["name"])["datas"], [["SDP Lead A"]])
        partner = self.customer_a.with_user(self.user_sales_a)
        self.assertEqual(partner.export_data(["name"])["datas"], [["SDP Customer of A"]])

    def test_export_on_only_managers(self):
        """P4.3.1: switch on: salespeople and leaders cannot export leads or customers."""
        self._set_company(sdp_restrict_export=True)
        for user in (self.user_sales_a, self.user_leader):
            with self.assertRaisesRegex(UserError, "P4.3.1"):
                self.lead_a.with_user(user).export_data(["name"])
            with self.assertRaisesRegex(UserError, "restricted to sales managers"):
                self.customer_a.with_user(user).export_data(["name"])
        self.assertEqual(
            self.lead_a.with_user(self.user_manager).export_data(["name"])["datas"],
            [["SDP Lead A"]],
        )
        self.assertEqual(
            self.customer_a.with_user(self.user_manager).export_data(["name"])["datas"],
            [["SDP Customer of A"]],
        )

    def test_marketing_export_only_consenting(self):
        """P4.3.2: an export for marketing leaves out customers without a valid consent."""
        self.env["sdp.customer.consent"].create(
            {"partner_id": self.customer_a.id, "scope": "marketing"}
        )
        self.env["sdp.customer.consent"].create(
            {"partner_id": self.customer_b.id, "scope": "sharing"}
        )
        partners = (self.customer_a | self.customer_b).with_user(self.user_manager)
        plain = partners.export_data(["name"])["datas"]
        self.assertEqual(len(plain), 2)
        marketing = partners.with_context(sdp_marketing_export=True).export_data(["name"])
        self.assertEqual(marketing["datas"], [["SDP Customer of A"]])
        found = (
            self.env["res.partner"]
            .with_user(self.user_manager)
            .search([("id", "in", partners.ids), ("sdp_has_marketing_consent", "=", True)])
        )
        self.assertEqual(found, self.customer_a)

    def test_consent_valid_on_company_calendar(self):
        """P4.3.2: a consent counts from its date on the company's calendar, whoever reads it.

        At 20:00 UTC on 1 March it is already 2 March in Taipei: a consent recorded then is dated
        2 March and valid at once for a salesperson whose own time zone is UTC (and for OdooBot,
        whose zone is another one), not only from the next UTC day.
        """
        self.company.partner_id.tz = "Asia/Taipei"
        self.user_manager.tz = False
        with freeze_time("2026-03-01 20:00:00"):
            consent = self.env["sdp.customer.consent"].create(
                {"partner_id": self.customer_a.id, "scope": "marketing"}
            )
            self.assertEqual(consent.date_consent, date(2026, 3, 2))
            self.assertTrue(consent.with_user(self.user_manager).is_valid)
            partner = self.customer_a.with_user(self.user_manager)
            self.assertTrue(partner.sdp_has_marketing_consent)
            exported = partner.with_context(sdp_marketing_export=True).export_data(["name"])
            self.assertEqual(exported["datas"], [["SDP Customer of A"]])
        with freeze_time("2026-03-01 15:00:00"):  # 23:00 on 1 March in Taipei: not yet given
            self.env.invalidate_all()
            self.assertFalse(consent.with_user(self.user_manager).is_valid)
            self.assertFalse(self.customer_a.with_user(self.user_manager).sdp_has_marketing_consent)
