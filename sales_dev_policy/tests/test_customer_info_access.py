"""Confidentiality of leads, orders and customers per role (P4.3.3).
Feature: customer information."""

import importlib.util
import inspect
import os
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.modules.module import get_module_path
from odoo.tests import new_test_user, tagged, users

from .common import SIGNED_FORM
from .common_customer_info import CUSTOMER_CARRYING_MODELS, AccessCommon


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
            {"document": SIGNED_FORM, "partner_id": self.customer_a.id, "scope": "marketing"}
        )
        self.env["sdp.customer.consent"].create(
            {"document": SIGNED_FORM, "partner_id": self.customer_b.id, "scope": "sharing"}
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
                {"document": SIGNED_FORM, "partner_id": self.customer_a.id, "scope": "marketing"}
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


@tagged("sdp_access", "post_install", "-at_install")
class TestCustomerRuleConditions(AccessCommon):
    """The customer rule's conditions (P4.3.3) are one query of the database
    (res.partner._sdp_visible_partners_sql): the database's answer (a search) and Odoo's check of
    each record it reads (the same field computed in Python) agree, condition by condition, and
    follow changes made earlier in the same transaction."""

    def test_customer_rules_reach_odoo_through_one_helper(self):
        """The unassigned-documents rules re-read the partner rules of the user's groups through
        one helper over Odoo's private ``ir.rule._get_rules(model_name, mode)``: this fails when
        Odoo changes its signature or what it returns, before any rule silently widens."""
        signature = inspect.signature(type(self.env["ir.rule"])._get_rules)
        self.assertEqual(list(signature.parameters), ["self", "model_name", "mode"])
        own = self.env.ref("sales_dev_policy.res_partner_rule_salesperson")
        everyone = self.env.ref("sales_dev_policy.res_partner_rule_all_leads")
        rules = self.env["ir.rule"].with_user(self.user_sales_a)._sdp_group_rules("res.partner")
        self.assertIn(own, rules)
        self.assertNotIn(everyone, rules, "a group the salesperson does not have")
        self.assertFalse(rules.filtered("global"), "global rules are each document's own")
        rules = self.env["ir.rule"].with_user(self.user_manager)._sdp_group_rules("res.partner")
        self.assertIn(everyone, rules, "an implied group counts")

    def _assert_sees(self, user, among, expected, companies=None):
        context = {"allowed_company_ids": companies.ids} if companies else {}
        Partner = self.env["res.partner"].with_user(user).with_context(**context)
        searched = Partner.search([("id", "in", among.ids)])
        self.assertEqual(searched, expected, f"search as {user.login}")
        # The same rule asked of every contact the user may see (a list with a filter), not
        # only of the contacts read by id.
        listed = Partner.search([("id", "in", among.ids), ("id", "!=", 0)])
        self.assertEqual(listed, expected, f"list as {user.login}")
        checked = Partner.browse(among.ids)._filtered_access("read")
        self.assertEqual(checked, expected, f"access check as {user.login}")

    def test_each_condition_opens_a_customer(self):
        self._set_company(sdp_restrict_customers=True)
        Partner = self.env["res.partner"]
        contact_a = Partner.create({"name": "SDP Contact of A", "parent_id": self.customer_a.id})
        sold = Partner.create({"name": "SDP Sold by A", "user_id": self.user_sales_b.id})
        followed = Partner.create({"name": "SDP Followed by A", "user_id": self.user_sales_b.id})
        handed = Partner.create({"name": "SDP Handed to A", "user_id": self.user_sales_b.id})
        # an order a manager assigned to A opens its customer to A
        order = (
            self.env["sale.order"]
            .with_user(self.user_manager)
            .create({"partner_id": sold.id, "user_id": self.user_sales_a.id})
        )
        followed.message_subscribe(partner_ids=self.user_sales_a.partner_id.ids)
        colleague = self.user_sales_b.partner_id
        among = (
            self.customer_a
            | contact_a
            | self.customer_b
            | self.contact_b
            | self.customer_free
            | sold
            | followed
            | handed
            | colleague
            | self.company.partner_id
        )
        own = self.customer_a | contact_a | self.customer_free | colleague | self.company.partner_id
        self._assert_sees(self.user_sales_a, among, own | sold | followed)
        # in the same transaction: the order goes to B, A stops following, B's customer is handed
        # over to A, B's customer company gets no salesperson (its contact opens with it)
        order.user_id = self.user_sales_b
        followed.message_unsubscribe(partner_ids=self.user_sales_a.partner_id.ids)
        handed.user_id = self.user_sales_a
        self.customer_b.user_id = False
        self._assert_sees(self.user_sales_a, among, own | handed | self.customer_b | self.contact_b)
        # B sees their own, not A's; B still follows the customer handed over to A (Odoo
        # subscribed B as its salesperson)
        self.assertIn(self.user_sales_b.partner_id, handed.message_partner_ids)
        self._assert_sees(
            self.user_sales_b,
            among,
            self.customer_b
            | self.contact_b
            | self.customer_free
            | sold
            | followed
            | handed
            | colleague
            | self.company.partner_id,
        )

    def test_reading_contacts_tests_only_those(self):
        """Reading contacts by id (Odoo's fetch asks for "id in [...]") makes the customer rule
        test those contacts only, by primary key, not list every contact the salesperson may
        see: a cost that grew with the salesperson's customers on each read (P4.3.3)."""
        self._set_company(sdp_restrict_customers=True)
        Partner = self.env["res.partner"].with_user(self.user_sales_a)
        among = self.customer_a | self.customer_b
        by_id = Partner._search([("id", "in", among.ids)]).select().code
        self.assertIn("sdp_partner_ids_visible", by_id)
        self.assertNotIn("sdp_visible_partner_ids", by_id)
        listed = Partner._search([("id", "in", among.ids), ("id", "!=", 0)]).select().code
        self.assertIn("sdp_visible_partner_ids", listed)
        # Read by id, the hidden customer is still refused, the own one read.
        self.assertEqual(Partner.browse(self.customer_a.id).name, self.customer_a.name)
        with self.assertRaises(AccessError):
            Partner.browse(self.customer_b.id).read(["name"])

    def test_the_field_answers_for_the_current_user(self):
        """sdp_customer_visible says whether the current user may see the contact (P4.3.3), in
        every form of search and when read, also where the rules are not applied (sudo)."""
        among = self.customer_a | self.customer_b | self.contact_b

        def check(user, visible):
            # sudo keeps the user: the rules are off, the field still answers for the user
            Partner = self.env["res.partner"].with_user(user).sudo()
            for domain, expected in (
                ([("sdp_customer_visible", "=", True)], visible),
                ([("sdp_customer_visible", "!=", False)], visible),
                ([("sdp_customer_visible", "=", False)], among - visible),
                ([("sdp_customer_visible", "!=", True)], among - visible),
            ):
                found = Partner.search([("id", "in", among.ids), *domain])
                self.assertEqual(found, expected, f"{domain} as {user.login}")
            self.assertEqual(Partner.browse(among.ids).filtered("sdp_customer_visible"), visible)

        check(self.user_sales_a, among)
        self._set_company(sdp_restrict_customers=True)
        check(self.user_sales_a, self.customer_a)
        check(self.user_leader, self.customer_a)
        check(self.user_manager, among)
        check(self.user_legal, among)
        check(self.user_internal, among)

    def test_team_leader_sees_the_members_customers(self):
        self._set_company(sdp_restrict_customers=True)
        among = self.customer_a | self.customer_b | self.contact_b
        self._assert_sees(self.user_leader, among, self.customer_a)
        # B joins team A: the leader sees B's customers too
        member = self.env["crm.team.member"].create(
            {"crm_team_id": self.team_a.id, "user_id": self.user_sales_b.id}
        )
        self._assert_sees(self.user_leader, among, among)
        # an archived membership gives nothing
        member.active = False
        self._assert_sees(self.user_leader, among, self.customer_a)
        # a salesperson leading no team sees only their own
        self._assert_sees(self.user_sales_a, among, self.customer_a)
        self._assert_sees(self.user_manager, among, among)

    def test_company_switches(self):
        """A customer of a company that does not restrict is visible; a customer without a
        company is restricted when a company the user works in restricts (P4.3.3)."""
        self._set_company(sdp_restrict_customers=True)
        Partner = self.env["res.partner"]
        of_b = Partner.create(
            {
                "name": "SDP Customer of company B",
                "company_id": self.company_b.id,
                "user_id": self.user_sales_b.id,
            }
        )
        without = Partner.create({"name": "SDP No company", "user_id": self.user_sales_b.id})
        among = of_b | without
        both = self.company | self.company_b
        self.user_sales_a.write({"company_ids": [Command.link(self.company_b.id)]})
        self._assert_sees(self.user_sales_a, among, of_b, both)
        # working in company B only (which does not restrict): customers without a company too
        self._assert_sees(self.user_sales_a, among, among, self.company_b)
        self.company_b.sdp_restrict_customers = True
        self._assert_sees(self.user_sales_a, among, self.env["res.partner"], both)
        self.company_b.sdp_restrict_customers = False
        self.company.sdp_restrict_customers = False
        self._assert_sees(self.user_sales_a, among, among, both)

    def test_migration_to_one_condition(self):
        """18.0.1.5.0: the shipped salesperson rule gets the new domain and the team leader's
        rule is removed; rules a company changed are kept, with a warning."""
        migration = _load_migration("18.0.1.5.0", "post-migration.py")
        rule = self.env.ref("sales_dev_policy.res_partner_rule_salesperson")
        shipped = rule.domain_force
        rule.domain_force = migration.OLD_SALESPERSON_DOMAIN
        leader_rule = self._old_team_leader_rule(migration.OLD_TEAM_LEADER_DOMAINS[1])
        migration.migrate(self.env.cr, "18.0.1.4.0")
        self.assertEqual(rule.domain_force, shipped)
        self.assertFalse(leader_rule.exists())
        self.assertFalse(
            self.env.ref("sales_dev_policy.res_partner_rule_team_leader", raise_if_not_found=False)
        )
        # the migrated rules give the team leader the same customers as before
        self._set_company(sdp_restrict_customers=True)
        self.assertEqual(
            self.env["res.partner"]
            .with_user(self.user_leader)
            .search([("id", "in", (self.customer_a | self.customer_b).ids)]),
            self.customer_a,
        )
        # a company's own rules stay as they are
        rule.domain_force = "[('user_id', '=', user.id)]"
        leader_rule = self._old_team_leader_rule("[('user_id', '!=', False)]")
        with self.assertLogs(migration.__name__, "WARNING") as logs:
            migration.migrate(self.env.cr, "18.0.1.4.0")
        self.assertEqual(len(logs.records), 2)
        self.assertEqual(rule.domain_force, "[('user_id', '=', user.id)]")
        self.assertTrue(leader_rule.exists())
        # a new database: nothing to migrate
        migration.migrate(self.env.cr, None)
        self.assertTrue(leader_rule.exists())

    def _old_team_leader_rule(self, domain):
        rule = self.env["ir.rule"].create(
            {
                "name": "Policy: customers of the teams I lead (P4.3.3)",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "domain_force": domain,
                "groups": [Command.link(self.env.ref("sales_dev_policy.group_sdp_team_leader").id)],
            }
        )
        self.env["ir.model.data"].create(
            {
                "module": "sales_dev_policy",
                "name": "res_partner_rule_team_leader",
                "model": "ir.rule",
                "res_id": rule.id,
                "noupdate": True,
            }
        )
        return rule


def _load_migration(version, filename):
    """A migration script of the module as Odoo's upgrade loads it (by its file path)."""
    path = os.path.join(get_module_path("sales_dev_policy"), "migrations", version, filename)
    spec = importlib.util.spec_from_file_location(
        f"odoo.addons.sales_dev_policy.migrations.{version.replace('.', '_')}", path
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("sdp_access", "post_install", "-at_install")
class TestEveryModelCarryingTheCustomer(AccessCommon):
    """P4.3.3: hidden means hidden on every model that carries the customer, including the
    models other installed modules add."""

    def _customer_carrying_models(self, user):
        """Models ``user`` may read that carry a customer: a stored relation to res.partner,
        or res_model/res_id pointing at a customer's records."""
        found = set()
        for name, model in self.env.registry.items():
            if model._abstract or model._transient or not model._auto:
                continue
            carries = any(
                field.store
                and field.type in ("many2one", "many2many")
                and field.comodel_name == "res.partner"
                for field in model._fields.values()
            ) or {"res_model", "res_id"} <= set(model._fields)
            if carries and self.env[name].with_user(user).has_access("read"):
                found.add(name)
        return found

    def test_every_customer_carrying_model_is_decided(self):
        found = self._customer_carrying_models(self.user_sales_a)
        self.assertIn("sale.order", found, "the enumeration finds what it must")
        undecided = sorted(found - set(CUSTOMER_CARRYING_MODELS))
        self.assertFalse(
            undecided,
            "models a salesperson reads that carry a customer, neither covered by the customer "
            "rule nor listed as harmless in tests/common_customer_info.py",
        )
        rule_model = self.env["ir.rule"]
        for model, (how, what) in CUSTOMER_CARRYING_MODELS.items():
            if how != "rule" or model not in self.env:
                continue
            rule = self.env.ref(what, raise_if_not_found=False)
            with self.subTest(model=model):
                self.assertTrue(rule, f"{what} exists")
                self.assertEqual(rule._name, rule_model._name)
                self.assertEqual(rule.model_id.model, model)
                self.assertTrue(
                    not rule.groups or rule.groups & self.user_sales_a.groups_id,
                    f"{what} applies to salespeople",
                )

    def test_hidden_customer_bank_account(self):
        """A hidden customer's bank account is refused to the salesperson; their own
        customer's is read, and an accountant reads every account."""
        self.company.sdp_restrict_customers = True
        Bank = self.env["res.partner.bank"]
        account_b = Bank.create({"partner_id": self.customer_b.id, "acc_number": "TW-B-0001"})
        account_a = Bank.create({"partner_id": self.customer_a.id, "acc_number": "TW-A-0001"})
        as_a = Bank.with_user(self.user_sales_a)
        self.assertEqual(
            as_a.search([("id", "in", (account_a | account_b).ids)]), account_a.with_env(as_a.env)
        )
        with self.assertRaises(AccessError):
            account_b.with_user(self.user_sales_a).read(["acc_number"])
        accountant = new_test_user(
            self.env,
            login="sdp_bank_accountant",
            groups="sales_team.group_sale_salesman,account.group_account_invoice",
        )
        self.assertEqual(account_b.with_user(accountant).acc_number, "TW-B-0001")

    def test_other_modules_rules_on_bank_accounts_still_narrow(self):
        """The module only narrows (P4.3.3): a group rule of another module that hides some
        bank accounts from internal users (hr hides employees' accounts that way) still hides
        them from salespeople and Sales Managers, restriction off or on; the accountant keeps
        what Odoo's accounting rule gives."""
        Bank = self.env["res.partner.bank"]
        employee = self.env["res.partner"].create({"name": "Employee Contact"})
        private = Bank.create({"partner_id": employee.id, "acc_number": "EMP-0001"})
        customers = Bank.create({"partner_id": self.customer_a.id, "acc_number": "TW-A-0002"})
        self.env["ir.rule"].create(
            {
                "name": "Another module: no private accounts for internal users",
                "model_id": self.env["ir.model"]._get_id("res.partner.bank"),
                "domain_force": "[('acc_number', 'not like', 'EMP-')]",
                "groups": [Command.link(self.env.ref("base.group_user").id)],
            }
        )
        accountant = new_test_user(
            self.env,
            login="sdp_bank_accountant_hr",
            groups="sales_team.group_sale_salesman,account.group_account_invoice",
        )
        both = (private | customers).ids
        for restrict in (False, True):
            self.company.sdp_restrict_customers = restrict
            for user in (self.user_sales_a, self.user_manager):
                with self.subTest(restrict=restrict, user=user.login):
                    found = Bank.with_user(user).search([("id", "in", both)])
                    self.assertEqual(found.ids, customers.ids)
                    with self.assertRaises(AccessError):
                        private.with_user(user).read(["acc_number"])
            self.assertEqual(
                Bank.with_user(accountant).search([("id", "in", both)]).ids, sorted(both)
            )

    def test_hidden_customer_letter(self):
        """A letter to a hidden customer (its postal address) is refused to the salesperson."""
        self.company.sdp_restrict_customers = True
        Letter = self.env["snailmail.letter"]
        letter_b = Letter.create(
            {
                "partner_id": self.customer_b.id,
                "model": "res.partner",
                "res_id": self.customer_b.id,
                "user_id": self.env.uid,
                "report_template": False,
            }
        )
        letter_a = Letter.create(
            {
                "partner_id": self.customer_a.id,
                "model": "res.partner",
                "res_id": self.customer_a.id,
                "user_id": self.env.uid,
                "report_template": False,
            }
        )
        as_a = Letter.with_user(self.user_sales_a)
        self.assertEqual(
            as_a.search([("id", "in", (letter_a | letter_b).ids)]), letter_a.with_env(as_a.env)
        )
        with self.assertRaises(AccessError):
            letter_b.with_user(self.user_sales_a).read(["street"])
