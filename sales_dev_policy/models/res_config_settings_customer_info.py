"""Customer information settings (P4.2.2, P4.3). Feature: customer information."""

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

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
    sdp_consent_written_only = fields.Boolean(
        related="company_id.sdp_consent_written_only",
        readonly=False,
    )
    sdp_review_interval_days = fields.Integer(
        related="company_id.sdp_review_interval_days",
        readonly=False,
    )
    sdp_privacy_notice = fields.Html(
        related="company_id.sdp_privacy_notice",
        readonly=False,
    )
