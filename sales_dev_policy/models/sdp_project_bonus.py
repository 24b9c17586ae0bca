"""Project bonuses shared among contributors (P5.1.2). Feature: incentive."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, float_round

from .sdp_duties import ensure_not_involved


class SdpProjectBonus(models.Model):
    """A bonus for a major or special project, shared among people or teams by contribution
    (P5.1.2). Once approved, each person's share is a line of their commission sheet of the month
    of approval."""

    _name = "sdp.project.bonus"
    _description = "Project Bonus"
    _inherit = ["mail.thread", "sdp.flow.fields.mixin"]
    # P5.1.2: a bonus is approved and paid by a Sales Manager's action only.
    _sdp_flow_fields = frozenset({"state", "date_approved"})
    _order = "create_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    lead_id = fields.Many2one(
        comodel_name="crm.lead",
        string="Opportunity",
        check_company=True,
        index=True,
        help="The won opportunity the project comes from (optional).",
    )
    importance = fields.Selection(
        selection=[("major", "Major Project"), ("special", "Special Project")],
        required=True,
        default="major",
        tracking=True,
        help="P5.1.2: bonuses are granted for major or special projects.",
    )
    amount_total = fields.Monetary(
        string="Bonus Amount", currency_field="currency_id", required=True, tracking=True
    )
    state = fields.Selection(
        selection=[("draft", "Draft"), ("approved", "Approved"), ("paid", "Paid")],
        default="draft",
        required=True,
        index=True,
        tracking=True,
        readonly=True,
    )
    date_approved = fields.Date(string="Approval Date", readonly=True, index=True, tracking=True)
    share_ids = fields.One2many(
        comodel_name="sdp.project.bonus.share", inverse_name="bonus_id", string="Shares"
    )
    visible_share_ids = fields.One2many(
        comodel_name="sdp.project.bonus.share",
        compute="_compute_visible_share_ids",
        string="Shares You May See",
        help="The shares the current user may read: their own (salesperson), their teams' (team "
        "leader), all (managers). A one2many field lists every line whatever the record rules.",
    )
    percent_total = fields.Float(
        string="Total Contribution (%)", compute="_compute_percent_total", digits=(16, 2)
    )

    @api.depends("share_ids.percent")
    def _compute_percent_total(self):
        for bonus in self:
            bonus.percent_total = sum(bonus.share_ids.mapped("percent"))

    @api.depends_context("uid")
    def _compute_visible_share_ids(self):
        shares = self.env["sdp.project.bonus.share"].search([("bonus_id", "in", self.ids)])
        by_bonus = shares.grouped("bonus_id")
        for bonus in self:
            bonus.visible_share_ids = by_bonus.get(bonus, shares.browse())

    @api.constrains("amount_total")
    def _check_amount(self):
        for bonus in self:
            if bonus.amount_total < 0:
                raise ValidationError(
                    self.env._(
                        "Project bonus %(bonus)s: the amount cannot be negative (P5.1.2).",
                        bonus=bonus.name,
                    )
                )

    @api.constrains("lead_id")
    def _check_lead_won(self):
        for bonus in self:
            if bonus.lead_id and not bonus.lead_id.stage_id.is_won:
                raise ValidationError(
                    self.env._(
                        "Project bonus %(bonus)s: the opportunity %(lead)s is not won. A project "
                        "bonus rewards a won project (P5.1.2).",
                        bonus=bonus.name,
                        lead=bonus.lead_id.name,
                    )
                )

    def write(self, vals):
        if set(vals) - {"state", "date_approved", "message_follower_ids"}:
            self._check_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_draft(self):
        self._check_draft()

    def _check_draft(self):
        locked = self.filtered(lambda bonus: bonus.state != "draft")
        if locked:
            raise UserError(
                self.env._(
                    "Project bonus %(bonus)s is approved: its amount and shares cannot change "
                    "any more (P5.1.2).",
                    bonus=locked[0].name,
                )
            )

    def _check_manager(self):
        if not self.env.user.has_group("sales_dev_policy.group_sdp_manager"):
            raise AccessError(
                self.env._("Only a Sales Manager approves or pays project bonuses (P5.1.2).")
            )
        # Nobody approves or pays a bonus they share in, in person or through a team.
        ensure_not_involved(
            self,
            lambda bonus: bonus.share_ids.user_id | bonus.share_ids.team_id.member_ids,
            lambda bonus: self.env._(
                "Project bonus %(bonus)s rewards you too: another Sales Manager (or the "
                "Policy Administrator) approves or pays it (P5.1.2).",
                bonus=bonus.name,
            ),
            error=AccessError,
        )

    def action_approve(self):
        """P5.1.2: approve when the contributions total 100%; a team's share is split equally
        among the team's members at that moment; the shares go on the commission sheets."""
        self._check_manager()
        for bonus in self:
            if bonus.state != "draft":
                raise UserError(
                    self.env._("Project bonus %(bonus)s is not a draft.", bonus=bonus.name)
                )
            if float_compare(bonus.percent_total, 100.0, precision_digits=2):
                raise UserError(
                    self.env._(
                        "Project bonus %(bonus)s: the contributions total %(total)s%%, they must "
                        "total 100%% to approve it (P5.1.2). Correct the shares.",
                        bonus=bonus.name,
                        total=float_round(bonus.percent_total, precision_digits=2),
                    )
                )
            empty = bonus.share_ids.filtered(lambda s: s.team_id and not s.team_id.member_ids)
            if empty:
                raise UserError(
                    self.env._(
                        "Project bonus %(bonus)s: the team %(team)s has no member to share its "
                        "contribution. Add members or give the share to a person.",
                        bonus=bonus.name,
                        team=empty[0].team_id.name,
                    )
                )
        self._split_team_shares()
        self._sdp_flow_write(
            {"state": "approved", "date_approved": fields.Date.context_today(self)}
        )
        self._update_sheets()
        return True

    def _split_team_shares(self):
        team_shares = self.share_ids.filtered("team_id")
        vals_list = []
        for share in team_shares:
            members = share.team_id.member_ids
            part = float_round(share.percent / len(members), precision_digits=4)
            for index, member in enumerate(members):
                # The last member takes the rounding remainder, so the shares still total 100%.
                percent = part if index < len(members) - 1 else share.percent - part * index
                vals_list.append(
                    {
                        "bonus_id": share.bonus_id.id,
                        "user_id": member.id,
                        "percent": percent,
                        "split_team_id": share.team_id.id,
                    }
                )
        team_shares.unlink()
        self.env["sdp.project.bonus.share"].create(vals_list)

    def _update_sheets(self):
        """Recompute the draft sheets of the month of approval of the people sharing."""
        sheets = self.env["sdp.commission.sheet"].search(
            [
                ("state", "=", "draft"),
                ("user_id", "in", self.share_ids.user_id.ids),
                ("company_id", "in", self.company_id.ids),
                ("date_from", "<=", max(self.mapped("date_approved"))),
                ("date_to", ">=", min(self.mapped("date_approved"))),
            ]
        )
        sheets._recompute()

    def action_pay(self):
        self._check_manager()
        not_approved = self.filtered(lambda bonus: bonus.state != "approved")
        if not_approved:
            raise UserError(
                self.env._(
                    "Project bonus %(bonus)s is not approved: approve it before paying it.",
                    bonus=not_approved[0].name,
                )
            )
        self._sdp_flow_write({"state": "paid"})
        return True


class SdpProjectBonusShare(models.Model):
    """One person's or one team's contribution to a project bonus (P5.1.2)."""

    _name = "sdp.project.bonus.share"
    _description = "Project Bonus Share"
    _order = "bonus_id, id"

    bonus_id = fields.Many2one(
        comodel_name="sdp.project.bonus",
        string="Project Bonus",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="bonus_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="bonus_id.currency_id")
    state = fields.Selection(related="bonus_id.state", string="Bonus Status")
    date_approved = fields.Date(related="bonus_id.date_approved")
    user_id = fields.Many2one(comodel_name="res.users", string="Beneficiary", index=True)
    team_id = fields.Many2one(comodel_name="crm.team", string="Team", index=True)
    split_team_id = fields.Many2one(
        comodel_name="crm.team",
        string="From Team",
        readonly=True,
        help="The team whose share was split equally among its members at approval.",
    )
    percent = fields.Float(string="Contribution (%)", digits=(16, 4))
    amount = fields.Monetary(compute="_compute_amount", store=True, currency_field="currency_id")

    @api.depends("percent", "bonus_id.amount_total")
    def _compute_amount(self):
        for share in self:
            share.amount = share.currency_id.round(
                share.bonus_id.amount_total * share.percent / 100.0
            )

    @api.constrains("user_id", "team_id", "percent")
    def _check_share(self):
        for share in self:
            if bool(share.user_id) == bool(share.team_id):
                raise ValidationError(
                    self.env._(
                        "Project bonus %(bonus)s: each share goes either to a person or to a "
                        "team, not both and not neither (P5.1.2).",
                        bonus=share.bonus_id.name,
                    )
                )
            if not 0.0 < share.percent <= 100.0:
                raise ValidationError(
                    self.env._(
                        "Project bonus %(bonus)s: a contribution is a percentage above 0 and up "
                        "to 100, not %(percent)s.",
                        bonus=share.bonus_id.name,
                        percent=share.percent,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        bonuses = self.env["sdp.project.bonus"].browse(
            {vals["bonus_id"] for vals in vals_list if vals.get("bonus_id")}
        )
        bonuses._check_draft()
        return super().create(vals_list)

    def write(self, vals):
        self.bonus_id._check_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_draft(self):
        self.bonus_id._check_draft()
