"""Sales targets per salesperson and period (P5.2.3). Feature: appraisal."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .sdp_duties import ensure_not_involved


class SdpSalesTarget(models.Model):
    """Monthly sales targets of a salesperson (P5.2.3). Quarterly and annual targets are the sums
    of the months of the period (P5.3.2)."""

    _name = "sdp.sales.target"
    _description = "Monthly Sales Target"
    _inherit = ["mail.thread"]
    _order = "date_from desc, user_id"
    _check_company_auto = True

    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Salesperson",
        required=True,
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    team_id = fields.Many2one(
        comodel_name="crm.team",
        string="Sales Team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(
        string="Month",
        required=True,
        index=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="First day of the month of the target.",
    )
    date_to = fields.Date(
        string="Month End", compute="_compute_date_to", store=True, precompute=True
    )
    sales_target = fields.Monetary(
        string="Sales Amount Target", currency_field="currency_id", tracking=True
    )
    profit_target = fields.Monetary(
        string="Sales Profit Target", currency_field="currency_id", tracking=True
    )
    new_customers_target = fields.Integer(tracking=True)

    _sql_constraints = [
        (
            "user_company_month_unique",
            "unique(user_id, company_id, date_from)",
            "A salesperson has one sales target per month and company (P5.2.3).",
        ),
        (
            "targets_not_negative",
            "CHECK(sales_target >= 0 AND profit_target >= 0 AND new_customers_target >= 0)",
            "Sales targets cannot be negative (P5.2.3).",
        ),
    ]

    @api.depends("user_id")
    def _compute_team_id(self):
        for target in self:
            target.team_id = target.user_id.sale_team_id

    @api.depends("date_from")
    def _compute_date_to(self):
        for target in self:
            target.date_to = target.date_from + relativedelta(day=31) if target.date_from else False

    @api.depends("user_id", "date_from")
    def _compute_display_name(self):
        for target in self:
            month = target.date_from.strftime("%Y-%m") if target.date_from else ""
            target.display_name = f"{target.user_id.name or ''} {month}".strip()

    @api.constrains("date_from", "sales_target", "profit_target", "new_customers_target")
    def _check_target(self):
        for target in self:
            if target.date_from and target.date_from.day != 1:
                raise ValidationError(
                    self.env._(
                        "Target %(target)s: a target covers a calendar month, its month must "
                        "start on the 1st (P5.2.3).",
                        target=target.display_name,
                    )
                )
            if min(target.sales_target, target.profit_target, target.new_customers_target) < 0:
                raise ValidationError(
                    self.env._(
                        "Target %(target)s: targets cannot be negative (P5.2.3).",
                        target=target.display_name,
                    )
                )
        groups = self._read_group(
            [
                ("user_id", "in", self.user_id.ids),
                ("company_id", "in", self.company_id.ids),
                ("date_from", "in", self.mapped("date_from")),
            ],
            ["user_id", "company_id", "date_from:day"],
            ["__count"],
        )
        for user, _company, month, count in groups:
            if count > 1:
                raise ValidationError(
                    self.env._(
                        "%(user)s already has a sales target for %(month)s: edit it instead of "
                        "adding another one (P5.2.3).",
                        user=user.name,
                        month=month.strftime("%Y-%m"),
                    )
                )

    @api.constrains("user_id", "date_from", "sales_target", "profit_target", "new_customers_target")
    def _check_not_own_target(self):
        # P5.2.3, four eyes: targets are set for a salesperson by their team leader or a
        # manager; nobody sets their own, managers included (another manager or the Policy
        # Administrator sets a manager's).
        if self.env.su:
            return
        ensure_not_involved(
            self,
            lambda target: target.user_id,
            lambda target: self.env._(
                "You cannot set your own sales target (%(target)s): a Sales Manager sets "
                "the targets of team leaders, another Sales Manager or the Policy "
                "Administrator those of managers (P5.2.3).",
                target=target.display_name,
            ),
            error=ValidationError,
        )

    def _sdp_check_not_appraised(self):
        """A target that a closed appraisal measured is history (P5.3): changing it would change
        a result already reviewed and acted on."""
        if self.env.su or not self:
            return
        # sudo: looks for closed appraisals covering these months; only a yes/no is used.
        closed = (
            self.env["sdp.appraisal"]
            .sudo()  # sudo: a yes/no about closed appraisals, see above
            .search(
                [
                    ("state", "=", "done"),
                    ("user_id", "in", self.user_id.ids),
                    ("date_from", "<=", max(self.mapped("date_from"))),
                    ("date_to", ">=", min(self.mapped("date_from"))),
                ]
            )
        )
        for target in self:
            used = closed.filtered(
                lambda a, t=target: a.user_id == t.user_id
                and a.company_id == t.company_id
                and a.date_from <= t.date_from <= a.date_to
            )
            if used:
                raise ValidationError(
                    self.env._(
                        "Target %(target)s was measured by the closed appraisal %(appraisal)s "
                        "(P5.3): it cannot be changed or deleted any more.",
                        target=target.display_name,
                        appraisal=used[0].display_name,
                    )
                )

    def write(self, vals):
        if set(vals) - {"message_follower_ids", "activity_ids"}:
            self._sdp_check_not_appraised()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_not_appraised(self):
        self._sdp_check_not_appraised()

    @api.onchange("date_from")
    def _onchange_date_from(self):
        if self.date_from and self.date_from.day != 1:
            self.date_from = self.date_from.replace(day=1)

    @api.model
    def _get_period_targets(self, users, date_from, date_to, company):
        """``{user_id: {"sales_target", "profit_target", "new_customers_target", "count",
        "months"}}``: the sums of the monthly targets inside ``date_from``..``date_to`` (P5.3.2)
        and the months that have one. One query."""
        # sudo: totals only, the caller (appraisal computation) stores them on records that
        # carry their own access rules.
        groups = self.sudo()._read_group(  # sudo: see above
            [
                ("user_id", "in", users.ids),
                ("company_id", "=", company.id),
                ("date_from", ">=", date_from),
                ("date_from", "<=", date_to),
            ],
            ["user_id"],
            [
                "sales_target:sum",
                "profit_target:sum",
                "new_customers_target:sum",
                "__count",
                "date_from:array_agg",
            ],
        )
        return {
            user.id: {
                "sales_target": sales,
                "profit_target": profit,
                "new_customers_target": new,
                "count": count,
                "months": set(months),
            }
            for user, sales, profit, new, count, months in groups
        }
