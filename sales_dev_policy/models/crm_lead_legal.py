"""The legal part of the pipeline (P3.7.3): a stage flagged "Entry Needs Approved Legal Review"
asks for an approved legal review of one of the lead's quotations, and the "Contract stage" trigger
of the orders follows their opportunity's stage. Feature: legal."""

from odoo import models


class CrmLead(models.Model):
    # A feature's part of the model lives in its file (docs/development.md, Where code lives).
    _inherit = "crm.lead"  # pylint: disable=consider-merging-classes-inherited

    def _sdp_gate_approval_missing(self, stage):
        missing = super()._sdp_gate_approval_missing(stage)
        missing = self._sdp_gate_legal_missing(stage, missing)
        return self._sdp_gate_contract_missing(stage, missing)

    def _sdp_gate_contract_missing(self, stage, missing):
        """P3.7.1: a stage flagged ``sdp_require_confirmed_order`` (Won) needs a confirmed order
        of the lead: the contract signed, which passed the legal review and the credit control
        where they apply (the confirmation gate, P3.7.3, P6.3.1)."""
        if not stage.sdp_require_confirmed_order or not self:
            return missing
        # sudo: a yes/no per lead; a colleague's confirmed order of the same lead counts even
        # when the record rules hide it from the salesperson.
        groups = (
            self.env["sale.order"]
            .sudo()  # sudo: a yes/no per lead, see above
            ._read_group(
                [("opportunity_id", "in", self.ids), ("state", "=", "sale")],
                ["opportunity_id"],
                ["__count"],
            )
        )
        signed = {lead.id for lead, _count in groups}
        for lead in self:
            if lead.id not in signed:
                missing.setdefault(lead.id, []).append(
                    self.env._(
                        "a confirmed order: the contract is signed when its quotation is "
                        "confirmed (P3.7.1); confirm the quotation first"
                    )
                )
        return missing

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
