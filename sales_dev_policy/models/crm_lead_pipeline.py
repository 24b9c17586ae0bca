"""The development pipeline on leads (P3.2-P3.8): policy steps, their gates, overrides and
moves back, the transition log, the stage SLA, and what a won opportunity starts (kickoff,
follow-up). Feature: pipeline."""

from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date, lazy, plaintext2html

from .crm_stage_pipeline import POLICY_STEP_INDEX, POLICY_STEPS
from .sdp_concurrency import count_parts, run_batch, serialize_on, take_batch
from .sdp_form_tabs import form_tabs
from .sdp_permit import get_permit, with_permit

SCREENING_RESULTS = [
    ("pending", "To screen"),
    ("potential", "Real potential"),
    ("rejected", "No real potential"),
]
# P3.5.3: how the proposal was presented to the customer.
PROPOSAL_PRESENTATIONS = [
    ("meeting", "Meeting"),
    ("video", "Video call"),
    ("phone", "Phone call"),
    ("email", "E-mail"),
    ("portal", "Customer portal"),
    ("other", "Other"),
]


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "sdp.flow.fields.mixin"]
    # Set by the SLA check, cleared by a stage change (P3): one declaration, checked by the mixin.
    _sdp_flow_fields = frozenset({"sdp_sla_overdue", "sdp_sla_escalated"})

    # --- PIPELINE (P3): policy step, gate state, transition log, SLA -------------------
    sdp_policy_step = fields.Selection(
        related="stage_id.sdp_policy_step", store=True, index=True, string="Policy Step"
    )
    sdp_team_policy_pipeline = fields.Boolean(
        related="team_id.sdp_use_policy_pipeline", string="Team on Policy Pipeline"
    )
    sdp_checklist_item_done_ids = fields.Many2many(
        comodel_name="sdp.gate.checklist.item",
        relation="crm_lead_sdp_checklist_item_rel",
        column1="lead_id",
        column2="item_id",
        string="Checked Items",
        copy=False,
        help="Gate checklist items already completed for this lead (P3).",
    )
    sdp_gate_next_stage_id = fields.Many2one(
        comodel_name="crm.stage", string="Next Policy Stage", compute="_compute_sdp_gate"
    )
    sdp_gate_progress = fields.Integer(
        string="Gate Progress",
        compute="_compute_sdp_gate",
        help="Share (%) of the next policy step's gate requirements this lead fulfils.",
    )
    sdp_gate_missing = fields.Text(
        string="Still Missing", compute="_compute_sdp_gate", help="What the next gate still needs."
    )
    sdp_transition_ids = fields.One2many(
        comodel_name="sdp.stage.transition", inverse_name="lead_id", string="Stage History"
    )
    sdp_sla_overdue = fields.Boolean(string="Over Stage SLA", copy=False, index=True, readonly=True)
    sdp_sla_escalated = fields.Boolean(string="SLA Escalated", copy=False, readonly=True)
    # P3 stage SLA: the time spent in the step against its limit, shown on the form. Not
    # stored (it changes with the clock); computed from the stage date the SLA check uses.
    sdp_days_in_step = fields.Integer(
        string="Days in Step",
        compute="_compute_sdp_days_in_step",
        help="Whole days since the lead entered its current stage (the stage SLA counts them).",
    )
    sdp_step_sla_days = fields.Integer(
        related="stage_id.sdp_sla_days",
        string="Step Time Limit (days)",
        help="Days a lead may stay in this stage before the salesperson is reminded (0: no limit).",
    )
    # P3.2: channel is the UTM source/medium of the lead; the screening result is ours.
    sdp_screening_result = fields.Selection(
        selection=SCREENING_RESULTS, string="Screening Result", tracking=True
    )
    sdp_screening_note = fields.Text(string="Screening Notes")
    # P3.3: first contact date, from the first completed "Policy: first contact" activity.
    sdp_date_first_contact = fields.Datetime(
        string="First Contact", compute="_compute_sdp_date_first_contact"
    )
    # P3.4: needs discovery.
    sdp_needs = fields.Text(string="Needs and Requirements")
    sdp_pain_points = fields.Text(string="Pain Points")
    sdp_concerns = fields.Text(string="Concerns and Doubts")
    sdp_decision_criteria = fields.Text(string="Decision Criteria")
    # P3.5.2: the proposal covers products/services, pricing, delivery and after-sales.
    sdp_proposal_products = fields.Boolean(string="Products/Services Covered")
    sdp_proposal_pricing = fields.Boolean(string="Pricing Covered")
    sdp_proposal_delivery = fields.Boolean(string="Delivery Method Covered")
    sdp_proposal_after_sales = fields.Boolean(string="After-sales Service Covered")
    # P3.5.3: the customer understood and accepted the proposal.
    sdp_proposal_presentation = fields.Selection(
        selection=PROPOSAL_PRESENTATIONS,
        string="Proposal Presented By",
        copy=False,
        tracking=True,
        help="How the proposal was presented to the customer (P3.5.3).",
    )
    sdp_date_proposal_accepted = fields.Date(
        string="Proposal Accepted On", copy=False, tracking=True
    )
    sdp_proposal_contact_id = fields.Many2one(
        comodel_name="res.partner",
        string="Accepted By",
        copy=False,
        tracking=True,
        help="The customer's contact who accepted the proposal (P3.5.3).",
    )
    sdp_proposal_order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Accepted Quotation",
        copy=False,
        tracking=True,
        domain="[('opportunity_id', '=', id), ('state', '!=', 'cancel')]",
        help="The quotation of this opportunity the customer accepted, e.g. signed through "
        "the portal (P3.5.3).",
    )
    sdp_proposal_attachment_id = fields.Many2one(
        comodel_name="ir.attachment",
        string="Accepted Document",
        copy=False,
        domain="[('res_model', '=', 'crm.lead'), ('res_id', '=', id)]",
        help="The proposal document attached to this opportunity that the customer accepted "
        "(P3.5.3).",
    )
    # P3.6.3 negotiation log, P3.8.2 follow-up milestones.
    sdp_negotiation_round_ids = fields.One2many(
        comodel_name="sdp.negotiation.round", inverse_name="lead_id", string="Negotiation Rounds"
    )
    sdp_followup_milestone_ids = fields.One2many(
        comodel_name="sdp.followup.milestone", inverse_name="lead_id", string="Follow-up Milestones"
    )
    # P3.8.3: progress reports to the customer recur until the contract ends.
    sdp_date_contract_end = fields.Date(
        string="Contract End",
        copy=False,
        tracking=True,
        help="Until this date, progress reports to the customer are planned at the company's "
        "interval (P3.8.3).",
    )
    # P3.8.1: the kickoff meeting planned on Won (once per lead).
    sdp_kickoff_event_id = fields.Many2one(
        comodel_name="calendar.event",
        string="Kickoff Meeting",
        compute="_compute_sdp_kickoff_event_id",
    )
    # P3.1 / P6.2: market research and competitors.
    sdp_competitor_ids = fields.Many2many(
        comodel_name="sdp.competitor",
        relation="crm_lead_sdp_competitor_rel",
        column1="lead_id",
        column2="competitor_id",
        string="Competitors Faced",
    )
    sdp_lost_to_competitor_id = fields.Many2one(
        comodel_name="sdp.competitor", string="Lost To", index=True, tracking=True
    )
    sdp_market_research_ids = fields.Many2many(
        comodel_name="sdp.market.research",
        relation="sdp_market_research_crm_lead_rel",
        column1="lead_id",
        column2="research_id",
        string="Market Research",
    )

    def _sdp_gate_approval_missing(self, stage):
        """Approvals that ``stage``'s gate requires and leads in ``self`` lack.

        Returns ``{lead.id: [message, ...]}``; only leads with something missing appear.
        The pipeline gate (P3) calls it for every lead entering ``stage``; the credit part
        (P6.3, valid credit profile) and the legal part (P3.7.3, approved legal review) extend
        it: call ``super()`` and add to its result.
        """
        return {}

    # ------------------------------------------------------------------ messages
    # A refusal says what to fill and where, as the user sees the form: the field's label, the
    # tab holding it and the step's stage name, all in the user's language.
    def _sdp_form_tabs(self):
        """``(by_page, by_field)``: the tabs of the lead form as the current user sees it."""
        return form_tabs(self.env, "crm.lead", "crm.crm_lead_view_form")

    def _sdp_field_place(self, fname, by_field):
        """The field ``fname`` named for the user: its label and, when the form shows it on a
        tab, that tab (``by_field`` from :meth:`_sdp_form_tabs`)."""
        label = self._fields[fname]._description_string(self.env)
        tab = by_field.get(fname)
        if tab:
            return self.env._("“%(field)s” on the “%(tab)s” tab", field=label, tab=tab)
        return self.env._("“%(field)s”", field=label)

    def _sdp_step_names(self, step):
        """``{team id: name}`` of the stage that stands for policy ``step`` in the teams of the
        leads of ``self`` (key False: leads without a team), as the pipeline shows it to the
        user (stage names are translated); the step's label where a team has no such stage."""
        Stage = self.env["crm.stage"]
        stages = Stage._sdp_policy_stage_for_step(step, set(self.team_id.ids) | {False})
        label = dict(Stage._fields["sdp_policy_step"]._description_selection(self.env))[step]
        return {team_id: stage.name if stage else label for team_id, stage in stages.items()}

    # ------------------------------------------------------------------ computes
    @api.depends("date_last_stage_update")
    def _compute_sdp_days_in_step(self):
        # Elapsed days between two instants, as the SLA check counts them: no time zone.
        now = fields.Datetime.now()
        for lead in self:
            since = lead.date_last_stage_update
            lead.sdp_days_in_step = max((now - since).days, 0) if since else 0

    @api.depends("stage_id", "team_id", "sdp_checklist_item_done_ids")
    def _compute_sdp_gate(self):
        Stage = self.env["crm.stage"]
        self.sdp_gate_next_stage_id = False
        self.sdp_gate_progress = 0
        self.sdp_gate_missing = False
        in_policy = self.filtered(lambda lead: lead.stage_id.sdp_policy_step and lead._origin.id)
        # Group the leads by the stage of their next step, evaluate each gate once. Groups
        # collect ids, browsed once: ``|=`` per lead copies the group, quadratic in a batch.
        by_next_step = defaultdict(list)
        for lead in in_policy:
            index = POLICY_STEP_INDEX[lead.stage_id.sdp_policy_step]
            if index + 1 >= len(POLICY_STEPS):
                lead.sdp_gate_progress = 100
                continue
            by_next_step[POLICY_STEPS[index + 1][0]].append(lead.id)
        for step, step_ids in by_next_step.items():
            leads = self.browse(step_ids)
            stage_by_team = Stage._sdp_policy_stage_for_step(step, set(leads.team_id.ids) | {False})
            by_stage = defaultdict(list)
            for lead in leads:
                by_stage[stage_by_team.get(lead.team_id.id) or stage_by_team[False]].append(lead.id)
            for stage, stage_ids in by_stage.items():
                stage_leads = self.browse(stage_ids)
                if not stage:
                    continue
                evaluation = stage._sdp_gate_evaluate(stage_leads._origin)
                for lead in stage_leads:
                    total, missing = evaluation.get(lead._origin.id, (0, []))
                    lead.sdp_gate_next_stage_id = stage
                    lead.sdp_gate_progress = (
                        round(100 * (total - len(missing)) / total) if total else 100
                    )
                    lead.sdp_gate_missing = "\n".join(missing) or False

    def _compute_sdp_kickoff_event_id(self):
        events = self.env["calendar.event"]
        if self._origin.ids:
            events = events.with_context(active_test=False).search(
                [("opportunity_id", "in", self._origin.ids), ("sdp_is_kickoff", "=", True)],
                order="id",
            )
        for lead in self:
            lead.sdp_kickoff_event_id = events.filtered(
                lambda event, lead=lead: event.opportunity_id == lead._origin
            )[:1]

    def _compute_sdp_date_first_contact(self):
        # P3.3.2: the first completed first-contact activity dates the first contact.
        types = self.env["mail.activity.type"].search([("sdp_is_first_contact", "=", True)])
        first = {}
        if types and self.ids:
            # sudo: reads only dates of messages on leads the user is already reading.
            first = dict(
                self.env["mail.message"]
                .sudo()  # sudo: dates of messages on readable leads only
                ._read_group(
                    [
                        ("model", "=", "crm.lead"),
                        ("res_id", "in", self.ids),
                        ("mail_activity_type_id", "in", types.ids),
                    ],
                    ["res_id"],
                    ["date:min"],
                )
            )
        for lead in self:
            lead.sdp_date_first_contact = first.get(lead._origin.id, False)

    @api.constrains(
        "sdp_proposal_contact_id",
        "sdp_proposal_order_id",
        "sdp_proposal_attachment_id",
        "partner_id",
    )
    def _check_sdp_proposal_acceptance(self):
        """P3.5.3: the acceptance is the customer's, of this opportunity's own proposal."""
        for lead in self:
            problems = []
            order = lead.sdp_proposal_order_id
            # sudo: compares the order's and the document's links only; no content is shown.
            if order and order.sudo().opportunity_id != lead:
                problems.append(self.env._("the accepted quotation is not one of its quotations"))
            # sudo: the same check of where the document is filed; no content is shown.
            document = lead.sdp_proposal_attachment_id.sudo()
            if document and (document.res_model, document.res_id) != ("crm.lead", lead.id):
                problems.append(self.env._("the accepted document is not attached to it"))
            contact = lead.sdp_proposal_contact_id
            customer = lead.partner_id.commercial_partner_id
            if contact and customer and contact.commercial_partner_id != customer:
                problems.append(
                    self.env._("%(contact)s is not a contact of the customer", contact=contact.name)
                )
            if problems:
                raise ValidationError(
                    self.env._(
                        "%(lead)s: %(problems)s (P3.5.3). Choose the customer's contact and a "
                        "quotation or document of this opportunity.",
                        lead=lead.display_name,
                        problems="; ".join(problems),
                    )
                )

    def _sdp_acceptance_missing(self):
        """Labels of the P3.5.3 acceptance fields still empty on this lead."""
        self.ensure_one()
        missing = [
            self._fields[fname]._description_string(self.env)
            for fname in (
                "sdp_proposal_presentation",
                "sdp_date_proposal_accepted",
                "sdp_proposal_contact_id",
            )
            if not self[fname]
        ]
        # sudo: the state of the lead's own quotation, whoever of the team created it.
        order = self.sdp_proposal_order_id.sudo().filtered(lambda o: o.state != "cancel")
        if not (order or self.sdp_proposal_attachment_id):
            missing.append(self.env._("the accepted quotation or document"))
        return missing

    # ------------------------------------------------------------------ stage rules
    def _sdp_stage_change_errors(self, target):
        """Return ``{lead: [message, ...]}`` for leads of ``self`` that may not enter ``target``.

        Rules (P3): the target's gate (forward moves into policy stages), no skipping of
        policy steps forward and a reason to go back (company settings), Won only from the
        Contract step (P3.7). A Sales Manager's override reason passes the gate and the
        skipping rule (logged on the transition).
        """
        errors = defaultdict(list)
        override = bool(self._sdp_override_reason())
        back_reason = self._sdp_back_reason()
        target_step = target.sdp_policy_step
        target_index = POLICY_STEP_INDEX.get(target_step, -1)
        gate_ids = []  # ids, browsed once: ``|=`` per lead is quadratic in a batch
        step_names = {}  # read once per step, only for the leads refused
        for lead in self:
            current_step = lead.stage_id.sdp_policy_step
            current_index = POLICY_STEP_INDEX.get(current_step, -1)
            company = lead.company_id or self.env.company
            # P3.7: a lead in the policy pipeline is won only from the Contract step.
            if (
                target.is_won
                and (current_step or target_step)
                and current_step not in ("contract", "won")
            ):
                errors[lead].append(
                    self.env._(
                        "it can be marked Won only from the Contract step (P3.7); "
                        "it is in “%(stage)s”",
                        stage=lead.stage_id.display_name or self.env._("no stage"),
                    )
                )
                continue
            if not target_step:
                # P3: a lead in the policy pipeline leaves it only when it is won (above) or
                # marked lost, or by a Sales Manager's logged override.
                if current_step and not target.is_won and not override:
                    errors[lead].append(
                        self.env._(
                            "a lead in the policy pipeline leaves it only when marked lost or "
                            "by a Sales Manager's override (P3); “%(stage)s” is not a policy "
                            "step",
                            stage=target.display_name,
                        )
                    )
                continue
            if target_index > current_index:
                if (
                    company.sdp_pipeline_no_skip
                    and target_index > current_index + 1
                    and not override
                ):
                    expected = POLICY_STEPS[current_index + 1][0]
                    if expected not in step_names:
                        step_names[expected] = self._sdp_step_names(expected)
                    errors[lead].append(
                        self.env._(
                            "policy steps cannot be skipped (P3): the next step is “%(step)s”",
                            step=step_names[expected][lead.team_id.id],
                        )
                    )
                gate_ids.append(lead.id)
            elif (
                target_index < current_index
                and company.sdp_pipeline_back_reason
                and not back_reason
            ):
                errors[lead].append(
                    self.env._(
                        "moving back to an earlier policy step needs a reason (P3): use “Move Back”"
                    )
                )
        gate_leads = self.browse(gate_ids)
        if gate_leads:
            evaluation = target._sdp_gate_evaluate(gate_leads, approvals_only=override)
            for lead_id, (_total, missing) in evaluation.items():
                if missing:
                    errors[self.browse(lead_id)].extend(missing)
        return errors

    # ------------------------------------------------------------------ overrides and reasons
    # A Sales Manager's override and a move back carry a written reason (P3). They come from
    # their wizards through a FlowPermit (models/sdp_permit.py), never from a context key: the
    # context is the caller's, and a key in it would pass the gates for anyone who sends it.
    def _sdp_override_reason(self):
        permit = get_permit(self.env, "gate_override")
        if permit and self.env.user.has_group("sales_dev_policy.group_sdp_manager"):
            return permit.data["reason"]
        return False

    def _sdp_back_reason(self, override=True):
        permit = get_permit(self.env, "move_back", *(("gate_override",) if override else ()))
        return permit.data["reason"] if permit else False

    def _sdp_override_move(self, stage, reason):
        """A Sales Manager moves the leads to ``stage`` past its gate and the sequence rules,
        with a reason logged on each transition (P3). Never past credit or legal approvals."""
        if not self.env.user.has_group("sales_dev_policy.group_sdp_manager"):
            raise AccessError(self.env._("Only a Sales Manager may override a policy gate (P3)."))
        if not (reason or "").strip():
            raise UserError(self.env._("Write the reason for the override (P3)."))
        return with_permit(self, "gate_override", reason=reason.strip()).write(
            {"stage_id": stage.id}
        )

    def _sdp_move_back(self, stage, reason):
        """Move the leads back to an earlier ``stage`` with a reason, logged (P3)."""
        if not (reason or "").strip():
            raise UserError(self.env._("Write the reason for moving back (P3)."))
        return with_permit(self, "move_back", reason=reason.strip()).write({"stage_id": stage.id})

    def _sdp_raise_stage_errors(self, errors_by_stage):
        """Raise one UserError listing, per lead, what blocks its move (P3)."""
        lines = []
        for target, errors in errors_by_stage:
            for lead, messages in errors.items():
                if messages:
                    lines.append(
                        self.env._(
                            "- %(lead)s → %(stage)s: %(items)s",
                            lead=lead.display_name,
                            stage=target.display_name,
                            items="; ".join(messages),
                        )
                    )
        if lines:
            raise UserError(
                self.env._(
                    "The policy pipeline (P3) refuses this stage change; nothing was changed.\n"
                    "%(lines)s\n"
                    "Complete what is missing where each line says, or ask a Sales Manager to "
                    "override the gate.",
                    lines="\n".join(lines),
                )
            )

    def _sdp_check_stage_change(self, target):
        self._sdp_raise_stage_errors([(target, self._sdp_stage_change_errors(target))])

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        # A new lead enters its policy stage like any other: the gate and the sequence
        # rules apply (new leads start at the first step, P3.2). Raising rolls back the
        # whole request, so nothing is kept.
        policy_leads = leads.filtered(lambda lead: lead.stage_id.sdp_policy_step)
        if policy_leads:
            checks = []
            for stage, stage_leads in policy_leads.grouped("stage_id").items():
                checks.append((stage, stage_leads._sdp_create_errors(stage)))
            self._sdp_raise_stage_errors(checks)
        leads._sdp_check_policy_door()
        leads.filtered("stage_id")._sdp_log_transitions(
            {lead.id: (False, lead.create_date) for lead in leads}
        )
        return leads

    def _sdp_check_policy_door(self):
        """P3, P1.2: a lead of a team on the policy pipeline is only ever in the policy steps;
        one created (or moved) into Odoo's standard stages, New or Won, would skip every gate.
        Raising rolls the whole request back: nothing is kept."""
        if self._sdp_override_reason():
            # A Sales Manager's logged override is the one way out of the pipeline.
            return
        outside = self.filtered(
            lambda lead: lead.team_id.sdp_use_policy_pipeline
            and lead.stage_id
            and not lead.stage_id.sdp_policy_step
        )
        if outside:
            raise UserError(
                self.env._(
                    "%(leads)s: the team %(team)s works in the policy pipeline (P3), whose "
                    "leads are only in its steps, not in the stage %(stage)s. Leave the stage "
                    "empty (a new lead starts at “%(step)s”) or choose a policy step.",
                    leads=", ".join(outside[:5].mapped("display_name")),
                    team=outside[0].team_id.display_name,
                    stage=outside[0].stage_id.display_name,
                    step=outside[:1]._sdp_step_names(POLICY_STEPS[0][0])[outside[0].team_id.id],
                )
            )

    def _sdp_enter_policy_pipeline(self):
        """Leads of ``self`` just moved into a team on the policy pipeline from standard stages
        enter it through its first step, with that step's gate and a logged transition (P3.2),
        as a new lead does (Odoo keeps a lead's stage when its team changes)."""
        entering = self.filtered(
            lambda lead: lead.team_id.sdp_use_policy_pipeline
            and lead.stage_id
            and not lead.stage_id.sdp_policy_step
        )
        for team, leads in entering.grouped("team_id").items():
            first = self._stage_find(team_id=team.id, domain=[("fold", "=", False)])
            if first.sdp_policy_step:
                leads.write({"stage_id": first.id})

    def _sdp_create_errors(self, stage):
        """Errors for leads just created in policy ``stage`` (as if entering from outside)."""
        errors = defaultdict(list)
        override = bool(self._sdp_override_reason())
        index = POLICY_STEP_INDEX[stage.sdp_policy_step]
        # Read on first use: only a refused lead needs the name of the first step.
        first_step = lazy(self._sdp_step_names, POLICY_STEPS[0][0])
        for lead in self:
            company = lead.company_id or self.env.company
            if (stage.is_won or stage.sdp_policy_step == "won") and not override:
                # P3.7, P3.8: won only from the Contract step, whatever the skipping setting:
                # a lead created won would have no contract and no kickoff.
                errors[lead].append(
                    self.env._(
                        "it can be marked Won only from the Contract step (P3.7); a new lead "
                        "starts at the first policy step “%(step)s”",
                        step=first_step[lead.team_id.id],
                    )
                )
            elif index > 0 and company.sdp_pipeline_no_skip and not override:
                errors[lead].append(
                    self.env._(
                        "a new lead starts at the first policy step “%(step)s” (P3.2)",
                        step=first_step[lead.team_id.id],
                    )
                )
        for lead_id, (_total, missing) in stage._sdp_gate_evaluate(
            self, approvals_only=override
        ).items():
            if missing:
                errors[self.browse(lead_id)].extend(missing)
        return errors

    def _sdp_flow_fields_error(self, protected):
        # The SLA flags are set by the SLA cron and cleared by a stage change (P3): a
        # salesperson who cleared or set them would never be reminded, or hide a breach.
        return self.env._(
            "%(leads)s: the stage SLA flags are set by the SLA check and cleared by moving the "
            "lead on (P3); they are not written directly.",
            leads=self._sdp_flow_records_label(),
        )

    def _sdp_check_team_change(self, team_id):
        """P3: moving a lead of the policy pipeline to a team that does not use it would take
        it out of the pipeline (its stage is not shown there, and any stage could follow)."""
        team = self.env["crm.team"].browse(team_id)
        if not team_id or team.sdp_use_policy_pipeline:
            return
        leaving = self.filtered(lambda lead: lead.stage_id.sdp_policy_step and lead.active)
        if leaving and not self._sdp_override_reason():
            raise UserError(
                self.env._(
                    "%(leads)s: the team %(team)s does not use the policy pipeline; a lead in "
                    "the pipeline leaves it only when marked lost or by a Sales Manager's "
                    "override (P3). Nothing was changed.",
                    leads=", ".join(leaving.mapped("display_name")),
                    team=team.display_name,
                )
            )

    def write(self, vals):
        if "team_id" in vals:
            self._sdp_check_team_change(vals["team_id"])
        before = (
            {lead.id: (lead.team_id, lead.stage_id) for lead in self}
            if {"team_id", "stage_id"} & set(vals)
            else {}
        )
        if "stage_id" in vals:
            res = self._sdp_write_stage(vals)
        else:
            res = super().write(vals)
        if before:
            moved = self.filtered(lambda lead: before[lead.id] != (lead.team_id, lead.stage_id))
            if "stage_id" not in vals:
                moved._sdp_enter_policy_pipeline()
            # A lead left in a standard stage before its team adopted the pipeline is not
            # refused for an unrelated change; moving one (stage or team) is.
            moved._sdp_check_policy_door()
        # P4.1.3: keep the completeness score of the leads' customers current.
        self._sdp_touch_completeness(vals)
        return res

    def _sdp_write_stage(self, vals):
        """Write a stage change after the pipeline gates passed (P3), then log it."""
        target = self.env["crm.stage"].browse(vals["stage_id"])
        moving = self.filtered(lambda lead: lead.stage_id != target)
        if moving and target:
            # Check every lead of the batch before anything is written (P3).
            moving._sdp_check_stage_change(target)
        previous = {lead.id: (lead.stage_id, lead.date_last_stage_update) for lead in moving}
        res = super().write(vals)
        if moving:
            flagged = moving.filtered(lambda lead: lead.sdp_sla_overdue or lead.sdp_sla_escalated)
            if flagged:
                # Leaving the stage clears its SLA flags (the flow that may write them).
                super(CrmLead, with_permit(flagged, self._name)).write(
                    {"sdp_sla_overdue": False, "sdp_sla_escalated": False}
                )
            moving._sdp_log_transitions(previous)
            won = moving.filtered(
                lambda lead: lead.stage_id.sdp_policy_step == "won"
                and previous[lead.id][0].sdp_policy_step != "won"
            )
            if won:
                won._sdp_on_won()
        return res

    def _merge_dependences_history(self, opportunities):
        # Odoo's merge moves the merged leads' messages, completed activities included, to the
        # lead that remains: that is the merge, not a claim of an activity (see mail_message.py).
        return super(CrmLead, with_permit(self, "lead_merge"))._merge_dependences_history(
            opportunities
        )

    def _sdp_log_transitions(self, previous):
        """Write the transition log of the leads in ``self`` (P3): one row per lead.

        A few leads: the ORM's create (whose queries Odoo's own tests count for moves made lead
        by lead). Many: inserted directly (``sdp.stage.transition._sdp_insert``), each row with
        what the log's related columns would compute (steps, override flag, the lead's
        salesperson and team), so that no second pass updates them; the salesperson and team
        only where they are at hand, the other rows get them from the ORM's compute of those
        columns, in batch, at the next flush.
        """
        if not self:
            return
        now = fields.Datetime.now()
        override_reason = self._sdp_override_reason() or False
        back_reason = self._sdp_back_reason(override=False) or False
        # Where the lead's salesperson and team are not at hand (to compute, or not read yet),
        # reading them here would cost a query per call for moves made lead by lead: left to
        # the log's compute, which reads them for all such rows at once.
        cache = self.env.cache
        link_fields = [self._fields["user_id"], self._fields["team_id"]]
        pending = {
            lead_id for field in link_fields for lead_id in self.env.records_to_compute(field)._ids
        }
        # sudo: the log is written by the system for every stage change the user may make;
        # salespeople only read it (access rights), they never write it directly.
        Transition = self.env["sdp.stage.transition"].sudo()
        direct = len(self) >= Transition._SDP_INSERT_FROM
        vals_list = []
        for lead in self:
            from_stage, since = previous.get(lead.id, (False, False))
            days = (now - since).total_seconds() / 86400.0 if since else 0.0
            stage = lead.stage_id
            vals = {
                "lead_id": lead.id,
                "lead_name": lead.name,
                "stage_from_id": from_stage.id if from_stage else False,
                "stage_to_id": stage.id,
                "user_id": self.env.uid,
                "date": now,
                "days_in_previous": max(days, 0.0),
                "override_reason": override_reason,
                "back_reason": back_reason,
                "company_id": (lead.company_id or self.env.company).id,
            }
            if direct:
                # The related columns, which the ORM's create would compute after the INSERT.
                vals["step_from"] = from_stage.sdp_policy_step if from_stage else False
                vals["step_to"] = stage.sdp_policy_step
                vals["is_override"] = bool(override_reason)
                if lead.id not in pending and all(cache.contains(lead, f) for f in link_fields):
                    vals["salesperson_id"] = lead.user_id.id
                    vals["team_id"] = lead.team_id.id
            vals_list.append(vals)
        if direct:
            Transition._sdp_insert(vals_list)
        else:
            Transition.create(vals_list)

    def _sdp_on_won(self):
        """P3.8: a lead of the policy pipeline was just won: kickoff meeting and follow-up."""
        self._sdp_plan_kickoff_meetings()
        self._sdp_plan_followup_milestones()
        # sudo: the won leads' confirmed orders, whoever of the team sold them (P3.8.2).
        self.sudo().order_ids._sdp_plan_order_milestones()

    @api.model
    def _sdp_kickoff_start(self, user, delay_days):
        """Start (UTC, naive) of a kickoff: 10:00 in ``user``'s time zone, ``delay_days`` on."""
        tz = pytz.timezone(user.tz or "UTC")
        today = pytz.utc.localize(fields.Datetime.now()).astimezone(tz).date()
        local = tz.localize(datetime.combine(today + timedelta(days=delay_days), time(10, 0)))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    def _sdp_plan_kickoff_meetings(self):
        """P3.8.1: one kickoff meeting per won lead with the departments involved.

        Attendees: the salesperson, the team leader, the customer contact and the people the
        company names for delivery, technical, customer service and finance. The meeting
        carries the company's agenda and the responsibilities, each also an activity on the
        lead for the person who answers for it (who does what by when). The salesperson's
        "Policy: kickoff meeting" activity is the meeting's. A lead that already has a kickoff
        meeting (won before) gets none.
        """
        leads = self.filtered(lambda lead: not lead.sdp_kickoff_event_id)
        if not leads:
            return
        activity_type = self.env.ref(
            "sales_dev_policy.mail_activity_type_sdp_kickoff", raise_if_not_found=False
        )
        todo_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("crm.lead")
        vals_list = []
        tasks = []
        for lead in leads:
            user = lead.user_id or self.env.user
            company = lead.company_id or self.env.company
            start = self._sdp_kickoff_start(user, company.sdp_kickoff_delay_days)
            due = start.date() + timedelta(days=company.sdp_kickoff_task_days)
            departments = company._sdp_kickoff_departments()
            partners = user.partner_id | lead.team_id.user_id.partner_id | lead.partner_id
            lines = []
            for label, dept_users, responsibility in departments:
                partners |= dept_users.partner_id
                for dept_user in dept_users:
                    lines.append(
                        self.env._(
                            "- %(department)s: %(user)s: %(task)s, by %(date)s",
                            department=label,
                            user=dept_user.name,
                            task=responsibility,
                            date=format_date(self.env, due),
                        )
                    )
                    tasks.append(
                        {
                            "res_model_id": model_id,
                            "res_id": lead.id,
                            "activity_type_id": todo_type.id,
                            "summary": self.env._(
                                "Kickoff %(department)s: %(task)s (P3.8.1)",
                                department=label,
                                task=responsibility,
                            ),
                            "note": self.env._(
                                "Your responsibility from the kickoff of %(lead)s.", lead=lead.name
                            ),
                            "user_id": dept_user.id,
                            "date_deadline": due,
                        }
                    )
            description = company.sdp_kickoff_agenda or company._sdp_default_kickoff_agenda()
            if lines:
                description = self.env._(
                    "%(agenda)s\n\nResponsibilities:\n%(lines)s",
                    agenda=description,
                    lines="\n".join(lines),
                )
            description = plaintext2html(description)
            vals = {
                "name": self.env._("Kickoff: %(lead)s", lead=lead.name),
                "start": start,
                "stop": start + timedelta(hours=1),
                "duration": 1.0,
                "user_id": user.id,
                "partner_ids": [Command.set(partners.ids)],
                "opportunity_id": lead.id,
                "res_model_id": model_id,
                "res_id": lead.id,
                "sdp_is_kickoff": True,
                "description": description,
            }
            if activity_type:
                vals["activity_ids"] = [
                    Command.create(
                        {
                            "res_model_id": model_id,
                            "res_id": lead.id,
                            "activity_type_id": activity_type.id,
                            "summary": self.env._(
                                "Kickoff meeting with the departments involved (P3.8.1)"
                            ),
                            "user_id": user.id,
                            "date_deadline": start.date(),
                        }
                    )
                ]
            vals_list.append(vals)
        # no_mail_to_attendees: the meeting is planned automatically; the customer is invited
        # only when the salesperson confirms the date (the event's "Send invitations" button).
        self.env["calendar.event"].with_context(no_mail_to_attendees=True).create(vals_list)
        if tasks:
            # The departments' responsibilities (P3.8.1): one activity per person, on the lead.
            self.env["mail.activity"].create(tasks)
        leads.invalidate_recordset(["sdp_kickoff_event_id"])

    def _sdp_plan_followup_milestones(self):
        """P3.8.2: plan the follow-up milestones of the templates, once per lead.

        Each milestone is due ``days_after_won`` days after today and gets an activity for
        the salesperson on its date (progress reports are activities, P3.8.3).
        """
        Milestone = self.env["sdp.followup.milestone"]
        planned = {
            lead
            for [lead] in Milestone._read_group(
                [("lead_id", "in", self.ids), ("template_id", "!=", False)], ["lead_id"]
            )
        }
        leads = self.filtered(lambda lead: lead not in planned)
        templates = self.env["sdp.followup.template"].search([])
        activity_type = self.env.ref(
            "sales_dev_policy.mail_activity_type_sdp_followup", raise_if_not_found=False
        ) or self.env.ref("mail.mail_activity_data_todo")
        if not leads or not templates:
            return
        model_id = self.env["ir.model"]._get_id("crm.lead")
        today = fields.Date.context_today(self)
        planning = []
        for lead in leads:
            company = lead.company_id or self.env.company
            for template in templates.filtered(
                lambda t, c=company: not t.company_id or t.company_id == c
            ):
                planning.append((lead, template, today + timedelta(days=template.days_after_won)))
        activities = self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": lead.id,
                    "activity_type_id": activity_type.id,
                    "summary": self.env._("Follow-up: %(milestone)s", milestone=template.name),
                    "note": template.description or False,
                    "user_id": (lead.user_id or self.env.user).id,
                    "date_deadline": date,
                }
                for lead, template, date in planning
            ]
        )
        Milestone.create(
            [
                {
                    "name": template.name,
                    "lead_id": lead.id,
                    "template_id": template.id,
                    "kind": "progress" if template.is_progress_report else "template",
                    "date_deadline": date,
                    "user_id": (lead.user_id or self.env.user).id,
                    "activity_id": activity.id,
                }
                for (lead, template, date), activity in zip(planning, activities, strict=True)
            ]
        )

    # ------------------------------------------------------------------ progress reports cron
    _SDP_CRON_BATCH = 500

    @api.model
    def _sdp_progress_reports_due(self):
        """``{lead: due date}`` of won policy leads whose next progress report is due (P3.8.3).

        The next report is due ``sdp_progress_report_days`` after the last one (or after Won)
        and only while the contract runs (``sdp_date_contract_end``).
        """
        leads = self.search(
            [
                ("sdp_policy_step", "=", "won"),
                ("sdp_date_contract_end", "!=", False),
            ]
        )
        if not leads:
            return {}
        last = dict(
            self.env["sdp.followup.milestone"]._read_group(
                [("lead_id", "in", leads.ids), ("kind", "=", "progress")],
                ["lead_id"],
                ["date_deadline:max"],
            )
        )
        today_by_company = {}
        due = {}
        for lead in leads:
            company = lead.company_id or self.env.company
            if company.sdp_progress_report_days <= 0:
                continue
            if company not in today_by_company:
                today_by_company[company] = company._sdp_today()
            today = today_by_company[company]
            if lead.sdp_date_contract_end < today:
                continue
            anchor = last.get(lead) or fields.Date.to_date(lead.date_closed or lead.create_date)
            if anchor + timedelta(days=company.sdp_progress_report_days) <= today:
                due[lead] = today
        return due

    @api.model
    def _cron_sdp_progress_reports(self, batch_size=None):
        """P3.8.3: plan the next progress report to the customer of each running contract.

        Idempotent: a report planned today moves the next one an interval on. Batched, with
        the progress reported to the cron runner (the rest is done in the next run). A batch
        that meets someone changing one of its leads at the same moment is undone and runs
        again shortly (``run_batch``).
        """
        run_batch(
            self.env,
            "sales_dev_policy.ir_cron_sdp_progress_reports",
            lambda: self._sdp_progress_reports_batch(batch_size or self._SDP_CRON_BATCH),
            pending=lambda: len(self._sdp_progress_reports_due()),
        )

    @api.model
    def _sdp_progress_reports_batch(self, batch_size):
        """One batch of the progress reports: ``(done, remaining)``."""
        due = self._sdp_progress_reports_due()
        batch = list(due.items())[:batch_size]
        if batch:
            # A lead changed by someone else meanwhile (a report planned by hand, a contract
            # end moved): undone and run again with what they did (run_batch).
            serialize_on(self.browse([lead.id for lead, _date in batch]), nowait=True)
            self.env["sdp.followup.milestone"].create(
                [
                    {
                        "name": self.env._("Progress report to customer"),
                        "lead_id": lead.id,
                        "kind": "progress",
                        "date_deadline": date,
                        "user_id": (lead.user_id or lead.team_id.user_id or self.env.user).id,
                    }
                    for lead, date in batch
                ]
            )
        return len(batch), len(due) - len(batch)

    # ------------------------------------------------------------------ stage lookup
    def _stage_find(self, team_id=False, domain=None, order="sequence, id", limit=1):
        # Teams on the policy pipeline use only policy stages; other teams never fall into
        # a policy stage by default (new leads, won stage lookup) - standard flows unchanged.
        teams = self.team_id
        if team_id:
            teams |= self.env["crm.team"].browse(team_id)
        flags = set(teams.mapped("sdp_use_policy_pipeline"))
        domain = list(domain or [])
        if flags == {True}:
            stages = super()._stage_find(
                team_id=team_id,
                domain=domain + [("sdp_policy_step", "!=", False)],
                order=order,
                limit=limit,
            )
            if stages:
                return stages
        elif flags != {True, False}:
            return super()._stage_find(
                team_id=team_id,
                domain=domain + [("sdp_policy_step", "=", False)],
                order=order,
                limit=limit,
            )
        return super()._stage_find(team_id=team_id, domain=domain, order=order, limit=limit)

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        # Pipeline columns: policy stages for teams on the policy pipeline, standard stages
        # for the others; a stage holding leads is always shown.
        result = super()._read_group_stage_ids(stages, domain)
        team_id = self.env.context.get("default_team_id")
        team = self.env["crm.team"].browse(team_id if isinstance(team_id, int) else [])
        policy = bool(team.exists() and team.sdp_use_policy_pipeline)
        return result.filtered(lambda s: s in stages or bool(s.sdp_policy_step) == policy)

    # ------------------------------------------------------------------ actions
    def action_set_won(self):
        policy_leads = self.filtered(lambda lead: lead.stage_id.sdp_policy_step)
        if not policy_leads:
            return super().action_set_won()
        # P3.7/P3.8: a lead in the policy pipeline goes to the policy Won stage of its team,
        # and only from the Contract step; all leads are checked before anything changes.
        won_by_team = self.env["crm.stage"]._sdp_policy_stage_for_step(
            "won", set(policy_leads.team_id.ids) | {False}
        )
        by_stage = defaultdict(list)  # ids, browsed once: ``|=`` per lead is quadratic
        for lead in policy_leads:
            stage = won_by_team.get(lead.team_id.id) or won_by_team[False]
            if not stage:
                raise UserError(
                    self.env._(
                        "No policy stage with the step Won exists (P3.8); "
                        "ask the Policy Administrator."
                    )
                )
            by_stage[stage].append(lead.id)
        by_stage = {stage: self.browse(lead_ids) for stage, lead_ids in by_stage.items()}
        checks = []
        for stage, leads in by_stage.items():
            moving = leads.filtered(lambda lead, s=stage: lead.stage_id != s)
            checks.append((stage, moving._sdp_stage_change_errors(stage)))
        self._sdp_raise_stage_errors(checks)
        others = self - policy_leads
        if others:
            super(CrmLead, others).action_set_won()
        policy_leads.action_unarchive()
        for stage, leads in by_stage.items():
            leads.write({"stage_id": stage.id, "probability": 100})
        return True

    def action_sdp_gate_override(self):
        action = self.env["ir.actions.actions"]._for_xml_id(
            "sales_dev_policy.sdp_gate_override_action"
        )
        action["context"] = {
            "default_lead_ids": self.ids,
            "default_stage_id": self[:1].sdp_gate_next_stage_id.id,
        }
        return action

    def action_sdp_stage_back(self):
        action = self.env["ir.actions.actions"]._for_xml_id(
            "sales_dev_policy.sdp_stage_back_action"
        )
        action["context"] = {"default_lead_ids": self.ids}
        return action

    # ------------------------------------------------------------------ SLA cron
    @api.model
    def _cron_sdp_stage_sla(self, batch_size=500):
        """Flag leads over their stage SLA and schedule activities (P3 stage SLA).

        Past ``sdp_sla_days`` the salesperson gets an activity; past
        ``sdp_sla_escalation_days`` the team leader gets one too. At most ``batch_size`` leads
        per call, reported to the cron runner, which calls again while some remain; the flags
        are set in the same transaction as the activities, so no lead is handled twice. A batch
        that meets a salesperson moving one of its leads at the same moment is undone and run
        again shortly (``run_batch``).
        """
        parts = self._sdp_stage_sla_parts()
        run_batch(
            self.env,
            "sales_dev_policy.ir_cron_sdp_stage_sla",
            lambda: self._sdp_stage_sla_batch(batch_size, parts),
            pending=lambda: count_parts(self, parts),
        )

    @api.model
    def _sdp_stage_sla_parts(self):
        """``[((stage, flag), domain of the leads whose flag is due)]`` of the stage SLA check."""
        now = fields.Datetime.now()
        stages = self.env["crm.stage"].search(
            [("sdp_policy_step", "!=", False), ("sdp_sla_days", ">", 0)]
        )
        return [
            (
                (stage, flag),
                [
                    ("stage_id", "=", stage.id),
                    (flag, "=", False),
                    ("date_last_stage_update", "<", now - timedelta(days=days)),
                ],
            )
            for stage in stages
            for flag, days in (
                ("sdp_sla_overdue", stage.sdp_sla_days),
                ("sdp_sla_escalated", stage.sdp_sla_escalation_days),
            )
            if days
        ]

    @api.model
    def _sdp_stage_sla_batch(self, batch_size, parts=None):
        """One batch of the stage SLA check: ``(done, remaining)``."""
        todo_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("crm.lead")
        today = fields.Date.context_today(self)
        activities = []
        taken, remaining = take_batch(
            self, parts or self._sdp_stage_sla_parts(), batch_size, order="id"
        )

        for (stage, flag), leads in taken:
            for lead in leads:
                if flag == "sdp_sla_overdue":
                    user = lead.user_id or lead.team_id.user_id or self.env.user
                    summary = self.env._(
                        "Over the %(days)s-day limit of stage %(stage)s",
                        days=stage.sdp_sla_days,
                        stage=stage.name,
                    )
                else:
                    # Escalation to the team leader; none for a team without one.
                    user = lead.team_id.user_id
                    summary = self.env._(
                        "Escalation: %(lead)s is over %(days)s days in stage %(stage)s",
                        lead=lead.name,
                        days=stage.sdp_sla_escalation_days,
                        stage=stage.name,
                    )
                if user:
                    activities.append(
                        {
                            "res_model_id": model_id,
                            "res_id": lead.id,
                            "activity_type_id": todo_type.id,
                            "summary": summary,
                            "user_id": user.id,
                            "date_deadline": today,
                        }
                    )
            # sudo: the protected SLA flags are set by this check only.
            leads.sudo().write({flag: True})
        if activities:
            # No "assigned to you" e-mail per reminder (one mail and ~10 queries per lead, as
            # Odoo's own hr_contract reminder cron does): the activity itself is the reminder.
            self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
                activities
            )
        return sum(len(leads) for _key, leads in taken), remaining
