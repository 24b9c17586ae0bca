"""The customer development plan (P2.1.1, P2.2.1, P3.1.3): the sales department plans, per team
and period, which segments to develop and how many prospects to identify and contact and how many
new customers to win, from its market research; salespeople carry out their share, and the plan
shows its progress from the pipeline. Feature: pipeline."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

PLAN_STATES = [
    ("draft", "Draft"),
    ("active", "In Progress"),
    ("closed", "Closed"),
]
TARGET_FIELDS = ("target_prospects", "target_contacted", "target_new_customers")
LEADER_GROUP = "sales_dev_policy.group_sdp_team_leader"
MANAGER_GROUP = "sales_dev_policy.group_sdp_manager"


class SdpDevelopmentPlan(models.Model):
    """A team's customer development plan for a period (P2.1.1)."""

    _name = "sdp.development.plan"
    _description = "Customer Development Plan (Policy)"
    _inherit = ["mail.thread", "mail.activity.mixin", "sdp.flow.fields.mixin"]
    _order = "date_from desc, id desc"
    _check_company_auto = True
    _sdp_flow_fields = frozenset({"state"})

    name = fields.Char(string="Plan", required=True, tracking=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    team_id = fields.Many2one(
        comodel_name="crm.team",
        string="Sales Team",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Responsible",
        related="team_id.user_id",
        store=True,
        index=True,
        help="The team leader runs the plan (P2.1.1, P2.1.3).",
    )
    date_from = fields.Date(string="Plan Start", required=True, tracking=True)
    date_to = fields.Date(string="Plan End", required=True, tracking=True)
    state = fields.Selection(
        selection=PLAN_STATES, default="draft", required=True, index=True, tracking=True
    )
    industry_ids = fields.Many2many(
        comodel_name="res.partner.industry",
        relation="sdp_development_plan_industry_rel",
        column1="plan_id",
        column2="industry_id",
        string="Target Industries",
    )
    target_segments = fields.Text(help="Which customers to develop: sizes, regions, needs.")
    market_research_ids = fields.Many2many(
        comodel_name="sdp.market.research",
        relation="sdp_development_plan_research_rel",
        column1="plan_id",
        column2="research_id",
        string="Based on Market Research",
        help="P3.1.3: the research whose results this plan turns into action.",
    )
    strategy = fields.Html()
    line_ids = fields.One2many(
        comodel_name="sdp.development.plan.line",
        inverse_name="plan_id",
        string="Salespeople",
        copy=True,
    )
    target_prospects = fields.Integer(
        compute_sudo=True,
        string="Prospects to Identify",
        compute="_compute_totals",
        aggregator="sum",
    )
    target_contacted = fields.Integer(
        compute_sudo=True,
        string="Prospects to Contact",
        compute="_compute_totals",
        aggregator="sum",
    )
    target_new_customers = fields.Integer(
        compute_sudo=True,
        string="New Customers Expected",
        compute="_compute_totals",
        aggregator="sum",
    )
    # compute_sudo: the team's totals are the team's, whoever of it reads the plan; a salesperson
    # reads only their own share line (record rules).
    actual_prospects = fields.Integer(
        string="Prospects Identified", compute="_compute_totals", compute_sudo=True
    )
    actual_contacted = fields.Integer(
        string="Prospects Contacted", compute="_compute_totals", compute_sudo=True
    )
    actual_new_customers = fields.Integer(
        string="New Customers", compute="_compute_totals", compute_sudo=True
    )
    progress = fields.Float(
        string="Progress (%)",
        compute="_compute_totals",
        compute_sudo=True,
        help="New customers won against those expected (P2.1.4: track development progress).",
    )

    @api.depends("line_ids", "date_from", "date_to", "team_id")
    def _compute_totals(self):
        for plan in self:
            lines = plan.line_ids
            for fname in TARGET_FIELDS:
                plan[fname] = sum(lines.mapped(fname))
            plan.actual_prospects = sum(lines.mapped("actual_prospects"))
            plan.actual_contacted = sum(lines.mapped("actual_contacted"))
            plan.actual_new_customers = sum(lines.mapped("actual_new_customers"))
            plan.progress = (
                100.0 * plan.actual_new_customers / plan.target_new_customers
                if plan.target_new_customers
                else 0.0
            )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for plan in self:
            if plan.date_to < plan.date_from:
                raise ValidationError(
                    self.env._(
                        "Development plan %(plan)s ends before it starts (P2.1.1): check its "
                        "period.",
                        plan=plan.display_name,
                    )
                )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        plans = super().create(vals_list)
        plans._check_planner()
        return plans

    def write(self, vals):
        self._check_planner()
        closed = self.filtered(lambda plan: plan.state == "closed")
        if closed and set(vals) - {"message_follower_ids", "activity_ids"}:
            raise UserError(
                self.env._(
                    "Development plan %(plan)s is closed: its targets and results are the "
                    "record of the period (P2.1.1).",
                    plan=closed[0].display_name,
                )
            )
        res = super().write(vals)
        self._check_planner()
        return res

    def _check_planner(self):
        """The sales department plans (P2.1.1): a team's leader for their own team, or a Sales
        Manager; salespeople carry the plan out (P2.2.1) and do not write it."""
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return
        for plan in self:
            if plan.team_id.user_id != self.env.user:
                raise UserError(
                    self.env._(
                        "Development plan %(plan)s: only the leader of team %(team)s or a Sales "
                        "Manager plans its customer development (P2.1.1).",
                        plan=plan.display_name,
                        team=plan.team_id.display_name,
                    )
                )

    # ------------------------------------------------------------------ actions

    def action_activate(self):
        """Put the plan in force: each salesperson gets a to-do to carry out their share
        (P2.2.1)."""
        self._check_planner()
        for plan in self:
            if plan.state != "draft":
                raise UserError(
                    self.env._("Development plan %(plan)s is not a draft.", plan=plan.display_name)
                )
            if not plan.line_ids:
                raise UserError(
                    self.env._(
                        "Development plan %(plan)s assigns nobody: add the salespeople who carry "
                        "it out and their targets (P2.2.1).",
                        plan=plan.display_name,
                    )
                )
        self._sdp_flow_write({"state": "active"})
        todo = self.env.ref("mail.mail_activity_data_todo")
        activities = [
            {
                "res_model_id": self.env["ir.model"]._get_id(self._name),
                "res_id": line.plan_id.id,
                "activity_type_id": todo.id,
                "user_id": line.user_id.id,
                "date_deadline": line.plan_id.date_to,
                "summary": self.env._(
                    "Carry out the development plan: %(prospects)s prospects, %(contacted)s "
                    "contacted, %(customers)s new customers",
                    prospects=line.target_prospects,
                    contacted=line.target_contacted,
                    customers=line.target_new_customers,
                ),
            }
            for line in self.line_ids
        ]
        # sudo: the planner gives each salesperson their to-do on the plan (they read the plan
        # through their line; the activity is theirs).
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
            activities
        )
        return True

    def action_close(self):
        self._check_planner()
        if any(plan.state != "active" for plan in self):
            raise UserError(self.env._("Only a plan in progress is closed."))
        self._sdp_flow_write({"state": "closed"})
        return True

    def action_reset(self):
        self._check_planner()
        if any(plan.state != "active" for plan in self):
            raise UserError(self.env._("Only a plan in progress goes back to draft."))
        self._sdp_flow_write({"state": "draft"})
        return True


class SdpDevelopmentPlanLine(models.Model):
    """A salesperson's share of a development plan, and what the pipeline shows of it (P2.2.1,
    P2.1.4)."""

    _name = "sdp.development.plan.line"
    _description = "Customer Development Plan Share (Policy)"
    _order = "plan_id, user_id"
    _check_company_auto = True

    plan_id = fields.Many2one(
        comodel_name="sdp.development.plan",
        string="Plan",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Salesperson",
        required=True,
        index=True,
        domain="[('share', '=', False)]",
    )
    target_prospects = fields.Integer(string="Prospects to Identify")
    target_contacted = fields.Integer(string="Prospects to Contact")
    target_new_customers = fields.Integer(string="New Customers Expected")
    actual_prospects = fields.Integer(string="Prospects Identified", compute="_compute_actuals")
    actual_contacted = fields.Integer(string="Prospects Contacted", compute="_compute_actuals")
    actual_new_customers = fields.Integer(string="New Customers", compute="_compute_actuals")
    progress = fields.Float(string="Progress (%)", compute="_compute_actuals")

    _sql_constraints = [
        (
            "plan_user_uniq",
            "UNIQUE(plan_id, user_id)",
            "A salesperson has one share of a development plan.",
        ),
    ]

    @api.depends("user_id", "plan_id.date_from", "plan_id.date_to", "plan_id.company_id")
    def _compute_actuals(self):
        """From the pipeline (P2.1.4): leads the salesperson created in the period (prospects
        identified, P3.2), prospects first contacted in it (P3.3.2) and new customers won in it
        (P5.2.1) — the same measures as the appraisal, from ``sdp.sales.kpi``."""
        for line in self:
            line.actual_prospects = line.actual_contacted = line.actual_new_customers = 0
            line.progress = 0.0
        saved = self.filtered(lambda line: line.plan_id.date_from and line.plan_id.date_to)
        for (company, date_from, date_to), lines in saved.grouped(
            lambda line: (line.plan_id.company_id, line.plan_id.date_from, line.plan_id.date_to)
        ).items():
            users = lines.user_id
            kpis = self.env["sdp.sales.kpi"]._get_kpis(users, date_from, date_to, company)
            start, end = company._sdp_day_bounds(date_from, date_to)
            identified = dict(
                self.env["crm.lead"]
                # sudo: counts of the salespeople's leads for the plan's progress; no lead is
                # returned to the reader (P2.1.4).
                .sudo()
                .with_context(active_test=False)
                ._read_group(
                    [
                        ("user_id", "in", users.ids),
                        ("company_id", "=", company.id),
                        ("create_date", ">=", start),
                        ("create_date", "<", end),
                    ],
                    ["user_id"],
                    ["__count"],
                )
            )
            for line in lines:
                measures = kpis.get(line.user_id.id, {})
                line.actual_prospects = identified.get(line.user_id, 0)
                line.actual_contacted = int(measures.get("prospects_contacted", 0))
                line.actual_new_customers = int(measures.get("new_customers", 0))
                line.progress = (
                    100.0 * line.actual_new_customers / line.target_new_customers
                    if line.target_new_customers
                    else 0.0
                )

    @api.constrains(*TARGET_FIELDS)
    def _check_targets(self):
        for line in self:
            if any(line[fname] < 0 for fname in TARGET_FIELDS):
                raise ValidationError(
                    self.env._(
                        "Development plan %(plan)s: the targets of %(user)s cannot be negative.",
                        plan=line.plan_id.display_name,
                        user=line.user_id.name,
                    )
                )

    @api.constrains("user_id", "plan_id")
    def _check_team_member(self):
        for line in self:
            team = line.plan_id.team_id
            if line.user_id not in team.member_ids | team.user_id:
                raise ValidationError(
                    self.env._(
                        "Development plan %(plan)s: %(user)s is not a member of team %(team)s; "
                        "a team's plan is carried out by its salespeople (P2.2.1).",
                        plan=line.plan_id.display_name,
                        user=line.user_id.name,
                        team=team.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        plans = self.env["sdp.development.plan"].browse(
            [vals["plan_id"] for vals in vals_list if vals.get("plan_id")]
        )
        users = self.env["res.users"].browse(
            [vals["user_id"] for vals in vals_list if vals.get("user_id")]
        )
        # In front of the unique constraint: a clear message, and no ERROR in the log.
        taken = {(line.plan_id.id, line.user_id.id) for line in plans.line_ids}
        for vals in vals_list:
            key = (vals.get("plan_id"), vals.get("user_id"))
            if key in taken:
                raise ValidationError(
                    self.env._(
                        "Development plan %(plan)s already has a share for %(user)s.",
                        plan=plans.browse(key[0]).display_name,
                        user=users.browse(key[1]).name,
                    )
                )
            taken.add(key)
        lines = super().create(vals_list)
        lines.plan_id._check_planner()
        lines._check_plan_open()
        return lines

    def write(self, vals):
        self.plan_id._check_planner()
        self._check_plan_open()
        return super().write(vals)

    def unlink(self):
        self.plan_id._check_planner()
        self._check_plan_open()
        return super().unlink()

    def _check_plan_open(self):
        closed = self.plan_id.filtered(lambda plan: plan.state == "closed")
        if closed:
            raise UserError(
                self.env._(
                    "Development plan %(plan)s is closed: its targets and results are the "
                    "record of the period (P2.1.1).",
                    plan=closed[0].display_name,
                )
            )
