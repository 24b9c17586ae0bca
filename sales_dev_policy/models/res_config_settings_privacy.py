"""Data protection settings: privacy law and deadlines of data subject requests, retention of
prospects (P4.3, P6.4.1). Feature: customer information."""

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    sdp_privacy_law = fields.Selection(related="company_id.sdp_privacy_law", readonly=False)
    sdp_privacy_days_access = fields.Integer(
        related="company_id.sdp_privacy_days_access", readonly=False
    )
    sdp_privacy_days_copy = fields.Integer(
        related="company_id.sdp_privacy_days_copy", readonly=False
    )
    sdp_privacy_days_correction = fields.Integer(
        related="company_id.sdp_privacy_days_correction", readonly=False
    )
    sdp_privacy_days_stop = fields.Integer(
        related="company_id.sdp_privacy_days_stop", readonly=False
    )
    sdp_privacy_days_deletion = fields.Integer(
        related="company_id.sdp_privacy_days_deletion", readonly=False
    )
    sdp_privacy_ext_access = fields.Integer(
        related="company_id.sdp_privacy_ext_access", readonly=False
    )
    sdp_privacy_ext_copy = fields.Integer(related="company_id.sdp_privacy_ext_copy", readonly=False)
    sdp_privacy_ext_correction = fields.Integer(
        related="company_id.sdp_privacy_ext_correction", readonly=False
    )
    sdp_privacy_ext_stop = fields.Integer(related="company_id.sdp_privacy_ext_stop", readonly=False)
    sdp_privacy_ext_deletion = fields.Integer(
        related="company_id.sdp_privacy_ext_deletion", readonly=False
    )
    sdp_privacy_retention_months = fields.Integer(
        related="company_id.sdp_privacy_retention_months", readonly=False
    )
