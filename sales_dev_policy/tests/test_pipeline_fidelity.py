"""Screening (P3.2.2), the customer's acceptance of the proposal (P3.5.1-P3.5.3), the
departments at the kickoff (P3.8.1), milestones and progress reports from the contract
(P3.8.2, P3.8.3) and regular revisits of customers (P2.2.5). Feature: pipeline."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged, users
from odoo.tools.safe_eval import safe_eval

from .common_pipeline import FidelityCommon


@tagged("sdp_pipeline", "post_install", "-at_install")
class TestPipelineScreening(FidelityCommon):
    @users("sdp_sales_a")
    def test_rejected_lead_cannot_advance(self):
        """P3.2.2: a lead screened "no real potential" stays at Prospect until re-screened."""
        lead = self._lead("Dead End").with_user(self.env.user)
        self._log_first_contact(lead)
        lead.sdp_screening_result = "rejected"
        lead.invalidate_recordset()
        self.assertIn("P3.2.2", lead.sdp_gate_missing)
        contact = self.stage["contact"]
        message = r"Dead End.*no real potential \(P3\.2\.2\): screen it again"
        with self.assertRaisesMsg(UserError, message):
            lead.write({"stage_id": contact.id})
        # Re-screening in the same write is not a way round: screen first, then move.
        with self.assertRaisesMsg(UserError, message):
            lead.write({"stage_id": contact.id, "sdp_screening_result": "potential"})
        # A crafted context is no override (models/sdp_permit.py).
        with self.assertRaisesMsg(UserError, message):
            lead.with_context(
                sdp_gate_override_reason="I say so", sdp_stage_change_reason="x"
            ).write({"stage_id": contact.id})
        # Nor is the Won button, or a copy created further on.
        with self.assertRaisesMsg(UserError, "P3"):
            lead.action_set_won()
        with self.assertRaisesMsg(UserError, "first policy step|P3.2.2"):
            lead.copy({"stage_id": contact.id})
        lead.invalidate_recordset()
        self.assertEqual(lead.stage_id, self.stage["prospect"])
        self.assertEqual(lead.sdp_screening_result, "rejected")
        # Re-screened: it moves on.
        lead.sdp_screening_result = "potential"
        lead.write({"stage_id": contact.id})
        self.assertEqual(lead.stage_id, contact)

    def test_manager_override_passes_screening_with_reason(self):
        """P3.2.2: a Sales Manager's logged override still moves a rejected lead on."""
        lead = self._lead("Second chance", sdp_screening_result="rejected")
        manager_lead = lead.with_user(self.user_manager)
        with self.assertRaisesMsg(UserError, "reason"):
            manager_lead._sdp_override_move(self.stage["contact"], " ")
        with self.assertRaises(AccessError):
            lead.with_user(self.user_sales_a)._sdp_override_move(self.stage["contact"], "why")
        self.assertEqual(lead.stage_id, self.stage["prospect"])
        manager_lead._sdp_override_move(self.stage["contact"], "New buyer at the customer")
        self.assertEqual(lead.stage_id, self.stage["contact"])
        self.assertEqual(
            lead.sdp_transition_ids.filtered(
                lambda t: t.stage_to_id == self.stage["contact"]
            ).override_reason,
            "New buyer at the customer",
        )

    @users("sdp_sales_a")
    def test_rejected_lead_not_created_further_on(self):
        """P3.2.2 on create and import, even with skipping allowed."""
        self.company.sdp_pipeline_no_skip = False
        vals = {
            "name": "Created on",
            "team_id": self.team_a.id,
            "stage_id": self.stage["contact"].id,
            "sdp_screening_result": "rejected",
        }
        with self.assertRaisesMsg(UserError, r"Created on.*P3\.2\.2"):
            self.env["crm.lead"].create(vals)
        result = self.env["crm.lead"].load(
            ["name", "team_id/.id", "stage_id/.id", "sdp_screening_result"],
            [["Imported", self.team_a.id, self.stage["contact"].id, "rejected"]],
        )
        self.assertFalse(result["ids"])
        self.assertIn("P3.2.2", str(result["messages"]))
        self.assertFalse(self.env["crm.lead"].search([("name", "in", ("Created on", "Imported"))]))

    @users("sdp_sales_a")
    def test_rejected_lead_moves_back_and_is_created_at_prospect(self):
        """P3.2.2 blocks forward moves only: a rejected lead may be created and stay."""
        lead = self.env["crm.lead"].create(
            {"name": "Noted", "team_id": self.team_a.id, "sdp_screening_result": "rejected"}
        )
        self.assertEqual(lead.stage_id, self.stage["prospect"])


@tagged("sdp_pipeline", "post_install", "-at_install")
class TestPipelineProposalAcceptance(FidelityCommon):
    def _proposal_lead(self, name="Proposed"):
        return self._lead(name, "proposal", partner_id=self.customer.id)

    @users("sdp_sales_a")
    def test_negotiation_needs_proposal_and_acceptance(self):
        """P3.5.1-P3.5.3: a real proposal and the customer's recorded acceptance."""
        negotiation = self.stage["negotiation"]
        self.assertTrue(negotiation.sdp_gate_require_proposal_document)
        self.assertTrue(negotiation.sdp_gate_require_acceptance)
        lead = self._proposal_lead().with_user(self.env.user)
        with self.assertRaisesMsg(UserError, r"no quotation or proposal document.*P3\.5\.3"):
            lead.write({"stage_id": negotiation.id})
        # Ticked boxes are not a proposal (P3.5.2 booleans are the Proposal gate's).
        lead.write({"sdp_proposal_products": True, "sdp_proposal_pricing": True})
        with self.assertRaisesMsg(UserError, "no quotation or proposal document"):
            lead.write({"stage_id": negotiation.id})
        order = self._order(lead)
        lead.invalidate_recordset()
        self.assertNotIn("no quotation", lead.sdp_gate_missing)
        with self.assertRaisesMsg(UserError, r"acceptance of the proposal is not recorded"):
            lead.write({"stage_id": negotiation.id})
        self.assertEqual(lead.stage_id, self.stage["proposal"])
        lead.write(
            {
                "sdp_proposal_presentation": "meeting",
                "sdp_date_proposal_accepted": fields.Date.today(),
                "sdp_proposal_contact_id": self.buyer.id,
            }
        )
        with self.assertRaisesMsg(UserError, "accepted quotation or document"):
            lead.write({"stage_id": negotiation.id})
        lead.sdp_proposal_order_id = order
        lead.write({"stage_id": negotiation.id})
        self.assertEqual(lead.stage_id, negotiation)
        # The acceptance belongs to this opportunity: not copied.
        copy = lead.with_user(self.user_manager).copy({"stage_id": self.stage["prospect"].id})
        self.assertFalse(copy.sdp_proposal_order_id or copy.sdp_proposal_contact_id)

    @users("sdp_sales_a")
    def test_attached_document_is_a_proposal(self):
        """P3.5.1: an attached proposal document (no quotation) satisfies both checks."""
        lead = self._proposal_lead("Document").with_user(self.env.user)
        document = self.env["ir.attachment"].create(
            {"name": "proposal.pdf", "raw": b"%PDF", "res_model": "crm.lead", "res_id": lead.id}
        )
        lead.write(
            {
                "sdp_proposal_presentation": "email",
                "sdp_date_proposal_accepted": fields.Date.today(),
                "sdp_proposal_contact_id": self.customer.id,
                "sdp_proposal_attachment_id": document.id,
            }
        )
        lead.write({"stage_id": self.stage["negotiation"].id})
        self.assertEqual(lead.stage_id, self.stage["negotiation"])

    @users("sdp_sales_a")
    def test_acceptance_must_be_the_customers_and_the_leads(self):
        """P3.5.3: another customer's contact, another lead's quotation or document: refused
        on write and create; nothing changes."""
        lead = self._proposal_lead("Mine").with_user(self.env.user)
        other = self._proposal_lead("Other").with_user(self.env.user)
        other_order = self._order(other)
        other_document = self.env["ir.attachment"].create(
            {"name": "other.pdf", "raw": b"%PDF", "res_model": "crm.lead", "res_id": other.id}
        )
        for vals, regex in (
            ({"sdp_proposal_contact_id": self.stranger.id}, "not a contact of the customer"),
            ({"sdp_proposal_order_id": other_order.id}, "not one of its quotations"),
            ({"sdp_proposal_attachment_id": other_document.id}, "not attached to it"),
        ):
            with self.assertRaisesMsg(ValidationError, rf"Mine.*{regex}.*P3\.5\.3"):
                lead.write(vals)
            with self.assertRaisesMsg(ValidationError, regex):
                self.env["crm.lead"].create(
                    {"name": "New", "team_id": self.team_a.id, "partner_id": self.customer.id}
                    | vals
                )
        lead.invalidate_recordset()
        self.assertFalse(
            lead.sdp_proposal_contact_id
            or lead.sdp_proposal_order_id
            or lead.sdp_proposal_attachment_id
        )

    def test_portal_signature_records_acceptance(self):
        """P3.5.3: the quotation the customer signs on the portal is the acceptance (the
        portal's signature is written as superuser, as Odoo's portal controller does)."""
        lead = self._proposal_lead("Signed")
        order = self._order(lead, partner_id=self.buyer.id)
        with freeze_time("2026-04-03 10:00:00"):
            # sudo: the test plays the customer's portal signature.
            order.sudo().write({"signed_by": "Buyer Wang", "signed_on": fields.Datetime.now()})
        self.assertEqual(lead.sdp_proposal_order_id, order)
        self.assertEqual(lead.sdp_proposal_contact_id, self.buyer)
        self.assertEqual(lead.sdp_proposal_presentation, "portal")
        self.assertEqual(str(lead.sdp_date_proposal_accepted), "2026-04-03")
        lead.with_user(self.user_sales_a).write({"stage_id": self.stage["negotiation"].id})
        self.assertEqual(lead.stage_id, self.stage["negotiation"])
        # A second signature changes nothing; a signer of another customer records nothing.
        second = self._order(lead)
        # sudo: the test plays the customer's portal signature.
        second.sudo().write({"signed_by": "Someone"})
        self.assertEqual(lead.sdp_proposal_order_id, order)
        other_lead = self._proposal_lead("Other signer")
        stranger_order = self._order(other_lead, partner_id=self.stranger.id)
        # sudo: the test plays the customer's portal signature.
        stranger_order.sudo().write({"signed_by": "Stranger"})
        self.assertFalse(other_lead.sdp_proposal_order_id)

    def test_gate_options_per_stage_by_admin(self):
        """P3.5: the options are per stage; the Policy Administrator sets them."""
        negotiation = self.stage["negotiation"]
        with self.assertRaises(AccessError):
            negotiation.with_user(self.user_sales_a).sdp_gate_require_acceptance = False
        negotiation.with_user(self.user_admin).write(
            {"sdp_gate_require_acceptance": False, "sdp_gate_require_proposal_document": False}
        )
        lead = self._proposal_lead("Free").with_user(self.user_sales_a)
        lead.write({"stage_id": negotiation.id})
        self.assertEqual(lead.stage_id, negotiation)


@tagged("sdp_pipeline", "post_install", "-at_install")
class TestPipelineKickoffDepartments(FidelityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_delivery = new_test_user(
            cls.env, login="sdp_delivery", name="Delivery Dan", groups="base.group_user"
        )
        cls.user_finance = new_test_user(
            cls.env, login="sdp_finance", name="Finance Fay", groups="base.group_user"
        )
        cls.user_sales_a.tz = "Europe/Brussels"

    def test_kickoff_invites_departments_with_agenda_and_tasks(self):
        """P3.8.1: the company's department people are invited, the agenda and who does what
        by when are in the meeting, and each responsibility is an activity on the lead."""
        self.company.write(
            {
                "sdp_kickoff_delivery_user_ids": [(6, 0, self.user_delivery.ids)],
                "sdp_kickoff_finance_user_ids": [(6, 0, self.user_finance.ids)],
                "sdp_kickoff_agenda": "1. Scope\n2. Plan",
                "sdp_kickoff_task_days": 5,
            }
        )
        lead = self._contract_lead("Departments").with_user(self.user_sales_a)
        with freeze_time("2026-03-02 16:00:00"):
            lead.action_set_won()
        event = lead.sdp_kickoff_event_id
        self.assertEqual(event.start, datetime(2026, 3, 5, 9, 0))
        self.assertLessEqual(
            self.user_delivery.partner_id | self.user_finance.partner_id, event.partner_ids
        )
        description = str(event.description)
        for needle in ("1. Scope", "2. Plan", "Delivery", "Delivery Dan", "Finance Fay"):
            self.assertIn(needle, description)
        tasks = lead.activity_ids.filtered(
            lambda a: a.user_id in (self.user_delivery | self.user_finance)
        )
        self.assertEqual(tasks.user_id, self.user_delivery | self.user_finance)
        self.assertEqual(set(tasks.mapped("date_deadline")), {datetime(2026, 3, 10).date()})
        self.assertTrue(all("P3.8.1" in summary for summary in tasks.mapped("summary")))

    def test_kickoff_settings_by_administrators_only(self):
        """P3.8.1: a salesperson does not choose who is invited."""
        with self.assertRaises(AccessError):
            self.company.with_user(self.user_sales_a).write(
                {"sdp_kickoff_delivery_user_ids": [(6, 0, self.user_sales_a.ids)]}
            )
        with self.assertRaisesMsg(ValidationError, "cannot be negative"):
            self.company.sdp_kickoff_task_days = -1

    def test_no_departments_configured_meeting_as_before(self):
        """Without department people the kickoff is unchanged (no extra activities)."""
        lead = self._contract_lead("Plain kickoff").with_user(self.user_sales_a)
        lead.action_set_won()
        event = lead.sdp_kickoff_event_id
        self.assertEqual(
            event.partner_ids,
            self.user_sales_a.partner_id | self.user_leader.partner_id | self.customer,
        )
        self.assertFalse(
            lead.activity_ids.filtered(
                lambda a: "Kickoff " in (a.summary or "") and a.user_id != self.user_sales_a
            )
        )


@tagged("sdp_pipeline", "post_install", "-at_install")
class TestPipelineContractMilestones(FidelityCommon):
    def test_confirmed_order_dates_become_milestones(self):
        """P3.8.2: the confirmed order's commitment date is a milestone, on Won or when the
        order is confirmed later; once per order."""
        lead = self._contract_lead("Ordered").with_user(self.user_sales_a)
        before = self._order(lead, commitment_date=datetime(2026, 6, 15, 8, 0))
        before.action_confirm()
        self.assertFalse(
            lead.sdp_followup_milestone_ids.filtered(lambda m: m.kind == "order"),
            "not won yet",
        )
        lead.action_set_won()
        milestone = lead.sdp_followup_milestone_ids.filtered(lambda m: m.kind == "order")
        self.assertEqual(milestone.order_id, before)
        self.assertEqual(str(milestone.date_deadline), "2026-06-15")
        self.assertEqual(milestone.activity_id.date_deadline, milestone.date_deadline)
        self.assertEqual(milestone.user_id, self.user_sales_a)
        # Templates stay the default.
        self.assertTrue(lead.sdp_followup_milestone_ids.filtered(lambda m: m.kind == "template"))
        after = self._order(lead, commitment_date=datetime(2026, 9, 1, 8, 0))
        after.action_confirm()
        lead.invalidate_recordset()
        orders = lead.sdp_followup_milestone_ids.filtered(lambda m: m.kind == "order")
        self.assertEqual(orders.order_id, before | after)
        (before | after)._sdp_plan_order_milestones()
        lead._sdp_on_won()
        lead.invalidate_recordset()
        self.assertEqual(
            len(lead.sdp_followup_milestone_ids.filtered(lambda m: m.kind == "order")), 2
        )

    @users("sdp_sales_a")
    def test_contract_milestone_entered_by_hand(self):
        """P3.8.2: a milestone of the contract entered by hand gets its activity."""
        lead = self._contract_lead("By hand").with_user(self.env.user)
        milestone = self.env["sdp.followup.milestone"].create(
            {"name": "Phase 2 acceptance", "lead_id": lead.id, "date_deadline": "2026-08-01"}
        )
        self.assertEqual(milestone.kind, "contract")
        self.assertEqual(str(milestone.activity_id.date_deadline), "2026-08-01")
        self.assertEqual(milestone.activity_id.user_id, self.user_sales_a)

    def test_progress_reports_recur_until_contract_end(self):
        """P3.8.3: a progress report every N days (company setting) until the contract ends;
        the cron is idempotent."""
        self.company.sdp_progress_report_days = 30
        lead = self._contract_lead("Running").with_user(self.user_sales_a)
        lead.sdp_date_contract_end = "2026-05-20"
        with freeze_time("2026-03-02 09:00:00"):
            lead.action_set_won()
        Lead = self.env["crm.lead"]

        def reports():
            return lead.sdp_followup_milestone_ids.filtered(lambda m: m.kind == "progress")

        # The installed "Progress report to customer" template (30 d) is the first report.
        self.assertEqual([str(d) for d in reports().mapped("date_deadline")], ["2026-04-01"])
        with freeze_time("2026-04-20 09:00:00"):
            Lead._cron_sdp_progress_reports()
        self.assertEqual(len(reports()), 1, "not due before 2026-05-01")
        with freeze_time("2026-05-01 09:00:00"):
            Lead._cron_sdp_progress_reports()
            Lead._cron_sdp_progress_reports()
        lead.invalidate_recordset()
        new = reports().filtered(lambda m: str(m.date_deadline) == "2026-05-01")
        self.assertEqual(len(new), 1, "planned once")
        self.assertEqual(new.activity_id.user_id, self.user_sales_a)
        with freeze_time("2026-06-15 09:00:00"):
            Lead._cron_sdp_progress_reports()
        lead.invalidate_recordset()
        self.assertEqual(len(reports()), 2, "the contract ended on 2026-05-20")

    def test_progress_interval_setting(self):
        """P3.8.3: the interval is a company setting; 0 turns the reports off."""
        with self.assertRaises(AccessError):
            self.company.with_user(self.user_sales_a).sdp_progress_report_days = 1
        self.company.sdp_progress_report_days = 0
        lead = self._contract_lead("Off").with_user(self.user_sales_a)
        lead.sdp_date_contract_end = "2027-01-01"
        lead.action_set_won()
        count = len(lead.sdp_followup_milestone_ids)
        with freeze_time(fields.Date.today() + timedelta(days=200)):
            self.env["crm.lead"]._cron_sdp_progress_reports()
        lead.invalidate_recordset()
        self.assertEqual(len(lead.sdp_followup_milestone_ids), count)


@tagged("sdp_pipeline", "post_install", "-at_install")
class TestCustomerRevisits(FidelityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.revisit_type = cls.env.ref("sales_dev_policy.mail_activity_type_sdp_revisit")
        cls.company.write(
            {
                "sdp_revisit_days_a": 30,
                "sdp_revisit_days_b": 0,
                "sdp_revisit_days_c": 0,
                "sdp_revisit_days_default": 0,
            }
        )
        cls.key_account = cls.env["res.partner"].create(
            {
                "name": "Key Account Ltd",
                "is_company": True,
                "sdp_potential": "a",
                "user_id": cls.user_sales_a.id,
            }
        )
        cls.small = cls.env["res.partner"].create(
            {
                "name": "Small Fry",
                "is_company": True,
                "sdp_potential": "c",
                "user_id": cls.user_sales_a.id,
            }
        )

    def _revisits(self):
        return self.env["mail.activity"].search(
            [("activity_type_id", "=", self.revisit_type.id), ("res_model", "=", "res.partner")]
        )

    def test_cron_plans_revisits_once_per_interval(self):
        """P2.2.5: a visit is planned for the salesperson when due, not twice; a visit done
        resets the clock; customers of a potential without an interval are left alone."""
        today = fields.Date.today()
        Partner = self.env["res.partner"]
        with freeze_time(today + timedelta(days=10)):
            Partner._cron_sdp_revisits()
        self.assertFalse(self._revisits(), "not due: known for 10 days only")
        with freeze_time(today + timedelta(days=40)):
            Partner._cron_sdp_revisits()
            Partner._cron_sdp_revisits()
        visit = self._revisits()
        self.assertEqual(len(visit), 1)
        self.assertEqual(visit.res_id, self.key_account.id)
        self.assertEqual(visit.user_id, self.user_sales_a)
        self.assertEqual(visit.date_deadline, today + timedelta(days=40))
        self.assertIn("P2.2.5", visit.summary)
        with freeze_time(today + timedelta(days=41)):
            visit.with_user(self.user_sales_a).action_feedback(feedback="Visited the plant")
        with freeze_time(today + timedelta(days=60)):
            Partner._cron_sdp_revisits()
        self.assertFalse(self._revisits(), "visited on day 41")
        with freeze_time(today + timedelta(days=72)):
            Partner._cron_sdp_revisits()
        self.assertEqual(self._revisits().res_id, self.key_account.id)

    def test_unclassified_customers_are_revisited_too(self):
        """P2.2.5 revisits customers, not only those with a potential: a customer without one is
        revisited at the company's default interval; 0 switches it off."""
        today = fields.Date.today()
        unclassified = self.env["res.partner"].create(
            {"name": "Unclassified Ltd", "is_company": True, "user_id": self.user_sales_a.id}
        )
        Partner = self.env["res.partner"]
        with freeze_time(today + timedelta(days=200)):
            Partner._cron_sdp_revisits()
        self.assertNotIn(unclassified.id, self._revisits().mapped("res_id"), "switched off")
        self.company.sdp_revisit_days_default = 180
        with freeze_time(today + timedelta(days=200)):
            Partner._cron_sdp_revisits()
        visit = self._revisits().filtered(lambda a: a.res_id == unclassified.id)
        self.assertEqual(visit.user_id, self.user_sales_a)
        self.assertIn("every 180 days", visit.summary)

    def test_team_leader_sees_overdue_revisits(self):
        """P2.2.5: the team leader lists the overdue revisits of the team's customers."""
        today = fields.Date.today()
        with freeze_time(today + timedelta(days=40)):
            self.env["res.partner"]._cron_sdp_revisits()
        with freeze_time(today + timedelta(days=45)):
            Partner = self.env["res.partner"].with_user(self.user_leader)
            self.assertEqual(Partner.search([("sdp_revisit_overdue", "=", True)]), self.key_account)
            self.assertNotIn(
                self.key_account, Partner.search([("sdp_revisit_overdue", "=", False)])
            )
            self.assertTrue(self.key_account.with_user(self.user_leader).sdp_revisit_overdue)
            action = self.env["ir.actions.actions"]._for_xml_id(
                "sales_dev_policy.mail_activity_action_sdp_revisit"
            )
            overdue = (
                self.env["mail.activity"]
                .with_user(self.user_leader)
                .search(safe_eval(action["domain"]) + [("date_deadline", "<", fields.Date.today())])
            )
            self.assertEqual(overdue.res_id, self.key_account.id)

    def test_revisit_intervals_are_company_settings(self):
        """P2.2.5: intervals per potential are set in the company settings, not negative."""
        with self.assertRaises(AccessError):
            self.company.with_user(self.user_sales_a).sdp_revisit_days_a = 365
        with self.assertRaisesMsg(ValidationError, "cannot be negative"):
            self.company.sdp_revisit_days_b = -5
        self.assertEqual(self.company._sdp_revisit_days(), {"a": 30})
        with self.assertRaisesMsg(ValidationError, "cannot be negative"):
            self.company.sdp_revisit_days_default = -1
