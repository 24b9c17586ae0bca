"""Which sales teams work in the policy pipeline (P3). Feature: pipeline."""

from odoo import fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    sdp_use_policy_pipeline = fields.Boolean(
        string="Uses Policy Pipeline",
        copy=False,
        help="The team's pipeline shows the policy stages (P3.2-P3.8) and new leads start at "
        "the first policy step. Switch with the “Use Policy Pipeline” button.",
    )

    def action_sdp_use_policy_pipeline(self):
        """Switch the team to the policy pipeline (P3): one documented action."""
        self.check_access("write")
        self.write({"sdp_use_policy_pipeline": True})
        return True

    def action_sdp_leave_policy_pipeline(self):
        """Switch the team back to its standard stages; leads stay where they are."""
        self.check_access("write")
        self.write({"sdp_use_policy_pipeline": False})
        return True
