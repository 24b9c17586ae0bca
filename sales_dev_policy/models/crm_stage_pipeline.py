"""Policy stages and their gates (P3.2-P3.8): the policy step of a stage, what entering it
requires (activities, checklist, fields, approvals) and its SLA. Feature: pipeline."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# P3.2-P3.8: the policy steps of the development process, in order.
POLICY_STEPS = [
    ("prospect", "Prospect identified (P3.2)"),
    ("contact", "Contacted (P3.3)"),
    ("needs", "Needs analysed (P3.4)"),
    ("proposal", "Proposal (P3.5)"),
    ("negotiation", "Negotiation (P3.6)"),
    ("contract", "Contract (P3.7)"),
    ("won", "Won: kickoff and follow-up (P3.8)"),
]
POLICY_STEP_INDEX = {step: index for index, (step, _label) in enumerate(POLICY_STEPS)}


class CrmStage(models.Model):
    _inherit = "crm.stage"

    # LEGAL. The pipeline policy's Contract stage
    # (P3.7, ``sdp_policy_step == 'contract'``) is expected to have both booleans set.
    sdp_require_legal_review = fields.Boolean(
        string="Orders Need Legal Review",
        help="Quotations of opportunities in this stage need an approved legal review before "
        "confirmation, when the company enables the 'Contract stage' legal review trigger "
        "(P3.7.3).",
    )
    sdp_require_legal_approval = fields.Boolean(
        string="Entry Needs Approved Legal Review",
        help="An opportunity can only enter this stage when at least one of its quotations has "
        "an approved legal review (P3.7.3, P6.4).",
    )
    sdp_require_confirmed_order = fields.Boolean(
        string="Entry Needs a Confirmed Order",
        help="An opportunity can only enter this stage with a confirmed order (the contract "
        "signed, P3.7.1): its confirmation already passed the legal review and the credit "
        "control where they apply (P3.7.3, P6.3.1). A Sales Manager's override does not pass it.",
    )
    # CREDIT (P6.3.1)
    sdp_require_credit_profile = fields.Boolean(
        string="Requires Approved Credit",
        help="P6.3.1: when the company's credit gate is on, a lead enters this stage only if "
        "its customer has an approved credit profile that is not past its review date.",
    )

    sdp_policy_step = fields.Selection(
        selection=POLICY_STEPS,
        string="Policy Step",
        index=True,
        copy=False,
        help="Step of the customer development policy (P3) this stage stands for. Leads in "
        "stages with a policy step follow the policy pipeline: gates, sequence rules, SLA. "
        "Stages without a policy step are not enforced.",
    )
    # Gate requirements (P3): what a lead needs before it may ENTER this stage.
    sdp_gate_field_ids = fields.Many2many(
        comodel_name="ir.model.fields",
        relation="crm_stage_sdp_gate_field_rel",
        column1="stage_id",
        column2="field_id",
        string="Required Lead Fields",
        domain="[('model', '=', 'crm.lead'), ('store', '=', True)]",
        help="Fields of the lead that must be filled before it enters this stage.",
    )
    sdp_gate_activity_type_ids = fields.Many2many(
        comodel_name="mail.activity.type",
        relation="crm_stage_sdp_gate_activity_type_rel",
        column1="stage_id",
        column2="activity_type_id",
        string="Required Completed Activities",
        help="Activity types of which at least one must have been marked done on the lead "
        "(e.g. the first contact, P3.3.2).",
    )
    sdp_gate_activity_mode = fields.Selection(
        selection=[("all", "Each type"), ("any", "Any one of the types")],
        string="Activities Needed",
        default="all",
        required=True,
        help="Each type: one completed activity of every listed type. Any one: a single "
        "completed activity of one of the listed types (e.g. first contact by phone, e-mail "
        "or visit, P3.3.2).",
    )
    sdp_gate_attachment_count = fields.Integer(
        string="Required Attachments",
        help="Minimum number of documents attached to the lead (e.g. the proposal, P3.5).",
    )
    sdp_gate_checklist_item_ids = fields.One2many(
        comodel_name="sdp.gate.checklist.item",
        inverse_name="stage_id",
        string="Checklist Items",
    )
    # P3.5.1-P3.5.3: what leaving the Proposal step needs besides ticked boxes.
    sdp_gate_require_proposal_document = fields.Boolean(
        string="Requires a Quotation or Proposal Document",
        help="A lead enters this stage only with a real proposal: a quotation linked to it "
        "(not cancelled) or a document attached to it (P3.5.1-P3.5.2). Set on the "
        "Negotiation stage.",
    )
    sdp_gate_require_screening = fields.Boolean(
        string="Requires Real Potential",
        help="A lead enters this stage only once it was screened as having real potential: "
        "only prospects with real potential are followed up (P3.2.2). Set on the Contacted "
        "stage.",
    )
    sdp_gate_require_negotiation = fields.Boolean(
        string="Requires a Negotiation Round",
        help="A lead enters this stage only with at least one negotiation round whose agreed "
        "terms are recorded: the negotiation's key information and agreements are the basis "
        "of the contract (P3.6.3). Set on the Contract stage.",
    )
    sdp_gate_require_acceptance = fields.Boolean(
        string="Requires the Customer's Acceptance",
        help="A lead enters this stage only once the proposal's presentation and the "
        "customer's acceptance are recorded: how it was presented, the date, the customer "
        "contact who accepted and the quotation or document accepted (P3.5.3). Set on the "
        "Negotiation stage.",
    )
    sdp_sla_days = fields.Integer(
        string="SLA (days)",
        help="Maximum days a lead should stay in this stage; past it the salesperson gets "
        "an activity. 0: no limit.",
    )
    sdp_sla_escalation_days = fields.Integer(
        string="Escalation (days)",
        help="Past this many days in the stage, the team leader gets an activity too. "
        "0: no escalation.",
    )

    _sql_constraints = [
        (
            "sdp_sla_positive",
            "CHECK(sdp_sla_days >= 0 AND sdp_sla_escalation_days >= 0 "
            "AND sdp_gate_attachment_count >= 0)",
            "SLA days, escalation days and required attachments cannot be negative.",
        ),
    ]

    @api.constrains("sdp_sla_days", "sdp_sla_escalation_days")
    def _check_sdp_sla(self):
        for stage in self:
            if stage.sdp_sla_escalation_days and (
                not stage.sdp_sla_days or stage.sdp_sla_escalation_days <= stage.sdp_sla_days
            ):
                raise ValidationError(
                    self.env._(
                        "Stage %(stage)s: the escalation (%(escalation)s days) comes after the SLA "
                        "(%(sla)s days): set an SLA and an escalation longer than it (P3).",
                        stage=stage.display_name,
                        escalation=stage.sdp_sla_escalation_days,
                        sla=stage.sdp_sla_days,
                    )
                )

    @api.model
    def _sdp_policy_stage_for_step(self, step, teams):
        """Return ``{team_id: stage}`` for the stage of ``step`` each team uses.

        A stage of the team itself wins over a stage shared by all teams (team_id False).
        ``teams`` may contain the empty recordset's id False.
        """
        stages = self.search(
            [
                ("sdp_policy_step", "=", step),
                "|",
                ("team_id", "=", False),
                ("team_id", "in", [tid for tid in teams if tid]),
            ]
        )
        result = {}
        for team_id in teams:
            own = stages.filtered(lambda s, tid=team_id: tid and s.team_id.id == tid)
            shared = stages.filtered(lambda s: not s.team_id)
            result[team_id] = (own or shared)[:1]
        return result

    def _sdp_gate_evaluate(self, leads, approvals_only=False):
        """Evaluate this stage's gate for ``leads`` (P3).

        ``approvals_only``: a Sales Manager's override passes the data requirements of a gate,
        never the approvals of the credit officers (P6.3.1) and Legal (P3.7.3).

        Returns ``{lead.id: (requirement_count, [missing message, ...])}``.
        """
        self.ensure_one()
        if not leads:
            return {}
        result = {lead.id: [0, []] for lead in leads}
        checks = (
            self._sdp_gate_check_fields,
            self._sdp_gate_check_activities,
            self._sdp_gate_check_attachments,
            self._sdp_gate_check_checklist,
            self._sdp_gate_check_screening,
            self._sdp_gate_check_negotiation,
            self._sdp_gate_check_proposal_document,
            self._sdp_gate_check_acceptance,
        )
        for check in (() if approvals_only else checks) + (self._sdp_gate_check_approvals,):
            for lead_id, (count, missing) in check(leads).items():
                result[lead_id][0] += count
                result[lead_id][1].extend(missing)
        return {lead_id: (total, missing) for lead_id, (total, missing) in result.items()}

    def _sdp_gate_check_fields(self, leads):
        """Required lead fields: ``{lead.id: (count, missing)}``."""
        fnames = (
            # sudo: the gate's configuration is no secret, but ir.model.fields is readable by
            # administrators only; the lead values themselves are read as the user.
            self.sudo()
            .sdp_gate_field_ids.filtered(lambda f: f.name in leads._fields)
            .mapped("name")
        )
        empty = {lead.id: [fname for fname in fnames if not lead[fname]] for lead in leads}
        # The form is read only when something is missing; each field once per batch.
        by_field = leads._sdp_form_tabs()[1] if any(empty.values()) else {}
        places = {
            fname: leads._sdp_field_place(fname, by_field)
            for fname in {fname for names in empty.values() for fname in names}
        }
        return {
            lead_id: (
                len(fnames),
                [self.env._("%(field)s is empty", field=places[fname]) for fname in names],
            )
            for lead_id, names in empty.items()
        }

    def _sdp_gate_check_activities(self, leads):
        """Required completed activities: Odoo logs a done activity as a message carrying
        ``mail_activity_type_id`` (``mail.activity._action_done``)."""
        types = self.sdp_gate_activity_type_ids
        if not types:
            return {}
        # sudo: counts messages of leads the user already accesses (checked by the ORM on the
        # lead); message access rules would hide the counts, not protect the leads.
        done = (
            self.env["mail.message"]
            .sudo()  # sudo: counts on readable leads only, see above
            ._read_group(
                [
                    ("model", "=", "crm.lead"),
                    ("res_id", "in", leads.ids),
                    ("mail_activity_type_id", "in", types.ids),
                ],
                ["res_id", "mail_activity_type_id"],
            )
        )
        done_set = {(res_id, act_type.id) for res_id, act_type in done}
        result = {}
        if self.sdp_gate_activity_mode == "any":
            done_leads = {res_id for res_id, _type_id in done_set}
            message = self.env._(
                "no completed activity of: %(types)s", types=", ".join(types.mapped("name"))
            )
            for lead in leads:
                result[lead.id] = (1, [] if lead.id in done_leads else [message])
            return result
        for lead in leads:
            missing = [
                self.env._("no completed activity “%(type)s”", type=act_type.name)
                for act_type in types
                if (lead.id, act_type.id) not in done_set
            ]
            result[lead.id] = (len(types), missing)
        return result

    def _sdp_gate_check_attachments(self, leads):
        """Minimum number of documents attached to the lead."""
        need = self.sdp_gate_attachment_count
        if not need:
            return {}
        # sudo: only counts documents of leads the user already accesses.
        counts = dict(
            self.env["ir.attachment"]
            .sudo()  # sudo: counts on readable leads only
            ._read_group(
                [("res_model", "=", "crm.lead"), ("res_id", "in", leads.ids)],
                ["res_id"],
                ["__count"],
            )
        )
        result = {}
        for lead in leads:
            have = counts.get(lead.id, 0)
            missing = []
            if have < need:
                missing.append(
                    self.env._(
                        "%(have)s of %(need)s required documents attached", have=have, need=need
                    )
                )
            result[lead.id] = (1, missing)
        return result

    def _sdp_gate_check_checklist(self, leads):
        """Checklist items of the gate ticked on the lead."""
        # sudo: checklist items are gate configuration (no secret); users without a policy
        # role (plain salesmen in a policy team) have no access to the item model but are
        # still subject to the gate. Only which items are ticked on these leads is read.
        # sudo: gate configuration is read to evaluate leads the caller already accesses.
        items = self.sudo().sdp_gate_checklist_item_ids
        if not items:
            return {}
        result = {}
        tab = None  # read on the first item missing
        # sudo: reads which checklist items are ticked on leads the caller already accesses.
        for lead in leads.sudo():
            unchecked = items - lead.sdp_checklist_item_done_ids
            if unchecked and tab is None:
                tab = leads._sdp_form_tabs()[1].get("sdp_checklist_item_done_ids", "")
            missing = [
                self.env._(
                    "checklist item “%(item)s” not checked (“%(tab)s” tab)",
                    item=item.name,
                    tab=tab,
                )
                if tab
                else self.env._("checklist item “%(item)s” not checked", item=item.name)
                for item in unchecked
            ]
            result[lead.id] = (len(items), missing)
        return result

    def _sdp_gate_check_screening(self, leads):
        """P3.2.2: only prospects with real potential are followed up. A lead screened as having
        no real potential stays at the Prospect step until it is screened again; where the stage
        requires real potential (the Contacted step), a lead not screened yet does too. Counted
        only where it applies, so the progress of the other leads is unchanged."""
        if POLICY_STEP_INDEX.get(self.sdp_policy_step, -1) <= 0:
            return {}
        required = self.sdp_gate_require_screening
        if required:
            lacking = leads.filtered(lambda lead: lead.sdp_screening_result != "potential")
        else:
            lacking = leads.filtered(lambda lead: lead.sdp_screening_result == "rejected")
        if not lacking:
            return {lead.id: (1, []) for lead in leads} if required else {}
        place = leads._sdp_field_place("sdp_screening_result", leads._sdp_form_tabs()[1])
        result = {lead.id: (1, []) for lead in leads - lacking} if required else {}
        for lead in lacking:
            if lead.sdp_screening_result == "rejected":
                message = self.env._(
                    "%(lead)s was screened as having no real potential (P3.2.2): screen it "
                    "again (%(field)s) before it moves on",
                    lead=lead.display_name,
                    field=place,
                )
            else:
                message = self.env._(
                    "%(lead)s is not screened as having real potential (P3.2.2: only prospects "
                    "with real potential are followed up): set %(field)s to Real potential",
                    lead=lead.display_name,
                    field=place,
                )
            result[lead.id] = (1, [message])
        return result

    def _sdp_gate_check_negotiation(self, leads):
        """P3.6.3: the negotiation's key information and agreements are recorded as the basis
        of the contract: at least one negotiation round with its agreed terms."""
        if not self.sdp_gate_require_negotiation:
            return {}
        negotiated = {
            lead.id
            for [lead] in self.env["sdp.negotiation.round"]
            .sudo()  # sudo: counts the rounds of leads the user already reads, returns no record
            ._read_group([("lead_id", "in", leads.ids), ("agreed_terms", "!=", False)], ["lead_id"])
        }
        tab = leads._sdp_form_tabs()[1].get("sdp_negotiation_round_ids")
        message = (
            self.env._(
                "no negotiation round with its agreed terms (P3.6.3): record the round and what "
                "was agreed on the “%(tab)s” tab",
                tab=tab,
            )
            if tab
            else self.env._(
                "no negotiation round with its agreed terms (P3.6.3): record the round and what "
                "was agreed"
            )
        )
        return {lead.id: (1, [] if lead.id in negotiated else [message]) for lead in leads}

    def _sdp_gate_check_proposal_document(self, leads):
        """P3.5.1-P3.5.2: a real quotation (linked to the lead, not cancelled) or a document
        attached to the lead, not only ticked boxes."""
        if not self.sdp_gate_require_proposal_document:
            return {}
        # sudo: only counts quotations and documents of leads the user already accesses; a
        # quotation of a colleague on the same opportunity is still the lead's proposal.
        orders = {
            lead.id
            for [lead] in self.env["sale.order"]
            .sudo()  # sudo: counts on readable leads only
            ._read_group(
                [("opportunity_id", "in", leads.ids), ("state", "!=", "cancel")],
                ["opportunity_id"],
            )
        }
        documents = {
            res_id
            for [res_id] in self.env["ir.attachment"]
            .sudo()  # sudo: counts on readable leads only
            ._read_group([("res_model", "=", "crm.lead"), ("res_id", "in", leads.ids)], ["res_id"])
        }
        lacking = leads.filtered(lambda lead: lead.id not in orders and lead.id not in documents)
        result = {lead.id: (1, []) for lead in leads - lacking}
        if lacking:
            # The tab of the accepted quotation is the one with the New Quotation button.
            tab = leads._sdp_form_tabs()[1].get("sdp_proposal_order_id")
            message = (
                self.env._(
                    "no quotation or proposal document (P3.5.1-P3.5.2): create the quotation "
                    "from the “%(tab)s” tab or attach the proposal to the lead",
                    tab=tab,
                )
                if tab
                else self.env._(
                    "no quotation or proposal document (P3.5.1-P3.5.2): create a quotation of "
                    "the opportunity or attach the proposal to the lead"
                )
            )
            result.update({lead.id: (1, [message]) for lead in lacking})
        return result

    def _sdp_gate_check_acceptance(self, leads):
        """P3.5.3: the customer understood and accepted the proposal, recorded on the lead."""
        if not self.sdp_gate_require_acceptance:
            return {}
        result = {}
        tab = None  # read on the first lead missing something
        for lead in leads:
            missing = lead._sdp_acceptance_missing()
            if missing and tab is None:
                tab = leads._sdp_form_tabs()[1].get("sdp_proposal_presentation", "")
            if not missing:
                message = None
            elif tab:
                message = self.env._(
                    "the customer's acceptance of the proposal is not recorded (P3.5.3): fill "
                    "%(items)s on the “%(tab)s” tab",
                    items=", ".join(missing),
                    tab=tab,
                )
            else:
                message = self.env._(
                    "the customer's acceptance of the proposal is not recorded (P3.5.3): fill "
                    "%(items)s",
                    items=", ".join(missing),
                )
            result[lead.id] = (1, [message] if message else [])
        return result

    def _sdp_gate_check_approvals(self, leads):
        """Approvals provided by other parts of the policy (credit P6.3, legal P3.7.3)."""
        approvals = leads._sdp_gate_approval_missing(self) or {}
        # A set: a list's ``in`` per lead would cost the batch's size for each lead.
        lead_ids = set(leads.ids)
        return {
            lead_id: (len(messages), list(messages))
            for lead_id, messages in approvals.items()
            if messages and lead_id in lead_ids
        }
