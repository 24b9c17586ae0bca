"""Market research records (P3.1). Feature: pipeline."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date


class SdpMarketResearch(models.Model):
    """Periodic market research on industry, market and competitors (P3.1, P2.1.2, P6.1)."""

    _name = "sdp.market.research"
    _description = "Market Research (Policy)"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_end desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Subject", required=True, tracking=True)
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Researcher",
        default=lambda self: self.env.user,
        index=True,
    )
    team_id = fields.Many2one(
        comodel_name="crm.team",
        string="Sales Team",
        index=True,
        check_company=True,
        help="The team whose periodic market research this is (P3.1.1): it dates the team's "
        "last research and its next one.",
    )
    date_start = fields.Date(string="Period From")
    date_end = fields.Date(string="Period To")
    industry_id = fields.Many2one(comodel_name="res.partner.industry", string="Industry")
    findings = fields.Html(string="Findings and Trends")
    strategy = fields.Html(string="Resulting Strategy")
    risks = fields.Text(string="Market Risks Foreseen")
    competitor_ids = fields.Many2many(
        comodel_name="sdp.competitor",
        relation="sdp_market_research_competitor_rel",
        column1="research_id",
        column2="competitor_id",
        string="Competitors",
    )
    lead_ids = fields.Many2many(
        comodel_name="crm.lead",
        relation="sdp_market_research_crm_lead_rel",
        column1="research_id",
        column2="lead_id",
        string="Leads Concerned",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )

    @api.model_create_multi
    def create(self, vals_list):
        researches = super().create(vals_list)
        researches._sdp_check_team()
        return researches

    def write(self, vals):
        self._sdp_check_team()  # the team's research before the change
        res = super().write(vals)
        if "team_id" in vals:
            self._sdp_check_team()
        return res

    def _sdp_check_team(self):
        """A team's research, which dates its schedule (P3.1.1), is recorded by its members,
        its leader or a Sales Manager."""
        if self.env.su or self.env.user.has_group("sales_dev_policy.group_sdp_manager"):
            return
        user = self.env.user
        # sudo: the team's members and leader, to decide who may record its research.
        for research in self.sudo().filtered("team_id"):
            team = research.team_id
            if user not in team.member_ids | team.user_id:
                raise UserError(
                    self.env._(
                        "%(research)s: the market research of %(team)s is recorded by its "
                        "members and its leader (P3.1.1).",
                        research=research.name,
                        team=team.name,
                    )
                )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for research in self:
            if (
                research.date_start
                and research.date_end
                and research.date_end < research.date_start
            ):
                raise ValidationError(
                    self.env._(
                        "Market research %(name)s: the period ends (%(end)s) before it starts "
                        "(%(start)s) (P3.1).",
                        name=research.name,
                        end=research.date_end,
                        start=research.date_start,
                    )
                )


class CrmTeam(models.Model):
    """Periodic market research per sales team (P3.1.1): the team's interval, when its last
    research ended, when the next one is due, and a reminder to its leader when it is."""

    _inherit = "crm.team"  # pylint: disable=consider-merging-classes-inherited

    sdp_research_interval_days = fields.Integer(
        string="Market Research Every (days)",
        default=90,
        help="How often the team researches its market (P3.1.1: the sales department "
        "organises market research periodically). A team on the policy pipeline whose last "
        "research ended longer ago gets a new research to do, with a to-do for its leader. "
        "0: no schedule.",
    )
    sdp_market_research_ids = fields.One2many(
        comodel_name="sdp.market.research", inverse_name="team_id", string="Market Research"
    )
    sdp_research_last_date = fields.Date(
        string="Last Market Research",
        compute="_compute_sdp_research_dates",
        store=True,
        help="End of the team's last completed market research (its Period To).",
    )
    sdp_research_due_date = fields.Date(
        string="Market Research Due",
        compute="_compute_sdp_research_dates",
        store=True,
        index=True,
        help="When the team's next market research is due (P3.1.1).",
    )

    @api.depends("sdp_market_research_ids.date_end", "sdp_research_interval_days", "create_date")
    def _compute_sdp_research_dates(self):
        ends = {
            team.id: last
            for team, last in self.env["sdp.market.research"]
            .sudo()  # sudo: the last date of the team's research, whoever may read it
            ._read_group(
                [("team_id", "in", self.ids), ("date_end", "!=", False)],
                ["team_id"],
                ["date_end:max"],
            )
        }
        for team in self:
            last = ends.get(team.id)
            team.sdp_research_last_date = last
            start = last or (team.create_date and team.create_date.date())
            team.sdp_research_due_date = (
                start + timedelta(days=team.sdp_research_interval_days)
                if start and team.sdp_research_interval_days > 0
                else False
            )

    def _sdp_research_due_domain(self, today):
        return [
            ("sdp_use_policy_pipeline", "=", True),
            ("sdp_research_due_date", "!=", False),
            ("sdp_research_due_date", "<=", today),
        ]

    @api.model
    def _cron_sdp_research_due(self):
        """P3.1.1: a team whose market research is due gets its next research to do, and its
        leader a to-do, once: a team with research still open (no end date) is reminded by it."""
        today = fields.Date.context_today(self)
        teams = self.search(self._sdp_research_due_domain(today))
        if not teams:
            return
        Research = self.env["sdp.market.research"]
        open_teams = {
            team.id
            for [team] in Research._read_group(
                [("team_id", "in", teams.ids), ("date_end", "=", False)], ["team_id"]
            )
        }
        todo = self.env.ref("mail.mail_activity_data_todo")
        for team in teams.filtered(lambda t: t.id not in open_teams and t.user_id):
            leader = team.user_id
            research = Research.with_company(team.company_id or self.env.company).create(
                {
                    "name": self.env._(
                        "Market research of %(team)s (due %(date)s)",
                        team=team.name,
                        date=format_date(self.env, team.sdp_research_due_date),
                    ),
                    "team_id": team.id,
                    "user_id": leader.id,
                    "company_id": (team.company_id or self.env.company).id,
                }
            )
            research.activity_schedule(
                activity_type_id=todo.id,
                user_id=leader.id,
                date_deadline=today,
                summary=self.env._("Market research due (P3.1.1)"),
                note=self.env._(
                    "The market research of %(team)s is due: research the industry, the market "
                    "and the competitors, record the findings and the resulting strategy, and "
                    "set the period's end date (P3.1.1-P3.1.3).",
                    team=team.name,
                ),
            )
