"""Required information, completeness, consents and freshness (P4.1-P4.3).
Feature: customer information."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged, users

from .common import SIGNED_FORM, SalesDevPolicyCommon


@tagged("sdp_access", "post_install", "-at_install")
class TestCustomerInfo(SalesDevPolicyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.activity_type = cls.env.ref("sales_dev_policy.mail_activity_type_sdp_info_update")
        cls.customer = cls.env["res.partner"].create(
            {"name": "SDP Info Customer", "is_company": True, "user_id": cls.user_sales_a.id}
        )
        cls.industry = cls.env["res.partner.industry"].create({"name": "SDP Industry"})

    def _partner_requirements(self):
        return self.env["sdp.info.requirement"].search([("model_name", "=", "res.partner")])

    def test_partner_completeness(self):
        """P4.1.3 / P4.2.1: the score is the share of required information filled in."""
        requirements = self._partner_requirements()
        self.assertEqual(len(requirements), 8, "default requirements: basic to transactions")
        self.assertEqual(
            set(requirements.mapped("category")), {"basic", "business", "needs", "transactions"}
        )
        self.assertEqual(self.customer.sdp_completeness, 0)
        self.assertIn("Email", self.customer.sdp_info_missing)
        partner = self.customer.with_user(self.user_sales_a)
        partner.write(
            {
                "email": "buyer@example.com",
                "phone": "+1 555 0100",
                "street": "1 Main Street",
                "country_id": self.env.ref("base.be").id,
            }
        )
        self.assertEqual(partner.sdp_completeness, 50)
        partner.write(
            {"industry_id": self.industry.id, "sdp_company_size": "small", "sdp_potential": "a"}
        )
        self.assertEqual(partner.sdp_completeness, 88)  # 7 of 8: no order yet
        self.env["sale.order"].create({"partner_id": self.customer.id})
        self.assertEqual(partner.sdp_completeness, 100)
        self.assertFalse(partner.sdp_info_missing)
        found = self.env["res.partner"].search(
            [("id", "=", partner.id), ("sdp_completeness", "<", 100)]
        )
        self.assertFalse(found, "the 'Incomplete' filter no longer lists it")

    def _rescore(self):
        """What the scheduled action does after a requirement changed (started at once)."""
        Requirement = self.env["sdp.info.requirement"]
        return self.run_cron(Requirement, "_cron_sdp_rescore_completeness")

    def test_requirements_are_configurable(self):
        """Removing or adding a requirement re-scores the records (P4.1.3), in batches of the
        scheduled action rather than in the administrator's request."""
        self.customer.email = "buyer@example.com"
        self.assertEqual(self.customer.sdp_completeness, 12)  # 1 of 8
        self._partner_requirements().filtered(lambda r: r.field_id.name != "email").write(
            {"active": False}
        )
        self.env.flush_all()
        self.customer.invalidate_recordset(["sdp_completeness"])
        self.assertEqual(self.customer.sdp_completeness, 12, "not in the request")
        self._rescore()
        self.customer.invalidate_recordset(["sdp_completeness"])
        self.assertEqual(self.customer.sdp_completeness, 100)
        website = self.env.ref("base.field_res_partner__website")
        self.env["sdp.info.requirement"].create({"field_id": website.id, "category": "basic"})
        calls = self._rescore()
        self.customer.invalidate_recordset(["sdp_completeness"])
        self.assertEqual(self.customer.sdp_completeness, 50)
        self.assertEqual(calls[-1][1], 0, "nothing left")
        self.assertFalse(self._rescore()[0][0], "nothing to do once done")
        # a configured field that is not watched statically still re-scores on write
        self.customer.website = "https://example.com"
        self.assertEqual(self.customer.sdp_completeness, 100)

    def test_needs_preferences_and_purchasing_power(self):
        """P2.2.2 / P4.1.1: needs, preferences and purchasing power are customer information:
        the administrator can require them (completeness), a gate can ask for them, and a
        customer created from its lead starts with what the lead recorded."""
        power = self.env.ref("sales_dev_policy.field_res_partner__sdp_purchasing_power")
        self._partner_requirements().write({"active": False})
        self.env["sdp.info.requirement"].create({"field_id": power.id, "category": "needs"})
        self._rescore()
        self.customer.invalidate_recordset(["sdp_completeness"])
        self.assertEqual(self.customer.sdp_completeness, 0)
        self.customer.with_user(self.user_sales_a).sdp_purchasing_power = "high"
        self.assertEqual(self.customer.sdp_completeness, 100)
        lead = (
            self.env["crm.lead"]
            .with_user(self.user_sales_a)
            .create(
                {
                    "name": "Kitchen refit",
                    "partner_name": "Converted Co",
                    "user_id": self.user_sales_a.id,
                    "sdp_purchasing_power": "medium",
                    "sdp_preferences": "E-mail, mornings",
                    "sdp_needs": "Ten ovens",
                }
            )
        )
        lead._handle_partner_assignment(create_missing=True)
        self.assertEqual(lead.partner_id.sdp_purchasing_power, "medium")
        self.assertEqual(lead.partner_id.sdp_preferences, "E-mail, mornings")
        self.assertEqual(lead.partner_id.sdp_needs, "Ten ovens")
        gate_fields = self.env.ref("sales_dev_policy.field_crm_lead__sdp_purchasing_power")
        self.assertTrue(gate_fields.store, "a stored lead field: a gate can require it")

    def test_score_does_not_depend_on_who_computes_it(self):
        """A contact without a company is scored on the requirements of every company only:
        a requirement of one company does not count for it, whoever triggers the computation
        (the stored score would otherwise change with the user's company)."""
        company_b = self.env["res.company"].create({"name": "SDP Company B"})
        website = self.env.ref("base.field_res_partner__website")
        self.env["sdp.info.requirement"].create(
            {"field_id": website.id, "category": "basic", "company_id": company_b.id}
        )
        self._rescore()
        nobody = self.env["res.partner"].create({"name": "SDP No Company", "company_id": False})
        own = self.env["res.partner"].create({"name": "SDP Of B", "company_id": company_b.id})
        scores = set()
        for company in (self.company, company_b):
            env_partner = self.env["res.partner"].with_company(company)
            self.env.add_to_compute(nobody._fields["sdp_completeness"], nobody)
            scores.add(env_partner.browse(nobody.id).sdp_completeness)
            self.assertNotIn("Website", env_partner.browse(nobody.id).sdp_info_missing or "")
        self.assertEqual(len(scores), 1)
        self.assertIn("Website", own.sdp_info_missing)

    @users("sdp_sales_a")
    def test_requirements_only_admin_configures(self):
        Requirement = self.env["sdp.info.requirement"]
        self.assertTrue(Requirement.search([]), "salespeople may read the requirements")
        with self.assertRaises(AccessError):
            Requirement.create({"field_id": self.env.ref("base.field_res_partner__website").id})
        with self.assertRaises(AccessError):
            Requirement.search([], limit=1).unlink()

    def test_lead_completeness_and_outcome(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.user_sales_a)
            .create({"name": "SDP Info Lead", "type": "opportunity"})
        )
        self.assertEqual(lead.sdp_completeness, 0)
        self.assertEqual(lead.sdp_outcome, "open")
        lead.write(
            {
                "contact_name": "Jane Buyer",
                "email_from": "jane@example.com",
                "phone": "+1 555 0101",
                "sdp_industry_id": self.industry.id,
                "sdp_company_size": "medium",
                "description": "Wants to replace 40 printers",
                "expected_revenue": 12000,
            }
        )
        self.assertEqual(lead.sdp_completeness, 100)
        lead.action_set_won()
        self.assertEqual(lead.sdp_outcome, "won")
        lost = self.env["crm.lead"].create({"name": "SDP Lost Lead", "type": "opportunity"})
        lost.action_set_lost()
        self.assertEqual(lost.sdp_outcome, "lost")

    @users("sdp_sales_a")
    def test_mark_as_reviewed(self):
        partner = self.env["res.partner"].browse(self.customer.id)
        with freeze_time("2030-05-01"):
            partner.action_sdp_mark_reviewed()
        self.assertEqual(partner.sdp_date_reviewed, date(2030, 5, 1))

    def test_freshness_cron(self):
        """P4.2.2: customers not reviewed for N days get one update activity for their
        salesperson; no duplicate while it is open; "mark as reviewed" closes it."""
        self.company.sdp_review_interval_days = 30
        fresh = self.env["res.partner"].create(
            {"name": "SDP Fresh Customer", "user_id": self.user_sales_a.id}
        )
        no_salesperson = self.env["res.partner"].create({"name": "SDP Nobody's Customer"})
        today = date.today()
        self.customer.sdp_date_reviewed = today
        fresh.sdp_date_reviewed = today + timedelta(days=20)
        no_salesperson.sdp_date_reviewed = today

        def activities(partners):
            return self.env["mail.activity"].search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", partners.ids),
                    ("activity_type_id", "=", self.activity_type.id),
                ]
            )

        partners = self.customer | fresh | no_salesperson
        with freeze_time(today + timedelta(days=29)):
            self.env["res.partner"]._cron_sdp_customer_freshness()
        self.assertFalse(activities(partners), "not stale yet")
        with freeze_time(today + timedelta(days=31)):
            self.env["res.partner"]._cron_sdp_customer_freshness()
            self.env["res.partner"]._cron_sdp_customer_freshness()
        activity = activities(partners)
        self.assertEqual(len(activity), 1, "one activity, no duplicate")
        self.assertEqual(activity.res_id, self.customer.id)
        self.assertEqual(activity.user_id, self.user_sales_a)
        # the salesperson reviews: the activity is done and the clock restarts
        with freeze_time(today + timedelta(days=32)):
            self.customer.with_user(self.user_sales_a).action_sdp_mark_reviewed()
        self.assertFalse(activities(partners))
        self.assertEqual(self.customer.sdp_date_reviewed, today + timedelta(days=32))
        with freeze_time(today + timedelta(days=55)):
            self.env["res.partner"]._cron_sdp_customer_freshness()
        self.assertEqual(activities(partners).res_id, fresh.id)
        # interval 0 disables the reminder
        self.company.sdp_review_interval_days = 0
        with freeze_time(today + timedelta(days=400)):
            self.env["res.partner"]._cron_sdp_customer_freshness()
        self.assertEqual(len(activities(partners)), 1)

    def test_freshness_cron_batches(self):
        self.company.sdp_review_interval_days = 10
        customers = self.env["res.partner"].create(
            [
                {
                    "name": f"SDP Batch {i}",
                    "user_id": self.user_sales_b.id,
                    "sdp_date_reviewed": date(2000, 1, 1),
                }
                for i in range(3)
            ]
        )
        self.env["res.partner"]._cron_sdp_customer_freshness(batch_size=2)
        done = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "in", customers.ids)]
        )
        self.assertEqual(len(done), 2, "the batch is limited")
        self.assertEqual(done.user_id, self.user_sales_b)

    @users("sdp_sales_a")
    def test_consent_as_salesperson(self):
        """P4.3.2: the salesperson records a written consent of their customer."""
        consent = self.env["sdp.customer.consent"].create(
            {"document": SIGNED_FORM, "partner_id": self.customer.id, "scope": "marketing"}
        )
        self.assertTrue(consent.is_valid)
        partner = self.env["res.partner"].browse(self.customer.id)
        self.assertTrue(partner.sdp_has_marketing_consent)
        consent.date_valid_until = consent.date_consent
        with freeze_time(consent.date_consent + timedelta(days=1)):
            partner.invalidate_recordset(["sdp_has_marketing_consent"])
            self.assertFalse(partner.sdp_has_marketing_consent)
        with self.assertRaises(AccessError):
            consent.unlink()
        # A consent is the written proof of P4.3.2: nobody deletes it, a Sales Manager
        # included; a change of mind is a withdrawal record, an error is archived by a manager.
        with self.assertRaises(AccessError):
            consent.with_user(self.user_manager).unlink()
        with self.assertRaises(AccessError):
            consent.action_archive()
        self.assertTrue(consent.active)
        consent.with_user(self.user_manager).action_archive()
        self.assertFalse(consent.active)

    def test_consent_of_other_customer_hidden(self):
        other = self.env["res.partner"].create(
            {"name": "SDP B's customer", "user_id": self.user_sales_b.id}
        )
        consent = self.env["sdp.customer.consent"].create(
            {"document": SIGNED_FORM, "partner_id": other.id}
        )
        Consent = self.env["sdp.customer.consent"].with_user(self.user_sales_a)
        self.assertFalse(Consent.search([("id", "=", consent.id)]))
        with self.assertRaises(AccessError):
            Consent.browse(consent.id).read(["scope"])
        # team leader of team B? nobody leads B: the leader of A does not see it either
        self.assertFalse(
            self.env["sdp.customer.consent"]
            .with_user(self.user_leader)
            .search([("id", "=", consent.id)])
        )
        self.assertEqual(
            self.env["sdp.customer.consent"]
            .with_user(self.user_manager)
            .search([("id", "=", consent.id)]),
            consent,
        )
        self.assertEqual(
            self.env["sdp.customer.consent"]
            .with_user(self.user_legal)
            .search([("id", "=", consent.id)]),
            consent,
        )
