"""Customer confidentiality (P4.3.3): who may not see a customer reaches none of its data, on any
path (search, read, read_group, export, name_search, create/write of the documents that would open
it), in each company; credit summaries and the credit file follow the same rule (P6.3.2); portal
users read no policy field. Feature: customer information."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import SIGNED_FORM
from .common_customer_info import AccessCommon

POLICY_MODELS = ("sale.order", "res.partner", "account.move", "crm.lead")


class PrivacyCommon(AccessCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_privacy()

    def _assert_hidden(self, user, partners, **context):
        """``partners`` are out of ``user``'s reach on every read path."""
        Partner = self.env["res.partner"].with_user(user).with_context(**context)
        ids = partners.ids
        self.assertFalse(Partner.search([("id", "in", ids)]))
        self.assertFalse([r for r in Partner.search_read([("id", "in", ids)], ["email"])])
        self.assertFalse(Partner.read_group([("id", "in", ids)], ["email"], ["email"]))
        for partner in partners:
            self.assertNotIn(
                partner.id, [pid for pid, _name in Partner.name_search(partner.name, limit=100)]
            )
            with self.assertRaises(AccessError):
                Partner.browse(partner.id).read(["email"])
            with self.assertRaises(AccessError):
                Partner.browse(partner.id).export_data(["email"])

    def _assert_visible(self, user, partners, **context):
        Partner = self.env["res.partner"].with_user(user).with_context(**context)
        self.assertEqual(Partner.search([("id", "in", partners.ids)]), partners)
        Partner.browse(partners.ids).read(["email"])


@tagged("post_install", "-at_install", "sdp_privacy")
class TestCustomerPrivacy(PrivacyCommon):
    def test_portal_contacts_are_customers_like_others(self):
        """P4.3.3: a contact with a portal user is not a colleague: salesperson A does not see
        salesperson B's portal customer; colleagues, A's own partner and the company stay."""
        self._set_company(sdp_restrict_customers=True)
        portal_partner = self.user_portal.partner_id
        self._assert_hidden(self.user_sales_a, portal_partner)
        self._assert_visible(
            self.user_sales_a,
            self.user_sales_a.partner_id
            | self.user_sales_b.partner_id
            | self.user_manager.partner_id
            | self.company.partner_id,
        )
        # B, its salesperson, and a manager see it; with the switch off, everyone (standard).
        self._assert_visible(self.user_sales_b, portal_partner)
        self._assert_visible(self.user_manager, portal_partner)
        self._set_company(sdp_restrict_customers=False)
        self._assert_visible(self.user_sales_a, portal_partner)

    def test_no_quotation_or_lead_for_a_hidden_customer(self):
        """P4.3.3: A cannot open B's customer by filing a quotation or a lead for it."""
        self._set_company(sdp_restrict_customers=True)
        Order = self.env["sale.order"].with_user(self.user_sales_a)
        Lead = self.env["crm.lead"].with_user(self.user_sales_a)
        orders_before = self.env["sale.order"].search_count([])
        leads_before = self.env["crm.lead"].search_count([])
        with self.assertRaisesMsg(UserError, "SDP Customer of B.*P4.3.3.*sales manager"):
            Order.create({"partner_id": self.customer_b.id})
        with self.assertRaisesMsg(UserError, "P4.3.3"):
            Order.create({"partner_id": self.contact_b.id})
        with self.assertRaisesMsg(UserError, "Taken.*P4.3.3"):
            Lead.create({"name": "Taken", "partner_id": self.customer_b.id})
        with self.assertRaisesMsg(UserError, "P4.3.3"):
            Order.browse(self.order_a.id).write({"partner_id": self.customer_b.id})
        with self.assertRaisesMsg(UserError, "P4.3.3"):
            Lead.browse(self.lead_a.id).write({"partner_id": self.customer_b.id})
        # Nothing was created or changed, and the customer is still hidden.
        self.assertEqual(self.env["sale.order"].search_count([]), orders_before)
        self.assertEqual(self.env["crm.lead"].search_count([]), leads_before)
        self.assertEqual(self.order_a.partner_id, self.customer_a)
        self.assertEqual(self.lead_a.partner_id, self.customer_a)
        self._assert_hidden(self.user_sales_a, self.customer_b | self.contact_b)
        # Own and unassigned customers are quoted as before.
        Order.create({"partner_id": self.customer_a.id})
        Order.create({"partner_id": self.customer_free.id})
        Lead.create({"name": "Free lead", "partner_id": self.customer_free.id})

    def _unassigned_documents_of(self, customer):
        """An order (with a line), a lead and a customer invoice of ``customer`` that no
        salesperson owns, as a manager or an accountant would leave them."""
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": False,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        lead = self.env["crm.lead"].create(
            {"name": f"Unassigned lead of {customer.name}", "partner_id": customer.id}
        )
        lead.user_id = False
        self.env["sdp.negotiation.round"].create({"lead_id": lead.id, "key_points": "Price"})
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_user_id": False,
                "invoice_line_ids": [
                    Command.create({"product_id": self.product.id, "price_unit": 10})
                ],
            }
        )
        return order, lead, invoice

    def _reachable(self, user, order, lead, invoice):
        """Which of the documents ``user`` finds, on each model that carries them."""
        env = self.env(user=user)
        found = {
            "order": bool(env["sale.order"].search([("id", "=", order.id)])),
            "line": bool(env["sale.order.line"].search([("order_id", "=", order.id)])),
            "lead": bool(env["crm.lead"].search([("id", "=", lead.id)])),
            "negotiation round": bool(
                env["sdp.negotiation.round"].search([("lead_id", "=", lead.id)])
            ),
            "invoice": bool(env["account.move"].search([("id", "=", invoice.id)])),
            "invoice line": bool(env["account.move.line"].search([("move_id", "=", invoice.id)])),
            "sales analysis": bool(
                env["sale.report"].search([("order_reference", "=", f"sale.order,{order.id}")])
            ),
        }
        return {name for name, seen in found.items() if seen}

    def test_unassigned_documents_of_a_hidden_customer(self):
        """P4.3.3: an order, lead or invoice without a salesperson is no way into a customer
        the user may not see: A finds none of them on any model (orders, lines, leads,
        invoices, their lines, the analysis reports) and reads none; the unassigned documents
        of customers A may see stay in A's lists as in standard Odoo."""
        self._set_company(sdp_restrict_customers=True)
        hidden = self._unassigned_documents_of(self.customer_b)
        free = self._unassigned_documents_of(self.customer_free)
        self.env.flush_all()
        everything = {
            "order",
            "line",
            "lead",
            "negotiation round",
            "invoice",
            "invoice line",
            "sales analysis",
        }
        self.assertEqual(self._reachable(self.user_sales_a, *hidden), set())
        self.assertEqual(self._reachable(self.user_sales_a, *free), everything)
        for record in hidden:
            with self.assertRaises(AccessError, msg=str(record)):
                record.with_user(self.user_sales_a).read(["partner_id"])
        for record in free:
            record.with_user(self.user_sales_a).read(["partner_id"])
        # Taking one is refused like reading it: nothing changes.
        order, lead, invoice = hidden
        with self.assertRaises(AccessError):
            order.with_user(self.user_sales_a).write({"user_id": self.user_sales_a.id})
        with self.assertRaises(AccessError):
            lead.with_user(self.user_sales_a).write({"user_id": self.user_sales_a.id})
        self.assertFalse(order.user_id or lead.user_id)
        # B (the customer's salesperson), the leader of B's team, managers and reviewers see
        # them; so does an accountant who is also a salesperson, on the invoice.
        self.team_b.user_id = self.user_leader
        for user in (self.user_sales_b, self.user_leader, self.user_manager, self.user_legal):
            self.assertEqual(self._reachable(user, *hidden), everything, user.login)
        self.user_sales_a.groups_id = [
            Command.link(self.env.ref("account.group_account_invoice").id)
        ]
        self.assertEqual(
            self._reachable(self.user_sales_a, *hidden),
            {"invoice", "invoice line"},
        )
        self.user_sales_a.groups_id = [
            Command.unlink(self.env.ref("account.group_account_invoice").id)
        ]
        # The manager assigns the order to A: A works on it and reads its customer.
        order.with_user(self.user_manager).write({"user_id": self.user_sales_a.id})
        order.with_user(self.user_sales_a).write({"note": "Called the buyer"})
        self._assert_visible(self.user_sales_a, self.customer_b)
        # With the switch off, standard Odoo: every unassigned document is listed again.
        self._set_company(sdp_restrict_customers=False)
        self.assertEqual(self._reachable(self.user_sales_a, *hidden), everything)

    def test_restriction_follows_the_customer_company(self):
        """P4.3.3: a customer of company A is restricted when A restricts, whatever company the
        user works in at the moment; a customer without a company when any active one does."""
        self._set_company(sdp_restrict_customers=True)
        self.assertFalse(self.company_b.sdp_restrict_customers)
        user = self.user_sales_ab
        both_b_first = {"allowed_company_ids": [self.company_b.id, self.company.id]}
        # Current company B (switch off), A also active: A's customers stay restricted.
        self._assert_hidden(user, self.customer_b_in_a | self.customer_b, **both_b_first)
        # Company B's own customers follow B's switch (off).
        self._assert_visible(user, self.customer_b_in_b, **both_b_first)
        # Only company B active: a customer without a company follows B (off).
        self._assert_visible(
            user, self.customer_b | self.customer_b_in_b, allowed_company_ids=[self.company_b.id]
        )
        # Orders follow: no quotation in company B for company A's restricted customer.
        Order = self.env["sale.order"].with_user(user).with_context(**both_b_first)
        with self.assertRaisesMsg(UserError, "P4.3.3"):
            Order.create({"partner_id": self.customer_b_in_a.id, "company_id": self.company_b.id})
        # Company B restricts too; A stops: the switch applies at once (rule cache cleared).
        self.company_b.sdp_restrict_customers = True
        self._set_company(sdp_restrict_customers=False)
        self._assert_visible(user, self.customer_b_in_a, **both_b_first)
        self._assert_hidden(user, self.customer_b_in_b, **both_b_first)
        self._assert_visible(user, self.customer_b, allowed_company_ids=[self.company.id])
        self._assert_hidden(user, self.customer_b, **both_b_first)

    def test_new_restricting_company_applies_at_once(self):
        """A company created with the switch on restricts its customers at once."""
        self._assert_visible(self.user_sales_a, self.customer_b)
        company_c = self.env["res.company"].create(
            {"name": "SDP Company C", "sdp_restrict_customers": True}
        )
        self.customer_b.company_id = company_c
        self.user_sales_a.company_ids = [Command.link(company_c.id)]
        self._assert_hidden(
            self.user_sales_a,
            self.customer_b,
            allowed_company_ids=[self.company.id, company_c.id],
        )

    def test_documents_of_a_hidden_customer(self):
        """P4.3.3: B's customer's orders, leads, invoices and consents are out of A's reach; in
        company B, company A's are out of reach of company B's salesperson."""
        self._set_company(sdp_restrict_customers=True)
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer_b.id,
                "invoice_user_id": self.user_sales_b.id,
                "invoice_line_ids": [
                    Command.create({"product_id": self.product.id, "price_unit": 10})
                ],
            }
        )
        consent = self.env["sdp.customer.consent"].create(
            {"document": SIGNED_FORM, "partner_id": self.customer_b.id, "scope": "marketing"}
        )
        for user in (self.user_sales_a, self.user_sales_cb):
            env = self.env(user=user)
            self.assertFalse(env["sale.order"].search([("partner_id", "=", self.customer_b.id)]))
            self.assertFalse(env["crm.lead"].search([("partner_id", "=", self.customer_b.id)]))
            self.assertFalse(env["account.move"].search([("id", "=", invoice.id)]))
            for record in (self.order_b, self.lead_b, invoice):
                with self.assertRaises(AccessError, msg=f"{user.login} {record}"):
                    record.with_user(user).read(["partner_id"])
            if user == self.user_sales_a:
                self.assertFalse(env["sdp.customer.consent"].search([("id", "=", consent.id)]))
                with self.assertRaises(AccessError):
                    consent.with_user(user).read(["partner_id"])
            else:
                # Company B's salesperson does not even have the consent model's company.
                self.assertFalse(env["sdp.customer.consent"].search([("id", "=", consent.id)]))
        # B reads all of it.
        for record in (self.order_b, self.lead_b, invoice, consent):
            record.with_user(self.user_sales_b).read(["partner_id"])

    def test_messages_activities_attachments_of_a_hidden_customer(self):
        """P4.3.3: what is written on B's customer (chatter, activities, files) follows the
        customer: out of A's reach by id and by search, readable by B."""
        self._set_company(sdp_restrict_customers=True)
        message = self.customer_b.message_post(body="Prefers calls after 3 pm")
        activity = self.customer_b.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.user_sales_b.id, summary="Call back"
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": "price-list-b.txt",
                "raw": b"special prices",
                "res_model": "res.partner",
                "res_id": self.customer_b.id,
            }
        )
        env_a = self.env(user=self.user_sales_a)
        self.assertFalse(env_a["mail.message"].search([("id", "=", message.id)]))
        self.assertFalse(env_a["mail.activity"].search([("id", "=", activity.id)]))
        self.assertFalse(env_a["ir.attachment"].search([("id", "=", attachment.id)]))
        for record in (message, activity, attachment):
            with self.assertRaises(AccessError, msg=str(record)):
                record.with_user(self.user_sales_a).read(["create_date"])
        for record in (message, activity, attachment):
            record.with_user(self.user_sales_b).read(["create_date"])


@tagged("post_install", "-at_install", "sdp_privacy")
class TestCreditPrivacy(PrivacyCommon):
    def test_order_credit_summary_only_for_the_customer_people(self):
        """P4.3.3, P6.3.1: the credit figures on an order are those of the customer form: A
        opens an unassigned quotation of B's customer but reads no credit status or limit."""
        order = self.env["sale.order"].create({"partner_id": self.customer_b.id, "user_id": False})
        fnames = ["sdp_credit_state", "sdp_credit_limit", "sdp_credit_available"]
        row = order.with_user(self.user_sales_a).read(fnames)[0]
        self.assertEqual(
            (row["sdp_credit_state"], row["sdp_credit_limit"], row["sdp_credit_available"]),
            (False, 0.0, 0.0),
        )
        for user in (self.user_sales_b, self.user_credit, self.user_manager):
            self.assertEqual(
                order.with_user(user).read(fnames)[0]["sdp_credit_state"], "not_assessed"
            )
        own = self.order_a.with_user(self.user_sales_a).read(["sdp_credit_state"])[0]
        self.assertEqual(own["sdp_credit_state"], "not_assessed")

    def test_credit_summary_fields_for_sales_users_only(self):
        """P6.3.1: a plain employee and a portal user read no credit summary of anyone."""
        free = self.customer_free.with_user(self.user_internal)
        self.assertEqual(free.read(["name"])[0]["name"], self.customer_free.name)
        with self.assertRaises(AccessError):
            free.read(["sdp_credit_state"])
        with self.assertRaises(AccessError):
            free.read(["sdp_credit_available"])
        fields = self.env["res.partner"].with_user(self.user_internal).fields_get()
        self.assertFalse([f for f in fields if f.startswith("sdp_credit")])
        self.assertEqual(
            self.customer_free.with_user(self.user_sales_a).read(["sdp_credit_state"])[0][
                "sdp_credit_state"
            ],
            "not_assessed",
        )

    def _requested_assessment_with_file(self):
        assessment = (
            self.env["sdp.credit.assessment"]
            .with_user(self.user_sales_a)
            .create({"partner_id": self.customer_a.id, "request_note": "Big deal"})
        )
        officer_view = assessment.with_user(self.user_credit)
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.user_credit)
            .create(
                {
                    "name": "bank-letter.pdf",
                    "raw": b"confidential bank letter",
                    "res_model": "sdp.credit.assessment",
                    "res_id": assessment.id,
                }
            )
        )
        officer_view.write({"attachment_ids": [Command.link(attachment.id)]})
        officer_view.message_post(
            body="Bank says the customer is late everywhere", subtype_xmlid="mail.mt_note"
        )
        return assessment, attachment

    def test_credit_file_documents_stay_with_officers(self):
        """P6.3.2: the requester reads the assessment's result, never its documents (by id,
        search, download) nor the officers' notes in its chatter."""
        assessment, attachment = self._requested_assessment_with_file()
        mine = assessment.with_user(self.user_sales_a)
        self.assertEqual(mine.read(["state"])[0]["state"], "requested")
        with self.assertRaises(AccessError):
            mine.read(["attachment_ids"])
        Attachment = self.env["ir.attachment"].with_user(self.user_sales_a)
        with self.assertRaises(AccessError):
            Attachment.browse(attachment.id).read(["name", "raw"])
        with self.assertRaisesMsg(AccessError, "P6.3.2"):
            Attachment.browse(attachment.id).check_access("read")
        self.assertFalse(Attachment.search([("id", "=", attachment.id)]))
        self.assertFalse(
            Attachment.search(
                [("res_model", "=", "sdp.credit.assessment"), ("res_id", "=", assessment.id)]
            )
        )
        self.assertFalse(Attachment._filter_attachment_access(attachment.ids))
        # /web/content: ir.binary finds the attachment, then streams it as the user.
        with self.assertRaises(AccessError):
            binary = self.env["ir.binary"].with_user(self.user_sales_a)
            record = binary._find_record(res_model="ir.attachment", res_id=attachment.id)
            binary._get_stream_from(record).read()
        with self.assertRaises(AccessError):
            Attachment.browse(attachment.id).write({"name": "renamed"})
        with self.assertRaises(AccessError):
            Attachment.create(
                {"name": "x", "res_model": "sdp.credit.assessment", "res_id": assessment.id}
            )
        self.assertEqual(attachment.name, "bank-letter.pdf")
        self.env.invalidate_all()
        bodies = mine.message_ids.mapped("body")
        self.assertFalse([b for b in bodies if "late everywhere" in b])
        # The officer and the manager keep the file (the cache holds A's view of the chatter).
        self.env.invalidate_all()
        for user in (self.user_credit, self.user_manager):
            row = attachment.with_user(user).read(["raw"])[0]
            self.assertEqual(row["raw"], b"confidential bank letter")
            self.env.invalidate_all()
            bodies = assessment.with_user(user).message_ids.mapped("body")
            self.assertTrue([b for b in bodies if "late everywhere" in b])


@tagged("post_install", "-at_install", "sdp_privacy")
class TestPortalPolicyFields(PrivacyCommon):
    def test_portal_reads_no_policy_field(self):
        """P4.3.3: a portal user's own order, contact and invoice show no sdp_ field."""
        for model in POLICY_MODELS:
            if (
                not self.env["ir.model.access"]
                .with_user(self.user_portal)
                .check(model, "read", raise_exception=False)
            ):
                continue
            fields = self.env[model].with_user(self.user_portal).fields_get()
            self.assertFalse([f for f in fields if f.startswith("sdp_")], model)
        order = self.env["sale.order"].create(
            {"partner_id": self.user_portal.partner_id.id, "user_id": self.user_sales_b.id}
        )
        order.action_quotation_sent()
        mine = order.with_user(self.user_portal)
        self.assertEqual(mine.read(["name"])[0]["name"], order.name)
        for fname in ("sdp_credit_state", "sdp_credit_limit", "sdp_legal_state"):
            with self.assertRaises(AccessError, msg=fname):
                mine.read([fname])
        partner = self.user_portal.partner_id.with_user(self.user_portal)
        for fname in ("sdp_credit_state", "sdp_completeness", "sdp_potential"):
            with self.assertRaises(AccessError, msg=fname):
                partner.read([fname])
        # Employees keep reading them.
        order.with_user(self.user_sales_b).read(["sdp_credit_state", "sdp_legal_state"])
        self.user_portal.partner_id.with_user(self.user_internal).read(
            ["sdp_completeness", "sdp_potential"]
        )


@tagged("post_install", "-at_install", "sdp_privacy")
class TestPortalPages(HttpCase, PrivacyCommon):
    def test_portal_pages_render(self):
        """The portal pages of an order and the account page still render for the customer."""
        order = self.env["sale.order"].create(
            {
                "partner_id": self.user_portal.partner_id.id,
                "user_id": self.user_sales_b.id,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        order.action_quotation_sent()
        self.authenticate("sdp_portal", "sdp_portal")
        for url in ("/my/quotes", f"/my/orders/{order.id}", "/my/account", "/my"):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
        self.assertIn(order.name, self.url_open("/my/quotes").text)
        self.assertIn(order.name, self.url_open(f"/my/orders/{order.id}").text)
