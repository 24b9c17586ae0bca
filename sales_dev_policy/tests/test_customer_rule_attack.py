"""Attacks on the customer rule as one database condition (P4.3.3): the paths an RPC caller has
to a customer they may not see (searches on the rule's field, contacts, addresses, display names
and defaults that copy a customer's data, stale values within a transaction, company context),
and the legitimate users the rule must not refuse. Feature: customer information."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged, users

from .common_customer_info import AccessCommon

SECRET = {
    "vat": "SDP-SECRET-VAT",
    "street": "1 Secret Street",
    "city": "Hidden City",
    "email": "secret-b@example.com",
    "phone": "+886 2 0000 0000",
}
DETAILS = {"show_address": 1, "show_email": 1, "show_vat": 1}


@tagged("sdp_access", "post_install", "-at_install")
class TestCustomerRuleAttack(AccessCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_privacy()
        cls.customer_b.write(SECRET)
        cls.user_portal.partner_id.write(
            {"email": "portal-secret@example.com", "street": "2 Portal Street"}
        )

    def _on(self):
        self._set_company(sdp_restrict_customers=True)

    def _assert_no_secret(self, value, msg=None):
        text = str(value)
        for secret in SECRET.values():
            self.assertNotIn(secret, text, msg)

    # --- the rule's own field, searched with every operator ---

    def test_visibility_field_negative_and_in_operators(self):
        """P4.3.3: ``sdp_customer_visible`` is searchable with ``= False``, ``!= True``, ``in``
        and ``not in`` (a filter of the web client, any RPC caller), on contacts and on users
        (the field inherited through ``_inherits``), switch on and off. The function returns an
        array: ``NOT IN`` of it was a syntax error (an error 500 for a legitimate user) and
        ``in`` a TypeError."""
        among = self.customer_a | self.customer_b | self.contact_b
        hidden = self.customer_b | self.contact_b
        Partner = self.env["res.partner"].with_user(self.user_sales_a)

        def found(domain):
            return Partner.search([("id", "in", among.ids), *domain])

        # switch off (standard Odoo): everything is visible
        self.assertEqual(found([("sdp_customer_visible", "=", True)]), among)
        self.assertFalse(found([("sdp_customer_visible", "=", False)]))
        self._on()
        self.assertEqual(found([("sdp_customer_visible", "=", True)]), self.customer_a)
        # the hidden ones are not returned by the search (the rule applies), whatever the leaf
        for leaf in (
            ("sdp_customer_visible", "=", False),
            ("sdp_customer_visible", "!=", True),
            ("sdp_customer_visible", "not in", [True]),
        ):
            self.assertFalse(found([leaf]), leaf)
        self.assertFalse(found(["!", ("sdp_customer_visible", "=", True)]))
        self.assertEqual(found([("sdp_customer_visible", "in", [True])]), self.customer_a)
        self.assertEqual(found([("sdp_customer_visible", "in", [True, False])]), self.customer_a)
        # the manager sees every customer (their own rule), and the field says so
        Managed = self.env["res.partner"].with_user(self.user_manager)
        self.assertFalse(
            Managed.search([("id", "in", among.ids), ("sdp_customer_visible", "=", False)])
        )
        self.assertEqual(
            Managed.search([("id", "in", among.ids), ("sdp_customer_visible", "=", True)]),
            among,
        )
        self.assertEqual(Managed.search([("id", "in", hidden.ids)]), hidden)
        # name_search with the negative leaf (the web client's "not set" filter)
        self.assertFalse(
            Partner.name_search("SDP", [("sdp_customer_visible", "=", False)], limit=100)
        )
        # res.users (the field inherited from the partner): colleagues are visible
        Users = self.env["res.users"].with_user(self.user_sales_a)
        colleague = self.user_sales_b
        self.assertIn(colleague, Users.search([("sdp_customer_visible", "=", True)]))
        self.assertNotIn(colleague, Users.search([("sdp_customer_visible", "=", False)]))
        self.assertNotIn(colleague, Users.search([("sdp_customer_visible", "!=", True)]))

    # --- a contact filed under a hidden company copies its data ---

    def test_no_contact_under_a_hidden_company(self):
        """P4.3.3: A may not file a contact under B's customer company: Odoo's _fields_sync
        copies, as superuser, the company's tax id, address and name to the new contact, which
        A then read in full. Refused on create, write, copy and with default_parent_id; the
        hidden company is unchanged and still hidden; contacts under A's own and unassigned
        companies are filed as before."""
        self._on()
        Partner = self.env["res.partner"].with_user(self.user_sales_a)
        own = Partner.create({"name": "SDP Own contact", "user_id": self.user_sales_a.id})
        count = self.env["res.partner"].search_count([("parent_id", "=", self.customer_b.id)])
        with self.assertRaisesMsg(UserError, "SDP Spy.*SDP Customer of B.*P4.3.3"):
            Partner.create(
                {
                    "name": "SDP Spy",
                    "parent_id": self.customer_b.id,
                    "user_id": self.user_sales_a.id,
                }
            )
        # (AccessError is a UserError)
        with self.assertRaises(UserError):
            Partner.with_context(default_parent_id=self.customer_b.id).create(
                {"name": "SDP Spy 2", "user_id": self.user_sales_a.id}
            )
        with self.assertRaisesMsg(UserError, "SDP Own contact.*P4.3.3"):
            own.write({"parent_id": self.customer_b.id})
        with self.assertRaisesMsg(UserError, "P4.3.3"):
            Partner.browse(self.customer_a.id).copy(
                {"parent_id": self.customer_b.id, "is_company": False}
            )
        # nothing was filed or copied
        self.assertEqual(
            self.env["res.partner"].search_count([("parent_id", "=", self.customer_b.id)]), count
        )
        self.assertFalse(own.parent_id)
        self._assert_no_secret(own.read(["vat", "street", "city", "display_name"]))
        with self.assertRaises(AccessError):
            Partner.browse(self.customer_b.id).read(["vat"])
        # the onchange of the form does not copy the address either
        with self.assertRaises(AccessError):
            Partner.onchange(
                {"name": "SDP Spy 3", "type": "contact", "parent_id": self.customer_b.id},
                ["parent_id"],
                {fname: {} for fname in ("parent_id", "type", "name", "street", "city", "vat")},
            )
        # own and unassigned companies take contacts as before
        for company in (self.customer_a, self.customer_free):
            contact = Partner.create({"name": "SDP Buyer", "parent_id": company.id})
            self.assertEqual(contact.commercial_partner_id, company)
        own.write({"parent_id": self.customer_a.id})
        # the switch off: standard Odoo, B's company takes A's contact
        self._set_company(sdp_restrict_customers=False)
        spy = Partner.create({"name": "SDP Colleague", "parent_id": self.customer_b.id})
        self.assertEqual(spy.vat, SECRET["vat"])

    # --- display names computed as superuser ---

    def test_display_name_details_of_a_hidden_customer(self):
        """P4.3.3: the name of a many2one is computed as superuser; with show_address,
        show_email and show_vat in the context, a record A may read (their contact that a
        manager filed under B's company, an order whose delivery address a manager set to B's
        customer) showed the hidden customer's address, e-mail and tax id. Only the name is
        shown now; the manager and B still get the details, and so does A for their own
        customers."""
        self._on()
        contact = self.env["res.partner"].create(
            {
                "name": "SDP Handed over",
                "parent_id": self.customer_b.id,
                "user_id": self.user_sales_a.id,
            }
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer_a.id,
                "user_id": self.user_sales_a.id,
                "partner_shipping_id": self.customer_b.id,
            }
        )
        self.customer_a.write({"street": "3 Open Street"})
        as_a = self.env(user=self.user_sales_a, context=dict(self.env.context, **DETAILS))
        rows = as_a["res.partner"].browse(contact.id).read(["parent_id", "commercial_partner_id"])
        self._assert_no_secret(rows)
        self.assertEqual(rows[0]["parent_id"], (self.customer_b.id, "SDP Customer of B"))
        rows = as_a["sale.order"].browse(order.id).read(["partner_shipping_id", "partner_id"])
        self._assert_no_secret(rows)
        self.assertIn("3 Open Street", rows[0]["partner_id"][1])
        spec = {"partner_shipping_id": {"fields": {"display_name": {}}, "context": DETAILS}}
        self._assert_no_secret(as_a["sale.order"].browse(order.id).web_read(spec))
        # an export of the company column reads the company itself: refused, not leaked
        with self.assertRaises(AccessError):
            as_a["res.partner"].browse(contact.id).export_data(["parent_id"])
        for user in (self.user_manager, self.user_sales_b):
            env = self.env(user=user, context=dict(self.env.context, **DETAILS))
            company = env["res.partner"].browse(contact.id).read(["parent_id"])
            self.assertIn(SECRET["street"], company[0]["parent_id"][1], user.login)
        env = self.env(user=self.user_manager, context=dict(self.env.context, **DETAILS))
        shipping = env["sale.order"].browse(order.id).read(["partner_shipping_id"])
        self.assertIn(SECRET["vat"], shipping[0]["partner_shipping_id"][1])
        # switch off: standard Odoo
        self._set_company(sdp_restrict_customers=False)
        self.env.invalidate_all()
        shipping = as_a["sale.order"].browse(order.id).read(["partner_shipping_id"])
        self.assertIn(SECRET["street"], shipping[0]["partner_shipping_id"][1])

    # --- documents that copy or show a hidden customer ---

    def test_no_address_or_default_customer_on_documents(self):
        """P4.3.3: A may not make B's customer the invoice or delivery address of their own
        quotation (it would show on the order, its invoices and printouts), nor file a lead or
        a quotation for it through a default (default_partner_id): the lead copied the
        customer's e-mail, phone and address, which A then read. Own customers as before."""
        self._on()
        Order = self.env["sale.order"].with_user(self.user_sales_a)
        Lead = self.env["crm.lead"].with_user(self.user_sales_a)
        order = Order.browse(self.order_a.id)
        for fname in ("partner_shipping_id", "partner_invoice_id"):
            with self.assertRaisesMsg(UserError, "P4.3.3"):
                order.write({fname: self.customer_b.id})
            with self.assertRaisesMsg(UserError, "P4.3.3"):
                Order.create({"partner_id": self.customer_a.id, fname: self.customer_b.id})
            with self.assertRaisesMsg(UserError, "P4.3.3"):
                Order.with_context(**{f"default_{fname}": self.customer_b.id}).create(
                    {"partner_id": self.customer_a.id}
                )
        self.assertEqual(self.order_a.partner_shipping_id, self.customer_a)
        self.assertEqual(self.order_a.partner_invoice_id, self.customer_a)
        leads = self.env["crm.lead"].search_count([])
        with self.assertRaisesMsg(UserError, "SDP Lead by default.*P4.3.3"):
            Lead.with_context(default_partner_id=self.customer_b.id).create(
                {"name": "SDP Lead by default"}
            )
        with self.assertRaisesMsg(UserError, "P4.3.3"):
            Order.with_context(default_partner_id=self.customer_b.id).create({})
        self.assertEqual(self.env["crm.lead"].search_count([]), leads)
        # own customers and their addresses, by value and by default
        delivery = self.env["res.partner"].create(
            {"name": "SDP Warehouse of A", "parent_id": self.customer_a.id, "type": "delivery"}
        )
        order.write({"partner_shipping_id": delivery.id})
        lead = Lead.with_context(default_partner_id=self.customer_a.id).create({"name": "SDP Own"})
        self.assertEqual(lead.partner_id, self.customer_a)
        quotation = Order.with_context(default_partner_id=self.customer_free.id).create({})
        self.assertEqual(quotation.partner_id, self.customer_free)

    # --- followers and attendees: Odoo gives every employee all of them ---

    def test_followers_of_a_hidden_customer(self):
        """P4.3.3: mail.followers has no record rule in Odoo: A listed every document B's
        customer follows (a quotation B sent them) with the customer's name and e-mail, and
        read them on their own lead after subscribing the customer to it. A follower record
        now shows a restricted customer only to who may see it; A keeps their own
        subscriptions and B, the manager, and everyone with the switch off see all."""
        self._on()
        self.order_b.message_subscribe(partner_ids=self.customer_b.ids)
        Followers = self.env["mail.followers"].with_user(self.user_sales_a)
        of_b = [("partner_id", "=", self.customer_b.id)]
        self.assertFalse(Followers.search_read(of_b, ["name", "email", "res_model", "res_id"]))
        lead = self.env["crm.lead"].with_user(self.user_sales_a).browse(self.lead_a.id)
        lead.message_subscribe(partner_ids=self.customer_b.ids)
        self.env.flush_all()
        rows = lead.message_follower_ids.read(["name", "email"])
        self._assert_no_secret(rows)
        self.assertIn(self.user_sales_a.partner_id, lead.message_follower_ids.partner_id)
        hidden = self.env["mail.followers"].search(of_b)
        self.assertEqual(len(hidden), 2)
        with self.assertRaises(AccessError):
            Followers.browse(hidden[0].id).read(["email"])
        # A's own chatter still works
        lead.message_post(body="Called the buyer", message_type="comment")
        lead.message_unsubscribe(partner_ids=self.user_sales_a.partner_id.ids)
        lead.message_subscribe(partner_ids=self.user_sales_a.partner_id.ids)
        for user in (self.user_sales_b, self.user_manager):
            found = self.env["mail.followers"].with_user(user).search(of_b)
            self.assertEqual(len(found), 2, user.login)
        self._set_company(sdp_restrict_customers=False)
        self.assertEqual(len(Followers.search(of_b)), 2)

    def test_meeting_attendees_of_a_hidden_customer(self):
        """P4.3.3: calendar.attendee has no record rule for employees in Odoo: A read B's
        customer's e-mail and phone from any meeting (B's, or one A set up with B's customer).
        Attendee records of a restricted customer now follow the customer: A cannot invite
        them, nor read them on a meeting of B's they attend; B and the manager read them."""
        self._on()
        meeting = (
            self.env["calendar.event"]
            .with_user(self.user_sales_b)
            .create(
                {
                    "name": "SDP Meeting of B",
                    "partner_ids": [Command.link(self.customer_b.id)],
                    "start": "2026-12-01 10:00:00",
                    "stop": "2026-12-01 11:00:00",
                }
            )
        )
        Attendees = self.env["calendar.attendee"].with_user(self.user_sales_a)
        of_b = [("partner_id", "=", self.customer_b.id)]
        self.assertFalse(Attendees.search_read(of_b, ["email", "phone"]))
        # inviting B's customer to A's own meeting is refused (it would create the record)
        Meeting = self.env["calendar.event"].with_user(self.user_sales_a)
        meeting_vals = {
            "name": "SDP Meeting of A",
            "start": "2026-12-02 10:00:00",
            "stop": "2026-12-02 11:00:00",
        }
        # with the module's message, which names the rule and not the hidden customer
        # (Odoo's assertRaises: the refused operation is rolled back, as in a request)
        refusal = "cannot invite customers of another salesperson.*P4.3.3"
        with self.assertRaises(AccessError) as caught:
            Meeting.create({**meeting_vals, "partner_ids": [Command.link(self.customer_b.id)]})
        self.assertRegex(str(caught.exception), refusal)
        self.assertNotIn(self.customer_b.name, str(caught.exception))
        mine = Meeting.create({**meeting_vals, "partner_ids": [Command.link(self.customer_a.id)]})
        self.assertIn(self.customer_a, mine.attendee_ids.partner_id)
        with self.assertRaises(AccessError) as caught:
            mine.write({"partner_ids": [Command.link(self.customer_b.id)]})
        self.assertRegex(str(caught.exception), refusal)
        self.assertNotIn(self.customer_b, mine.partner_ids)
        # B's meeting to which A is invited: A reads it and answers, without B's customer
        meeting.partner_ids = [Command.link(self.user_sales_a.partner_id.id)]
        self.env.invalidate_all()  # a new request: nothing read as B or the administrator
        invited = meeting.with_user(self.user_sales_a)
        self.assertEqual(invited.attendee_ids.partner_id, self.user_sales_a.partner_id)
        self._assert_no_secret(invited.attendee_ids.read(["email", "phone", "common_name"]))
        invited.attendee_ids.filtered(
            lambda attendee: attendee.partner_id == self.user_sales_a.partner_id
        ).do_accept()
        # A still reads the meetings themselves (Odoo: every employee), B and the manager all
        meeting.with_user(self.user_sales_a).read(["name"])
        for user in (self.user_sales_b, self.user_manager):
            rows = self.env["calendar.attendee"].with_user(user).search_read(of_b, ["email"])
            self.assertEqual([row["email"] for row in rows], [SECRET["email"]], user.login)
        self._set_company(sdp_restrict_customers=False)
        self.assertEqual(len(Attendees.search(of_b)), 1)

    # --- paths that already held (pinned) ---

    @users("sdp_sales_a")
    def test_users_do_not_open_a_hidden_customer(self):
        """P4.3.3: res.users inherits the partner's fields: A reads no field of B's portal
        customer through the user record, finds it by no e-mail, and cannot follow it."""
        self._on()
        portal = self.env["res.users"].browse(self.user_portal.id)
        with self.assertRaises(AccessError):
            portal.read(["email", "street"])
        self.assertFalse(
            self.env["res.users"].search_read(
                [("email", "=", "portal-secret@example.com")], ["email", "street"]
            )
        )
        partner = self.env["res.partner"].browse(self.customer_b.id)
        # following oneself is silently refused (mail.thread.message_subscribe), others raise
        self.assertFalse(partner.message_subscribe(partner_ids=self.env.user.partner_id.ids))
        with self.assertRaises(AccessError):
            partner.message_subscribe(
                partner_ids=(self.env.user.partner_id | self.user_sales_b.partner_id).ids
            )
        with self.assertRaises(AccessError):
            self.env["mail.followers"].create(
                {
                    "res_model": "res.partner",
                    "res_id": self.customer_b.id,
                    "partner_id": self.env.user.partner_id.id,
                }
            )
        self.assertNotIn(self.user_sales_a.partner_id, self.customer_b.message_partner_ids)
        # forged companies: a company A does not work in is refused, not used
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_context(allowed_company_ids=[self.company_b.id]).search(
                [("id", "=", self.customer_b.id)]
            )

    def test_same_transaction_changes_apply_at_once(self):
        """P4.3.3: the function reads the database, the ORM keeps pending writes: a change
        made earlier in the same transaction applies to the next search and the next access
        check (a team led, the team leader group given and taken, a company added to the user,
        a contact archived)."""
        self._on()
        Partner = self.env["res.partner"].with_user(self.user_sales_a)

        def sees(partner):
            searched = bool(Partner.search([("id", "=", partner.id)]))
            checked = bool(Partner.browse(partner.id)._filtered_access("read"))
            self.assertEqual(searched, checked, partner.name)
            return searched

        self.assertFalse(sees(self.customer_b))
        # leading team B gives nothing without the team leader group...
        self.team_b.user_id = self.user_sales_a
        self.assertFalse(sees(self.customer_b))
        # ...and its members' customers with it; taken away, they are hidden again
        leader = self.env.ref("sales_dev_policy.group_sdp_team_leader")
        self.user_sales_a.groups_id = [Command.link(leader.id)]
        self.assertTrue(sees(self.customer_b))
        self.assertTrue(sees(self.contact_b))
        self.user_sales_a.groups_id = [Command.unlink(leader.id)]
        self.assertFalse(sees(self.customer_b))
        self.team_b.user_id = False
        # company B's partner opens when A joins company B
        company_partner = self.company_b.partner_id
        was_visible = sees(company_partner)
        self.user_sales_a.company_ids = [Command.link(self.company_b.id)]
        self.assertTrue(sees(company_partner))
        if not was_visible:
            self.user_sales_a.company_ids = [Command.unlink(self.company_b.id)]
            self.assertFalse(sees(company_partner))
        # an archived customer of B stays hidden (active_test=False)
        self.customer_b.active = False
        self.assertFalse(
            Partner.with_context(active_test=False).search([("id", "=", self.customer_b.id)])
        )

    def test_team_leader_unassigned_documents_of_the_members(self):
        """P4.3.3: the unassigned-documents rules take the team leader's customers from the
        same function: the leader of team A finds an unassigned quotation of member A's
        customer, not one of B's customer (B not in the team); when B joins, it does."""
        self._on()
        orders = self.env["sale.order"].create(
            [
                {"partner_id": self.customer_a.id, "user_id": False},
                {"partner_id": self.customer_b.id, "user_id": False},
            ]
        )
        Order = self.env["sale.order"].with_user(self.user_leader)
        self.assertEqual(Order.search([("id", "in", orders.ids)]), orders[0])
        member = self.env["crm.team.member"].create(
            {"crm_team_id": self.team_a.id, "user_id": self.user_sales_b.id}
        )
        self.assertEqual(Order.search([("id", "in", orders.ids)]), orders)
        Order.browse(orders[1].id).read(["partner_id"])
        member.active = False
        self.assertEqual(Order.search([("id", "in", orders.ids)]), orders[0])
        with self.assertRaises(AccessError):
            Order.browse(orders[1].id).read(["partner_id"])
