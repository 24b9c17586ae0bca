"""Marketing mailings and consent (P4.3.2). Feature: customer information (mailing bridge)."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user, tagged, users

from odoo.addons.sales_dev_policy.tests.common import SalesDevPolicyCommon


@tagged("sdp_access", "post_install", "-at_install")
class TestMailingConsent(SalesDevPolicyCommon):
    """P4.3.2: with "Marketing Only with Consent", mass mailings skip customers without consent."""

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
        Consent.create({"partner_id": cls.customer_ok.id, "scope": "marketing"})
        Consent.create(
            {
                "partner_id": cls.customer_expired.id,
                "scope": "marketing",
                "date_consent": today - timedelta(days=400),
                "date_valid_until": today - timedelta(days=1),
            }
        )
        Consent.create(
            {"partner_id": cls.customer_withdrawn.id, "scope": "marketing", "active": False}
        )
        Consent.create({"partner_id": cls.customer_other_scope.id, "scope": "sharing"})

    def _partner_mailing(self):
        return self.env["mailing.mailing"].create(
            {
                "subject": "SDP spring offers",
                "body_html": "<p>Offers</p>",
                "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
                "mailing_domain": repr([("id", "in", self.partners.ids)]),
            }
        )

    def _switch(self, value):
        self.company.sdp_marketing_consent_only = value

    @users("sdp_marketer")
    def test_setting_off_is_standard(self):
        """Switch off (default): every recipient of the domain gets the mailing."""
        self.assertFalse(self.company.sdp_marketing_consent_only)
        mailing = self._partner_mailing()
        self.assertEqual(mailing.total, len(self.partners))
        self.assertEqual(mailing.sdp_consent_excluded_count, 0)
        self.assertEqual(sorted(mailing._get_recipients()), sorted(self.partners.ids))

    @users("sdp_marketer")
    def test_only_consenting_customers_counted_and_warned(self):
        """P4.3.2: no, expired, withdrawn or non-marketing consent: excluded; the form says so."""
        self._switch(True)
        mailing = self._partner_mailing()
        allowed = self.customer_ok | self.contact_ok
        self.assertEqual(sorted(mailing._get_recipients()), sorted(allowed.ids))
        self.assertEqual(mailing.total, 2)
        self.assertEqual(mailing.sdp_consent_excluded_count, 4)
        arch = mailing.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("sdp_consent_excluded_count", arch)
        self.assertIn("P4.3.2", arch)

    def test_send_skips_customers_without_consent(self):
        """P4.3.2: the sending itself (scheduled queue) leaves out customers without consent."""
        self._switch(True)
        mailing = self._partner_mailing().with_user(self.user_marketer)
        mailing.action_launch()
        self.assertEqual(mailing.state, "in_queue")
        self.env["mailing.mailing"]._process_mass_mailing_queue()
        self.assertEqual(mailing.state, "done")
        self.assertEqual(
            # sudo: the test reads or prepares data beyond the user's rights
            sorted(mailing.sudo().mailing_trace_ids.mapped("res_id")),
            sorted((self.customer_ok | self.contact_ok).ids),
        )

    def test_send_without_switch_reaches_everyone(self):
        mailing = self._partner_mailing().with_user(self.user_marketer)
        mailing.action_launch()
        self.env["mailing.mailing"]._process_mass_mailing_queue()
        self.assertEqual(
            # sudo: the test reads or prepares data beyond the user's rights
            sorted(mailing.sudo().mailing_trace_ids.mapped("res_id")),
            sorted(self.partners.ids),
        )

    @users("sdp_marketer")
    def test_consent_given_later_includes_the_customer(self):
        """Recording a valid consent brings the customer back into the audience."""
        self._switch(True)
        mailing = self._partner_mailing()
        self.assertNotIn(self.customer_none.id, mailing._get_recipients())
        # sudo: the test reads or prepares data beyond the user's rights
        self.env["sdp.customer.consent"].sudo().create(
            {"partner_id": self.customer_none.id, "scope": "marketing"}
        )
        self.assertIn(self.customer_none.id, mailing._get_recipients())

    @users("sdp_marketer_crm")
    def test_lead_mailing(self):
        """Leads: only those whose customer consented; leads without customer are left out."""
        # sudo: the test reads or prepares data beyond the user's rights
        Lead = self.env["crm.lead"].sudo()
        lead_ok = Lead.create({"name": "SDP lead ok", "partner_id": self.contact_ok.id})
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
        self.assertEqual(sorted(mailing._get_recipients()), sorted(leads.ids))
        self._switch(True)
        mailing.invalidate_recordset()
        self.assertEqual(mailing._get_recipients(), lead_ok.ids)
        self.assertEqual(mailing.sdp_consent_excluded_count, 2)

    @users("sdp_marketer")
    def test_mailing_list_contacts(self):
        """List contacts with a customer's e-mail need its consent; other subscribers stay."""
        mailing_list = self.env["mailing.list"].create(
            {
                "name": "SDP newsletter",
                "contact_ids": [
                    Command.create({"name": "Buyer", "email": "buyer@ok.com"}),
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
        kept = self.env["mailing.contact"].browse(mailing._get_recipients())
        self.assertEqual(sorted(kept.mapped("email")), ["buyer@ok.com", "fan@example.com"])
        self.assertEqual(mailing.sdp_consent_excluded_count, 1)

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
        self.assertEqual(sorted(mailing._get_recipients()), sorted(self.partners.ids))
        self.assertEqual(mailing.sdp_consent_excluded_count, 0)
