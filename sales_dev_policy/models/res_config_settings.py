from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sdp_policy_note = fields.Char(
        related="company_id.sdp_policy_note",
        readonly=False,
    )

    # PIPELINE (P3)
    # --- CREDIT (P6.3) ---
    sdp_credit_order_gate = fields.Boolean(
        related="company_id.sdp_credit_order_gate", readonly=False
    )
    sdp_credit_lead_gate = fields.Boolean(related="company_id.sdp_credit_lead_gate", readonly=False)
    sdp_credit_overdue_days = fields.Integer(
        related="company_id.sdp_credit_overdue_days", readonly=False
    )
    sdp_pipeline_no_skip = fields.Boolean(
        related="company_id.sdp_pipeline_no_skip",
        readonly=False,
    )
    sdp_pipeline_back_reason = fields.Boolean(
        related="company_id.sdp_pipeline_back_reason",
        readonly=False,
    )
    sdp_kickoff_delay_days = fields.Integer(
        related="company_id.sdp_kickoff_delay_days",
        readonly=False,
    )
    # --- LEGAL ---
    sdp_legal_on_contract_stage = fields.Boolean(
        related="company_id.sdp_legal_on_contract_stage", readonly=False
    )
    sdp_legal_on_amount = fields.Boolean(related="company_id.sdp_legal_on_amount", readonly=False)
    sdp_legal_amount_threshold = fields.Monetary(
        related="company_id.sdp_legal_amount_threshold",
        readonly=False,
        currency_field="currency_id",
    )
    sdp_legal_on_payment_term = fields.Boolean(
        related="company_id.sdp_legal_on_payment_term", readonly=False
    )
    sdp_legal_standard_payment_term_ids = fields.Many2many(
        related="company_id.sdp_legal_standard_payment_term_ids", readonly=False
    )
    sdp_legal_on_product = fields.Boolean(related="company_id.sdp_legal_on_product", readonly=False)
    sdp_legal_product_tmpl_ids = fields.Many2many(
        related="company_id.sdp_legal_product_tmpl_ids", readonly=False
    )
    sdp_legal_product_categ_ids = fields.Many2many(
        related="company_id.sdp_legal_product_categ_ids", readonly=False
    )
    sdp_legal_reviewer_id = fields.Many2one(
        related="company_id.sdp_legal_reviewer_id", readonly=False
    )
    # --- ACCESS (P4 customer information, P4.3.3 access model) ---
    sdp_restrict_customers = fields.Boolean(
        related="company_id.sdp_restrict_customers",
        readonly=False,
    )
    sdp_restrict_export = fields.Boolean(
        related="company_id.sdp_restrict_export",
        readonly=False,
    )
    sdp_marketing_consent_only = fields.Boolean(
        related="company_id.sdp_marketing_consent_only",
        readonly=False,
    )
    sdp_review_interval_days = fields.Integer(
        related="company_id.sdp_review_interval_days",
        readonly=False,
    )

    # APPRAISAL (P5.2-P5.4)
    sdp_appraisal_excellent_threshold = fields.Float(
        related="company_id.sdp_appraisal_excellent_threshold",
        readonly=False,
    )
    sdp_appraisal_below_threshold = fields.Float(
        related="company_id.sdp_appraisal_below_threshold",
        readonly=False,
    )
    sdp_appraisal_weight_sales = fields.Float(
        related="company_id.sdp_appraisal_weight_sales",
        readonly=False,
    )
    sdp_appraisal_weight_profit = fields.Float(
        related="company_id.sdp_appraisal_weight_profit",
        readonly=False,
    )
    sdp_appraisal_weight_new_customers = fields.Float(
        related="company_id.sdp_appraisal_weight_new_customers",
        readonly=False,
    )
    sdp_appraisal_weight_satisfaction = fields.Float(
        related="company_id.sdp_appraisal_weight_satisfaction",
        readonly=False,
    )
    sdp_appraisal_consecutive_poor = fields.Integer(
        related="company_id.sdp_appraisal_consecutive_poor",
        readonly=False,
    )
    sdp_satisfaction_survey_id = fields.Many2one(
        related="company_id.sdp_satisfaction_survey_id",
        readonly=False,
    )
