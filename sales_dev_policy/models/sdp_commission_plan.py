"""Commission plans (P5.1.1): the rates that apply to salespeople or teams. Feature: incentive."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SdpCommissionPlan(models.Model):
    """Commission rates of salespeople (P5.1.1): a percentage of the sales amount, a percentage of
    the sales profit and a fixed amount per new customer. A salesperson has at most one plan per
    company at any date."""

    _name = "sdp.commission.plan"
    _description = "Commission Plan"
    _inherit = ["mail.thread"]
    _order = "company_id, date_from desc, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    active = fields.Boolean(default=True, tracking=True)
    date_from = fields.Date(string="Valid From", index=True, tracking=True)
    date_to = fields.Date(string="Valid Until", index=True, tracking=True)
    rate_sales = fields.Float(
        string="Sales Amount Rate (%)",
        digits=(16, 4),
        tracking=True,
        help="P5.1.1: percentage of the untaxed amount of the orders confirmed in the month.",
    )
    rate_profit = fields.Float(
        string="Sales Profit Rate (%)",
        digits=(16, 4),
        tracking=True,
        help="P5.1.1: percentage of the margin (price - cost) of the orders confirmed in the "
        "month.",
    )
    amount_per_new_customer = fields.Monetary(
        string="Amount per New Customer",
        currency_field="currency_id",
        tracking=True,
        help="P5.1.1: fixed amount per customer whose first confirmed order falls in the month.",
    )
    user_ids = fields.Many2many(
        comodel_name="res.users",
        relation="sdp_commission_plan_user_rel",
        column1="plan_id",
        column2="user_id",
        string="Salespeople",
        domain="[('share', '=', False)]",
    )
    team_ids = fields.Many2many(
        comodel_name="crm.team",
        relation="sdp_commission_plan_team_rel",
        column1="plan_id",
        column2="team_id",
        string="Sales Teams",
        check_company=True,
        help="The plan applies to the members of these teams.",
    )
    rate_mode = fields.Selection(
        selection=[("flat", "Flat Rates"), ("tiered", "Tiered on Target Attainment")],
        string="Rates",
        default="flat",
        required=True,
        tracking=True,
        help="P5.1.1: flat: the rates above apply to every month. Tiered: the rates of the tier "
        "reached by the month's attainment of the sales target (sales amount / sales target of "
        "the month); a month without a sales target gets the lowest tier.",
    )
    tier_ids = fields.One2many(
        comodel_name="sdp.commission.plan.tier",
        inverse_name="plan_id",
        string="Tiers",
        copy=True,
    )
    note = fields.Text(string="Notes")

    @api.constrains("rate_sales", "rate_profit", "amount_per_new_customer")
    def _check_rates(self):
        for plan in self:
            for rate in (plan.rate_sales, plan.rate_profit):
                if not 0.0 <= rate <= 100.0:
                    raise ValidationError(
                        self.env._(
                            "Commission plan %(plan)s: a commission rate is a percentage between "
                            "0 and 100 (P5.1.1), not %(rate)s. Correct the rate.",
                            plan=plan.name,
                            rate=rate,
                        )
                    )
            if plan.amount_per_new_customer < 0:
                raise ValidationError(
                    self.env._(
                        "Commission plan %(plan)s: the amount per new customer cannot be negative "
                        "(P5.1.1). Enter 0 or a positive amount.",
                        plan=plan.name,
                    )
                )

    @api.constrains("rate_mode", "tier_ids")
    def _check_tiers(self):
        for plan in self.filtered(lambda p: p.rate_mode == "tiered"):
            if not plan.tier_ids or min(plan.tier_ids.mapped("attainment_from")) != 0.0:
                raise ValidationError(
                    self.env._(
                        "Commission plan %(plan)s has tiered rates: its tiers must start with one "
                        "from 0%% attainment, so every month has a rate (P5.1.1). Add it.",
                        plan=plan.name,
                    )
                )
            if len(set(plan.tier_ids.mapped("attainment_from"))) != len(plan.tier_ids):
                raise ValidationError(
                    self.env._(
                        "Commission plan %(plan)s: two tiers start at the same attainment "
                        "(P5.1.1). Give each tier its own starting percentage.",
                        plan=plan.name,
                    )
                )

    def _get_rates(self, attainment):
        """``(rate_sales, rate_profit, tier)`` of the plan for a month's attainment of its sales
        target in percent (``None`` without a target: the lowest tier), P5.1.1."""
        self.ensure_one()
        if self.rate_mode != "tiered" or not self.tier_ids:
            return self.rate_sales, self.rate_profit, self.env["sdp.commission.plan.tier"]
        tiers = self.tier_ids.sorted("attainment_from")
        tier = tiers[:1]
        for candidate in tiers:
            if attainment is not None and attainment >= candidate.attainment_from:
                tier = candidate
        return tier.rate_sales, tier.rate_profit, tier

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for plan in self:
            if plan.date_from and plan.date_to and plan.date_from > plan.date_to:
                raise ValidationError(
                    self.env._(
                        "Commission plan %(plan)s ends before it starts. Correct its validity "
                        "dates.",
                        plan=plan.name,
                    )
                )

    def _get_salespeople(self):
        """The users a plan applies to: its salespeople and the members of its teams."""
        return self.user_ids | self.team_ids.member_ids

    def _overlaps(self, other):
        self.ensure_one()
        return (not self.date_to or not other.date_from or other.date_from <= self.date_to) and (
            not other.date_to or not self.date_from or self.date_from <= other.date_to
        )

    @api.constrains("user_ids", "team_ids", "date_from", "date_to", "company_id", "active")
    def _check_one_plan_per_salesperson(self):
        """P5.1.1: one applicable plan per salesperson, company and date."""
        plans = self.filtered("active")
        if not plans:
            return
        others = self.search(
            [("company_id", "in", plans.company_id.ids), ("id", "not in", plans.ids)]
        )
        candidates = others | plans
        for plan in plans:
            people = plan._get_salespeople()
            for other in candidates:
                if other == plan or other.company_id != plan.company_id:
                    continue
                common = people & other._get_salespeople()
                if common and plan._overlaps(other):
                    raise ValidationError(
                        self.env._(
                            "Commission plans %(plan)s and %(other)s both apply to %(users)s on "
                            "overlapping dates in %(company)s. A salesperson has one commission "
                            "plan at a time (P5.1.1): change the dates, the salespeople or the "
                            "teams of one of them.",
                            plan=plan.name,
                            other=other.name,
                            users=", ".join(common.mapped("name")),
                            company=plan.company_id.name,
                        )
                    )

    @api.model
    def _get_plan_by_user(self, company, date):
        """``{user: plan}`` of the plans of ``company`` applicable on ``date``."""
        plans = self.search(
            [
                ("company_id", "=", company.id),
                "|",
                ("date_from", "=", False),
                ("date_from", "<=", date),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", date),
            ]
        )
        result = {}
        for plan in plans:
            for user in plan._get_salespeople():
                result[user] = plan
        return result


class SdpCommissionPlanTier(models.Model):
    """A rate tier of a commission plan (P5.1.1): from an attainment of the month's sales target,
    these rates apply (up to the next tier's start)."""

    _name = "sdp.commission.plan.tier"
    _description = "Commission Plan Tier"
    _order = "plan_id, attainment_from"

    plan_id = fields.Many2one(
        comodel_name="sdp.commission.plan",
        string="Commission Plan",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    attainment_from = fields.Float(
        string="From Attainment (%)",
        digits=(16, 2),
        help="P5.1.1: the tier applies when the month's sales amount reaches this percentage of "
        "the sales target (included), until the next tier starts.",
    )
    rate_sales = fields.Float(string="Tier Sales Amount Rate (%)", digits=(16, 4))
    rate_profit = fields.Float(string="Tier Sales Profit Rate (%)", digits=(16, 4))

    @api.constrains("attainment_from", "rate_sales", "rate_profit")
    def _check_tier(self):
        for tier in self:
            if tier.attainment_from < 0 or not (
                0.0 <= tier.rate_sales <= 100.0 and 0.0 <= tier.rate_profit <= 100.0
            ):
                raise ValidationError(
                    self.env._(
                        "Commission plan %(plan)s: a tier starts at 0%% attainment or more and "
                        "its rates are percentages between 0 and 100 (P5.1.1). Correct the tier "
                        "from %(start)s%%.",
                        plan=tier.plan_id.name,
                        start=tier.attainment_from,
                    )
                )
