"""Consent per person, per company and per purpose, and its withdrawal (P4.3.2; PDPA Art. 7,
19, 20). Feature: customer information."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged, users

from .common import SIGNED_FORM
from .common_customer_info import AccessCommon


@tagged("sdp_privacy", "sdp_access", "post_install", "-at_install")
class TestConsent(AccessCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.buyer_a = Partner.create(
            {"name": "SDP Buyer of A", "parent_id": cls.customer_a.id, "email": "buy@a.example"}
        )
        cls.engineer_a = Partner.create(
            {"name": "SDP Engineer of A", "parent_id": cls.customer_a.id, "email": "eng@a.example"}
        )
        cls.company_2 = cls.env["res.company"].create({"name": "SDP Consent Company 2"})
        cls.Consent = cls.env["sdp.customer.consent"]

    def _consenting(self, company=None):
        return self.env["res.partner"]._sdp_consent_partner_ids(company or self.company)

    @users("sdp_sales_a")
    def test_consent_is_personal(self):
        """A contact's consent covers that person only, not the other contacts of the customer
        nor the customer's company address."""
        consent = self.env["sdp.customer.consent"].create(
            {
                "document": SIGNED_FORM,
                "partner_id": self.buyer_a.id,
                "scope": "marketing",
                "source": "signed",
            }
        )
        self.assertTrue(consent.is_valid)
        self.assertIn(self.buyer_a.id, self._consenting())
        self.assertNotIn(self.engineer_a.id, self._consenting())
        self.assertNotIn(self.customer_a.id, self._consenting())
        Partner = self.env["res.partner"]
        self.assertTrue(Partner.browse(self.buyer_a.id).sdp_has_marketing_consent)
        self.assertFalse(Partner.browse(self.engineer_a.id).sdp_has_marketing_consent)
        self.assertEqual(
            Partner.search(
                [("parent_id", "=", self.customer_a.id), ("sdp_has_marketing_consent", "=", True)]
            ),
            self.buyer_a,
        )

    def test_consent_is_per_company_and_purpose(self):
        """A consent to company 2, or for sharing, does not allow the company's marketing."""
        self.Consent.create(
            {
                "document": SIGNED_FORM,
                "partner_id": self.buyer_a.id,
                "scope": "marketing",
                "company_id": self.company_2.id,
            }
        )
        self.Consent.create(
            {"document": SIGNED_FORM, "partner_id": self.engineer_a.id, "scope": "sharing"}
        )
        self.assertNotIn(self.buyer_a.id, self._consenting())
        self.assertIn(self.buyer_a.id, self._consenting(self.company_2))
        self.assertNotIn(self.engineer_a.id, self._consenting())
        partner = self.buyer_a.with_company(self.company_2)
        self.assertTrue(partner.sdp_has_marketing_consent)
        self.assertFalse(self.buyer_a.with_company(self.company).sdp_has_marketing_consent)

    @users("sdp_sales_a")
    def test_withdrawal_is_a_dated_record_effective_at_once(self):
        """Withdrawing records who, how and when; the consent stops counting the same day and
        stays in the history; a later consent counts again."""
        consent = self.env["sdp.customer.consent"].create(
            {"document": SIGNED_FORM, "partner_id": self.buyer_a.id, "scope": "marketing"}
        )
        action = consent.action_withdraw()
        self.assertEqual(action["context"]["default_kind"], "withdrawal")
        withdrawal = (
            self.env["sdp.customer.consent"]
            .with_context(**action["context"])
            .create({"source": "email", "note": "Asked by e-mail"})
        )
        self.assertEqual(withdrawal.kind, "withdrawal")
        self.assertEqual(withdrawal.partner_id, self.buyer_a)
        self.assertEqual(withdrawal.user_id, self.user_sales_a)
        self.assertEqual(withdrawal.date_consent, self.company._sdp_today())
        consent.invalidate_recordset(["is_valid"])
        self.assertFalse(consent.is_valid)
        self.assertTrue(consent.active, "the consent stays in the history")
        self.assertNotIn(self.buyer_a.id, self._consenting())
        with self.assertRaisesMsg(UserError, "nothing to withdraw"):
            consent.action_withdraw()
        with freeze_time(self.company._sdp_today() + timedelta(days=2)):
            again = self.env["sdp.customer.consent"].create(
                {"document": SIGNED_FORM, "partner_id": self.buyer_a.id, "scope": "marketing"}
            )
            self.assertTrue(again.is_valid)
            self.assertIn(self.buyer_a.id, self._consenting())

    def test_withdrawal_programmatic_and_same_day(self):
        """The same day, the later record wins: a consent given then withdrawn is not valid."""
        consent = self.Consent.create(
            {"document": SIGNED_FORM, "partner_id": self.buyer_a.id, "scope": "marketing"}
        )
        self.Consent._sdp_withdraw(self.buyer_a, self.company, source="verbal")
        consent.invalidate_recordset(["is_valid"])
        self.assertFalse(consent.is_valid)
        self.assertFalse(self.buyer_a.sdp_has_marketing_consent)

    @users("sdp_sales_a")
    def test_recorded_consent_cannot_be_rewritten(self):
        """Who, what, when and how stay as recorded: changing them is refused, nothing changes."""
        consent = self.env["sdp.customer.consent"].create(
            {"document": SIGNED_FORM, "partner_id": self.buyer_a.id, "scope": "marketing"}
        )
        for vals in (
            {"partner_id": self.engineer_a.id},
            {"scope": "sharing"},
            {"kind": "withdrawal"},
            {"date_consent": consent.date_consent - timedelta(days=30)},
            {"source": "web"},
            {"user_id": self.user_manager.id},
        ):
            with self.assertRaisesMsg(UserError, "cannot be changed; record a withdrawal"):
                consent.write(vals)
        consent.invalidate_recordset()
        self.assertEqual(
            (consent.partner_id, consent.scope, consent.kind, consent.user_id),
            (self.buyer_a, "marketing", "grant", self.user_sales_a),
        )
        consent.note = "Signed at the trade fair"
        self.assertEqual(consent.note, "Signed at the trade fair")

    @users("sdp_sales_a")
    def test_recorded_by_is_the_recorder(self):
        """ "Recorded By" is who recorded it, whatever the caller sends."""
        consent = self.env["sdp.customer.consent"].create(
            {
                "document": SIGNED_FORM,
                "partner_id": self.buyer_a.id,
                "user_id": self.user_manager.id,
            }
        )
        self.assertEqual(consent.user_id, self.user_sales_a)

    def test_withdrawal_has_no_end_date(self):
        with self.assertRaisesMsg(UserError, "no end date"):
            self.Consent.with_user(self.user_sales_a).create(
                {
                    "partner_id": self.buyer_a.id,
                    "kind": "withdrawal",
                    "date_valid_until": self.company._sdp_today(),
                }
            )

    def test_only_a_manager_archives_a_mistake(self):
        consent = self.Consent.create(
            {"document": SIGNED_FORM, "partner_id": self.buyer_a.id, "scope": "marketing"}
        )
        with self.assertRaises(AccessError):
            consent.with_user(self.user_sales_a).action_archive()
        self.assertTrue(consent.active)
        consent.with_user(self.user_manager).action_archive()
        self.assertFalse(consent.active)
        self.assertNotIn(self.buyer_a.id, self._consenting())


@tagged("sdp_privacy", "sdp_access", "post_install", "-at_install")
class TestPrivacyNotice(AccessCommon):
    """Notice at collection (告知事項, PDPA Art. 8/9): the company's text, and on leads and
    contacts when and how it was given."""

    @users("sdp_sales_a")
    def test_salesperson_records_the_notice(self):
        lead = self.env["crm.lead"].browse(self.lead_a.id)
        self.assertFalse(lead.sdp_notice_date)
        self.assertIn("Art. 8", lead.sdp_privacy_notice)
        lead.action_sdp_record_notice()
        self.assertEqual(
            (lead.sdp_notice_date, lead.sdp_notice_method, lead.sdp_notice_user_id),
            (self.company._sdp_today(), "written", self.user_sales_a),
        )
        partner = self.env["res.partner"].browse(self.customer_a.id)
        partner.write(
            {
                "sdp_notice_date": self.company._sdp_today(),
                "sdp_notice_method": "verbal",
                "sdp_notice_user_id": self.user_manager.id,
            }
        )
        self.assertEqual(partner.sdp_notice_user_id, self.user_sales_a, "who recorded it")
        with self.assertRaisesMsg(UserError, "Unknown way"):
            lead.action_sdp_record_notice("carrier pigeon")

    def test_notice_text_is_the_companys(self):
        self.company_b.sdp_privacy_notice = "<p>Company B notice (PDPO DPP1)</p>"
        lead = self.lead_a.with_company(self.company_b)
        self.assertIn("Company B notice", lead.sdp_privacy_notice)
        self.assertIn("Art. 8", self.lead_a.with_company(self.company).sdp_privacy_notice)

    def test_completeness_can_require_the_notice(self):
        """Activating the (shipped, inactive) requirement makes the notice part of the score."""
        requirement = self.env.ref("sales_dev_policy.sdp_info_requirement_partner_notice")
        self.assertFalse(requirement.active)
        before = self.customer_a.sdp_completeness
        requirement.active = True
        self.run_cron(self.env["sdp.info.requirement"], "_cron_sdp_rescore_completeness")
        self.customer_a.invalidate_recordset(["sdp_completeness"])
        self.assertLess(self.customer_a.sdp_completeness, before)
        self.assertIn("Privacy Notice Given On", self.customer_a.sdp_info_missing)
        required = self.customer_a.sdp_completeness
        self.customer_a.with_user(self.user_sales_a).action_sdp_record_notice()
        self.assertNotIn("Privacy Notice Given On", self.customer_a.sdp_info_missing or "")
        self.assertGreater(self.customer_a.sdp_completeness, required)

    def test_portal_reads_no_notice_field(self):
        portal_partner = self.user_portal.partner_id
        portal_partner.action_sdp_record_notice()
        fields_read = portal_partner.with_user(self.user_portal).fields_get()
        self.assertFalse([name for name in fields_read if name.startswith("sdp_notice")])
        with self.assertRaises(AccessError):
            portal_partner.with_user(self.user_portal).read(["sdp_notice_date"])


@tagged("sdp_privacy", "sdp_access", "post_install", "-at_install")
class TestWrittenConsent(AccessCommon):
    """P4.3.2: information is used for other purposes only with the person's *written* consent:
    a signed form, e-mail or web form with its document, or a declaration the person made on the
    customer portal. A verbal consent is recorded as such and permits nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer = cls.env["res.partner"].create(
            {"name": "SDP Written Buyer", "parent_id": cls.customer_a.id, "email": "w@a.example"}
        )

    def _consenting(self, scope="marketing"):
        return self.env["res.partner"]._sdp_consent_partner_ids(self.company, scope)

    @users("sdp_sales_a")
    def test_verbal_or_undocumented_consent_permits_nothing(self):
        Consent = self.env["sdp.customer.consent"]
        verbal = Consent.create(
            {"partner_id": self.buyer.id, "scope": "marketing", "source": "verbal"}
        )
        signed_without_form = Consent.create(
            {"partner_id": self.buyer.id, "scope": "marketing", "source": "signed"}
        )
        self.assertFalse(verbal.is_written)
        self.assertFalse(verbal.is_valid)
        self.assertFalse(signed_without_form.is_valid)
        self.assertNotIn(self.buyer.id, self._consenting())
        self.assertFalse(self.buyer.sdp_has_marketing_consent)
        # Attaching the signed form later makes it written, and in effect.
        signed_without_form.write({"document": SIGNED_FORM, "document_name": "consent.pdf"})
        self.assertTrue(signed_without_form.is_written)
        self.assertTrue(signed_without_form.is_valid)
        self.assertIn(self.buyer.id, self._consenting())
        # A verbal consent stays verbal whatever is attached to it.
        verbal.write({"document": SIGNED_FORM})
        self.assertFalse(verbal.is_written)

    @users("sdp_sales_a")
    def test_written_proof_stays_as_recorded(self):
        consent = self.env["sdp.customer.consent"].create(
            {"partner_id": self.buyer.id, "document": SIGNED_FORM}
        )
        with self.assertRaisesMsg(UserError, "written proof"):
            consent.write({"document": False})
        self.assertTrue(consent.document)
        self.assertTrue(consent.is_valid)

    def test_written_proof_not_touched_as_an_attachment(self):
        """The attachment holding a consent's document is not replaced, removed or added on its
        own (ir.attachment over RPC): the consent would stay written without its proof."""
        consent = self.env["sdp.customer.consent"].create(
            {"partner_id": self.buyer.id, "document": SIGNED_FORM}
        )
        bare = self.env["sdp.customer.consent"].create(
            {"partner_id": self.buyer.id, "source": "signed"}
        )
        proof = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "sdp.customer.consent"),
                ("res_id", "=", consent.id),
                ("res_field", "=", "document"),
            ]
        )
        self.assertEqual(len(proof), 1)
        Attachment = self.env["ir.attachment"].with_user(self.user_sales_a)
        with self.assertRaisesMsg(UserError, "written proof"):
            proof.with_user(self.user_sales_a).unlink()
        with self.assertRaisesMsg(UserError, "written proof"):
            proof.with_user(self.user_sales_a).write({"datas": SIGNED_FORM})
        with self.assertRaisesMsg(UserError, "written proof"):
            Attachment.create(
                {
                    "name": "document",
                    "res_model": "sdp.customer.consent",
                    "res_id": bare.id,
                    "res_field": "document",
                    "datas": SIGNED_FORM,
                }
            )
        self.assertTrue(proof.exists())
        self.assertTrue(consent.is_written)
        self.assertFalse(bare.is_written)

    @users("sdp_sales_a")
    def test_portal_declaration_is_the_persons_own(self):
        """Nobody records a portal declaration for the customer: over RPC as over the form."""
        Consent = self.env["sdp.customer.consent"]
        for vals in (
            {"source": "portal"},
            {"source": "web", "declaration_text": "I agree", "declared_by_id": self.env.uid},
            {"date_declared": "2026-01-01 10:00:00"},
        ):
            with self.subTest(vals=vals), self.assertRaisesMsg(UserError, "own acceptance"):
                Consent.create({"partner_id": self.buyer.id, **vals})
        self.assertFalse(Consent.search([("partner_id", "=", self.buyer.id)]))

    def test_company_counting_every_consent(self):
        """A company that recorded consents before the rule (the upgrade keeps it so) counts a
        recorded consent without its document until it switches the rule on."""
        consent = self.env["sdp.customer.consent"].create(
            {"partner_id": self.buyer.id, "source": "signed"}
        )
        self.assertNotIn(self.buyer.id, self._consenting())
        # sudo: the administrator's setting, as the settings page writes it.
        self.company.sudo().write(
            {"sdp_consent_written_only": False, "sdp_policy_relax_reason": "Forms being scanned"}
        )
        consent.invalidate_recordset(["is_valid"])
        self.assertTrue(consent.is_valid)
        self.assertIn(self.buyer.id, self._consenting())

    @users("sdp_manager")
    def test_export_for_third_parties_has_only_consenting_people(self):
        """P4.3.2: the export for third parties (Customers for Third Parties) contains only
        people with a written consent to share; a marketing consent is not one."""
        # sudo: the consents are recorded beforehand, by whoever records them.
        Consent = self.env["sdp.customer.consent"].sudo()
        Consent.create(
            {"partner_id": self.customer_a.id, "scope": "sharing", "document": SIGNED_FORM}
        )
        Consent.create(
            {"partner_id": self.customer_b.id, "scope": "marketing", "document": SIGNED_FORM}
        )
        Consent.create({"partner_id": self.buyer.id, "scope": "sharing", "source": "verbal"})
        partners = self.env["res.partner"].browse(
            (self.customer_a | self.customer_b | self.buyer).ids
        )
        self.assertEqual(len(partners.export_data(["name"])["datas"]), 3)
        shared = partners.with_context(sdp_sharing_export=True).export_data(["name"])["datas"]
        self.assertEqual(shared, [[self.customer_a.name]])
        found = self.env["res.partner"].search(
            [("id", "in", partners.ids), ("sdp_has_sharing_consent", "=", True)]
        )
        self.assertEqual(found, self.customer_a)


@tagged("sdp_privacy", "sdp_access", "post_install", "-at_install")
class TestPortalConsentDeclaration(HttpCase):
    """P4.3.2: the customer gives and withdraws their consent themselves on the portal; the
    declaration is recorded with its date, its exact text and the person's own account."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env, login="sdp_portal_consent", groups="base.group_portal", name="Portal Person"
        )
        cls.company = cls.env.company

    def _decide(self, scope, decision):
        return self.url_open(
            f"/my/consents/{scope}",
            data={"decision": decision, "csrf_token": http.Request.csrf_token(self)},
            allow_redirects=False,
        )

    def test_customer_declares_and_withdraws_on_the_portal(self):
        partner = self.portal_user.partner_id
        Consent = self.env["sdp.customer.consent"]
        self.authenticate("sdp_portal_consent", "sdp_portal_consent")
        home = self.url_open("/my")
        self.assertIn("/my/consents", home.text, "the portal home leads to the consents page")
        page = self.url_open("/my/consents")
        self.assertEqual(page.status_code, 200)
        text = Consent._sdp_declaration_text("marketing", "grant", self.company)
        self.assertIn(text, page.text)

        response = self._decide("marketing", "grant")
        self.assertEqual(response.status_code, 303)
        consent = Consent.search([("partner_id", "=", partner.id)])
        self.assertRecordValues(
            consent,
            [
                {
                    "kind": "grant",
                    "scope": "marketing",
                    "source": "portal",
                    "declared_by_id": self.portal_user.id,
                    "declaration_text": text,
                    "is_written": True,
                    "is_valid": True,
                }
            ],
        )
        self.assertTrue(consent.date_declared)
        self.assertIn(partner.id, self.env["res.partner"]._sdp_consent_partner_ids(self.company))
        self.assertIn("Withdraw my consent", self.url_open("/my/consents").text)

        self._decide("marketing", "withdrawal")
        self.assertNotIn(partner.id, self.env["res.partner"]._sdp_consent_partner_ids(self.company))
        withdrawal = Consent.search([("partner_id", "=", partner.id), ("kind", "=", "withdrawal")])
        self.assertEqual(withdrawal.source, "portal")
        # A purpose or decision the module does not know records nothing.
        self.assertEqual(self._decide("resale", "grant").status_code, 303)
        self._decide("marketing", "maybe")
        self.assertEqual(Consent.search_count([("partner_id", "=", partner.id)]), 2)
