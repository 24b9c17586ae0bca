"""The onboarding step of a new database: the offer to adopt the policy as written (P1.2).
Feature: shared."""

from odoo import api, fields, models


class SdpPolicyAdoptionOffer(models.TransientModel):
    """Shown once after the module is installed on a database that holds no leads or orders of
    its own yet (``res.company._sdp_offer_adoption``): what adopting the policy switches on,
    for which company, and the choice to adopt now or later from the policy's settings."""

    _name = "sdp.policy.adoption.offer"
    _description = "Adopt the Sales Development Policy"

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
    )
    compliance_html = fields.Html(
        string="Mandatory Clauses", compute="_compute_company_state", sanitize=False
    )
    adopted_date = fields.Datetime(string="Policy Adopted On", compute="_compute_company_state")

    @api.depends("company_id")
    def _compute_company_state(self):
        # The company as stored: in the form of a new offer the company is a new record.
        for offer in self:
            company = offer.company_id._origin
            offer.compliance_html = company.sdp_compliance_html
            offer.adopted_date = company.sdp_policy_adopted_date

    @api.model
    def _sdp_settings_action(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "sales_dev_policy.res_config_settings_action"
        )

    def action_apply(self):
        """Adopt for the chosen company (res.company._sdp_apply_policy checks who may), then
        the policy's settings, where the panel shows every clause applied."""
        self.ensure_one()
        self.company_id._sdp_apply_policy()
        return self._sdp_settings_action()

    def action_open_settings(self):
        """Decide later: the policy's settings, where the same action stays available."""
        self.ensure_one()
        return self._sdp_settings_action()
