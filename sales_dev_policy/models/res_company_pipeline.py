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

    # P2.3.2 / P2.3.3: who answers salespeople's requests for help.
    sdp_support_technical_user_ids = fields.Many2many(
        comodel_name="res.users",
        relation="res_company_sdp_support_technical_rel",
        column1="company_id",
        column2="user_id",
        string="Technical Support",
        domain="[('share', '=', False)]",
        help="The technical department's people who answer salespeople's product and technical "
        "questions (P2.3.2); the first one gets new requests.",
    )
    sdp_support_service_user_ids = fields.Many2many(
        comodel_name="res.users",
        relation="res_company_sdp_support_service_rel",
        column1="company_id",
        column2="user_id",
        string="Customer Service",
        domain="[('share', '=', False)]",
        help="Customer service people who handle enquiries and complaints (P2.3.3); the first "
        "one gets new requests.",
    )

    def _sdp_support_users(self, kind):
        """Who answers a request of ``kind`` in this company (P2.3.2, P2.3.3)."""
        self.ensure_one()
        if kind == "technical":
            return self.sdp_support_technical_user_ids
        return self.sdp_support_service_user_ids

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
