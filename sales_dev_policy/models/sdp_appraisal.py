"""Monthly, quarterly and annual appraisals of salespeople (P5.3, P5.4): indicators against
targets, results, interview and consequences. Feature: appraisal."""

from collections import defaultdict
from datetime import date
from functools import partial

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from .sdp_concurrency import run_one_batch, serialize_on
from .sdp_duties import ensure_not_involved
from .sdp_groups import users_in_group_domain
from .sdp_mail import send_to_person

PERIOD_TYPES = [("month", "Monthly"), ("quarter", "Quarterly"), ("year", "Annual")]
RESULTS = [
    ("excellent", "Excellent"),
    ("meets", "Meets Standard"),
    ("below", "Below Standard"),
]
# Fields only the computation (or a Sales Manager) may set: a salesperson or team leader never
# writes scores or results, even over RPC (P5.3).
COMPUTED_FIELDS = {
    "new_customers",
    "prospects_contacted",
    "prospects_converted",
    "success_rate",
    "success_rate_target",
    "success_rate_achievement",
    "sales_amount",
    "sales_target",
    "sales_achievement",
    "profit",
    "profit_target",
    "profit_achievement",
    "new_customers_target",
    "new_customers_achievement",
    "satisfaction",
    "has_satisfaction",
    "score",
    "result",
    "is_reward",
    "is_consecutive_poor",
    "consecutive_poor_note",
    "missing_targets",
    "is_promotion_recommended",
    "is_development_recommended",
    "is_coaching_required",
    "state",
    "user_id",
    "company_id",
    "period_type",
    "date_from",
    "date_to",
    "team_id",
}
# Fields of the performance interview (P5.4.2), filled by the team leader.
INTERVIEW_FIELDS = {
    "interview_date": "Interview Date",
    "cause_analysis": "Cause Analysis",
    "improvement_plan": "Improvement Plan",
    "training_plan": "Training and Coaching",
}


def period_bounds(period_type, day):
    """First and last day of the month / quarter / year containing ``day`` (P5.3.1, P5.3.2)."""
    if period_type == "month":
        start = day.replace(day=1)
        return start, start + relativedelta(months=1, days=-1)
    if period_type == "quarter":
        start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        return start, start + relativedelta(months=3, days=-1)
    return date(day.year, 1, 1), date(day.year, 12, 31)


class SdpAppraisal(models.Model):
    """Performance appraisal of a salesperson for a month, quarter or year (P5.2, P5.3), with its
    consequences (P5.4)."""

    _name = "sdp.appraisal"
    _description = "Sales Performance Appraisal"
    _inherit = ["mail.thread", "mail.activity.mixin", "sdp.flow.fields.mixin"]
    # Who closed the appraisal, and that it is closed, are set by its Close button only (P5.4).
    _sdp_flow_fields = frozenset({"state", "reviewer_id"})
    _order = "date_from desc, period_type, user_id"
    _check_company_auto = True

    user_id = fields.Many2one(
        comodel_name="res.users", string="Salesperson", required=True, index=True, readonly=True
    )
    team_id = fields.Many2one(
        comodel_name="crm.team", string="Sales Team", index=True, readonly=True, check_company=True
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, index=True, readonly=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    period_type = fields.Selection(
        selection=PERIOD_TYPES,
        string="Appraisal Period",
        required=True,
        index=True,
        readonly=True,
    )
    date_from = fields.Date(string="Period Start", required=True, index=True, readonly=True)
    date_to = fields.Date(string="Period End", required=True, readonly=True)
    state = fields.Selection(
        selection=[("draft", "To Review"), ("done", "Closed")],
        default="draft",
        required=True,
        index=True,
        tracking=True,
        readonly=True,
    )
    # Indicators (P5.2), stored when generated or recomputed.
    new_customers = fields.Integer(readonly=True, help="P5.2.1")
    prospects_contacted = fields.Integer(
        readonly=True, help="P5.2.2: prospects whose first contact was made in the period."
    )
    prospects_converted = fields.Integer(
        string="Prospects Become Customers",
        readonly=True,
        help="P5.2.2: prospects, contacted in the period or before it, whose customer's first "
        "confirmed order is dated in the period, after the contact.",
    )
    success_rate = fields.Float(
        string="Success Rate (%)",
        readonly=True,
        aggregator="avg",
        help="P5.2.2: prospects that became customers in the period / prospects first contacted "
        "in the period; each counted in the period it happens in.",
    )
    success_rate_target = fields.Float(
        string="Success Rate Target (%)",
        readonly=True,
        help="P5.2.2: the company's target success rate when the appraisal was computed.",
    )
    success_rate_achievement = fields.Float(
        string="Success Rate Achievement (%)", readonly=True, aggregator="avg"
    )
    sales_amount = fields.Monetary(readonly=True, help="P5.2.3")
    sales_target = fields.Monetary(string="Sales Amount Target", readonly=True)
    sales_achievement = fields.Float(
        string="Sales Achievement (%)", readonly=True, aggregator="avg"
    )
    profit = fields.Monetary(string="Sales Profit", readonly=True, help="P5.2.3")
    profit_target = fields.Monetary(string="Sales Profit Target", readonly=True)
    profit_achievement = fields.Float(
        string="Profit Achievement (%)", readonly=True, aggregator="avg"
    )
    new_customers_target = fields.Integer(readonly=True)
    new_customers_achievement = fields.Float(
        string="New Customers Achievement (%)", readonly=True, aggregator="avg"
    )
    satisfaction = fields.Float(
        string="Customer Satisfaction (%)",
        readonly=True,
        aggregator="avg",
        help="P5.2.4: average score of the completed customer satisfaction surveys.",
    )
    has_satisfaction = fields.Boolean(string="Satisfaction Measured", readonly=True)
    score = fields.Float(
        string="Overall Score (%)",
        readonly=True,
        tracking=True,
        aggregator="avg",
        help="Weighted achievement of the indicators that have a target (weights in Settings).",
    )
    result = fields.Selection(
        selection=RESULTS,
        readonly=True,
        tracking=True,
        index=True,
        help="Empty when the period has no sales target (see Missing Targets) or nothing could "
        "be measured.",
    )
    missing_targets = fields.Char(
        readonly=True,
        help="P5.2.3: months of the period without a sales target. An appraisal measures "
        "results against targets: it has no score or result until the targets are set and it "
        "is recomputed.",
    )
    # Consequences (P5.4).
    is_reward = fields.Boolean(string="Reward", readonly=True, tracking=True, help="P5.4.1")
    interview_date = fields.Date(tracking=True, help="P5.4.2")
    cause_analysis = fields.Text(help="P5.4.2")
    improvement_plan = fields.Text(help="P5.4.2")
    training_plan = fields.Text(string="Training and Coaching", help="P5.4.2")
    is_consecutive_poor = fields.Boolean(
        string="Consecutive Poor Results", readonly=True, index=True, help="P5.4.3"
    )
    consecutive_poor_note = fields.Char(
        string="Poor Results Run Note",
        readonly=True,
        help="P5.4.3: the below-standard months that make the run, and the months without a "
        "measured result that it skipped (not counted, not breaking the run).",
    )
    decision = fields.Selection(
        selection=[
            ("reassign", "Reassignment"),
            ("demote", "Demotion"),
            ("dismiss", "Dismissal"),
            ("keep", "Keep with Improvement Plan"),
        ],
        string="Manager Decision",
        tracking=True,
        help="P5.4.3: decided by the Sales Manager after consecutive poor results.",
    )
    decision_note = fields.Text(string="Decision Notes")
    is_promotion_recommended = fields.Boolean(
        string="Promotion Recommended", readonly=True, help="P5.1.3 (annual appraisal)"
    )
    is_development_recommended = fields.Boolean(
        string="Training and Career Development",
        readonly=True,
        help="P5.1.4: an excellent annual appraisal (a top performer) is offered more training "
        "and career-development guidance.",
    )
    is_coaching_required = fields.Boolean(
        string="Training and Coaching Required",
        readonly=True,
        help="P5.4.2: a below-standard result calls for training and coaching with the "
        "improvement plan agreed at the performance interview.",
    )
    reviewer_id = fields.Many2one(comodel_name="res.users", string="Reviewed By", readonly=True)
    training_attendance_ids = fields.One2many(
        comodel_name="sdp.training.attendance",
        inverse_name="appraisal_id",
        string="Training Sessions",
        readonly=True,
        help="P2.1.3, P5.4.2: the training sessions planned for the needs of this appraisal.",
    )

    _sql_constraints = [
        (
            "period_unique",
            "unique(user_id, company_id, period_type, date_from)",
            "A salesperson has one appraisal per period (P5.3).",
        ),
    ]

    @api.depends("user_id", "period_type", "date_from")
    def _compute_display_name(self):
        labels = dict(self._fields["period_type"]._description_selection(self.env))
        for appraisal in self:
            if not appraisal.date_from:
                appraisal.display_name = appraisal.user_id.name or ""
                continue
            if appraisal.period_type == "month":
                period = appraisal.date_from.strftime("%Y-%m")
            elif appraisal.period_type == "quarter":
                period = f"{appraisal.date_from.year} Q{(appraisal.date_from.month - 1) // 3 + 1}"
            else:
                period = str(appraisal.date_from.year)
            appraisal.display_name = (
                f"{appraisal.user_id.name} - {labels.get(appraisal.period_type)} {period}"
            )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # Appraisals are generated from the measures (P5.3.1), never typed in: a created
            # appraisal could carry any score, for anyone, the creator included.
            raise AccessError(
                self.env._(
                    "Appraisals are generated from the sales measures: use Generate Appraisals "
                    "or wait for the monthly scheduled action (P5.3.1)."
                )
            )
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        closed = self.filtered(lambda a: a.state == "done")
        if closed:
            raise UserError(
                self.env._(
                    "Appraisal %(name)s is closed: its results, interview and decision are "
                    "final and kept (P5.4).",
                    name=closed[0].display_name,
                )
            )

    def write(self, vals):
        if not self.env.su:
            # Before the other checks: closing (state, reviewer) is the Close button's.
            self._sdp_check_flow_fields(vals)
            is_manager = self.env.user.has_group("sales_dev_policy.group_sdp_manager")
            protected = set(vals) & COMPUTED_FIELDS
            if protected and not is_manager:
                raise AccessError(
                    self.env._(
                        "Appraisal scores and results are computed (P5.3): you cannot change "
                        "%(fields)s.",
                        fields=", ".join(sorted(protected)),
                    )
                )
            # P5.4.2: the interview is held by the team leader or a manager, never by the
            # appraised person, managers included (a team leader's appraisal is reviewed by a
            # manager, a manager's by another or the Policy Administrator).
            ensure_not_involved(
                self,
                lambda appraisal: appraisal.user_id,
                lambda appraisal: self.env._(
                    "You cannot review or edit your own appraisal: a Sales Manager reviews "
                    "the appraisals of team leaders, another Sales Manager or the Policy "
                    "Administrator those of managers (P5.4)."
                ),
                error=AccessError,
            )
            closed = self.filtered(lambda a: a.state == "done")
            if closed and set(vals) - {"message_follower_ids", "activity_ids"}:
                raise UserError(
                    self.env._(
                        "Appraisal %(name)s is closed: its results, interview and decision are "
                        "final (P5.4).",
                        name=closed[0].display_name,
                    )
                )
            if {"decision", "decision_note"} & set(vals) and not is_manager:
                raise AccessError(
                    self.env._(
                        "Only a Sales Manager records the decision after consecutive poor "
                        "results (P5.4.3)."
                    )
                )
        return super().write(vals)

    def _sdp_flow_fields_error(self, protected):
        return self.env._(
            "%(records)s: an appraisal is closed with its Close button after review (P5.4), "
            "which records who reviewed it; %(fields)s are not edited.",
            records=self._sdp_flow_records_label(),
            fields=self._sdp_flow_fields_label(protected),
        )

    # --------------------------------------------------------------- actions

    def action_sdp_plan_training(self):
        """The training need of the appraisal becomes a training session to plan (P2.1.3,
        P5.4.2, P5.1.4): its subject from the training plan, the salesperson invited, this
        appraisal linked; the team leader or manager who reviews it opens it to set the date."""
        self.ensure_one()
        self.check_access("write")
        ensure_not_involved(
            self,
            lambda appraisal: appraisal.user_id,
            lambda appraisal: self.env._(
                "You cannot plan the training of your own appraisal: your team leader or a "
                "Sales Manager does (P2.1.3, P5.4)."
            ),
            error=AccessError,
        )
        lines = (self.training_plan or "").strip().splitlines()
        subject = lines[0][:120] if lines else ""
        training = self.env["sdp.training"].create(
            {
                "name": subject
                or self.env._("Training and coaching of %(name)s", name=self.user_id.name),
                "description": self.training_plan or False,
                "team_id": self.team_id.id,
                "company_id": self.company_id.id,
                "attendance_ids": [
                    Command.create({"user_id": self.user_id.id, "appraisal_id": self.id})
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "sdp.training",
            "res_id": training.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_recompute(self):
        """Recompute the indicators of draft appraisals (team leader or manager)."""
        self.check_access("write")
        if any(appraisal.state != "draft" for appraisal in self):
            raise UserError(
                self.env._("Only appraisals to review can be recomputed; closed ones are final.")
            )
        self._sdp_update_indicators()
        self._apply_consequences()
        return True

    def action_done(self):
        """Close the appraisal after review (P5.4): praise the excellent, require the interview
        of the below-standard ones."""
        self.check_access("write")
        if not self.env.user.has_group("sales_dev_policy.group_sdp_team_leader"):
            raise AccessError(self.env._("A team leader or a Sales Manager closes appraisals."))
        ensure_not_involved(
            self,
            lambda appraisal: appraisal.user_id,
            lambda appraisal: self.env._(
                "You cannot close your own appraisal: a Sales Manager reviews the appraisals "
                "of team leaders, another Sales Manager or the Policy Administrator those of "
                "managers (P5.4)."
            ),
            error=AccessError,
        )
        for appraisal in self:
            if appraisal.state != "draft":
                raise UserError(
                    self.env._("Appraisal %(name)s is already closed.", name=appraisal.display_name)
                )
            if appraisal.missing_targets:
                raise UserError(
                    self.env._(
                        "Appraisal %(name)s has no sales target for %(months)s: results are "
                        "measured against targets (P5.2.3). Set the targets of these months, "
                        "recompute the appraisal, then close it.",
                        name=appraisal.display_name,
                        months=appraisal.missing_targets,
                    )
                )
            if appraisal.result == "below":
                missing = [label for name, label in INTERVIEW_FIELDS.items() if not appraisal[name]]
                if missing:
                    raise UserError(
                        self.env._(
                            "Appraisal %(name)s is below standard: the performance interview "
                            "must be recorded before closing it (P5.4.2). Missing: %(missing)s.",
                            name=appraisal.display_name,
                            missing=", ".join(missing),
                        )
                    )
            if appraisal.is_consecutive_poor and not appraisal.decision:
                raise UserError(
                    self.env._(
                        "Appraisal %(name)s follows consecutive poor results: the Sales Manager "
                        "must record a decision before closing it (P5.4.3).",
                        name=appraisal.display_name,
                    )
                )
        excellent = self.filtered(lambda a: a.result == "excellent")
        # sudo: the reviewer's right to close was checked above; state and reward are protected
        # fields that only this action sets.
        self.sudo().write({"state": "done", "reviewer_id": self.env.user.id})
        excellent.sudo().write({"is_reward": True})  # sudo: as above (P5.4.1)
        send_to_person(self, "sales_dev_policy.mail_template_sdp_appraisal_closed")
        for appraisal in excellent:
            appraisal.message_post(
                body=self.env._(
                    "Congratulations %(user)s: excellent results for %(name)s (score %(score)s%%). "
                    "Praised and proposed for a reward (P5.4.1).",
                    user=appraisal.user_id.name,
                    name=appraisal.display_name,
                    score=round(appraisal.score, 1),
                ),
                partner_ids=appraisal.user_id.partner_id.ids,
            )
        return True

    # ------------------------------------------------------ business methods

    def _sdp_update_indicators(self):
        """Store the indicators (P5.2) of the appraisals, one ``_get_kpis`` call per company and
        period for all salespeople."""
        for (company, date_from, date_to), appraisals in self.grouped(
            lambda a: (a.company_id, a.date_from, a.date_to)
        ).items():
            users = appraisals.user_id
            kpi_model = self.env["sdp.sales.kpi"]
            kpis = kpi_model._get_kpis(
                users, date_from, date_to, company, company.sdp_appraisal_sales_scope
            )
            satisfaction = kpi_model._get_satisfaction(users, date_from, date_to, company)
            targets = self.env["sdp.sales.target"]._get_period_targets(
                users, date_from, date_to, company
            )
            for appraisal in appraisals:
                values = appraisal._indicator_values(
                    kpis[appraisal.user_id.id],
                    targets.get(appraisal.user_id.id, {}),
                    satisfaction.get(appraisal.user_id.id),
                    company,
                )
                # sudo: computed values, protected against users' writes in write().
                appraisal.sudo().write(values)

    @api.model
    def _achievement(self, actual, target):
        return 100.0 * actual / target if target else 0.0

    def _missing_target_months(self, target):
        """Months of the appraisal's period without a sales target (P5.2.3)."""
        self.ensure_one()
        months = target.get("months", set())
        missing = []
        month = self.date_from
        while month <= self.date_to:
            if month not in months:
                missing.append(month)
            month += relativedelta(months=1)
        return missing

    def _indicator_values(self, kpi, target, satisfaction, company):
        """Values of one appraisal. Results are measured against targets (P5.2.3): a period with
        a month without a target gets no score and no result, and says which months lack one.
        Otherwise the overall score is the weighted average of the achievements of the
        indicators that can be measured: an indicator without a target (the success rate
        without prospects contacted, satisfaction without a configured survey or answers,
        P5.2.2, P5.2.4) is left out and its weight is shared by the others in proportion."""
        sales_target = target.get("sales_target", 0.0)
        profit_target = target.get("profit_target", 0.0)
        new_target = target.get("new_customers_target", 0)
        rate_target = company.sdp_appraisal_success_rate_target
        missing = self._missing_target_months(target)
        values = {
            "team_id": self.team_id.id or self.user_id.sale_team_id.id,
            "new_customers": kpi["new_customers"],
            "prospects_contacted": kpi["prospects_contacted"],
            "prospects_converted": kpi["prospects_converted"],
            "success_rate": kpi["success_rate"],
            "success_rate_target": rate_target,
            "success_rate_achievement": self._achievement(kpi["success_rate"], rate_target),
            "sales_amount": kpi["sales_amount"],
            "sales_target": sales_target,
            "sales_achievement": self._achievement(kpi["sales_amount"], sales_target),
            "profit": kpi["profit"],
            "profit_target": profit_target,
            "profit_achievement": self._achievement(kpi["profit"], profit_target),
            "new_customers_target": new_target,
            "new_customers_achievement": self._achievement(kpi["new_customers"], new_target),
            "satisfaction": satisfaction or 0.0,
            "has_satisfaction": satisfaction is not None,
            "missing_targets": ", ".join(month.strftime("%Y-%m") for month in missing) or False,
            "is_promotion_recommended": False,
            "is_development_recommended": False,
            "is_coaching_required": False,
        }
        if missing:
            values.update(score=0.0, result=False)
            return values
        parts = []
        if sales_target:
            parts.append((company.sdp_appraisal_weight_sales, values["sales_achievement"]))
        if profit_target:
            parts.append((company.sdp_appraisal_weight_profit, values["profit_achievement"]))
        if new_target:
            parts.append(
                (company.sdp_appraisal_weight_new_customers, values["new_customers_achievement"])
            )
        if rate_target and kpi["prospects_contacted"]:
            parts.append(
                (company.sdp_appraisal_weight_success_rate, values["success_rate_achievement"])
            )
        if satisfaction is not None:
            parts.append((company.sdp_appraisal_weight_satisfaction, satisfaction))
        total_weight = sum(weight for weight, _value in parts)
        if not total_weight:
            values.update(score=0.0, result=False)
            return values
        score = sum(weight * value for weight, value in parts) / total_weight
        if score >= company.sdp_appraisal_excellent_threshold:
            result = "excellent"
        elif score < company.sdp_appraisal_below_threshold:
            result = "below"
        else:
            result = "meets"
        values.update(score=score, result=result, is_coaching_required=result == "below")  # P5.4.2
        if self.period_type == "year":
            values.update(
                is_promotion_recommended=result == "excellent",  # P5.1.3
                # P5.1.4: training and career development for top performers (業績優秀).
                is_development_recommended=result == "excellent",
            )
        return values

    def _apply_consequences(self):
        """Below standard: an activity for the team leader (P5.4.2); several consecutive
        below-standard months: flag and an activity for the Sales Manager (P5.4.3), re-evaluated
        on the draft monthly appraisals of the same salespeople from these months on, so a run a
        recompute has broken clears its flag. Activities are created once (batch, without
        e-mails)."""
        self._sdp_refresh_consecutive_poor()
        below = self.filtered(lambda a: a.result == "below" and a.state == "draft")
        if not below:
            return
        activity_model = self.env["mail.activity"].with_context(mail_activity_quick_update=True)
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        # Existing activities, to stay idempotent on recompute. One query.
        existing = {
            (activity.res_id, activity.summary)
            for activity in activity_model.sudo().search(  # sudo: read-only duplicate check
                [("res_model", "=", self._name), ("res_id", "in", below.ids)]
            )
        }
        managers = self._sdp_managers()
        interview = self.env._("Performance interview")
        decision = self._sdp_decision_summary()
        vals_list = []
        for appraisal in below:
            company_managers = managers.filtered(
                lambda u, c=appraisal.company_id: c in u.company_ids
            )
            leader = appraisal.team_id.user_id or company_managers[:1]
            if leader and (appraisal.id, interview) not in existing:
                vals_list.append(
                    {
                        "res_model_id": model_id,
                        "res_id": appraisal.id,
                        "activity_type_id": todo.id,
                        "summary": interview,
                        "note": self.env._(
                            "Below standard (P5.4.2): hold a performance interview, analyse the "
                            "causes, agree an improvement plan and training or coaching."
                        ),
                        "user_id": leader.id,
                        "date_deadline": fields.Date.context_today(self),
                    }
                )
            if (
                appraisal.is_consecutive_poor
                and company_managers
                and (appraisal.id, decision) not in existing
            ):
                vals_list.append(
                    {
                        "res_model_id": model_id,
                        "res_id": appraisal.id,
                        "activity_type_id": todo.id,
                        "summary": decision,
                        "note": self.env._(
                            "Consecutive poor results (P5.4.3): decide on reassignment, "
                            "demotion, dismissal or keeping with an improvement plan."
                        ),
                        "user_id": company_managers[0].id,
                        "date_deadline": fields.Date.context_today(self),
                    }
                )
        if vals_list:
            # Prefetch: each activity computes its record's name alone (browse by id).
            below.sudo().mapped("display_name")  # sudo: names of the same records only
            # sudo: activities for the leader / manager, on appraisals the caller may update.
            activity_model.sudo().create(vals_list)

    def _sdp_managers(self):
        return self.env["res.users"].search(
            [
                *users_in_group_domain(self.env, "sales_dev_policy.group_sdp_manager"),
                ("share", "=", False),
            ],
            order="id",
        )

    def _sdp_decision_summary(self):
        return self.env._("Decision after consecutive poor results")

    def _sdp_refresh_consecutive_poor(self):
        """Set or clear the P5.4.3 flag of the draft monthly appraisals of these salespeople
        from the earliest of these months on (a recomputed month changes the runs after it).
        A cleared flag removes the pending decision activity; closed appraisals stay as they
        were closed. Two searches and batched writes."""
        monthly = self.filtered(lambda a: a.period_type == "month")
        if not monthly:
            return
        # sudo: the appraisals of the same salespeople, to keep a computed flag true.
        drafts = self.sudo().search(  # sudo: see above
            [
                ("period_type", "=", "month"),
                ("state", "=", "draft"),
                ("user_id", "in", monthly.user_id.ids),
                ("company_id", "in", monthly.company_id.ids),
                ("date_from", ">=", min(monthly.mapped("date_from"))),
            ]
        )
        flags = drafts._consecutive_poor()
        to_clear = drafts.filtered(lambda a: a.is_consecutive_poor and a not in flags)
        if to_clear:
            to_clear.write({"is_consecutive_poor": False, "consecutive_poor_note": False})
            activities = (
                self.env["mail.activity"]
                .sudo()  # sudo: the decision activities of the flags cleared here only
                .search(
                    [
                        ("res_model", "=", self._name),
                        ("res_id", "in", to_clear.ids),
                        ("summary", "=", self._sdp_decision_summary()),
                    ]
                )
            )
            activities.unlink()
        for note, appraisals in (
            drafts.filtered(lambda a: a in flags).grouped(lambda a: flags[a]).items()
        ):
            appraisals.write({"is_consecutive_poor": True, "consecutive_poor_note": note})

    def _consecutive_poor(self):
        """``{appraisal: note}`` of the monthly below-standard appraisals whose last N measured
        monthly results (N: the company's count), this one included, are all below standard
        (P5.4.3). A month without a measured result (no appraisal: the salesperson was in no
        team, or no result: no target, P5.2.3) is skipped: it neither counts nor breaks the run,
        and the note names it, so a gap never hides a run nor makes one up. One search."""
        monthly = self.filtered(lambda a: a.period_type == "month" and a.result == "below")
        if not monthly:
            return {}
        # sudo: the history of the same salespeople, read to set a flag only.
        history = self.sudo().search(
            [
                ("period_type", "=", "month"),
                ("user_id", "in", monthly.user_id.ids),
                ("company_id", "in", monthly.company_id.ids),
                ("date_from", "<=", max(monthly.mapped("date_from"))),
                ("result", "!=", False),
            ],
            order="date_from desc",
        )
        results = defaultdict(list)
        for appraisal in history:
            results[(appraisal.user_id.id, appraisal.company_id.id)].append(
                (appraisal.date_from, appraisal.result)
            )
        flagged = {}
        for appraisal in monthly:
            count = appraisal.company_id.sdp_appraisal_consecutive_poor
            if count <= 0:
                continue
            measured = [
                (month, result)
                for month, result in results[(appraisal.user_id.id, appraisal.company_id.id)]
                if month <= appraisal.date_from
            ][:count]
            if len(measured) < count or any(result != "below" for _m, result in measured):
                continue
            run = sorted(month for month, _result in measured)
            skipped = []
            month = run[0]
            while month < run[-1]:
                if month not in run:
                    skipped.append(month.strftime("%Y-%m"))
                month += relativedelta(months=1)
            note = self.env._(
                "Below standard in %(months)s",
                months=", ".join(month.strftime("%Y-%m") for month in run),
            )
            if skipped:
                note = self.env._(
                    "%(note)s; not measured, skipped: %(skipped)s",
                    note=note,
                    skipped=", ".join(skipped),
                )
            flagged[appraisal] = note
        return flagged

    @api.model
    def _generate(self, period_type, day, companies=None):
        """Create the appraisals of ``period_type`` containing ``day`` for every salesperson
        (Salesperson group, member of a sales team) of each company, compute them and apply the
        consequences (P5.3.1). Idempotent: existing appraisals are kept. Returns the new ones."""
        date_from, date_to = period_bounds(period_type, day)
        companies = companies or self.env["res.company"].search([])
        # Before reading what exists: a concurrent generation (cron, wizard, other server)
        # for the same company makes this one retry with a fresh snapshot.
        serialize_on(companies)
        # sudo: the generation runs for the whole company (cron or manager); the appraisals it
        # creates carry their own record rules.
        members = (
            self.env["crm.team.member"]
            .sudo()  # sudo: see above
            .search(
                [
                    *users_in_group_domain(
                        self.env, "sales_dev_policy.group_sdp_salesperson", "user_id."
                    ),
                    ("user_id.share", "=", False),
                    ("crm_team_id.active", "=", True),
                ]
            )
        )
        existing = self.sudo().search(  # sudo: see above
            [
                ("period_type", "=", period_type),
                ("date_from", "=", date_from),
                ("company_id", "in", companies.ids),
            ]
        )
        done = {(a.user_id.id, a.company_id.id) for a in existing}
        vals_list = []
        for company in companies:
            seen = set()
            for member in members:
                team = member.crm_team_id
                user = member.user_id
                if team.company_id and team.company_id != company:
                    continue
                if company not in user.company_ids:
                    continue
                if (user.id, company.id) in done or user.id in seen:
                    continue
                seen.add(user.id)
                vals_list.append(
                    {
                        "user_id": user.id,
                        "team_id": team.id,
                        "company_id": company.id,
                        "period_type": period_type,
                        "date_from": date_from,
                        "date_to": date_to,
                    }
                )
        # tracking_disable: the first values of new appraisals are no change to track (and the
        # batch stays a constant number of queries); later recomputations are tracked.
        appraisals = (
            self.sudo()  # sudo: see above
            .with_context(tracking_disable=True)
            .create(vals_list)
        )
        appraisals._sdp_update_indicators()
        appraisals.with_context(tracking_disable=False)._apply_consequences()
        return appraisals.with_env(self.env)

    @api.model
    def _cron_generate_appraisals(self):
        """Every month that has ended since the last one generated, on each company's calendar:
        its monthly appraisals; at a quarter's end also the quarter's; in December also the
        year's (P5.3.1, P5.3.2). A run that was missed (server down, cron stopped) is caught up
        at the next run, month by month; the generation is idempotent (existing appraisals are
        kept, SQL unique), so a run repeated or overlapping a manager's generation adds
        nothing. One company-month per call, reported to the cron runner, which calls again
        while months remain (``run_one_batch``)."""
        units = [
            partial(self._sdp_generate_month, company, month)
            for company in self.env["res.company"].search([])
            for month in self._sdp_months_to_generate(company)
        ]
        run_one_batch(self.env, "sales_dev_policy.sdp_appraisal_cron_generate", units)

    @api.model
    def _sdp_generate_month(self, company, month):
        """The appraisals of the month starting ``month`` (and of its quarter and year when it
        ends one) for ``company``, then the company's marker moved on in the same
        transaction."""
        self._generate("month", month, companies=company)
        if month.month in (3, 6, 9, 12):
            self._generate("quarter", month, companies=company)
        if month.month == 12:
            self._generate("year", month, companies=company)
        # sudo: the cron's own progress marker, not a user setting.
        company.sudo().sdp_appraisal_last_month = month

    @api.model
    def _sdp_months_to_generate(self, company):
        """First days of the months that have ended on ``company``'s calendar and come after the
        last month generated; the last ended month alone the first time."""
        last_ended = company._sdp_today().replace(day=1) - relativedelta(months=1)
        done = company.sdp_appraisal_last_month
        month = done + relativedelta(months=1) if done else last_ended
        months = []
        while month <= last_ended:
            months.append(month)
            month += relativedelta(months=1)
        return months
