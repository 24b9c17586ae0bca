"""Marketing mailings and consent (P4.3.2). Feature: customer information (mailing bridge)."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user, tagged, users

from odoo.addons.mail.tests.common import MockEmail
from odoo.addons.sales_dev_policy.tests.common import SIGNED_FORM, SalesDevPolicyCommon


@tagged("sdp_privacy", "sdp_access", "post_install", "-at_install")
class TestMailingConsent(SalesDevPolicyCommon, MockEmail):
    """P4.3.2: with "Marketing Only with Consent", marketing mailings reach only the people who
    consented. Sending goes through Odoo's mocked mail gateway (no SMTP server in tests), so the
    traces say what a real sending would."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_marketer = new_test_user(
            cls.env,
            login="sdp_marketer",
            name="Marketer",
            email="marketer@example.com",
            groups="mass_mailing.group_mass_mailing_user",
        )
        cls.user_marketer_crm = new_test_user(
            cls.env,
            login="sdp_marketer_crm",
            name="Marketer with leads",
            email="marketer.crm@example.com",
            groups="mass_mailing.group_mass_mailing_user,sales_team.group_sale_salesman_all_leads",
        )
        Partner = cls.env["res.partner"]
        cls.customer_ok = Partner.create(
            {"name": "SDP Consenting", "is_company": True, "email": "ok@example.com"}
        )
        cls.contact_ok = Partner.create(
            {
                "name": "SDP Consenting Buyer",
                "parent_id": cls.customer_ok.id,
                "email": "buyer@ok.com",
            }
        )
        cls.customer_none = Partner.create(
            {"name": "SDP No Consent", "is_company": True, "email": "none@example.com"}
        )
        cls.customer_expired = Partner.create(
            {"name": "SDP Expired Consent", "is_company": True, "email": "exp@example.com"}
        )
        cls.customer_withdrawn = Partner.create(
            {"name": "SDP Withdrawn Consent", "is_company": True, "email": "wd@example.com"}
        )
        cls.customer_other_scope = Partner.create(
            {"name": "SDP Sharing Consent", "is_company": True, "email": "share@example.com"}
        )
        cls.partners = (
            cls.customer_ok
            | cls.contact_ok
            | cls.customer_none
            | cls.customer_expired
            | cls.customer_withdrawn
            | cls.customer_other_scope
        )
        today = fields.Date.today()
        Consent = cls.env["sdp.customer.consent"]
        Consent.create(
            {"document": SIGNED_FORM, "partner_id": cls.customer_ok.id, "scope": "marketing"}
        )
        Consent.create(
            {
                "document": SIGNED_FORM,
                "partner_id": cls.customer_expired.id,
                "scope": "marketing",
                "date_consent": today - timedelta(days=400),
                "date_valid_until": today - timedelta(days=1),
            }
        )
        granted = Consent.create(
            {"document": SIGNED_FORM, "partner_id": cls.customer_withdrawn.id, "scope": "marketing"}
        )
        Consent._sdp_withdraw(cls.customer_withdrawn, granted.company_id, source="email")
        Consent.create(
            {"document": SIGNED_FORM, "partner_id": cls.customer_other_scope.id, "scope": "sharing"}
        )

    def _partner_mailing(self, partners=None):
        return self.env["mailing.mailing"].create(
            {
                "subject": "SDP spring offers",
                "body_html": "<p>Offers</p>",
                "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
                "mailing_domain": repr([("id", "in", (partners or self.partners).ids)]),
            }
        )

    def _switch(self, value):
        self.company.sdp_marketing_consent_only = value

    def _reached(self, mailing):
        """Records the mailing e-mailed, and those it left out as opted out (P4.3.2)."""
        # sudo: traces are the marketing team's statistics; the test reads them whole.
        traces = mailing.sudo().mailing_trace_ids
        sent = traces.filtered(lambda t: t.trace_status != "cancel")
        opted_out = traces.filtered(lambda t: t.failure_type == "mail_optout")
        return sorted(sent.mapped("res_id")), sorted(opted_out.mapped("res_id"))

    def _send_queue(self, mailing):
        mailing.with_user(self.user_marketer).action_launch()
        with self.mock_mail_gateway():
            self.env["mailing.mailing"]._process_mass_mailing_queue()
        self.assertEqual(mailing.state, "done")

    @users("sdp_marketer")
    def test_setting_off_is_standard(self):
        """Switch off (default): every recipient of the domain gets the mailing."""
        self.assertFalse(self.company.sdp_marketing_consent_only)
        mailing = self._partner_mailing()
        self.assertEqual(mailing.total, len(self.partners))
        self.assertEqual(mailing.sdp_consent_excluded_count, 0)
        self.assertEqual(sorted(mailing._get_recipients()), sorted(self.partners.ids))

    @users("sdp_marketer")
    def test_form_warns_of_people_without_consent(self):
        """P4.3.2: no, expired, withdrawn, non-marketing or someone else's consent: the form
        counts those the mailing will not reach."""
        self._switch(True)
        mailing = self._partner_mailing()
        self.assertEqual(mailing.sdp_consent_excluded_count, 5)
        arch = mailing.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("sdp_consent_excluded_count", arch)
        self.assertIn("P4.3.2", arch)

    def test_send_reaches_only_consenting_people(self):
        """P4.3.2: the queue sends to the person who consented; the others, the company's other
        contact included, get no e-mail and an "opted out" trace."""
        self._switch(True)
        mailing = self._partner_mailing()
        self._send_queue(mailing)
        sent, opted_out = self._reached(mailing)
        self.assertEqual(sent, self.customer_ok.ids)
        self.assertEqual(opted_out, sorted((self.partners - self.customer_ok).ids))
        # What left through the (mocked) mail gateway: one e-mail, to the consenting person.
        self.assertEqual(len(self._mails), 1)
        self.assertIn("ok@example.com", str(self._mails[0]["email_to"]))

    def test_send_without_switch_reaches_everyone(self):
        mailing = self._partner_mailing()
        self._send_queue(mailing)
        self.assertEqual(self._reached(mailing), (sorted(self.partners.ids), []))

    def test_explicit_record_ids_follow_consent(self):
        """Sending to chosen records (``action_send_mail(res_ids)``) applies the same rule."""
        self._switch(True)
        mailing = self._partner_mailing().with_user(self.user_marketer)
        with self.mock_mail_gateway():
            mailing.action_send_mail(res_ids=(self.customer_none | self.customer_ok).ids)
        self.assertEqual(self._reached(mailing), (self.customer_ok.ids, self.customer_none.ids))

    def test_composer_with_mailing_follows_consent(self):
        """The mass-mail composer sending a mailing (``mass_mailing_id`` set) applies it too,
        whatever context the caller sends."""
        self._switch(True)
        mailing = self._partner_mailing()
        composer = (
            self.env["mail.compose.message"]
            .with_user(self.user_marketer)
            .with_context(
                active_ids=(self.customer_none | self.customer_ok).ids,
                default_composition_mode="mass_mail",
                sdp_skip_consent=True,
                mass_mailing_seen_list=[],
            )
            .create(
                {
                    "composition_mode": "mass_mail",
                    "model": "res.partner",
                    "mass_mailing_id": mailing.id,
                    "subject": "Offers",
                    "body": "<p>Offers</p>",
                    "use_exclusion_list": False,
                }
            )
        )
        with self.mock_mail_gateway():
            composer._action_send_mail()
        self.assertEqual(self._reached(mailing), (self.customer_ok.ids, self.customer_none.ids))

    def test_mass_sending_documents_is_not_marketing(self):
        """Mass-sending quotations with the composer, without a mailing, stays standard."""
        self._switch(True)
        product = self.env["product.product"].create({"name": "SDP widget"})
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
                for partner in (self.customer_none | self.customer_ok)
            ]
        )
        composer = (
            self.env["mail.compose.message"]
            .with_context(active_ids=orders.ids, default_composition_mode="mass_mail")
            .create(
                {
                    "composition_mode": "mass_mail",
                    "model": "sale.order",
                    "subject": "Your quotation",
                    "body": "<p>Quotation</p>",
                    "partner_ids": [],
                }
            )
        )
        with self.mock_mail_gateway():
            mails = composer._action_send_mail()[0]
        self.assertEqual(len(mails), 2)
        self.assertFalse(mails.filtered(lambda m: m.failure_type == "mail_optout"))

    def test_mailing_on_orders_follows_customer_consent(self):
        """A mailing on another model (sale orders) reaches only consenting customers."""
        self._switch(True)
        product = self.env["product.product"].create({"name": "SDP widget"})
        order_ok, order_none = self.env["sale.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
                for partner in (self.customer_ok, self.customer_none)
            ]
        )
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "SDP order offers",
                "body_html": "<p>Offers</p>",
                "mailing_model_id": self.env["ir.model"]._get_id("sale.order"),
                "mailing_domain": repr([("id", "in", (order_ok | order_none).ids)]),
            }
        )
        self.assertEqual(mailing.sdp_consent_excluded_count, 1)
        with self.mock_mail_gateway():
            mailing.action_send_mail()
        self.assertEqual(self._reached(mailing), (order_ok.ids, order_none.ids))

    def test_consent_to_another_company_does_not_count(self):
        """A consent is given to one company: company B's consent does not open company A's
        mailing, and B's mailing needs B's consent."""
        self._switch(True)
        company_b = self.env["res.company"].create({"name": "SDP Marketing Company B"})
        self.env["sdp.customer.consent"].create(
            {
                "document": SIGNED_FORM,
                "partner_id": self.customer_none.id,
                "scope": "marketing",
                "company_id": company_b.id,
            }
        )
        mailing = self._partner_mailing(self.customer_none | self.customer_ok)
        with self.mock_mail_gateway():
            mailing.action_send_mail()
        self.assertEqual(self._reached(mailing), (self.customer_ok.ids, self.customer_none.ids))

    def test_withdrawal_takes_effect_at_once(self):
        """A withdrawal recorded today stops the next e-mail; a new consent after it restores."""
        self._switch(True)
        Consent = self.env["sdp.customer.consent"]
        Consent._sdp_withdraw(self.customer_ok, self.company, source="email")
        mailing = self._partner_mailing(self.customer_ok)
        self.assertEqual(mailing.sdp_consent_excluded_count, 1)
        Consent.create(
            {"document": SIGNED_FORM, "partner_id": self.customer_ok.id, "scope": "marketing"}
        )
        mailing.invalidate_recordset()
        self.assertEqual(mailing.sdp_consent_excluded_count, 0)

    def test_lead_mailing(self):
        """Leads reach a consenting person's address; leads of others or of unknown addresses
        are left out."""
        self._switch(True)
        Lead = self.env["crm.lead"]
        lead_ok = Lead.create({"name": "SDP lead ok", "partner_id": self.customer_ok.id})
        lead_none = Lead.create({"name": "SDP lead none", "partner_id": self.customer_none.id})
        lead_prospect = Lead.create({"name": "SDP prospect", "email_from": "p@example.com"})
        leads = lead_ok | lead_none | lead_prospect
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "SDP lead offers",
                "body_html": "<p>Offers</p>",
                "mailing_model_id": self.env["ir.model"]._get_id("crm.lead"),
                "mailing_domain": repr([("id", "in", leads.ids)]),
            }
        )
        self.assertEqual(mailing.with_user(self.user_marketer_crm).sdp_consent_excluded_count, 2)
        with self.mock_mail_gateway():
            mailing.with_user(self.user_marketer_crm).action_send_mail()
        self.assertEqual(
            self._reached(mailing), (lead_ok.ids, sorted((lead_none | lead_prospect).ids))
        )

    @users("sdp_marketer")
    def test_mailing_list_contacts(self):
        """List subscribers whose address is a customer's person need that person's consent;
        subscribers of no customer opted in to the list and stay."""
        mailing_list = self.env["mailing.list"].create(
            {
                "name": "SDP newsletter",
                "contact_ids": [
                    Command.create({"name": "Buyer", "email": "ok@example.com"}),
                    Command.create({"name": "No consent", "email": "none@example.com"}),
                    Command.create({"name": "Subscriber", "email": "fan@example.com"}),
                ],
            }
        )
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "SDP newsletter",
                "body_html": "<p>News</p>",
                "mailing_model_id": self.env["ir.model"]._get_id("mailing.list"),
                "contact_list_ids": [Command.link(mailing_list.id)],
            }
        )
        self.assertEqual(mailing.total, 3)
        self._switch(True)
        mailing.invalidate_recordset()
        self.assertEqual(mailing.sdp_consent_excluded_count, 1)
        with self.mock_mail_gateway():
            mailing.action_send_mail()
        # sudo: traces are the marketing team's statistics; the test reads them whole.
        traces = mailing.sudo().mailing_trace_ids
        self.assertEqual(
            sorted(traces.filtered(lambda t: t.trace_status != "cancel").mapped("email")),
            ["fan@example.com", "ok@example.com"],
        )
        self.assertEqual(
            traces.filtered(lambda t: t.failure_type == "mail_optout").mapped("email"),
            ["none@example.com"],
        )

    def test_company_b_setting_is_its_own(self):
        """The switch of the mailing responsible's company applies (company B: off)."""
        self._switch(True)
        company_b = self.env["res.company"].create({"name": "SDP Marketing Company B"})
        marketer_b = new_test_user(
            self.env,
            login="sdp_marketer_b",
            groups="mass_mailing.group_mass_mailing_user",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        mailing = self._partner_mailing().with_user(marketer_b)
        # sudo: the test reads or prepares data beyond the user's rights
        mailing.sudo().user_id = marketer_b
        self.assertEqual(mailing.sdp_consent_excluded_count, 0)
        with self.mock_mail_gateway():
            mailing.action_send_mail()
        self.assertEqual(self._reached(mailing), (sorted(self.partners.ids), []))
