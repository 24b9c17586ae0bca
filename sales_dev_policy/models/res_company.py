from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # Policy switches live on the company (each company applies the policy its own way);
    # res.config.settings shows them in the "Customer Development Policy" block.
    sdp_policy_note = fields.Char(
        string="Policy Reference",
        help="Reference of the company's written sales customer development policy "
        "(document number or version) that this configuration implements (P1.1).",
    )

    # PIPELINE (P3): sequence rules of the policy pipeline.
    sdp_pipeline_no_skip = fields.Boolean(
        string="No Skipping Policy Steps",
        default=True,
        help="Leads in the policy pipeline move forward one step at a time (P3).",
    )
    sdp_pipeline_back_reason = fields.Boolean(
        string="Reason to Move Back",
        default=True,
        help="Moving a lead back to an earlier policy step requires a written reason (P3).",
    )
    # PIPELINE (P3.8.1): when the kickoff meeting of a won opportunity takes place.
    sdp_kickoff_delay_days = fields.Integer(
        string="Kickoff After (days)",
        default=3,
        help="On Won, the kickoff meeting is planned this many days later, at 10:00 in the "
        "salesperson's time zone, for one hour (P3.8.1).",
    )
    # --- LEGAL: when a sale order needs legal review (P3.7.3, P6.4) ---
    # Every trigger is OFF by default so standard sales flows are unchanged.
    sdp_legal_on_contract_stage = fields.Boolean(
        string="Legal Review in Contract Stage",
        help="Orders whose opportunity is in a CRM stage marked 'Orders Need Legal Review' "
        "(the policy's Contract stage) need legal review before confirmation (P3.7.3).",
    )
    sdp_legal_on_amount = fields.Boolean(
        string="Legal Review Above Amount",
        help="Orders whose total, in company currency, is above the threshold need legal review.",
    )
    sdp_legal_amount_threshold = fields.Monetary(
        string="Legal Review Threshold",
        currency_field="currency_id",
        help="Total (tax included, company currency) above which an order needs legal review.",
    )
    sdp_legal_on_payment_term = fields.Boolean(
        string="Legal Review for Non-Standard Terms",
        help="Orders with a payment term outside the standard payment terms need legal review.",
    )
    sdp_legal_standard_payment_term_ids = fields.Many2many(
        comodel_name="account.payment.term",
        relation="res_company_sdp_legal_payment_term_rel",
        column1="company_id",
        column2="payment_term_id",
        string="Standard Payment Terms",
        help="Payment terms that do not need legal review; an order without payment term "
        "(immediate payment) counts as standard.",
    )
    sdp_legal_on_product = fields.Boolean(
        string="Legal Review for Chosen Products",
        help="Orders containing one of the chosen products or product categories need "
        "legal review.",
    )
    sdp_legal_product_tmpl_ids = fields.Many2many(
        comodel_name="product.template",
        relation="res_company_sdp_legal_product_tmpl_rel",
        column1="company_id",
        column2="product_tmpl_id",
        string="Products Needing Legal Review",
    )
    sdp_legal_product_categ_ids = fields.Many2many(
        comodel_name="product.category",
        relation="res_company_sdp_legal_product_categ_rel",
        column1="company_id",
        column2="categ_id",
        string="Product Categories Needing Legal Review",
        help="Products in these categories or their sub-categories need legal review.",
    )
    sdp_legal_reviewer_id = fields.Many2one(
        comodel_name="res.users",
        string="Default Legal Reviewer",
        domain="[('share', '=', False)]",
        help="Gets the review activities; when empty, every Legal Reviewer of the company does.",
    )
    # --- ACCESS (P4 customer information, P4.3.3 access model) ---
    sdp_restrict_customers = fields.Boolean(
        string="Restrict Customers to Their Salesperson",
        help="P4.3.3: salespeople only see the customers they own, follow or that have no "
        "salesperson; team leaders also those of their team members. Off: standard Odoo.",
    )
    sdp_restrict_export = fields.Boolean(
        string="Restrict Exports to Managers",
        help="P4.3.1: only sales managers may export leads and customers.",
    )
    sdp_marketing_consent_only = fields.Boolean(
        string="Marketing Only with Consent",
        help="P4.3.2: mass mailings (with the sales_dev_policy_mass_mailing add-on) send nothing "
        "to customers without a valid written marketing consent. Off: standard Odoo.",
    )
    sdp_review_interval_days = fields.Integer(
        string="Customer Review Interval (days)",
        default=180,
        help="P4.2.2: a customer record not reviewed for this many days gets an update "
        "activity for its salesperson. 0 disables the reminder.",
    )

    # --- CREDIT (P6.3 credit risk control); every gate is off by default (standard Odoo) ---
    sdp_credit_order_gate = fields.Boolean(
        string="Credit Gate on Sale Orders",
        help="P6.3.1: a sale order cannot be confirmed when its customer is blocked, has no "
        "approved and current credit profile, or would exceed its credit limit.",
    )
    sdp_credit_lead_gate = fields.Boolean(
        string="Credit Gate on Pipeline Stages",
        help="P6.3.1: leads cannot enter the pipeline stages marked 'Requires Approved Credit' "
        "(by default Proposal and Contract) without an approved, current credit profile.",
    )
    sdp_credit_overdue_days = fields.Integer(
        string="Watch Overdue Receivables After (days)",
        default=30,
        help="P6.3.2: customers with receivables overdue by more than this many days are put "
        "on watch by a daily scheduled action. 0 disables it.",
    )

    # APPRAISAL (P5.2-P5.4)
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
    sdp_appraisal_weight_new_customers = fields.Float(
        string="Appraisal Weight: New Customers (%)", default=20.0
    )
    sdp_appraisal_weight_satisfaction = fields.Float(
        string="Appraisal Weight: Customer Satisfaction (%)",
        default=10.0,
        help="P5.2.4: without a satisfaction survey this weight is shared by the other indicators.",
    )
    sdp_appraisal_consecutive_poor = fields.Integer(
        string="Consecutive Poor Months",
        default=3,
        help="P5.4.3: this many consecutive below-standard monthly appraisals flag the "
        "salesperson for a Sales Manager decision.",
    )
    sdp_satisfaction_survey_id = fields.Many2one(
        comodel_name="survey.survey",
        string="Customer Satisfaction Survey",
        help="P5.2.4: completed answers of this survey measure customer satisfaction per "
        "salesperson (partner's salesperson). Empty: the indicator is not used.",
    )

    @api.constrains(
        "sdp_kickoff_delay_days",
        "sdp_legal_amount_threshold",
        "sdp_review_interval_days",
        "sdp_credit_overdue_days",
        "sdp_appraisal_excellent_threshold",
        "sdp_appraisal_below_threshold",
        "sdp_appraisal_weight_sales",
        "sdp_appraisal_weight_profit",
        "sdp_appraisal_weight_new_customers",
        "sdp_appraisal_weight_satisfaction",
        "sdp_appraisal_consecutive_poor",
    )
    def _check_sdp_settings(self):
        """Settings the policy computes with: a clear error naming the setting, never a silently
        wrong gate, review or appraisal."""
        for company in self:
            problems = []

            def label(fname):
                return self._fields[fname]._description_string(self.env)

            for fname in (
                "sdp_kickoff_delay_days",
                "sdp_legal_amount_threshold",
                "sdp_review_interval_days",
                "sdp_credit_overdue_days",
                "sdp_appraisal_weight_sales",
                "sdp_appraisal_weight_profit",
                "sdp_appraisal_weight_new_customers",
                "sdp_appraisal_weight_satisfaction",
            ):
                if company[fname] < 0:
                    problems.append(
                        self.env._("%(setting)s cannot be negative", setting=label(fname))
                    )
            if company.sdp_appraisal_consecutive_poor < 1:
                problems.append(
                    self.env._(
                        "%(setting)s must be at least 1",
                        setting=label("sdp_appraisal_consecutive_poor"),
                    )
                )
            below = company.sdp_appraisal_below_threshold
            excellent = company.sdp_appraisal_excellent_threshold
            if not 0 <= below <= excellent:
                problems.append(
                    self.env._(
                        "%(below)s (%(below_value)s) must be between 0 and %(excellent)s "
                        "(%(excellent_value)s) (P5.3)",
                        below=label("sdp_appraisal_below_threshold"),
                        below_value=below,
                        excellent=label("sdp_appraisal_excellent_threshold"),
                        excellent_value=excellent,
                    )
                )
            weights = (
                company.sdp_appraisal_weight_sales
                + company.sdp_appraisal_weight_profit
                + company.sdp_appraisal_weight_new_customers
                + company.sdp_appraisal_weight_satisfaction
            )
            if weights <= 0:
                problems.append(self.env._("the appraisal weights must not all be zero (P5.2)"))
            if problems:
                raise ValidationError(
                    self.env._(
                        "Customer Development Policy settings of %(company)s: %(problems)s.",
                        company=company.name,
                        problems="; ".join(problems),
                    )
                )

    def _sdp_today(self):
        """Today's date in the company's time zone (its partner's, UTC when unset).

        Policy dates (consent validity, periods) belong to the company, not to whoever looks at
        them: a salesperson in UTC and OdooBot in the company's zone must agree on "today".
        """
        self.ensure_one()
        tz = pytz.timezone(self.partner_id.tz or "UTC")
        return pytz.utc.localize(fields.Datetime.now()).astimezone(tz).date()

    def _sdp_day_bounds(self, date_from, date_to):
        """UTC bounds ``[start, end)`` (naive datetimes, as stored) of the company's calendar
        days ``date_from``..``date_to``, both included.

        Periods of commissions, appraisals and KPIs (P5.1.1, P5.3.1) are the company's months: an
        order confirmed at 02:00 in Taipei on 1 February (18:00 UTC on 31 January) is February's.
        """
        self.ensure_one()
        tz = pytz.timezone(self.partner_id.tz or "UTC")

        def to_utc(day):
            local = tz.localize(datetime.combine(fields.Date.to_date(day), time.min))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        return to_utc(date_from), to_utc(fields.Date.to_date(date_to) + timedelta(days=1))

    def write(self, vals):
        res = super().write(vals)
        if "sdp_restrict_customers" in vals:
            # The record rules read this switch through ir.rule's evaluation context, and
            # their domains are cached: drop the cache so the new setting applies at once.
            self.env.registry.clear_cache()
        return res
