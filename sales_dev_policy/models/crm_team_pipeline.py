"""Which sales teams work in the policy pipeline (P3). Feature: pipeline."""

from odoo import api, fields, models


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

    @api.model
    def _sdp_board_team(self):
        """The team whose board the current user opens: the team they are a member of, else
        the first they lead (leading a team counts as belonging to it for what they see, without
        putting them into its automatic lead assignment), else Odoo's first team."""
        user = self.env.user
        return (
            user.sale_team_id
            or self.search([("user_id", "=", user.id)], limit=1)
            or self.search([], limit=1)
        )

    @api.model
    def _action_update_to_pipeline(self, action):
        # Odoo's "My Pipeline" (and forecast) board passes no team, so the columns would be the
        # stages without a team plus those holding leads: a policy team's member would land on
        # Odoo's standard stages. The board of a policy team is opened with the team: its
        # columns are the policy steps, all of them, in policy order (crm.lead's
        # _read_group_stage_ids), and a lead created on it starts at the first step (P3.2).
        standard_help = action.get("help")
        action = super()._action_update_to_pipeline(action)
        team = self._sdp_board_team()
        if not team.sdp_use_policy_pipeline:
            return action
        context = dict(action.get("context") or {})
        context["default_team_id"] = team.id
        if not self.env.user.sale_team_id:
            # A leader (or a manager) sells nothing of their own: their team's leads, chosen on
            # the board's search (another team of theirs in one click), and Odoo's own hint
            # instead of "you are a member of no Sales Team".
            context.pop("search_default_assigned_to_me", None)
            context["search_default_team_id"] = team.id
            action["help"] = standard_help
        action["context"] = context
        return action
