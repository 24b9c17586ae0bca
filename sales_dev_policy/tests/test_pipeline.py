"""Policy stages, gates, overrides, moves back and SLA (P3). Feature: pipeline."""

from datetime import date, datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time
from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged, users

from odoo.addons.sales_dev_policy.models.sdp_permit import with_permit

from .common import SalesDevPolicyCommon
from .common_pipeline import PipelineCommon


@tagged("sdp_pipeline", "post_install", "-at_install")
class TestPipelineGates(PipelineCommon):
    @users("sdp_sales_a")
    def test_new_lead_starts_at_first_policy_step(self):
        """P3.2: a new lead of a team on the policy pipeline starts at Prospect; logged."""
        trade_show = self.env.ref("sales_dev_policy.utm_source_sdp_trade_show")
        lead = self.env["crm.lead"].create(
            {
                "name": "New",
                "type": "opportunity",
                "team_id": self.team_a.id,
                "source_id": trade_show.id,  # P3.2.1 channel
            }
        )
        self.assertEqual(lead.stage_id, self.stage["prospect"])
        self.assertEqual(lead.source_id.name, "Trade Show")
        self.assertEqual(lead.sdp_transition_ids.stage_to_id, self.stage["prospect"])

    @users("sdp_sales_a")
    def test_create_in_later_step_refused(self):
        """P3.2: a new lead cannot start past the first step (no skipping)."""
        with self.assertRaisesRegex(UserError, "starts at the first policy step"):
            self.env["crm.lead"].create(
                {"name": "Jump", "team_id": self.team_a.id, "stage_id": self.stage["needs"].id}
            )

    @users("sdp_sales_a")
    def test_contact_gate_needs_done_first_contact(self):
        """P3.3.2: entering Contacted needs a completed first-contact activity."""
        lead = self._lead("Contact me").with_user(self.env.user)
        self.assertEqual(lead.sdp_gate_progress, 0)
        self.assertIn("no completed activity of", lead.sdp_gate_missing)
        with self.assertRaisesRegex(UserError, "Contact me.*no completed activity of"):
            lead.write({"stage_id": self.stage["contact"].id})
        self.assertEqual(lead.stage_id, self.stage["prospect"])
        self._log_first_contact(lead)
        lead.invalidate_recordset()
        self.assertTrue(lead.sdp_date_first_contact)
        self.assertEqual(lead.sdp_gate_progress, 100)
        lead.write({"stage_id": self.stage["contact"].id})
        self.assertEqual(lead.stage_id, self.stage["contact"])
        transition = lead.sdp_transition_ids.filtered(
            lambda t: t.stage_to_id == self.stage["contact"]
        )
        self.assertEqual(transition.stage_from_id, self.stage["prospect"])
        self.assertEqual(transition.user_id, self.user_sales_a)

    @users("sdp_sales_a")
    def test_needs_gate_required_fields(self):
        """P3.4: entering Needs analysed needs the needs and decision criteria filled."""
        lead = self._lead("Needs", "contact").with_user(self.env.user)
        with self.assertRaisesRegex(UserError, "Needs and Requirements"):
            lead.write({"stage_id": self.stage["needs"].id})
        self.assertEqual(lead.stage_id, self.stage["contact"])
        lead.write({"sdp_needs": "Faster delivery", "sdp_decision_criteria": "Price"})
        lead.write({"stage_id": self.stage["needs"].id})
        self.assertEqual(lead.stage_id, self.stage["needs"])

    @users("sdp_sales_a")
    def test_proposal_gate_covers_p352(self):
        """P3.5.2: the proposal covers products, pricing, delivery and after-sales."""
        lead = self._lead("Proposal", "needs").with_user(self.env.user)
        lead.write({"sdp_proposal_products": True, "sdp_proposal_pricing": True})
        with self.assertRaisesRegex(UserError, "After-sales"):
            lead.write({"stage_id": self.stage["proposal"].id})
        lead.write({"sdp_proposal_delivery": True, "sdp_proposal_after_sales": True})
        lead.write({"stage_id": self.stage["proposal"].id})
        self.assertEqual(lead.stage_id, self.stage["proposal"])

    @users("sdp_sales_a")
    def test_contract_gate_checklist(self):
        """P3.7.2: the Contract gate's checklist must be ticked."""
        lead = self._lead("Checklist", "negotiation").with_user(self.env.user)
        items = self.stage["contract"].sdp_gate_checklist_item_ids
        self.assertEqual(len(items), 2)
        with self.assertRaisesRegex(UserError, "not checked"):
            lead.write({"stage_id": self.stage["contract"].id})
        lead.write({"sdp_checklist_item_done_ids": [(6, 0, items[:1].ids)]})
        with self.assertRaisesRegex(UserError, "not checked"):
            lead.write({"stage_id": self.stage["contract"].id})
        lead.write({"sdp_checklist_item_done_ids": [(6, 0, items.ids)]})
        lead.write({"stage_id": self.stage["contract"].id})
        self.assertEqual(lead.stage_id, self.stage["contract"])

    @users("sdp_sales_a")
    def test_gate_progress_follows_what_is_saved(self):
        """P3.7.2: what the next gate still needs follows the lead as soon as the ticked
        checklist is saved, in the same request; the time in the step follows the stage's date."""
        lead = self._lead("Saved gate", "negotiation").with_user(self.env.user)
        items = self.stage["contract"].sdp_gate_checklist_item_ids
        self.assertIn("not checked", lead.sdp_gate_missing)
        self.assertEqual(lead.sdp_gate_next_stage_id, self.stage["contract"])
        lead.write({"sdp_checklist_item_done_ids": [(6, 0, items.ids)]})
        self.assertNotIn("not checked", lead.sdp_gate_missing or "")
        self.assertEqual(lead.sdp_days_in_step, 0)
        # sudo: the stage date is Odoo's own (set by a stage change); the test ages it.
        lead.sudo().date_last_stage_update = fields.Datetime.now() - timedelta(days=5)
        self.assertEqual(lead.sdp_days_in_step, 5)

    @users("sdp_sales_a")
    def test_contact_needs_real_potential(self):
        """P3.2.2: only prospects with real potential are followed up: with the Contacted step
        as installed, a lead not screened, or screened without potential, stays a prospect."""
        # sudo: the Policy Administrator's stage setting, as installed
        self.stage["contact"].sudo().sdp_gate_require_screening = True
        lead = self._lead("Screen me").with_user(self.env.user)
        self._log_first_contact(lead)
        with self.assertRaisesRegex(UserError, "Screen me is not screened as having real"):
            lead.write({"stage_id": self.stage["contact"].id})
        lead.sdp_screening_result = "rejected"
        with self.assertRaisesRegex(UserError, "no real potential"):
            lead.write({"stage_id": self.stage["contact"].id})
        self.assertEqual(lead.stage_id, self.stage["prospect"])
        lead.sdp_screening_result = "potential"
        lead.write({"stage_id": self.stage["contact"].id})
        self.assertEqual(lead.stage_id, self.stage["contact"])

    @users("sdp_sales_a")
    def test_contract_needs_a_negotiation_round(self):
        """P3.6.3: the negotiation's agreements are the basis of the contract: at least one
        round with its agreed terms before the Contract step."""
        # sudo: the Policy Administrator's stage setting, as installed
        self.stage["contract"].sudo().sdp_gate_require_negotiation = True
        lead = self._lead("Negotiated", "negotiation").with_user(self.env.user)
        items = self.stage["contract"].sdp_gate_checklist_item_ids
        lead.write({"sdp_checklist_item_done_ids": [(6, 0, items.ids)]})
        round_ = self.env["sdp.negotiation.round"].create(
            {"lead_id": lead.id, "key_points": "Price, delivery"}
        )
        with self.assertRaisesRegex(UserError, "no negotiation round with its agreed terms"):
            lead.write({"stage_id": self.stage["contract"].id})
        self.assertEqual(lead.stage_id, self.stage["negotiation"])
        round_.agreed_terms = "10 % discount, delivery in June"
        lead.write({"stage_id": self.stage["contract"].id})
        self.assertEqual(lead.stage_id, self.stage["contract"])

    def test_attachment_gate_configured_by_admin(self):
        """P3.5: the Policy Administrator requires a document; the gate counts attachments."""
        self.stage["proposal"].with_user(self.user_admin).write(
            {"sdp_gate_attachment_count": 1, "sdp_gate_field_ids": [(5, 0, 0)]}
        )
        lead = self._lead("Docs", "needs").with_user(self.user_sales_a)
        with self.assertRaisesRegex(UserError, "0 of 1 required documents"):
            lead.write({"stage_id": self.stage["proposal"].id})
        self.env["ir.attachment"].with_user(self.user_sales_a).create(
            {"name": "proposal.pdf", "res_model": "crm.lead", "res_id": lead.id, "raw": b"x"}
        )
        lead.write({"stage_id": self.stage["proposal"].id})
        self.assertEqual(lead.stage_id, self.stage["proposal"])

    def test_salesperson_cannot_edit_gates(self):
        """Gates are configured by the Policy Administrator, not by salespeople."""
        with self.assertRaises(AccessError):
            self.stage["needs"].with_user(self.user_sales_a).write({"sdp_gate_attachment_count": 5})
        with self.assertRaises(AccessError):
            self.env["sdp.gate.checklist.item"].with_user(self.user_sales_a).create(
                {"name": "x", "stage_id": self.stage["needs"].id}
            )

    def test_approval_hook_messages_included(self):
        """P3.7.3/P6.3: approvals missing per the hook block the gate with their message."""
        lead = self._lead("Approval", "negotiation").with_user(self.user_sales_a)
        lead.write(
            {
                "sdp_checklist_item_done_ids": [
                    (6, 0, self.stage["contract"].sdp_gate_checklist_item_ids.ids)
                ]
            }
        )
        lead_class = type(self.env["crm.lead"])
        with patch.object(
            lead_class,
            "_sdp_gate_approval_missing",
            lambda leads, stage: {lead.id: ["legal approval missing"]}
            if stage.sdp_policy_step == "contract"
            else {},
        ):
            with self.assertRaisesRegex(UserError, "legal approval missing"):
                lead.write({"stage_id": self.stage["contract"].id})
            self.assertEqual(lead.stage_id, self.stage["negotiation"])
        lead.write({"stage_id": self.stage["contract"].id})
        self.assertEqual(lead.stage_id, self.stage["contract"])

    @users("sdp_sales_a")
    def test_refusal_names_field_and_tab(self):
        """P3.4: the refusal says what to fill and where: the field's label and the tab of the
        lead form that holds it, as the salesperson's form shows them."""
        lead = self._lead("Where", "contact").with_user(self.env.user)
        lead.sdp_decision_criteria = "Price first"
        with self.assertRaises(UserError) as refusal:
            lead.write({"stage_id": self.stage["needs"].id})
        message = str(refusal.exception)
        self.assertIn("“Needs and Requirements” on the “Needs” tab is empty", message)
        self.assertNotIn("Decision Criteria", message, "only what is missing")
        self.assertNotIn("policy tabs", message)
        self.assertEqual(lead.stage_id, self.stage["contact"])
        self.assertIn("on the “Needs” tab", lead.sdp_gate_missing, "the form says it too")

    def test_refusal_names_no_tab_the_user_does_not_see(self):
        """The policy tabs are shown to the policy's salespeople only: a plain Odoo salesman
        in a policy team is told the field, not a tab his form does not have."""
        salesman = new_test_user(
            self.env, login="sdp_plain_where", groups="sales_team.group_sale_salesman"
        )
        self.team_a.member_ids = [(4, salesman.id)]
        lead = self._lead("Plain where", "contact")
        lead.user_id = salesman
        with self.assertRaises(UserError) as refusal:
            lead.with_user(salesman).write({"stage_id": self.stage["needs"].id})
        message = str(refusal.exception)
        self.assertIn("“Needs and Requirements” is empty", message)
        self.assertNotIn("tab", message)

    @users("sdp_sales_a")
    def test_batch_write_one_fails_changes_none(self):
        """P3: one lead failing its gate refuses the whole batch, naming that lead only."""
        good = self._lead("Good one", "contact").with_user(self.env.user)
        bad = self._lead("Bad one", "contact").with_user(self.env.user)
        good.write({"sdp_needs": "n", "sdp_decision_criteria": "c"})
        count = self.env["sdp.stage.transition"].search_count([])
        with self.assertRaises(UserError) as caught:
            (good | bad).write({"stage_id": self.stage["needs"].id})
        self.assertIn("Bad one", str(caught.exception))
        self.assertNotIn("Good one", str(caught.exception))
        self.assertEqual((good | bad).mapped("stage_id"), self.stage["contact"])
        self.assertEqual(self.env["sdp.stage.transition"].search_count([]), count)


@tagged("sdp_pipeline", "post_install", "-at_install")
class TestPipelineSequence(PipelineCommon):
    @users("sdp_sales_a")
    def test_skip_forward_refused(self):
        """P3: no skipping policy steps forward (company setting on)."""
        lead = self._lead("Skipper").with_user(self.env.user)
        lead.write({"sdp_needs": "n", "sdp_decision_criteria": "c"})
        with self.assertRaisesRegex(UserError, "cannot be skipped") as refusal:
            lead.write({"stage_id": self.stage["needs"].id})
        self.assertEqual(lead.stage_id, self.stage["prospect"])
        # The step as the pipeline shows it: the name of the team's stage.
        self.assertIn("the next step is “Contacted”", str(refusal.exception))

    def test_skip_allowed_when_setting_off(self):
        """P3: with the no-skipping setting off, only the target gate applies."""
        self.company.sdp_pipeline_no_skip = False
        lead = self._lead("Skipper").with_user(self.user_sales_a)
        lead.write({"sdp_needs": "n", "sdp_decision_criteria": "c"})
        lead.write({"stage_id": self.stage["needs"].id})
        self.assertEqual(lead.stage_id, self.stage["needs"])

    @users("sdp_sales_a")
    def test_back_needs_reason(self):
        """P3: moving back needs a reason; with one it is allowed and logged."""
        lead = self._lead("Backward", "needs").with_user(self.env.user)
        with self.assertRaisesRegex(UserError, "needs a reason"):
            lead.write({"stage_id": self.stage["contact"].id})
        self.assertEqual(lead.stage_id, self.stage["needs"])
        wizard = self.env["sdp.stage.back"].create(
            {
                "lead_ids": [(6, 0, lead.ids)],
                "stage_id": self.stage["contact"].id,
                "reason": "Customer changed the scope",
            }
        )
        wizard.action_confirm()
        self.assertEqual(lead.stage_id, self.stage["contact"])
        transition = self.env["sdp.stage.transition"].search(
            [("lead_id", "=", lead.id)], order="id desc", limit=1
        )
        self.assertEqual(transition.stage_from_id, self.stage["needs"])
        self.assertEqual(transition.back_reason, "Customer changed the scope")

    @users("sdp_sales_a")
    def test_won_only_from_contract(self):
        """P3.7: a lead in the policy pipeline is won only from the Contract step."""
        lead = self._lead("Winner", "negotiation").with_user(self.env.user)
        with self.assertRaisesRegex(UserError, "only from the Contract step"):
            lead.action_set_won()
        with self.assertRaisesRegex(UserError, "only from the Contract step"):
            lead.write({"stage_id": self.stage["won"].id})
        self.assertEqual(lead.stage_id, self.stage["negotiation"])
        self.assertNotEqual(lead.probability, 100)
        lead.write(
            {
                "sdp_checklist_item_done_ids": [
                    (6, 0, self.stage["contract"].sdp_gate_checklist_item_ids.ids)
                ]
            }
        )
        lead.write({"stage_id": self.stage["contract"].id})
        lead.action_set_won()
        self.assertEqual(lead.stage_id, self.stage["won"])
        self.assertEqual(lead.probability, 100)
        # P3.8.1: kickoff meeting scheduled for the salesperson.
        kickoff = lead.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("sales_dev_policy.mail_activity_type_sdp_kickoff")
        )
        self.assertEqual(kickoff.user_id, self.user_sales_a)

    @users("sdp_sales_a")
    def test_lost_always_allowed(self):
        """Marking lost is always allowed, whatever the gate."""
        lead = self._lead("Loser", "contact").with_user(self.env.user)
        lead.action_set_lost(lost_reason_id=self.env.ref("crm.lost_reason_1").id)
        self.assertFalse(lead.active)

    def test_override_only_by_manager_and_logged(self):
        """P3: only a Sales Manager passes a gate, with a reason; logged on the transition."""
        lead = self._lead("Override").with_user(self.user_sales_a)
        with self.assertRaises(AccessError):
            self.env["sdp.gate.override"].with_user(self.user_sales_a).create(
                {
                    "lead_ids": [(6, 0, lead.ids)],
                    "stage_id": self.stage["contact"].id,
                    "reason": "x",
                }
            )
        with self.assertRaisesRegex(AccessError, "Only a Sales Manager"):
            lead._sdp_override_move(self.stage["contact"], "I say so")
        # A context key is no override: the gate applies as to anyone.
        with self.assertRaisesRegex(UserError, "refuses this stage change"):
            lead.with_context(sdp_gate_override_reason="I say so").write(
                {"stage_id": self.stage["contact"].id}
            )
        self.assertEqual(lead.stage_id, self.stage["prospect"])
        wizard = (
            self.env["sdp.gate.override"]
            .with_user(self.user_manager)
            .create(
                {
                    "lead_ids": [(6, 0, lead.ids)],
                    "stage_id": self.stage["contact"].id,
                    "reason": "Met at the trade show, logged later",
                }
            )
        )
        wizard.action_confirm()
        self.assertEqual(lead.stage_id, self.stage["contact"])
        transition = self.env["sdp.stage.transition"].search(
            [("lead_id", "=", lead.id)], order="id desc", limit=1
        )
        self.assertEqual(transition.override_reason, "Met at the trade show, logged later")
        self.assertTrue(transition.is_override)
        self.assertEqual(transition.user_id, self.user_manager)

    @users("sdp_sales_b")
    def test_standard_stages_move_freely(self):
        """Stages without a policy step are not enforced; standard flows are unchanged."""
        lead = self.env["crm.lead"].create(
            {"name": "Standard", "type": "opportunity", "team_id": self.team_b.id}
        )
        self.assertFalse(lead.stage_id.sdp_policy_step)
        standard = self.env["crm.stage"].search(
            [("sdp_policy_step", "=", False), ("team_id", "=", False), ("is_won", "=", False)]
        )
        lead.write({"stage_id": standard[-1].id})
        lead.write({"stage_id": standard[0].id})
        lead.action_set_won()
        self.assertTrue(lead.stage_id.is_won)
        self.assertFalse(lead.stage_id.sdp_policy_step)

    def test_board_opens_on_the_policy_steps(self):
        """P3.2-P3.8: "My Pipeline" of a policy team's member opens on the team's board: every
        policy step, empty ones too, in policy order; a lead created on it starts at the first
        step. The team's leader, who is not a member, lands on the team's leads. A team on
        Odoo's standard stages gets Odoo's board unchanged."""
        steps = self.env["crm.stage"].search(
            [("sdp_policy_step", "!=", False), ("team_id", "in", [False, self.team_a.id])]
        )
        for user, search_default, domain in (
            (
                self.user_sales_a,
                "search_default_assigned_to_me",
                [("user_id", "=", self.user_sales_a.id)],
            ),
            (self.user_leader, "search_default_team_id", [("team_id", "=", self.team_a.id)]),
        ):
            action = self.env["crm.team"].with_user(user).action_your_pipeline()
            context = action["context"]
            self.assertEqual(context["default_team_id"], self.team_a.id)
            self.assertTrue(context.get(search_default), user.name)
            self.assertNotIn("member of no Sales Team", action.get("help") or "")
            Lead = self.env["crm.lead"].with_user(user).with_context(**context)
            # The search defaults as the web client applies them.
            groups = Lead.web_read_group(domain, ["stage_id"], ["stage_id"])["groups"]
            self.assertEqual([group["stage_id"][0] for group in groups], steps.ids, user.name)
        with Form(Lead.with_user(self.user_sales_a)) as lead:
            lead.name = "Lead created on the board"
        self.assertEqual(lead.record.stage_id, self.stage["prospect"])
        context = self.env["crm.team"].with_user(self.user_sales_b).action_your_pipeline()
        self.assertNotIn("default_team_id", context["context"], "team B is on Odoo's stages")

    def test_team_switch_and_columns(self):
        """The team action switches the pipeline; kanban columns follow it."""
        self.team_b.with_user(self.user_manager).action_sdp_use_policy_pipeline()
        self.assertTrue(self.team_b.sdp_use_policy_pipeline)
        Lead = self.env["crm.lead"].with_context(default_team_id=self.team_b.id)
        columns = Lead._read_group_stage_ids(self.env["crm.stage"], [])
        self.assertTrue(all(columns.mapped("sdp_policy_step")))
        self.team_b.with_user(self.user_manager).action_sdp_leave_policy_pipeline()
        columns = Lead._read_group_stage_ids(self.env["crm.stage"], [])
        self.assertFalse(any(columns.mapped("sdp_policy_step")))


@tagged("sdp_pipeline", "post_install", "-at_install")
class TestPipelineSla(PipelineCommon):
    def test_sla_cron_flags_and_escalates(self):
        """P3 stage SLA: past the limit the salesperson, past the second the leader, are told."""
        self.stage["prospect"].with_user(self.user_admin).write(
            {"sdp_sla_days": 3, "sdp_sla_escalation_days": 7}
        )
        start = datetime(2026, 1, 5, 9, 0)
        old = self._lead("Old")
        fresh = self._lead("Fresh")
        other = self._lead("In contact", "contact")
        old.date_last_stage_update = start
        fresh.date_last_stage_update = start + timedelta(days=4)
        other.date_last_stage_update = start
        todo = self.env.ref("mail.mail_activity_data_todo")
        with freeze_time(start + timedelta(days=5)):
            self.run_cron(self.env["crm.lead"], "_cron_sdp_stage_sla")
        self.assertTrue(old.sdp_sla_overdue)
        self.assertFalse(fresh.sdp_sla_overdue)
        self.assertFalse(other.sdp_sla_overdue)
        self.assertFalse(old.sdp_sla_escalated)
        acts = old.activity_ids.filtered(lambda a: a.activity_type_id == todo)
        self.assertEqual(acts.user_id, self.user_sales_a)
        with freeze_time(start + timedelta(days=8)):
            self.run_cron(self.env["crm.lead"], "_cron_sdp_stage_sla")
            self.run_cron(
                self.env["crm.lead"], "_cron_sdp_stage_sla"
            )  # idempotent: no duplicate activities
        self.assertTrue(old.sdp_sla_escalated)
        self.assertTrue(fresh.sdp_sla_overdue)
        acts = old.activity_ids.filtered(lambda a: a.activity_type_id == todo)
        self.assertEqual(len(acts), 2)
        self.assertEqual(acts.user_id, self.user_sales_a | self.user_leader)
        # Leaving the stage clears the flags.
        self._log_first_contact(old)
        old.with_user(self.user_sales_a).write({"stage_id": self.stage["contact"].id})
        self.assertFalse(old.sdp_sla_overdue)
        self.assertFalse(old.sdp_sla_escalated)

    def test_market_research_is_periodic(self):
        """P3.1.1: the sales department researches its market periodically: a policy team
        whose last research ended longer than its interval ago gets its next research to do,
        with a to-do for its leader, once; finishing it (Period To) sets the next due date."""
        team = self.team_a
        team.write({"user_id": self.user_leader.id, "sdp_research_interval_days": 30})
        Research = self.env["sdp.market.research"]
        Research.create(
            {
                "name": "Kitchen equipment Q3",
                "team_id": team.id,
                "date_start": date(2026, 7, 1),
                "date_end": date(2026, 9, 30),
            }
        )
        self.assertEqual(team.sdp_research_last_date, date(2026, 9, 30))
        self.assertEqual(team.sdp_research_due_date, date(2026, 10, 30))
        with freeze_time("2026-10-29"):
            self.run_cron(team, "_cron_sdp_research_due")
        self.assertFalse(Research.search([("team_id", "=", team.id), ("date_end", "=", False)]))
        with freeze_time("2026-10-30"):
            self.run_cron(team, "_cron_sdp_research_due")
            self.run_cron(team, "_cron_sdp_research_due")  # once
        due = Research.search([("team_id", "=", team.id), ("date_end", "=", False)])
        self.assertEqual(len(due), 1)
        self.assertEqual(due.activity_ids.user_id, self.user_leader)
        # The leader does it; the next one is due a period later.
        due.with_user(self.user_leader).write(
            {"date_start": date(2026, 10, 1), "date_end": date(2026, 11, 5)}
        )
        self.assertEqual(team.sdp_research_due_date, date(2026, 12, 5))
        # A team on Odoo's stages has no schedule.
        team.sdp_use_policy_pipeline = False
        with freeze_time("2027-01-10"):
            self.run_cron(team, "_cron_sdp_research_due")
        self.assertFalse(Research.search([("team_id", "=", team.id), ("date_end", "=", False)]))

    def test_time_in_step_against_its_limit(self):
        """P3 stage SLA: the lead form shows the days spent in the step against the stage's
        limit, counted as the SLA check counts them; the analyses open on their graphs."""
        self.stage["prospect"].with_user(self.user_admin).write({"sdp_sla_days": 7})
        start = datetime(2026, 1, 5, 9, 0)
        lead = self._lead("Waiting")
        lead.date_last_stage_update = start
        mine = lead.with_user(self.user_sales_a)
        with freeze_time(start + timedelta(days=5, hours=23)):
            mine.invalidate_recordset(["sdp_days_in_step"])
            self.assertEqual((mine.sdp_days_in_step, mine.sdp_step_sla_days), (5, 7))
        with freeze_time(start + timedelta(days=9)):
            mine.invalidate_recordset(["sdp_days_in_step"])
            self.assertEqual(mine.sdp_days_in_step, 9)
            self.env["crm.lead"]._cron_sdp_stage_sla()
            self.assertTrue(lead.sdp_sla_overdue)
        # The salesperson's form carries the bar; the analyses open on their graphs.
        arch = self.env["crm.lead"].with_user(self.user_sales_a).get_views([(False, "form")])
        self.assertIn('name="sdp_days_in_step"', arch["views"]["form"]["arch"])
        for xmlid in (
            "sales_dev_policy.sdp_pipeline_step_report_action",
            "sales_dev_policy.sdp_appraisal_analysis_action",
        ):
            action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
            self.assertEqual(action["views"][0][1], "graph", xmlid)


@tagged("sdp_pipeline", "post_install", "-at_install")
class TestPipelineAccess(PipelineCommon):
    def test_record_rules_lead_bound_models(self):
        """P4.3.3: own/team/all visibility of transitions, rounds and milestones."""
        lead_a = self._lead("A's lead")
        lead_b = (
            self.env["crm.lead"]
            .with_user(self.user_sales_b)
            .create(
                {"name": "B's lead", "team_id": self.team_b.id, "user_id": self.user_sales_b.id}
            )
        )
        round_a = (
            self.env["sdp.negotiation.round"]
            .with_user(self.user_sales_a)
            .create({"lead_id": lead_a.id, "key_points": "Price"})
        )
        milestone_b = (
            self.env["sdp.followup.milestone"]
            .with_user(self.user_sales_b)
            .create({"lead_id": lead_b.id, "name": "Delivery", "date_deadline": "2026-03-01"})
        )
        Transition = self.env["sdp.stage.transition"]
        # Salesperson B sees neither A's transitions nor A's negotiation rounds.
        self.assertFalse(
            Transition.with_user(self.user_sales_b).search([("lead_id", "=", lead_a.id)])
        )
        self.assertFalse(
            self.env["sdp.negotiation.round"]
            .with_user(self.user_sales_b)
            .search([("id", "=", round_a.id)])
        )
        with self.assertRaises(AccessError):
            round_a.with_user(self.user_sales_b).write({"key_points": "hack"})
        # The leader of team A sees team A's records, not team B's.
        self.assertTrue(
            Transition.with_user(self.user_leader).search([("lead_id", "=", lead_a.id)])
        )
        self.assertFalse(
            self.env["sdp.followup.milestone"]
            .with_user(self.user_leader)
            .search([("id", "=", milestone_b.id)])
        )
        # The manager sees everything; nobody writes the log by hand.
        self.assertTrue(
            Transition.with_user(self.user_manager).search([("lead_id", "=", lead_b.id)])
        )
        with self.assertRaises(AccessError):
            Transition.with_user(self.user_manager).search([], limit=1).write({"back_reason": "x"})

    @users("sdp_sales_a")
    def test_lead_form_as_salesperson(self):
        """The lead form with the policy tabs opens and saves for a salesperson."""
        lead = self._lead("Form lead").with_user(self.env.user)
        with Form(lead) as form:
            form.sdp_needs = "Shorter lead times"
            form.sdp_screening_result = "potential"
        self.assertEqual(lead.sdp_needs, "Shorter lead times")
        self.assertEqual(lead.sdp_gate_next_stage_id, self.stage["contact"])

    def test_gate_applies_to_user_without_policy_role(self):
        """A plain Odoo salesman in a policy team is gated too (no access error)."""
        salesman = new_test_user(
            self.env, login="sdp_plain_salesman", groups="sales_team.group_sale_salesman"
        )
        self.team_a.member_ids = [(4, salesman.id)]
        lead = self._lead("Plain", "negotiation")
        lead.user_id = salesman
        lead = lead.with_user(salesman)
        self.assertEqual(lead.sdp_gate_next_stage_id, self.stage["contract"])
        self.assertLess(lead.sdp_gate_progress, 100)
        with self.assertRaisesRegex(UserError, "not checked"):
            lead.write({"stage_id": self.stage["contract"].id})
        self.assertEqual(lead.stage_id, self.stage["negotiation"])


@tagged("sdp_pipeline", "post_install", "-at_install")
class TestPipelineDoor(PipelineCommon):
    """P3, P1.2: no way into the policy pipeline but through its first step. Over RPC a
    salesperson names any stage; a policy team's lead in Odoo's standard New or Won stage
    would be won without a single gate."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Stage = cls.env["crm.stage"]
        cls.standard_new = Stage.search([("sdp_policy_step", "=", False)], limit=1)
        cls.standard_won = Stage.search(
            [("sdp_policy_step", "=", False), ("is_won", "=", True)], limit=1
        )

    def _create(self, **vals):
        return (
            self.env["crm.lead"]
            .with_user(self.user_sales_a)
            .create(
                {
                    "name": "Door Lead",
                    "type": "opportunity",
                    "team_id": self.team_a.id,
                    "user_id": self.user_sales_a.id,
                    **vals,
                }
            )
        )

    def test_created_in_a_standard_stage_refused(self):
        for stage in (self.standard_new, self.standard_won):
            with (
                self.subTest(stage=stage.name),
                self.assertRaisesMsg(UserError, "works in the policy pipeline.*not in the stage"),
            ):
                self._create(stage_id=stage.id)
        self.assertFalse(self.env["crm.lead"].search([("name", "=", "Door Lead")]))
        # The door: no stage given, the lead starts at the first policy step.
        lead = self._create()
        self.assertEqual(lead.stage_id, self.stage["prospect"])

    def test_moved_to_a_standard_stage_refused(self):
        lead = self._create()
        for stage in (self.standard_new, self.standard_won):
            with self.subTest(stage=stage.name), self.assertRaises(UserError):
                lead.with_user(self.user_sales_a).write({"stage_id": stage.id})
        self.assertEqual(lead.stage_id, self.stage["prospect"])
        self.assertFalse(lead.stage_id.is_won)

    def test_joining_a_policy_team_enters_at_the_first_step(self):
        """A lead of a standard team moved to a policy team enters at its first step, with a
        logged transition; the standard team's leads are otherwise untouched."""
        lead = (
            self.env["crm.lead"]
            .with_user(self.user_sales_b)
            .create({"name": "Joining Lead", "type": "opportunity", "team_id": self.team_b.id})
        )
        self.assertFalse(lead.stage_id.sdp_policy_step, "a standard team keeps Odoo's stages")
        # sudo: a manager's reassignment, not what the test is about
        lead.sudo().write({"team_id": self.team_a.id, "user_id": self.user_sales_a.id})
        self.assertEqual(lead.stage_id, self.stage["prospect"])
        self.assertTrue(
            self.env["sdp.stage.transition"].search(
                [("lead_id", "=", lead.id), ("stage_to_id", "=", self.stage["prospect"].id)]
            )
        )
        other = (
            self.env["crm.lead"]
            .with_user(self.user_sales_b)
            .create({"name": "Won Elsewhere", "type": "opportunity", "team_id": self.team_b.id})
        )
        with self.assertRaisesMsg(UserError, "works in the policy pipeline"):
            # sudo: even with every right, the door holds
            other.sudo().write({"team_id": self.team_a.id, "stage_id": self.standard_won.id})
        self.assertEqual(other.team_id, self.team_b)

    def test_won_button_only_from_the_contract_step(self):
        """P3.7: the lead form offers Won to a policy lead only in the Contract step."""
        arch = self.env["crm.lead"].get_views([(False, "form")])["views"]["form"]["arch"]
        button = etree.fromstring(arch).xpath("//button[@name='action_set_won_rainbowman']")[0]
        self.assertIn("sdp_policy_step != 'contract'", button.get("invisible"))
        self.assertIn("not active", button.get("invisible"), "Odoo's own condition is kept")


@tagged("sdp_pipeline", "post_install", "-at_install")
class TestPipelineAsInstalled(SalesDevPolicyCommon):
    def test_installed_stages_require_screening_and_negotiation(self):
        """The Contacted and Contract steps as the module installs them (P3.2.2, P3.6.3)."""
        ref = self.env.ref
        self.assertTrue(ref("sales_dev_policy.crm_stage_sdp_contact").sdp_gate_require_screening)
        self.assertTrue(ref("sales_dev_policy.crm_stage_sdp_contract").sdp_gate_require_negotiation)

    def test_research_of_another_team_refused(self):
        """P3.1.1: a team's research dates its schedule: recorded by its members, its leader or
        a Sales Manager, not by a salesperson of another team."""
        other = self.env["crm.team"].create({"name": "Other Team", "sdp_use_policy_pipeline": True})
        Research = self.env["sdp.market.research"].with_user(self.user_sales_a)
        with self.assertRaisesRegex(UserError, "recorded by its members"):
            Research.create(
                {"name": "Far future", "team_id": other.id, "date_end": date(2036, 1, 1)}
            )
        mine = Research.create({"name": "Ours", "team_id": self.team_a.id})
        self.assertEqual(mine.team_id, self.team_a)


@tagged("sdp_pipeline", "post_install", "-at_install")
class TestTransitionLogBatch(PipelineCommon):
    """P3: moving many leads in one write logs each move as moving one lead does (the log of a
    large batch is inserted directly, that of a few leads through the ORM's create), and the
    log follows the lead's salesperson and team afterwards, as its related fields say."""

    FIELDS = (
        "stage_from_id",
        "stage_to_id",
        "step_from",
        "step_to",
        "user_id",
        "salesperson_id",
        "team_id",
        "override_reason",
        "is_override",
        "company_id",
    )

    def _logged(self, leads, stage):
        Transition = self.env["sdp.stage.transition"]
        # As a later request reads them.
        Transition.invalidate_model()
        rows = Transition.search([("lead_id", "in", leads.ids), ("stage_to_id", "=", stage.id)])
        self.assertEqual(rows.lead_id, leads, "one row per lead moved")
        return {row.lead_id: row for row in rows}

    def _leads(self, count):
        return (
            self.env["crm.lead"]
            .with_user(self.user_sales_a)
            .create(
                [
                    {
                        "name": f"Batch {i}",
                        "type": "opportunity",
                        "team_id": self.team_a.id,
                        "user_id": self.user_sales_a.id,
                    }
                    for i in range(count)
                ]
            )
        )

    def test_batch_log_says_what_a_single_move_logs(self):
        size = self.env["sdp.stage.transition"]._SDP_INSERT_FROM
        leads = self._leads(size + 1)
        one, many = leads[:1], leads[1:]
        contact = self.stage["contact"]
        for moved in (one, many):
            moved.with_user(self.user_manager)._sdp_override_move(contact, "Batch import")
        single = self._logged(one, contact)[one]
        batch = self._logged(many, contact)
        for lead, row in batch.items():
            self.assertEqual(row.lead_name, lead.name)
            for fname in self.FIELDS:
                self.assertEqual(row[fname], single[fname], f"{lead.name}: {fname}")
        self.assertEqual(single.step_to, "contact")
        self.assertEqual(single.salesperson_id, self.user_sales_a)
        self.assertTrue(single.is_override)
        # The leads' history shows the new rows (the cache of the transaction included).
        self.assertEqual(
            len(many[0].sdp_transition_ids.filtered(lambda t: t.step_to == "contact")), 1
        )

    def test_batch_log_follows_the_lead(self):
        """A salesperson given in the same write as the move (Odoo computes the lead's team
        from it afterwards), then changed again: the rows follow the lead."""
        other = new_test_user(
            self.env, login="sdp_batch_other", groups="sales_dev_policy.group_sdp_salesperson"
        )
        self.team_a.member_ids = [(4, other.id)]
        leads = self._leads(self.env["sdp.stage.transition"]._SDP_INSERT_FROM)
        needs = self.stage["needs"]
        with_permit(leads.with_user(self.user_manager), "gate_override", reason="Reassigned").write(
            {"stage_id": needs.id, "user_id": other.id}
        )
        for lead, row in self._logged(leads, needs).items():
            self.assertEqual(row.salesperson_id, other, lead.name)
            self.assertEqual(row.team_id, self.team_a, lead.name)
        leads[0].with_user(self.user_manager).user_id = self.user_sales_a
        self.assertEqual(self._logged(leads, needs)[leads[0]].salesperson_id, self.user_sales_a)

    def test_rows_without_the_lead_links_get_them_computed(self):
        """Rows inserted without the lead's salesperson and team (not at hand when the move
        was logged) get them from the log's related fields."""
        lead = self._lead("Links")
        # sudo: the stage write calls the insert as superuser; the test calls it the same way.
        Transition = self.env["sdp.stage.transition"].sudo()
        [row] = Transition._sdp_insert(
            [
                {
                    "lead_id": lead.id,
                    "lead_name": lead.name,
                    "stage_from_id": False,
                    "stage_to_id": self.stage["prospect"].id,
                    "step_from": False,
                    "step_to": "prospect",
                    "user_id": self.env.uid,
                    "date": datetime(2026, 1, 5, 9, 0),
                    "days_in_previous": 0.0,
                    "override_reason": False,
                    "is_override": False,
                    "back_reason": False,
                    "company_id": self.company.id,
                }
            ]
        )
        self.env.flush_all()
        Transition.invalidate_model()
        self.assertEqual(row.salesperson_id, self.user_sales_a)
        self.assertEqual(row.team_id, self.team_a)
        self.assertEqual(row.step_to, "prospect")
        self.env.cr.execute("SELECT is_override FROM sdp_stage_transition WHERE id = %s", [row.id])
        self.assertIs(self.env.cr.fetchone()[0], False, "stored as the ORM stores a boolean")
