"""Adopting the policy as written (P1.2): one action switches on every mandatory clause of the
company, and a panel shows, clause by clause, whether it is applied, relaxed (by whom, when,
with which setting) or not applied. Shared by all features."""

import re

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .sdp_permit import has_permit, with_permit

# The clauses the policy makes mandatory and the company switches that apply them, in the
# policy's order. A clause is applied when all its switches are on; the pipeline clause when
# every sales team of the company works in the policy pipeline.
MANDATORY_CLAUSES = (
    ("P1.2, P3", "pipeline", ()),
    ("P3", "gates", ("sdp_pipeline_no_skip", "sdp_pipeline_back_reason")),
    ("P3.7.3", "legal", ("sdp_legal_on_every_order", "sdp_legal_before_signing")),
    ("P4.3.1", "export", ("sdp_restrict_export",)),
    ("P4.3.2", "consent", ("sdp_marketing_consent_only", "sdp_consent_written_only")),
    ("P4.3.3", "customers", ("sdp_restrict_customers",)),
    ("P6.3.1", "credit", ("sdp_credit_order_gate", "sdp_credit_lead_gate")),
)
MANDATORY_SWITCHES = {fname for _clause, _key, fnames in MANDATORY_CLAUSES for fname in fnames}
# The onboarding offer of a new database (_sdp_offer_adoption).
ADOPTION_OFFER_TODO = "sales_dev_policy.todo_sdp_policy_adoption_offer"

ADOPTION_FIELDS = {"sdp_policy_adopted_date", "sdp_policy_adopted_by_id"}
# A reason has at least one visible character (letters, digits, punctuation, CJK).
VISIBLE = re.compile(r"[^\s\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff]")

# The requirements of the policy steps the adoption switches on (their stage flags).
STEP_REQUIREMENTS = (
    ("contact", "sdp_gate_require_screening"),  # P3.2.2
    ("contract", "sdp_gate_require_negotiation"),  # P3.6.3
    ("won", "sdp_require_confirmed_order"),  # P3.7.1
)

# Odoo's standard stages and the policy step their open leads move to at the adoption; a lead
# in any other stage starts at the first step (P3.2).
STANDARD_STAGE_STEPS = {
    "crm.stage_lead1": "prospect",
    "crm.stage_lead2": "needs",
    "crm.stage_lead3": "proposal",
}


class SdpPolicyDecision(models.Model):
    """A company's decision about the mandatory clauses: adopting the policy as written, and each
    mandatory clause relaxed afterwards (who, when, which setting). Written by the adoption and
    the company's settings only."""

    _name = "sdp.policy.decision"
    _description = "Policy Adoption Decision"
    _order = "date desc, id desc"

    company_id = fields.Many2one(
        comodel_name="res.company", string="Company", required=True, index=True, readonly=True
    )
    user_id = fields.Many2one(
        comodel_name="res.users", string="Decided By", required=True, readonly=True
    )
    date = fields.Datetime(string="Decided On", required=True, readonly=True)
    kind = fields.Selection(
        selection=[
            ("adopted", "Adopted the policy as written"),
            ("relaxed", "Relaxed a mandatory clause"),
        ],
        string="Decision",
        required=True,
        readonly=True,
    )
    clause = fields.Char(string="Policy Clause", readonly=True)
    setting = fields.Char(
        string="Setting Changed", readonly=True, help="The setting switched off, or the team."
    )
    reason = fields.Char(readonly=True)


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    sdp_policy_adopted_date = fields.Datetime(
        string="Policy Adopted On",
        readonly=True,
        copy=False,
        help="When the company adopted the policy as written (P1.2): every mandatory clause "
        "was switched on; new sales teams start on the policy pipeline.",
    )
    sdp_policy_adopted_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Policy Adopted By",
        readonly=True,
        copy=False,
        groups="base.group_system,sales_dev_policy.group_sdp_manager",
    )
    sdp_policy_relax_reason = fields.Char(
        string="Reason for Relaxing",
        copy=False,
        groups="base.group_system,sales_dev_policy.group_sdp_manager",
        help="Why a Sales Manager relaxed a mandatory clause of the policy the company adopted: "
        "given with the change, logged with it (P1.2).",
    )
    sdp_compliance_html = fields.Html(
        string="Mandatory Clauses",
        compute="_compute_sdp_compliance_html",
        sanitize=False,
        # Names who relaxed what: for the people who set the policy up.
        groups="base.group_system,sales_dev_policy.group_sdp_manager",
        help="Each mandatory clause of the policy: applied, relaxed (by whom, when, with which "
        "setting) or not applied.",
    )

    def _sdp_policy_teams(self):
        """The company's sales teams (a team without a company belongs to every company)."""
        self.ensure_one()
        return self.env["crm.team"].search(
            [("company_id", "in", [self.id, False]), ("use_opportunities", "=", True)]
        )

    @api.depends_context("lang")
    def _compute_sdp_compliance_html(self):
        # sudo: the clauses' state is shown to who reads the company's settings (the rows have
        # no access of their own for the settings administrators who are not Sales Managers).
        Compliance = self.env["sdp.policy.compliance"].sudo()
        # The rows are computed by SQL: what the cache holds of them may be out of date.
        Compliance.invalidate_model()
        rows = Compliance.search([("company_id", "in", [c.id for c in self if c.id])])
        labels = dict(Compliance._fields["clause_key"]._description_selection(self.env))
        status_text = dict(Compliance._fields["state"]._description_selection(self.env))
        css = {"applied": "text-success", "relaxed": "text-warning", "off": "text-danger"}
        for company in self:
            html_rows = []
            for row in rows.filtered(lambda r, c=company: r.company_id == c):
                detail = ""
                if row.state == "relaxed":
                    detail = self.env._(
                        "by %(user)s on %(date)s (%(setting)s)",
                        user=row.relaxed_by_id.name,
                        date=fields.Date.to_string(
                            fields.Datetime.context_timestamp(company, row.relaxed_date)
                        ),
                        setting=row.relaxed_setting,
                    )
                    if row.relaxed_reason:
                        detail = self.env._(
                            "%(detail)s: %(reason)s", detail=detail, reason=row.relaxed_reason
                        )
                html_rows.append(
                    Markup(
                        "<tr><td>{clause}</td><td>{label}</td>"
                        "<td class='{css}'><strong>{status}</strong> {detail}</td></tr>"
                    ).format(
                        clause=row.clause,
                        label=labels[row.clause_key],
                        css=css[row.state],
                        status=status_text[row.state],
                        detail=escape(detail),
                    )
                )
            company.sdp_compliance_html = (
                Markup(
                    "<table class='table table-sm o_sdp_compliance'><tbody>{}</tbody></table>"
                ).format(Markup("").join(html_rows))
                if company.id
                else False
            )

    def _sdp_apply_policy(self):
        """Switch on every mandatory clause of the company (P1.2): the settings, and every sales
        team on the policy pipeline, their open leads in Odoo's stages moved to the matching
        policy step with a logged transition. Logged as the company's decision."""
        self.ensure_one()
        user = self.env.user
        # The settings are the administrator's; the leads' moves are a Sales Manager's override
        # (logged with its reason on each transition).
        if not (
            user.has_group("base.group_system")
            and user.has_group("sales_dev_policy.group_sdp_manager")
        ):
            raise AccessError(
                self.env._(
                    "Only a settings administrator who is also a Sales Manager (the Policy "
                    "Administrator) may adopt the policy as written for %(company)s (P1.2).",
                    company=self.name,
                )
            )
        self.check_access("write")
        now = fields.Datetime.now()
        with_permit(self, "policy_adoption").write(
            {
                **dict.fromkeys(MANDATORY_SWITCHES, True),
                "sdp_policy_adopted_date": now,
                "sdp_policy_adopted_by_id": user.id,
            }
        )
        if not self.sdp_satisfaction_survey_id:
            # P5.2.4: satisfaction comes from a survey of the customers: the one the module
            # ships, unless the company chose its own.
            survey = self.env.ref(
                "sales_dev_policy.survey_sdp_customer_satisfaction", raise_if_not_found=False
            )
            if survey:
                self.sdp_satisfaction_survey_id = survey
        teams = self._sdp_policy_teams().filtered(lambda team: not team.sdp_use_policy_pipeline)
        teams.write({"sdp_use_policy_pipeline": True})
        self._sdp_apply_stage_requirements(self._sdp_policy_teams())
        self._sdp_move_leads_to_policy_steps(self._sdp_policy_teams())
        # sudo: the decision log is written by the flows of the company's settings only.
        self.env["sdp.policy.decision"].sudo().create(
            {"company_id": self.id, "user_id": user.id, "date": now, "kind": "adopted"}
        )
        # The onboarding offer is answered, however the company adopted.
        offer = self.env.ref(ADOPTION_OFFER_TODO, raise_if_not_found=False)
        if offer and offer.state == "open":
            offer.state = "done"
        return True

    @api.model
    def _sdp_offer_adoption(self):
        """The onboarding step of a brand-new database (P1.2): after the install, Odoo opens the
        offer to adopt the policy as written (an open ``ir.actions.todo``, which Odoo launches
        when the install from Apps ends). A database is new when it holds no lead and no sale
        order but demo records; on any other database the install offers nothing, as it
        changes nothing. The module's demo database is set up by its demo data: no offer there
        either. Return the offer, or an empty recordset."""
        Todo = self.env["ir.actions.todo"]
        if (
            self.env.ref(ADOPTION_OFFER_TODO, raise_if_not_found=False)
            or self.env.ref("sales_dev_policy.demo_user_manager", raise_if_not_found=False)
            or self.search_count([("sdp_policy_adopted_date", "!=", False)], limit=1)
        ):
            return Todo
        for table, model in (("crm_lead", "crm.lead"), ("sale_order", "sale.order")):
            self.env.cr.execute(
                SQL(
                    "SELECT 1 FROM %s AS rec WHERE NOT EXISTS (SELECT 1 FROM ir_model_data AS d"
                    " WHERE d.model = %s AND d.res_id = rec.id) LIMIT 1",
                    SQL.identifier(table),
                    model,
                )
            )
            if self.env.cr.fetchone():
                return Todo
        action = self.env.ref("sales_dev_policy.sdp_policy_adoption_offer_action")
        # The offer is the module's record (xmlid): the uninstall removes it before its action.
        offer = Todo.create({"name": action.name, "action_id": action.id, "sequence": 5})
        self.env["ir.model.data"]._update_xmlids(
            [{"xml_id": ADOPTION_OFFER_TODO, "record": offer, "noupdate": True}]
        )
        return offer

    def _sdp_apply_stage_requirements(self, teams):
        """The requirements of the policy's steps as the text states them, on the steps the
        company's teams use: only prospects with real potential are contacted (P3.2.2), the
        negotiation's agreements are recorded before the contract (P3.6.3), the lead is won
        with its contract signed (P3.7.1)."""
        Stage = self.env["crm.stage"]
        for step, fname in STEP_REQUIREMENTS:
            stages = Stage.browse(
                {stage.id for stage in Stage._sdp_policy_stage_for_step(step, teams.ids).values()}
                - {False}
            )
            stages.filtered(lambda stage, f=fname: not stage[f]).write({fname: True})

    def _sdp_move_leads_to_policy_steps(self, teams):
        """Open leads of ``teams`` in stages outside the policy move to the policy step that
        matches their stage (STANDARD_STAGE_STEPS, else the first step), logged as a transition
        with the adoption as reason."""
        self.ensure_one()
        leads = (
            self.env["crm.lead"]
            # sudo: the adoption moves every open lead of the company's teams, whoever sells
            # it; the settings administrator's right was checked by the caller.
            .sudo()
            .search(
                [
                    ("team_id", "in", teams.ids),
                    ("company_id", "in", [self.id, False]),
                    ("stage_id.sdp_policy_step", "=", False),
                    ("stage_id.is_won", "=", False),
                ]
            )
        )
        if not leads:
            return
        step_of_stage = {
            stage.id: step
            for xmlid, step in STANDARD_STAGE_STEPS.items()
            if (stage := self.env.ref(xmlid, raise_if_not_found=False))
        }
        Stage = self.env["crm.stage"]
        targets = {}
        for lead in leads:
            step = step_of_stage.get(lead.stage_id.id, "prospect")
            targets.setdefault((step, lead.team_id.id), []).append(lead.id)
        reason = self.env._(
            "The company adopted the policy as written (P1.2): the lead moves from Odoo's stages "
            "to the matching policy step."
        )
        for (step, team_id), lead_ids in targets.items():
            for try_step in dict.fromkeys((step, "prospect")):
                stage = Stage._sdp_policy_stage_for_step(try_step, [team_id])[team_id]
                group = with_permit(leads.browse(lead_ids), "gate_override", reason=reason)
                if not stage or not group:
                    continue
                # The override passes the gates' data, never the credit and legal approvals
                # (P3.7.3, P6.3.1): a lead that lacks one starts at the first step instead.
                refused = group._sdp_stage_change_errors(stage)
                movable = group.filtered(lambda lead, r=refused: not r.get(lead))
                if movable:
                    movable.write({"stage_id": stage.id})
                lead_ids = [lead.id for lead in group if refused.get(lead)]

    def write(self, vals):
        if ADOPTION_FIELDS & set(vals) and not has_permit(self.env, "policy_adoption"):
            # Who adopted the policy and when is the adoption's own record: cleared or moved,
            # the clauses could be relaxed as if never adopted (P1.2).
            raise UserError(
                self.env._(
                    "%(companies)s: when and by whom the policy was adopted as written is set by "
                    "“Apply the Policy as Written” only (P1.2).",
                    companies=", ".join(self.mapped("name")),
                )
            )
        relaxing = {fname for fname in MANDATORY_SWITCHES if fname in vals and not vals[fname]}
        before = {
            company: [fname for fname in relaxing if company[fname]]
            for company in self
            if relaxing and company.sdp_policy_adopted_date
        }
        before = {company: fnames for company, fnames in before.items() if fnames}
        reason = None
        if before:
            # The settings page passes the reason typed with the change (res.config.settings
            # writes each setting on its own); over RPC it comes with the values.
            reason = (
                vals.get("sdp_policy_relax_reason")
                or self.env.context.get("sdp_policy_relax_reason")
                or ""
            ).strip()
            if not VISIBLE.search(reason):
                reason = ""  # spaces and invisible characters are no reason
            self._sdp_check_relaxing(before, reason)
            vals = dict(vals, sdp_policy_relax_reason=reason)
        res = super().write(vals)
        for company, fnames in before.items():
            company._sdp_log_relaxed(fnames, reason=reason)
        return res

    def _sdp_check_relaxing(self, before, reason):
        """Relaxing a mandatory clause of a company that adopted the policy as written is a Sales
        Manager's decision with a reason (P1.2)."""
        labels = ", ".join(
            sorted({self._sdp_setting_label(f) for fnames in before.values() for f in fnames})
        )
        companies = ", ".join(company.name for company in before)
        if not self.env.su and not self.env.user.has_group("sales_dev_policy.group_sdp_manager"):
            raise AccessError(
                self.env._(
                    "%(companies)s adopted the policy as written: only a Sales Manager may "
                    "relax its mandatory clauses (%(settings)s) (P1.2).",
                    companies=companies,
                    settings=labels,
                )
            )
        if not reason:
            raise UserError(
                self.env._(
                    "%(companies)s adopted the policy as written: relaxing %(settings)s is a "
                    "decision logged with its reason (P1.2). Write the reason in “Reason for "
                    "Relaxing” under The Policy as Written, then save again.",
                    companies=companies,
                    settings=labels,
                )
            )

    def _sdp_log_relaxed(self, fnames=(), teams=None, reason=None):
        """Log that a mandatory clause of an adopting company was relaxed: a switch turned off,
        or a team taken off the policy pipeline."""
        self.ensure_one()
        clause_of = {
            fname: clause for clause, _key, switches in MANDATORY_CLAUSES for fname in switches
        }
        entries = [
            (clause_of[fname], self._sdp_setting_label(fname))
            for fname in fnames
            if fname in clause_of
        ]
        entries += [(MANDATORY_CLAUSES[0][0], team.name) for team in teams or ()]
        if entries:
            now = fields.Datetime.now()
            # sudo: the decision log is written by the flows of the company's settings only.
            self.env["sdp.policy.decision"].sudo().create(
                [
                    {
                        "company_id": self.id,
                        "user_id": self.env.user.id,
                        "date": now,
                        "kind": "relaxed",
                        "clause": clause,
                        "setting": setting,
                        "reason": reason or False,
                    }
                    for clause, setting in entries
                ]
            )


class CrmTeam(models.Model):
    _inherit = "crm.team"  # pylint: disable=consider-merging-classes-inherited

    @api.model_create_multi
    def create(self, vals_list):
        # A new team of a company that adopted the policy as written starts on the policy
        # pipeline (P1.2, P3), unless its creator says otherwise.
        off_pipeline = []
        for vals in vals_list:
            company = self.env["res.company"].browse(vals.get("company_id") or self.env.company.id)
            if not company.sdp_policy_adopted_date:
                continue
            if "sdp_use_policy_pipeline" not in vals:
                vals["sdp_use_policy_pipeline"] = True
            elif not vals["sdp_use_policy_pipeline"]:
                off_pipeline.append(company)
        if off_pipeline:
            self._sdp_check_leaving(", ".join(c.name for c in off_pipeline))
        teams = super().create(vals_list)
        for team in teams.filtered(lambda t: not t.sdp_use_policy_pipeline):
            company = team.company_id or self.env.company
            if company.sdp_policy_adopted_date:
                company._sdp_log_relaxed(teams=team)
        return teams

    def _sdp_check_leaving(self, names):
        """A team of a company that adopted the policy as written works off the policy pipeline
        only by a Sales Manager's decision (P1.2, P3), logged as relaxing the clause."""
        if not self.env.su and not self.env.user.has_group("sales_dev_policy.group_sdp_manager"):
            raise AccessError(
                self.env._(
                    "%(teams)s: the company adopted the policy as written; only a Sales Manager "
                    "may take a sales team off the policy pipeline (P1.2, P3).",
                    teams=names,
                )
            )

    def write(self, vals):
        leaving = (
            self.filtered("sdp_use_policy_pipeline")
            if "sdp_use_policy_pipeline" in vals and not vals["sdp_use_policy_pipeline"]
            else self.browse()
        )
        adopted = leaving.filtered(
            lambda t: (t.company_id or self.env.company).sdp_policy_adopted_date
        )
        if adopted:
            self._sdp_check_leaving(", ".join(adopted.mapped("name")))
        res = super().write(vals)
        for team in leaving:
            companies = team.company_id or self.env["res.company"].search(
                [("sdp_policy_adopted_date", "!=", False)]
            )
            for company in companies.filtered("sdp_policy_adopted_date"):
                company._sdp_log_relaxed(teams=team)
        return res
