"""Appraisal settings (P5.2-P5.4). Feature: appraisal."""

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    sdp_appraisal_excellent_threshold = fields.Float(
        related="company_id.sdp_appraisal_excellent_threshold",
        readonly=False,
    )
    sdp_appraisal_below_threshold = fields.Float(
        related="company_id.sdp_appraisal_below_threshold",
        readonly=False,
    )
    sdp_appraisal_sales_scope = fields.Selection(
        related="company_id.sdp_appraisal_sales_scope",
        readonly=False,
    )
    sdp_appraisal_new_business_months = fields.Integer(
        related="company_id.sdp_appraisal_new_business_months",
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
    sdp_appraisal_weight_success_rate = fields.Float(
        related="company_id.sdp_appraisal_weight_success_rate",
        readonly=False,
    )
    sdp_appraisal_success_rate_target = fields.Float(
        related="company_id.sdp_appraisal_success_rate_target",
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
