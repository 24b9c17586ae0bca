"""Pipeline settings (P3, P3.8.1-P3.8.3, P2.2.5). Feature: pipeline."""

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

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
    sdp_kickoff_delivery_user_ids = fields.Many2many(
        related="company_id.sdp_kickoff_delivery_user_ids",
        readonly=False,
    )
    sdp_kickoff_technical_user_ids = fields.Many2many(
        related="company_id.sdp_kickoff_technical_user_ids",
        readonly=False,
    )
    sdp_kickoff_service_user_ids = fields.Many2many(
        related="company_id.sdp_kickoff_service_user_ids",
        readonly=False,
    )
    sdp_kickoff_finance_user_ids = fields.Many2many(
        related="company_id.sdp_kickoff_finance_user_ids",
        readonly=False,
    )
    sdp_kickoff_agenda = fields.Text(
        related="company_id.sdp_kickoff_agenda",
        readonly=False,
    )
    sdp_kickoff_task_days = fields.Integer(
        related="company_id.sdp_kickoff_task_days",
        readonly=False,
    )
    sdp_progress_report_days = fields.Integer(
        related="company_id.sdp_progress_report_days",
        readonly=False,
    )
    sdp_revisit_days_a = fields.Integer(
        related="company_id.sdp_revisit_days_a",
        readonly=False,
    )
    sdp_revisit_days_b = fields.Integer(
        related="company_id.sdp_revisit_days_b",
        readonly=False,
    )
    sdp_revisit_days_c = fields.Integer(
        related="company_id.sdp_revisit_days_c",
        readonly=False,
    )
    sdp_revisit_days_default = fields.Integer(
        related="company_id.sdp_revisit_days_default",
        readonly=False,
    )
    sdp_support_technical_user_ids = fields.Many2many(
        related="company_id.sdp_support_technical_user_ids", readonly=False
    )
    sdp_support_marketing_user_ids = fields.Many2many(
        related="company_id.sdp_support_marketing_user_ids", readonly=False
    )
    sdp_support_service_user_ids = fields.Many2many(
        related="company_id.sdp_support_service_user_ids", readonly=False
    )
