"""Monthly commission sheets (P5.1.1): computed from confirmed sales, confirmed and paid by
a manager. Feature: incentive."""

from collections import defaultdict
from functools import partial

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from .sdp_concurrency import run_one_batch, serialize_on
from .sdp_duties import ensure_not_involved
from .sdp_mail import send_to_person

METRICS = [
    ("sales_amount", "Sales Amount"),
    ("profit", "Sales Profit"),
    ("new_customers", "New Customers"),
    ("project_bonus", "Project Bonus"),
    ("clawback", "Clawback"),
]


class SdpCommissionSheet(models.Model):
    """A salesperson's commissions of one month in one company (P5.1.1, P5.1.2)."""

    _name = "sdp.commission.sheet"
    _description = "Commission Sheet"
    _inherit = ["mail.thread", "sdp.flow.fields.mixin"]
    # P5.1.1: a sheet is confirmed, paid or reset by a Sales Manager's action only.
    _sdp_flow_fields = frozenset({"state"})
    _order = "date_from desc, user_id, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True, precompute=True)
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Salesperson",
        required=True,
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Company",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    date_from = fields.Date(string="Month", required=True, index=True, readonly=True)
    date_to = fields.Date(string="Until", required=True, readonly=True)
    plan_id = fields.Many2one(
        comodel_name="sdp.commission.plan",
        string="Commission Plan",
        check_company=True,
        readonly=True,
        tracking=True,
    )
    state = fields.Selection(
        selection=[("draft", "Draft"), ("confirmed", "Confirmed"), ("paid", "Paid")],
        default="draft",
        required=True,
        index=True,
        tracking=True,
        readonly=True,
    )
    line_ids = fields.One2many(
        comodel_name="sdp.commission.line", inverse_name="sheet_id", string="Lines", readonly=True
    )
    amount_total = fields.Monetary(
        string="Total", compute="_compute_amount_total", store=True, tracking=True
    )
    date_computed = fields.Datetime(string="Computed On", readonly=True)

    _sql_constraints = [
        (
            "sdp_commission_sheet_unique",
            "unique(user_id, company_id, date_from)",
            "A salesperson has one commission sheet per company and month (P5.1.1).",
        )
    ]

    @api.depends("user_id", "date_from")
    def _compute_name(self):
        for sheet in self:
            month = sheet.date_from.strftime("%Y-%m") if sheet.date_from else ""
            sheet.name = f"{sheet.user_id.name or ''} {month}".strip()

    @api.depends("line_ids.amount")
    def _compute_amount_total(self):
        for sheet in self:
            sheet.amount_total = sum(sheet.line_ids.mapped("amount"))

    @api.model_create_multi
    def create(self, vals_list):
        # Friendly check before the SQL unique constraint (P5.1.1: one sheet per month).
        keys = {
            (
                vals.get("user_id"),
                vals.get("company_id") or self.env.company.id,
                vals.get("date_from"),
            )
            for vals in vals_list
        }
        existing = self.search(
            [
                ("user_id", "in", [key[0] for key in keys]),
                ("date_from", "in", [key[2] for key in keys]),
            ]
        )
        for sheet in existing:
            if (sheet.user_id.id, sheet.company_id.id, str(sheet.date_from)) in {
                (u, c, str(d)) for u, c, d in keys
            }:
                raise UserError(
                    self.env._(
                        "%(user)s already has the commission sheet %(sheet)s for this month in "
                        "%(company)s (P5.1.1). Open and recompute it instead.",
                        user=sheet.user_id.name,
                        sheet=sheet.name,
                        company=sheet.company_id.name,
                    )
                )
        return super().create(vals_list)

    def _check_draft(self, operation):
        locked = self.filtered(lambda sheet: sheet.state != "draft")
        if locked:
            raise UserError(
                self.env._(
                    "The commission sheet %(sheet)s is %(state)s: it cannot be %(operation)s "
                    "(P5.1.1). A manager sets a confirmed sheet back to draft first; a paid sheet "
                    "stays as it is.",
                    sheet=locked[0].name,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        locked[0].state
                    ],
                    operation=operation,
                )
            )

    def write(self, vals):
        if set(vals) - {"state"} - set(self._get_mail_fields()):
            self._check_draft(self.env._("edited"))
        return super().write(vals)

    def _get_mail_fields(self):
        return {"message_follower_ids", "message_main_attachment_id", "activity_ids"}

    @api.ondelete(at_uninstall=False)
    def _unlink_if_draft(self):
        self._check_draft(self.env._("deleted"))

    def _check_manager(self):
        if not self.env.user.has_group("sales_dev_policy.group_sdp_manager"):
            raise AccessError(
                self.env._(
                    "Only a Sales Manager confirms, pays or resets commission sheets (P5.1.1)."
                )
            )
        ensure_not_involved(
            self,
            lambda sheet: sheet.user_id,
            lambda sheet: self.env._(
                "%(sheet)s is your own commission sheet: another Sales Manager (or the "
                "Policy Administrator) confirms, pays or resets it (P5.1.1).",
                sheet=sheet.name,
            ),
            error=AccessError,
        )

    def action_confirm(self):
        self._check_manager()
        not_draft = self.filtered(lambda sheet: sheet.state != "draft")
        if not_draft:
            raise UserError(
                self.env._(
                    "The commission sheet %(sheet)s is not a draft: only drafts are confirmed.",
                    sheet=not_draft[0].name,
                )
            )
        self._sdp_flow_write({"state": "confirmed"})
        send_to_person(self, "sales_dev_policy.mail_template_sdp_commission_statement")
        return True

    def action_pay(self):
        self._check_manager()
        not_confirmed = self.filtered(lambda sheet: sheet.state != "confirmed")
        if not_confirmed:
            raise UserError(
                self.env._(
                    "The commission sheet %(sheet)s is not confirmed: confirm it before paying it.",
                    sheet=not_confirmed[0].name,
                )
            )
        self._sdp_flow_write({"state": "paid"})
        # What the paid commission counted of each order: a later reduction is taken back
        # (P5.1.1). sudo: the flow's own fields, on the orders the manager's sheet counts.
        self.sudo().line_ids.filtered(
            lambda line: line.metric == "sales_amount"
        ).order_ids._sdp_commission_record_paid()
        return True

    def action_draft(self):
        self._check_manager()
        not_confirmed = self.filtered(lambda sheet: sheet.state != "confirmed")
        if not_confirmed:
            raise UserError(
                self.env._(
                    "The commission sheet %(sheet)s is not confirmed: only a confirmed sheet goes "
                    "back to draft (a paid one stays paid).",
                    sheet=not_confirmed[0].name,
                )
            )
        self._sdp_flow_write({"state": "draft"})
        return True

    def action_recompute(self):
        self._check_manager()
        self._check_draft(self.env._("recomputed"))
        self._recompute()
        return True

    def _recompute(self):
        """Rebuild the lines of draft sheets: one ``_get_kpis`` call per company and month for all
        their salespeople, one search for the approved project bonus shares (P5.1.1, P5.1.2)."""
        self._check_draft(self.env._("recomputed"))
        if not self:
            return
        line_model = self.env["sdp.commission.line"]
        # The old lines go away in one query; the sheets are drafts (checked above).
        self.line_ids.unlink()
        shares = self.env["sdp.project.bonus.share"].search(
            [
                ("bonus_id.state", "in", ("approved", "paid")),
                ("user_id", "in", self.user_id.ids),
                ("bonus_id.company_id", "in", self.company_id.ids),
                ("bonus_id.date_approved", ">=", min(self.mapped("date_from"))),
                ("bonus_id.date_approved", "<=", max(self.mapped("date_to"))),
            ]
        )
        shares_by_key = defaultdict(list)
        for share in shares:
            shares_by_key[(share.user_id.id, share.bonus_id.company_id.id)].append(share)
        vals_list = []
        for (company, date_from, date_to), sheets in self.grouped(
            lambda sheet: (sheet.company_id, sheet.date_from, sheet.date_to)
        ).items():
            sheets._update_plan(company, date_to)
            users = sheets.user_id
            kpis = self.env["sdp.sales.kpi"]._get_kpis(users, date_from, date_to, company)
            orders = self._sdp_orders_counted(users, date_from, date_to, company)
            targets = {}
            if "tiered" in sheets.plan_id.mapped("rate_mode"):
                targets = self.env["sdp.sales.target"]._get_period_targets(
                    users, date_from, date_to, company
                )
            for sheet in sheets:
                sales_target = targets.get(sheet.user_id.id, {}).get("sales_target")
                kpi = kpis[sheet.user_id.id]
                vals_list += sheet._get_line_values(
                    kpi,
                    [
                        share
                        for share in shares_by_key[(sheet.user_id.id, company.id)]
                        if date_from <= share.bonus_id.date_approved <= date_to
                    ],
                    attainment=100.0 * kpi["sales_amount"] / sales_target if sales_target else None,
                    order_ids=orders.get(sheet.user_id.id, []),
                )
        vals_list += self._get_clawback_values()
        line_model.create(vals_list)
        self.write({"date_computed": fields.Datetime.now()})

    def _update_plan(self, company, date):
        """Draft sheets follow the plan applicable on ``date`` (the month end), so a plan created
        or replaced after the sheet was generated counts at the next recompute."""
        plan_by_user = self.env["sdp.commission.plan"]._get_plan_by_user(company, date)
        no_plan = self.env["sdp.commission.plan"]
        changed = self.filtered(lambda s: s.plan_id != plan_by_user.get(s.user_id, no_plan))
        for plan, sheets in changed.grouped(lambda s: plan_by_user.get(s.user_id, no_plan)).items():
            sheets.plan_id = plan

    @api.model
    def _sdp_orders_counted(self, users, date_from, date_to, company):
        """``{user_id: [order ids]}`` of the orders the month's sales amount counts (the same
        domain as ``sdp.sales.kpi._get_kpis``), kept on the sales line so a later cancellation
        or refund can be taken back (P5.1.1). One query."""
        start, end = company._sdp_day_bounds(date_from, date_to)
        # sudo: ids of the orders already summed by _get_kpis, stored on the manager's sheet.
        groups = (
            self.env["sale.order"]
            .sudo()  # sudo: see above
            ._read_group(
                [
                    ("state", "=", "sale"),
                    ("company_id", "=", company.id),
                    ("user_id", "in", users.ids),
                    ("date_order", ">=", start),
                    ("date_order", "<", end),
                ],
                ["user_id"],
                ["id:array_agg"],
            )
        )
        return {user.id: ids for user, ids in groups}

    def _get_line_values(self, kpi, shares, attainment=None, order_ids=()):
        """Lines of one sheet. ``attainment``: the month's sales amount in percent of the sales
        target (``None`` without a target), for a plan with tiered rates (P5.1.1)."""
        self.ensure_one()
        plan = self.plan_id
        currency = self.currency_id
        vals_list = []
        if plan:
            rate_sales, rate_profit, tier = plan._get_rates(attainment)
            description = False
            if tier:
                description = (
                    self.env._(
                        "Tier from %(start)s%% (attainment %(attainment)s%%)",
                        start=tier.attainment_from,
                        attainment=round(attainment, 1),
                    )
                    if attainment is not None
                    else self.env._(
                        "Tier from %(start)s%% (no sales target for the month)",
                        start=tier.attainment_from,
                    )
                )
            for metric, rate in (("sales_amount", rate_sales), ("profit", rate_profit)):
                vals_list.append(
                    {
                        "sheet_id": self.id,
                        "metric": metric,
                        "base": kpi[metric],
                        "rate": rate,
                        "amount": currency.round(kpi[metric] * rate / 100.0),
                        "description": description,
                        "order_ids": [Command.set(order_ids)] if metric == "sales_amount" else [],
                    }
                )
            vals_list.append(
                {
                    "sheet_id": self.id,
                    "metric": "new_customers",
                    "base": kpi["new_customers"],
                    "unit_amount": plan.amount_per_new_customer,
                    "amount": currency.round(kpi["new_customers"] * plan.amount_per_new_customer),
                }
            )
        for share in shares:
            vals_list.append(
                {
                    "sheet_id": self.id,
                    "metric": "project_bonus",
                    "base": share.bonus_id.amount_total,
                    "rate": share.percent,
                    "amount": share.amount,
                    "bonus_share_id": share.id,
                    "description": share.bonus_id.name,
                }
            )
        return vals_list

    def _get_clawback_values(self):
        """Lines taking back the commission paid on orders cancelled or refunded (credit note)
        since their sheet was paid (P5.1.1): on the next draft sheet of the salesperson in the
        company (a later month), negative, one per order, referencing it. Exactly once: what
        earlier clawback lines already took back for the order is deducted, so a second
        recompute, or a later sheet, takes nothing more; a later refund of the same order takes
        only the difference. A handful of queries whatever the number of sheets."""
        if not self:
            return []
        line_model = self.env["sdp.commission.line"].sudo()  # sudo: the managers' own lines
        paid_lines = line_model.search(
            [
                ("metric", "=", "sales_amount"),
                ("sheet_id.state", "=", "paid"),
                ("user_id", "in", self.user_id.ids),
                ("company_id", "in", self.company_id.ids),
                (
                    "order_ids",
                    "any",
                    [
                        "|",
                        "|",
                        ("state", "=", "cancel"),
                        ("sdp_commission_shrunk", "=", True),
                        (
                            "order_line.invoice_lines.move_id",
                            "any",
                            [("move_type", "=", "out_refund"), ("state", "=", "posted")],
                        ),
                    ],
                ),
            ]
        )
        if not paid_lines:
            return []
        orders = paid_lines.order_ids
        refunded = defaultdict(float)
        refund_lines = (
            self.env["account.move.line"]
            .sudo()  # sudo: amounts of the credit notes of these orders only
            .search(
                [
                    ("sale_line_ids.order_id", "in", orders.ids),
                    ("move_id.move_type", "=", "out_refund"),
                    ("parent_state", "=", "posted"),
                    ("display_type", "=", "product"),
                ]
            )
        )
        for refund_line in refund_lines:
            for order in refund_line.sale_line_ids.order_id:
                refunded[order] += refund_line.price_subtotal
        taken = defaultdict(float)
        for order, amount in line_model._read_group(
            [("metric", "=", "clawback"), ("order_id", "in", orders.ids)],
            ["order_id"],
            ["amount:sum"],
        ):
            taken[order] -= amount
        profit_rates = {
            line.sheet_id: line.rate
            for line in line_model.search(
                [("metric", "=", "profit"), ("sheet_id", "in", paid_lines.sheet_id.ids)]
            )
        }
        next_sheets = {}
        for sheet in self.sorted("date_from"):
            next_sheets.setdefault((sheet.user_id, sheet.company_id), []).append(sheet)
        vals_list = []
        for paid_line in paid_lines:
            paid_sheet = paid_line.sheet_id
            target = next(
                (
                    sheet
                    for sheet in next_sheets.get((paid_sheet.user_id, paid_sheet.company_id), [])
                    if sheet.date_from > paid_sheet.date_from
                ),
                None,
            )
            if not target:
                continue
            company = paid_sheet.company_id
            currency = company.currency_id
            for order in paid_line.order_ids & orders:
                # What the paid commission counted: the order as it was when the sheet was
                # paid (older sheets: as it is now).
                amount = order.sdp_commission_paid_untaxed or order.amount_untaxed
                margin = (
                    order.sdp_commission_paid_margin
                    if order.sdp_commission_paid_untaxed
                    else order.margin
                )
                still = order.amount_untaxed - refunded[order]
                if order.state == "cancel":
                    share, why = 1.0, self.env._("cancelled")
                elif amount and order.currency_id.compare_amounts(still, amount) < 0:
                    share = min(1.0, (amount - max(still, 0.0)) / amount)
                    why = self.env._("refunded") if refunded[order] else self.env._("reduced")
                else:
                    continue
                if order.currency_id != currency:
                    amount = order.currency_id._convert(
                        amount, currency, company, paid_sheet.date_to
                    )
                    margin = order.currency_id._convert(
                        margin, currency, company, paid_sheet.date_to
                    )
                due = currency.round(
                    share
                    * (amount * paid_line.rate + margin * profit_rates.get(paid_sheet, 0.0))
                    / 100.0
                )
                take = currency.round(due - taken[order])
                if currency.compare_amounts(take, 0.0) <= 0:
                    continue
                taken[order] += take
                vals_list.append(
                    {
                        "sheet_id": target.id,
                        "metric": "clawback",
                        "base": currency.round(share * amount),
                        "rate": paid_line.rate,
                        "amount": -take,
                        "order_id": order.id,
                        "description": self.env._(
                            "%(order)s %(why)s after its commission was paid on %(sheet)s "
                            "(P5.1.1)",
                            order=order.name,
                            why=why,
                            sheet=paid_sheet.name,
                        ),
                    }
                )
        return vals_list

    @api.model
    def _month_bounds(self, day):
        date_from = fields.Date.to_date(day).replace(day=1)
        return date_from, date_from + relativedelta(months=1, days=-1)

    @api.model
    def _generate(self, date_from, companies):
        """Create the missing sheets of the month starting ``date_from`` for every salesperson
        with an applicable plan (at the end of the month) or an approved project bonus share in
        the month, per company, and recompute the draft ones. Confirmed and paid sheets are left
        as they are. Idempotent: a second run creates nothing new (P5.1.1).

        The generated sheets are not tracked line by line in the chatter (a message per sheet
        would cost queries per salesperson): later changes by managers are."""
        untracked = self.with_context(tracking_disable=True)
        date_from, date_to = self._month_bounds(date_from)
        # Before reading what exists: a concurrent generation (cron, wizard, other server)
        # for the same company makes this one retry with a fresh snapshot.
        serialize_on(companies)
        result = untracked.browse()
        existing = untracked.search(
            [("company_id", "in", companies.ids), ("date_from", "=", date_from)]
        )
        existing_keys = {(sheet.user_id, sheet.company_id): sheet for sheet in existing}
        shares = self.env["sdp.project.bonus.share"].search(
            [
                ("bonus_id.state", "in", ("approved", "paid")),
                ("user_id", "!=", False),
                ("bonus_id.company_id", "in", companies.ids),
                ("bonus_id.date_approved", ">=", date_from),
                ("bonus_id.date_approved", "<=", date_to),
            ]
        )
        vals_list = []
        for company in companies:
            plan_by_user = self.env["sdp.commission.plan"]._get_plan_by_user(company, date_to)
            users = set(plan_by_user) | set(
                shares.filtered(lambda s, c=company: s.bonus_id.company_id == c).user_id
            )
            for user in users:
                sheet = existing_keys.get((user, company))
                if sheet:
                    result |= sheet
                    continue
                vals_list.append(
                    {
                        "user_id": user.id,
                        "company_id": company.id,
                        "date_from": date_from,
                        "date_to": date_to,
                        "plan_id": plan_by_user.get(user, self.env["sdp.commission.plan"]).id,
                    }
                )
        result |= untracked.create(vals_list)
        result.filtered(lambda sheet: sheet.state == "draft")._recompute()
        return result.with_env(self.env)

    @api.model
    def _cron_monthly_commissions(self):
        """P5.1.1, P5.3.1: the commissions of every month that has ended since the last one
        computed, month by month, on each company's own calendar (on the 1st in Taipei it may
        still be the 31st in UTC). A missed run is caught up at the next one; ``_generate`` is
        idempotent (one sheet per salesperson and month, SQL unique), so nothing is doubled;
        the last ended month is always computed again (its drafts recomputed).

        One company-month per call, reported to the cron runner, which calls again while
        months remain (``run_one_batch``); the recomputation of the last ended months comes
        last, in one call, so a run always ends."""
        units = []
        recompute = []
        for company in self.env["res.company"].search([]):
            last_ended = company._sdp_today().replace(day=1) - relativedelta(months=1)
            done = company.sdp_commission_last_month
            month = done + relativedelta(months=1) if done else last_ended
            if month > last_ended:
                recompute.append((company, last_ended))
            while month <= last_ended:
                units.append(partial(self._sdp_generate_month, company, month))
                month += relativedelta(months=1)
        units.append(partial(self._sdp_recompute_months, recompute))
        run_one_batch(self.env, "sales_dev_policy.ir_cron_sdp_monthly_commissions", units)

    @api.model
    def _sdp_generate_month(self, company, month):
        """The sheets of the month starting ``month`` for ``company``, then the company's marker
        moved on in the same transaction."""
        self._generate(month, company)
        # sudo: the cron's own progress marker, not a user setting.
        company.sudo().sdp_commission_last_month = month

    @api.model
    def _sdp_recompute_months(self, company_months):
        """The last ended month of companies already computed up to it, again: sales confirmed
        or invoiced since then reach the draft sheets."""
        for company, month in company_months:
            self._generate(month, company)


class SdpCommissionLine(models.Model):
    """One measure of a commission sheet: base x rate, base x unit amount, or a bonus share."""

    _name = "sdp.commission.line"
    _description = "Commission Line"
    _order = "sheet_id, sequence, id"

    sheet_id = fields.Many2one(
        comodel_name="sdp.commission.sheet",
        string="Commission Sheet",
        required=True,
        index=True,
        ondelete="cascade",
    )
    sequence = fields.Integer(compute="_compute_sequence", store=True)
    user_id = fields.Many2one(related="sheet_id.user_id", store=True, index=True)
    company_id = fields.Many2one(related="sheet_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="sheet_id.currency_id")
    date_from = fields.Date(related="sheet_id.date_from", store=True, string="Month")
    metric = fields.Selection(selection=METRICS, required=True)
    description = fields.Char()
    base = fields.Float(digits=(16, 2))
    rate = fields.Float(string="Rate (%)", digits=(16, 4))
    unit_amount = fields.Monetary(currency_field="currency_id")
    amount = fields.Monetary(currency_field="currency_id")
    bonus_share_id = fields.Many2one(
        comodel_name="sdp.project.bonus.share", string="Bonus Share", ondelete="set null"
    )
    order_ids = fields.Many2many(
        comodel_name="sale.order",
        relation="sdp_commission_line_sale_order_rel",
        column1="line_id",
        column2="order_id",
        string="Orders Counted",
        help="P5.1.1: the orders the sales amount of the month counted.",
    )
    order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Order Taken Back",
        index="btree_not_null",
        ondelete="restrict",
        help="P5.1.1: the cancelled or refunded order whose paid commission this line takes "
        "back.",
    )

    @api.depends("metric")
    def _compute_sequence(self):
        order = [key for key, _label in METRICS]
        for line in self:
            line.sequence = order.index(line.metric) if line.metric else 0

    def _check_sheet_draft(self, operation):
        self.sheet_id._check_draft(operation)

    @api.model_create_multi
    def create(self, vals_list):
        sheets = self.env["sdp.commission.sheet"].browse(
            {vals["sheet_id"] for vals in vals_list if vals.get("sheet_id")}
        )
        sheets._check_draft(self.env._("edited"))
        return super().create(vals_list)

    def write(self, vals):
        self._check_sheet_draft(self.env._("edited"))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_draft(self):
        self._check_sheet_draft(self.env._("edited"))
