"""The credit part of the pipeline (P6.3.1): a stage flagged "Requires Approved Credit" asks for
a valid credit profile of the lead's customer when the company's credit lead gate is on.
Feature: credit."""

from odoo import models

from .sdp_form_tabs import form_tabs


class CrmLead(models.Model):
    # A feature's part of the model lives in its file (docs/development.md, Where code lives).
    _inherit = "crm.lead"  # pylint: disable=consider-merging-classes-inherited

    def _sdp_gate_approval_missing(self, stage):
        missing = super()._sdp_gate_approval_missing(stage)
        return self._sdp_gate_credit_missing(stage, missing)

    def _sdp_gate_credit_missing(self, stage, missing):
        """The credit part of the stage gate (P6.3.1): the customer has an approved credit
        profile that is not past its review date, when the company's credit gate is on."""
        if not stage.sdp_require_credit_profile or not self:
            return missing
        profile_model = self.env["sdp.credit.profile"]
        states = dict(profile_model._fields["state"]._description_selection(self.env))
        leads = self.filtered(
            lambda lead: (lead.company_id or self.env.company).sdp_credit_lead_gate
        )
        credit_tab = None  # the customer form's tab, read for the first lead refused
        for company, company_leads in leads.grouped(
            lambda lead: lead.company_id or self.env.company
        ).items():
            # sudo inside _get_profiles: the gate reads only the status of the profiles.
            profiles = profile_model._get_profiles(company_leads.partner_id, company)
            for lead in company_leads:
                partner = lead.partner_id.commercial_partner_id
                profile = profiles.get(partner.id)
                if not partner:
                    message = self.env._(
                        "a customer whose credit is approved (P6.3.1); link the customer and "
                        "request a credit assessment"
                    )
                elif profile and profile.is_valid:
                    continue
                else:
                    if credit_tab is None:
                        by_page = form_tabs(self.env, "res.partner", "base.view_partner_form")[0]
                        credit_tab = by_page.get("sdp_credit", "")
                    state = states[profile.state] if profile else states["not_assessed"]
                    message = (
                        self.env._(
                            "an approved, current credit profile of %(partner)s (now: %(state)s) "
                            "(P6.3.1); request a credit assessment from the customer's “%(tab)s” "
                            "tab",
                            partner=partner.display_name,
                            state=state,
                            tab=credit_tab,
                        )
                        if credit_tab
                        else self.env._(
                            "an approved, current credit profile of %(partner)s (now: %(state)s) "
                            "(P6.3.1); ask a credit officer for a credit assessment",
                            partner=partner.display_name,
                            state=state,
                        )
                    )
                missing.setdefault(lead.id, []).append(message)
        return missing
