"""Data subject requests and retention of prospects (Taiwan PDPA Art. 3, 10, 11, 13; Hong Kong
PDPO s.18, s.19, s.22, s.23, DPP2; P4.3, P6.4.1). Feature: customer information."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged, users

from .common_privacy import PrivacyCommon


@tagged("sdp_privacy", "post_install", "-at_install")
class TestPrivacyDeadlines(PrivacyCommon):
    def test_deadlines_taiwan_pdpa(self):
        """PDPA Art. 13: 15 days for access and copies, 30 for correction, stop and deletion."""
        with freeze_time("2026-03-02 04:00:00"):
            deadlines = {
                kind: self._request(kind).date_deadline
                for kind in ("access", "copy", "correction", "stop", "deletion")
            }
        self.assertEqual(
            deadlines,
            {
                "access": date(2026, 3, 17),
                "copy": date(2026, 3, 17),
                "correction": date(2026, 4, 1),
                "stop": date(2026, 4, 1),
                "deletion": date(2026, 4, 1),
            },
        )

    def test_deadlines_on_the_company_calendar(self):
        """Days are the company's: 23:30 UTC on 1 March is 2 March in Taipei."""
        self.company.partner_id.tz = "Asia/Taipei"
        with freeze_time("2026-03-01 23:30:00"):
            request = self._request("access")
        self.assertEqual(request.date_received, date(2026, 3, 2))
        self.assertEqual(request.date_deadline, date(2026, 3, 17))

    def test_deadlines_hong_kong_pdpo(self):
        """PDPO s.19(1), s.23(1): 40 days; no extension, s.19(2) notice instead."""
        self.company.sdp_privacy_law = "hk_pdpo"
        with freeze_time("2026-03-02 04:00:00"):
            access = self._request("access")
            deletion = self._request("deletion")
            self.assertEqual(access.date_deadline, date(2026, 4, 11))
            self.assertEqual(deletion.date_deadline, date(2026, 4, 11))
            with self.assertRaisesMsg(UserError, r"allows no extension.*s\.19\(2\)"):
                access.with_user(self.user_manager).action_extend("Archive in storage")
        self.assertFalse(access.is_extended)
        self.assertEqual(access.date_deadline, date(2026, 4, 11))

    def test_custom_deadlines_and_settings_check(self):
        self.company.write({"sdp_privacy_law": "custom", "sdp_privacy_days_correction": 10})
        with freeze_time("2026-03-02 04:00:00"):
            self.assertEqual(self._request("correction").date_deadline, date(2026, 3, 12))
        with self.assertRaisesMsg(ValidationError, "Days to Delete must be at least one day"):
            self.company.sdp_privacy_days_deletion = 0
        with self.assertRaisesMsg(ValidationError, r"Prospect Retention \(months\) cannot be"):
            self.company.sdp_privacy_retention_months = -1

    def test_deadline_fixed_when_the_law_changes(self):
        with freeze_time("2026-03-02 04:00:00"):
            request = self._request("access")
        self.company.sdp_privacy_law = "hk_pdpo"
        self.assertEqual(request.date_deadline, date(2026, 3, 17))

    @users("sdp_manager")
    def test_extension_once_only(self):
        """PDPA Art. 13: one extension, by 15 (access) days, with written reasons."""
        with freeze_time("2026-03-02 04:00:00"):
            request = self._request("access").with_env(self.env)
            with self.assertRaisesMsg(UserError, "reasons in writing"):
                request.action_extend("  ")
            self.assertFalse(request.is_extended)
            decision = self.env["sdp.privacy.request.decision"].create(
                {"request_id": request.id, "decision": "extend", "reason": "Archives off-site"}
            )
            decision.action_apply()
            self.assertTrue(request.is_extended)
            self.assertEqual(request.date_deadline, date(2026, 4, 1))
            self.assertEqual(request.extension_reason, "Archives off-site")
            with self.assertRaisesMsg(UserError, "already extended once"):
                request.action_extend("Still busy")
        self.assertEqual(request.date_deadline, date(2026, 4, 1))
        self.assertEqual(request.extension_reason, "Archives off-site")

    def test_future_reception_refused(self):
        with freeze_time("2026-03-02 04:00:00"):
            with self.assertRaisesMsg(ValidationError, "cannot be received in the future"):
                self._request("access", date_received="2026-03-05")


@tagged("sdp_privacy", "post_install", "-at_install")
class TestPrivacyAccess(PrivacyCommon):
    @users("sdp_sales_a")
    def test_salesperson_records_request_of_own_customer(self):
        """A salesperson records a request of their customer and sees it; nothing more."""
        request = self.env["sdp.privacy.request"].create(
            {"partner_id": self.person.id, "request_type": "deletion", "description": "By phone"}
        )
        self.assertEqual(request.received_by_id, self.env.user)
        self.assertEqual(request.state, "received")
        self.assertTrue(request.name.startswith("DSR/"))
        request.message_post(body="She will confirm by letter.")
        for action in ("action_start", "action_cancel", "action_answer", "action_anonymise"):
            with self.assertRaisesMsg(AccessError, "only a sales manager handles"):
                getattr(request, action)()
        with self.assertRaisesMsg(AccessError, "only a sales manager handles"):
            request.action_refuse("no")
        with self.assertRaises(AccessError):
            request.write({"answer": "<p>Done</p>"})
        self.assertEqual(request.state, "received")
        self.assertFalse(request.date_executed)
        # sudo: the test reads or prepares data beyond the user's rights
        self.assertEqual(self.person.sudo().name, "Mei-Ling Chen")

    @users("sdp_sales_a")
    def test_salesperson_refused_paths(self):
        """Other customers, protected fields, crafted context: refused, nothing created."""
        Request = self.env["sdp.privacy.request"]
        # sudo: the test reads or prepares data beyond the user's rights
        count = Request.sudo().search_count([])
        with self.assertRaisesMsg(AccessError, "their own customers only"):
            Request.create({"partner_id": self.other_customer.id, "request_type": "access"})
        with self.assertRaisesMsg(AccessError, "change only through the actions"):
            Request.create(
                {"partner_id": self.person.id, "request_type": "access", "state": "answered"}
            )
        with self.assertRaisesMsg(AccessError, "change only through the actions"):
            Request.with_context(default_date_deadline="2099-01-01").create(
                {"partner_id": self.person.id, "request_type": "access"}
            )
        with self.assertRaisesMsg(AccessError, "their own customers only"):
            Request.create(
                {"partner_id": self.person.id, "request_type": "access", "user_id": self.env.uid}
            )
        # sudo: the test reads or prepares data beyond the user's rights
        self.assertEqual(Request.sudo().search_count([]), count)

    def test_salesperson_does_not_see_others_requests(self):
        mine = self._request("access", user=self.user_sales_a)
        other = self._request("copy", user=self.user_manager)
        visible = self.env["sdp.privacy.request"].with_user(self.user_sales_a).search([])
        self.assertIn(mine, visible)
        self.assertNotIn(other, visible)
        with self.assertRaises(AccessError):
            other.with_user(self.user_sales_a).read(["partner_id"])
        Request = self.env["sdp.privacy.request"]
        for user in (self.user_legal, self.user_credit):
            self.assertFalse(Request.with_user(user).search([("id", "in", (mine | other).ids)]))
        for user in (self.user_internal, self.user_portal):
            with self.assertRaises(AccessError):
                Request.with_user(user).search([])

    @users("sdp_manager")
    def test_manager_cannot_forge_the_flow(self):
        """State, deadline and answer date change only through the actions, for managers too."""
        request = self._request("access").with_env(self.env)
        for vals in (
            {"state": "answered"},
            {"date_deadline": "2099-01-01"},
            {"date_answered": "2026-01-01"},
            {"is_extended": True},
        ):
            with self.assertRaisesMsg(AccessError, "change only through the actions"):
                request.write(vals)
        with self.assertRaisesMsg(AccessError, "deadline follows from them"):
            request.write({"date_received": "2020-01-01"})
        with self.assertRaisesMsg(AccessError, "deadline follows from them"):
            request.write({"request_type": "deletion"})
        with self.assertRaises(UserError):
            request.unlink()
        request.invalidate_recordset()
        self.assertEqual(request.state, "received")
        self.assertFalse(request.is_extended)

    def test_company_b_never_sees_company_a(self):
        request_a = self._request("access")
        person_b = self.env["res.partner"].create(
            {"name": "Person of B", "company_id": self.company_b.id}
        )
        request_b = (
            self.env["sdp.privacy.request"]
            .with_user(self.manager_b)
            .create({"partner_id": person_b.id, "request_type": "copy"})
        )
        self.assertEqual(request_b.company_id, self.company_b)
        seen_by_b = self.env["sdp.privacy.request"].with_user(self.manager_b).search([])
        self.assertIn(request_b, seen_by_b)
        self.assertNotIn(request_a, seen_by_b)
        seen_by_a = self.env["sdp.privacy.request"].with_user(self.user_manager).search([])
        self.assertNotIn(request_b, seen_by_a)
        with self.assertRaises(AccessError):
            request_a.with_user(self.manager_b).action_start()
        self.assertEqual(request_a.state, "received")


@tagged("sdp_privacy", "post_install", "-at_install")
class TestPrivacyRequestFlows(PrivacyCommon):
    @users("sdp_manager")
    def test_copy_is_a_readable_file_with_orders_and_consents(self):
        """PDPA Art. 3, 10: a copy of everything held on the person, readable in a browser."""
        request = self._request("copy").with_env(self.env)
        request.action_start()
        with self.assertRaisesMsg(UserError, "carry out the request first"):
            request.write({"answer": "<p>Here is your data.</p>"})
            request.action_answer()
        request.action_produce_copy()
        attachment = request.attachment_id
        self.assertTrue(attachment.name.endswith(".html"))
        html = attachment.raw.decode()
        self.assertTrue(html.startswith("<!DOCTYPE html>"))
        for expected in (
            "Mei-Ling Chen",
            "mei-ling.chen@example.com",
            "mei.home@example.com",
            self.order.name,
            self.lead.name,
            "Marketing",
            "Please call me about the chairs.",
        ):
            self.assertIn(expected, html)
        self.assertNotIn("Customer of B", html)
        request.write({"answer": "<p>Your data is attached.</p>"})
        request.action_answer()
        self.assertEqual(request.state, "answered")
        self.assertEqual(request.date_answered, self.company._sdp_today())
        with self.assertRaisesMsg(UserError, "does not change"):
            request.write({"answer": "<p>Other</p>"})

    @users("sdp_manager")
    def test_stop_blacklists_and_withdraws_marketing(self):
        """PDPA Art. 11(4), 20; PDPO s.35G: addresses blacklisted, marketing consent withdrawn."""
        self.assertTrue(self.person.sdp_has_marketing_consent)
        request = self._request("stop").with_env(self.env)
        with self.assertRaisesMsg(UserError, "another kind of request"):
            request.action_anonymise()
        request.action_stop_processing()
        # sudo: the test reads or prepares data beyond the user's rights
        blacklist = self.env["mail.blacklist"].sudo().search([])
        self.assertIn("mei-ling.chen@example.com", blacklist.mapped("email"))
        self.assertIn("mei.home@example.com", blacklist.mapped("email"))
        self.person.invalidate_recordset()
        # sudo: the test reads or prepares data beyond the user's rights
        self.assertTrue(self.person.sudo().is_blacklisted)
        # sudo: the test reads or prepares data beyond the user's rights
        self.assertTrue(self.lead.sudo().is_blacklisted)
        self.assertFalse(self.person.sdp_has_marketing_consent)
        withdrawal = (
            self.env["sdp.customer.consent"]
            # sudo: the test reads or prepares data beyond the user's rights
            .sudo()
            .search([("partner_id", "=", self.person.id), ("kind", "=", "withdrawal")])
        )
        self.assertEqual(withdrawal.scope, "marketing")
        self.assertIn(request.name, withdrawal.note)
        # sudo: the test reads or prepares data beyond the user's rights
        self.assertTrue(self.consent.sudo().active, "the consent stays, as the record it is")
        self.assertIn("added to the e-mail blacklist", request.answer)
        # sudo: the test reads or prepares data beyond the user's rights
        self.assertEqual(self.person.sudo().name, "Mei-Ling Chen", "a stop erases nothing")
        request.action_answer()
        self.assertEqual(request.state, "answered")

    def test_deletion_anonymises_and_lookup_finds_only_kept_records(self):
        """PDPA Art. 11(3): after the deletion, Odoo's privacy lookup for the old name and
        address finds only what is kept (the blacklist entry that keeps her opted out)."""
        if "mailing.trace" in self.env:
            mailing = self.env["mailing.mailing"].create(
                {
                    "subject": "Spring offer",
                    "mailing_model_id": self.env.ref("base.model_res_partner").id,
                }
            )
            trace = self.env["mailing.trace"].create(
                {
                    "mass_mailing_id": mailing.id,
                    "model": "res.partner",
                    "res_id": self.person.id,
                    "email": "mei-ling.chen@example.com",
                }
            )
        before = self._lookup("Mei-Ling Chen", "mei-ling.chen@example.com")
        self.assertIn(("crm.lead", self.lead.id), before)
        self.assertIn(("sale.order", self.order.id), before)
        self.person.write({"sdp_preferences": "Calls after 6 pm", "sdp_purchasing_power": "high"})
        self.lead.sdp_preferences = "Calls after 6 pm"
        request = self._request("deletion")
        request.with_user(self.user_manager).action_start()
        request.with_user(self.user_manager).action_anonymise()
        self.assertEqual(self.person.name, f"Anonymised contact {self.person.id}")
        self.assertFalse(self.person.email or self.person.phone or self.person.street)
        self.assertFalse(self.person.sdp_preferences or self.person.sdp_purchasing_power)
        self.assertFalse(self.lead.sdp_preferences)
        self.assertFalse(self.person_address.email)
        self.assertFalse(self.lead.email_from or self.lead.partner_id or self.lead.description)
        self.assertNotIn("call me", self.message.body)
        self.assertFalse(self.consent.is_valid)
        self.assertTrue(self.order.exists(), "orders are kept")
        if "mailing.trace" in self.env:
            self.assertFalse(trace.email)
        blacklisted = self.env["mail.blacklist"].search(
            [("email", "=", "mei-ling.chen@example.com")]
        )
        self.assertEqual(
            self._lookup("Mei-Ling Chen", "mei-ling.chen@example.com"),
            {("mail.blacklist", blacklisted.id)},
        )
        self.assertIn("Kept, as other laws require", request.answer)
        self.assertIn(self.order.name, request.answer)
        log = self.env["privacy.log"].search([], order="id desc", limit=1)
        self.assertIn(request.name, log.execution_details)
        self.assertEqual(log.anonymized_name, "M******* C***")
        self.assertNotIn("Mei-Ling", str(self.person.message_ids.mapped("record_name")))
        request.with_user(self.user_manager).action_answer()
        self.assertEqual(request.state, "answered")
        self.assertTrue(request.exists(), "the request is the evidence of the answer")

    def test_deletion_keeps_the_company_s_decision_trail(self):
        """A data subject's e-mail address is also an employee's: the employee's messages (a
        credit officer's reasons, an approval) are the company's evidence and are kept; the
        person's own messages go."""
        self.user_credit.partner_id.email = "mei-ling.chen@example.com"
        decision = self.order.with_user(self.user_credit).message_post(
            body="Released: bank guarantee received", message_type="comment"
        )
        self.assertEqual(decision.author_id, self.user_credit.partner_id)
        request = self._request("deletion")
        request.with_user(self.user_manager).action_start()
        request.with_user(self.user_manager).action_anonymise()
        self.assertIn("bank guarantee", decision.body, "the decision trail is kept")
        self.assertEqual(decision.email_from, self.user_credit.partner_id.email_formatted)
        self.assertNotIn("call me", self.message.body, "the person's own message goes")

    def test_deletion_keeps_what_invoices_need(self):
        """Accounting law: the party of a posted invoice keeps its name, tax id and address."""
        self.person.vat = "12345675"
        self.order.action_confirm()
        invoice = self.order._create_invoices()
        invoice.action_post()
        request = self._request("deletion")
        request.with_user(self.user_manager).action_anonymise()
        self.assertEqual(self.person.name, "Mei-Ling Chen")
        self.assertEqual(self.person.vat, "12345675")
        self.assertFalse(self.person.email or self.person.phone)
        self.assertEqual(invoice.partner_id, self.person)
        self.assertIn("posted invoice", request.answer)
        self.assertIn(invoice.name, request.answer)
        found = self._lookup("Mei-Ling Chen", "mei-ling.chen@example.com")
        self.assertNotIn(("crm.lead", self.lead.id), found)
        self.assertIn(("account.move", invoice.id), found)

    def test_refused_request_changes_nothing_and_needs_a_reason(self):
        request = self._request("deletion")
        wizard = (
            self.env["sdp.privacy.request.decision"]
            .with_user(self.user_manager)
            .create({"request_id": request.id, "decision": "refuse", "reason": " "})
        )
        with self.assertRaisesMsg(UserError, "states its legal reason"):
            wizard.action_apply()
        request.with_user(self.user_manager).action_refuse("PDPA Art. 11(3) proviso: litigation")
        self.assertEqual(request.state, "refused")
        self.assertEqual(self.person.name, "Mei-Ling Chen")
        with self.assertRaisesMsg(UserError, "not possible in the state Refused"):
            request.with_user(self.user_manager).action_anonymise()
        self.assertEqual(self.person.email, "mei-ling.chen@example.com")

    def test_a_user_is_not_anonymised_as_a_customer(self):
        request = (
            self.env["sdp.privacy.request"]
            .with_user(self.user_manager)
            .create({"partner_id": self.user_sales_b.partner_id.id, "request_type": "deletion"})
        )
        with self.assertRaisesMsg(UserError, "is a user of this database"):
            request.with_user(self.user_manager).action_anonymise()
        self.assertEqual(self.user_sales_b.name, "Salesperson B")


@tagged("sdp_privacy", "post_install", "-at_install")
class TestPrivacyCrons(PrivacyCommon):
    def _last_changed(self, leads, day):
        """The leads were last changed on ``day`` (the ORM stamps the transaction's time)."""
        leads.flush_recordset()
        self.env.cr.execute(
            "UPDATE crm_lead SET write_date = %s WHERE id IN %s", (day, tuple(leads.ids))
        )
        leads.invalidate_recordset(["write_date"])

    def test_overdue_cron_one_activity_per_request(self):
        """PDPA Art. 13: overdue requests give their owner and the sales managers one activity
        each, once, however often the cron runs."""
        with freeze_time("2026-03-02 04:00:00"):
            late = self._request("access", user_id=self.user_manager.id)
            on_time = self._request("deletion")
        Request = self.env["sdp.privacy.request"]
        with freeze_time("2026-03-18 04:00:00"):
            self.assertTrue(late.is_overdue)
            Request._cron_sdp_overdue_requests()
            Request._cron_sdp_overdue_requests()
        managers = Request._sdp_handlers(self.company)
        self.assertIn(self.user_manager, managers)
        self.assertEqual(late.activity_ids.user_id, managers)
        self.assertEqual(len(late.activity_ids), len(managers))
        self.assertFalse(on_time.activity_ids)
        self.assertNotIn(self.user_sales_a, late.activity_ids.user_id)
        late.with_user(self.user_manager).action_refuse("PDPA Art. 10 proviso 3")
        self.assertFalse(late.activity_ids, "a closed request needs no reminder")

    def test_overdue_cron_batches(self):
        with freeze_time("2026-03-02 04:00:00"):
            requests = self._request("access") | self._request("copy") | self._request("stop")
        with freeze_time("2026-04-30 04:00:00"):
            self.env["sdp.privacy.request"]._cron_sdp_overdue_requests(batch_size=2)
            self.assertEqual(len(requests.filtered("is_overdue_notified")), 2)
            self.env["sdp.privacy.request"]._cron_sdp_overdue_requests(batch_size=2)
        self.assertTrue(all(requests.mapped("is_overdue_notified")))

    def test_retention_cron_and_confirmation(self):
        """PDPA Art. 11(3), PDPO DPP2(2): prospects past the retention period are listed once
        and anonymised only when a sales manager confirms."""
        Partner = self.env["res.partner"]
        Lead = self.env["crm.lead"]
        prospect = Partner.create({"name": "Lost Prospect", "email": "lost@example.com"})
        lost = Lead.create({"name": "Lost deal", "partner_id": prospect.id})
        lost.action_set_lost()
        quiet = Lead.create({"name": "Quiet lead", "contact_name": "Quiet Person"})
        customer_lead = Lead.create({"name": "Customer's old lead", "partner_id": self.person.id})
        customer_lead.action_set_lost()
        self.order.action_confirm()
        self._last_changed(lost | quiet | customer_lead | self.lead, "2026-01-05")
        Retention = self.env["sdp.privacy.retention"]
        self.company.sdp_privacy_retention_months = 6
        with freeze_time("2026-05-05 04:00:00"):
            Retention._cron_sdp_retention_review()
            self.assertFalse(Retention.search([("lead_ids", "in", lost.ids)]), "too recent")
        with freeze_time("2026-08-05 04:00:00"):
            Retention._cron_sdp_retention_review()
            Retention._cron_sdp_retention_review()
        lines = Retention.search([("company_id", "=", self.company.id)])
        listed = lines.filtered(lambda r: r.lead_ids & (lost | quiet | customer_lead))
        self.assertEqual(len(listed), 2, "once each, the customer's lead not at all")
        line_lost = listed.filtered(lambda r: r.partner_id == prospect)
        line_quiet = listed - line_lost
        self.assertEqual(line_quiet.lead_ids, quiet)
        # Salespeople never see the review; managers decide.
        with self.assertRaises(AccessError):
            line_lost.with_user(self.user_sales_a).read(["state"])
        with self.assertRaisesMsg(AccessError, "change only through the actions"):
            line_lost.with_user(self.user_manager).write({"state": "anonymised"})
        self.assertEqual(prospect.name, "Lost Prospect")
        with self.assertRaisesMsg(UserError, "write why the prospect is kept"):
            line_quiet.with_user(self.user_manager).action_keep()
        line_quiet.with_user(self.user_manager).keep_reason = "Asked to be called in 2027"
        line_quiet.with_user(self.user_manager).action_keep()
        self.assertEqual(line_quiet.state, "kept")
        self.assertEqual(quiet.contact_name, "Quiet Person")
        line_lost.with_user(self.user_manager).action_anonymise()
        self.assertEqual(line_lost.state, "anonymised")
        self.assertEqual(line_lost.decided_by_id, self.user_manager)
        self.assertEqual(prospect.name, f"Anonymised contact {prospect.id}")
        self.assertFalse(prospect.email)
        self.assertEqual(lost.name, "Anonymised lead")
        log = self.env["privacy.log"].search([], order="id desc", limit=1)
        self.assertIn("Retention review", log.execution_details)
        with self.assertRaisesMsg(UserError, "already decided"):
            line_quiet.with_user(self.user_manager).action_anonymise()
        self.assertEqual(quiet.contact_name, "Quiet Person")

    def test_retention_off_lists_nothing(self):
        lead = self.env["crm.lead"].create({"name": "Old lead"})
        lead.action_set_lost()
        self._last_changed(lead, "2026-01-05")
        self.company.sdp_privacy_retention_months = 0
        with freeze_time("2030-01-05 04:00:00"):
            self.env["sdp.privacy.retention"]._cron_sdp_retention_review()
        self.assertFalse(self.env["sdp.privacy.retention"].search([("lead_ids", "in", lead.ids)]))

    def test_retention_leaves_won_and_planned_leads(self):
        Lead = self.env["crm.lead"]
        planned = Lead.create({"name": "Planned lead", "contact_name": "Planned Person"})
        planned.activity_schedule("mail.mail_activity_data_todo", user_id=self.user_sales_a.id)
        self._last_changed(planned, "2026-01-05")
        self.company.sdp_privacy_retention_months = 1
        with freeze_time("2026-06-05 04:00:00"):
            self.env["sdp.privacy.retention"]._cron_sdp_retention_review()
        self.assertFalse(
            self.env["sdp.privacy.retention"].search([("lead_ids", "in", planned.ids)])
        )
