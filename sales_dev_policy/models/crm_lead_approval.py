from odoo import models


class CrmLead(models.Model):
    """The approvals the pipeline gates ask for (P3): legal (P3.7.3) and credit (P6.3.1)."""

    _inherit = "crm.lead"

    def _sdp_gate_approval_missing(self, stage):
        missing = super()._sdp_gate_approval_missing(stage)
        missing = self._sdp_gate_legal_missing(stage, missing)
        return self._sdp_gate_credit_missing(stage, missing)

    def _sdp_gate_legal_missing(self, stage, missing):
        """P3.7.3: a stage flagged ``sdp_require_legal_approval`` needs an approved legal review
        on at least one (non-cancelled) quotation of the lead."""
        if not stage.sdp_require_legal_approval or not self:
            return missing
        # sudo: only counts approved orders per lead, nothing is returned to the user but a
        # yes/no; a salesperson must not pass the gate just because a colleague's approved
        # quotation on the same lead is hidden from them by record rules.
        groups = (
            self.env["sale.order"]
            .sudo()  # sudo: a yes/no per lead, see above
            ._read_group(
                [
                    ("opportunity_id", "in", self.ids),
                    ("sdp_legal_state", "=", "approved"),
                    ("state", "!=", "cancel"),
                ],
                ["opportunity_id"],
                ["__count"],
            )
        )
        approved_lead_ids = {lead.id for lead, _count in groups}
        for lead in self:
            if lead.id in approved_lead_ids:
                continue
            missing.setdefault(lead.id, []).append(
                self.env._(
                    "an approved legal review of one of its quotations (P3.7.3); "
                    "submit the quotation to Legal and wait for the approval"
                )
            )
        return missing

    def write(self, vals):
        res = super().write(vals)
        # The "Contract stage" trigger (P3.7.3) depends on the opportunity's stage; skip the
        # orders entirely (no query) while no allowed company uses that trigger.
        if "stage_id" in vals and any(self.env.companies.mapped("sdp_legal_on_contract_stage")):
            self.order_ids._sdp_legal_update_state()
        return res

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
                    message = self.env._(
                        "an approved, current credit profile of %(partner)s (now: %(state)s) "
                        "(P6.3.1); request a credit assessment from the customer's Credit tab",
                        partner=partner.display_name,
                        state=states[profile.state] if profile else states["not_assessed"],
                    )
                missing.setdefault(lead.id, []).append(message)
        return missing
