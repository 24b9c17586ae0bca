"""Pipeline settings of a company (P3, P3.8.1). Feature: pipeline."""

from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    # Sequence rules of the policy pipeline.
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
    # P3.8.1: when the kickoff meeting of a won opportunity takes place.
    sdp_kickoff_delay_days = fields.Integer(
        string="Kickoff After (days)",
        default=3,
        help="On Won, the kickoff meeting is planned this many days later, at 10:00 in the "
        "salesperson's time zone, for one hour (P3.8.1).",
    )

    def _sdp_settings_checked_fields(self):
        return super()._sdp_settings_checked_fields() + [
            "sdp_kickoff_delay_days",
        ]

    def _sdp_settings_problems(self):
        problems = super()._sdp_settings_problems()
        for fname in ("sdp_kickoff_delay_days",):
            if self[fname] < 0:
                problems.append(
                    self.env._(
                        "%(setting)s cannot be negative", setting=self._sdp_setting_label(fname)
                    )
                )
        return problems
