"""Appraisal thresholds, weights and consequences of a company (P5.2-P5.4). Feature: appraisal."""

from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    sdp_appraisal_excellent_threshold = fields.Float(
        string="Appraisal: Excellent From (%)",
        default=110.0,
        help="P5.4.1: an overall score at or above this is excellent (praise and reward).",
    )
    sdp_appraisal_below_threshold = fields.Float(
        string="Appraisal: Below Standard Under (%)",
        default=80.0,
        help="P5.4.2: an overall score under this is below standard (performance interview).",
    )
    sdp_appraisal_weight_sales = fields.Float(
        string="Appraisal Weight: Sales Amount (%)", default=40.0
    )
    sdp_appraisal_weight_profit = fields.Float(
        string="Appraisal Weight: Sales Profit (%)", default=30.0
    )
    # Defaults total 100: the 20% of customer development (P5.2.1, P5.2.2) is split between the
    # number of new customers and the development success rate.
    sdp_appraisal_weight_new_customers = fields.Float(
        string="Appraisal Weight: New Customers (%)", default=10.0
    )
    sdp_appraisal_weight_success_rate = fields.Float(
        string="Appraisal Weight: Development Success Rate (%)",
        default=10.0,
        help="P5.2.2: weight of the success rate's achievement (rate / target rate). Left out, "
        "and its weight shared by the others, when no prospect was contacted in the period.",
    )
    sdp_appraisal_success_rate_target = fields.Float(
        string="Appraisal: Target Success Rate (%)",
        default=20.0,
        help="P5.2.2: the development success rate (prospects contacted in the period that "
        "became customers) a salesperson is expected to reach; its achievement is the rate "
        "divided by this target. 0: the rate is not weighed.",
    )
    sdp_appraisal_weight_satisfaction = fields.Float(
        string="Appraisal Weight: Customer Satisfaction (%)",
        default=10.0,
        help="P5.2.4: without a satisfaction survey this weight is shared by the other indicators.",
    )
    # P5.2.3 appraises the sales "achieved through customer development". Developing a customer
    # includes keeping it (P2.2.5 revisits, P3.8 follow-up): by default every order the
    # salesperson confirmed counts, repeat business included. A company that appraises new
    # business only narrows it to the customers' first months, or to the orders won from a
    # pipeline opportunity.
    sdp_appraisal_sales_scope = fields.Selection(
        selection=[
            ("all", "Every Order of the Salesperson"),
            ("new_business", "New Business: New Customers' First Months"),
            ("pipeline", "Orders Won from an Opportunity"),
        ],
        string="Appraisal: Sales Counted",
        default="all",
        required=True,
        help="P5.2.3: which confirmed orders make the appraisal's sales amount and profit. "
        "Every order (default): all the salesperson's orders, repeat business of the customers "
        "they developed included. New business: only orders of customers whose first confirmed "
        "order is less than the set number of months old. Opportunities: only orders linked to "
        "a lead of the pipeline. Commissions (P5.1.1) always count every order.",
    )
    sdp_appraisal_new_business_months = fields.Integer(
        string="Appraisal: New Business Months",
        default=12,
        help="P5.2.3: with 'New business', a customer's orders count for this many months "
        "from its first confirmed order.",
    )
    sdp_appraisal_consecutive_poor = fields.Integer(
        string="Consecutive Poor Months",
        default=3,
        help="P5.4.3: this many consecutive below-standard monthly appraisals flag the "
        "salesperson for a Sales Manager decision.",
    )
    sdp_appraisal_last_month = fields.Date(
        string="Appraisals Generated Up To",
        readonly=True,
        help="P5.3.1: first day of the last month the scheduled action generated appraisals for; "
        "the next run generates every month after it that has ended.",
    )
    sdp_satisfaction_survey_id = fields.Many2one(
        comodel_name="survey.survey",
        string="Customer Satisfaction Survey",
        help="P5.2.4: completed answers of this survey measure customer satisfaction per "
        "salesperson (the customer's salesperson when it was sent). It is sent to the customer "
        "when the follow-up milestone “Satisfaction review” is done. Empty: the indicator is "
        "not used.",
    )

    def _sdp_settings_checked_fields(self):
        return super()._sdp_settings_checked_fields() + [
            "sdp_appraisal_excellent_threshold",
            "sdp_appraisal_below_threshold",
            "sdp_appraisal_weight_sales",
            "sdp_appraisal_weight_profit",
            "sdp_appraisal_weight_new_customers",
            "sdp_appraisal_weight_success_rate",
            "sdp_appraisal_success_rate_target",
            "sdp_appraisal_weight_satisfaction",
            "sdp_appraisal_consecutive_poor",
        ]

    def _sdp_settings_problems(self):
        problems = super()._sdp_settings_problems()
        for fname in (
            "sdp_appraisal_weight_sales",
            "sdp_appraisal_weight_profit",
            "sdp_appraisal_weight_new_customers",
            "sdp_appraisal_weight_success_rate",
            "sdp_appraisal_success_rate_target",
            "sdp_appraisal_weight_satisfaction",
        ):
            if self[fname] < 0:
                problems.append(
                    self.env._(
                        "%(setting)s cannot be negative", setting=self._sdp_setting_label(fname)
                    )
                )
        if self.sdp_appraisal_consecutive_poor < 1:
            problems.append(
                self.env._(
                    "%(setting)s must be at least 1",
                    setting=self._sdp_setting_label("sdp_appraisal_consecutive_poor"),
                )
            )
        below = self.sdp_appraisal_below_threshold
        excellent = self.sdp_appraisal_excellent_threshold
        if not 0 <= below <= excellent:
            problems.append(
                self.env._(
                    "%(below)s (%(below_value)s) must be between 0 and %(excellent)s "
                    "(%(excellent_value)s) (P5.3)",
                    below=self._sdp_setting_label("sdp_appraisal_below_threshold"),
                    below_value=below,
                    excellent=self._sdp_setting_label("sdp_appraisal_excellent_threshold"),
                    excellent_value=excellent,
                )
            )
        weights = (
            self.sdp_appraisal_weight_sales
            + self.sdp_appraisal_weight_profit
            + self.sdp_appraisal_weight_new_customers
            + self.sdp_appraisal_weight_success_rate
            + self.sdp_appraisal_weight_satisfaction
        )
        if weights <= 0:
            problems.append(self.env._("the appraisal weights must not all be zero (P5.2)"))
        return problems
