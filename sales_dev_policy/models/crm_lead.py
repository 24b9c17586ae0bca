from odoo import api, fields, models

from .sdp_info_requirement import (
    sdp_check_export,
    sdp_compute_completeness,
    sdp_compute_missing,
    sdp_touch_completeness,
)

# P4: fields of the default required lead information (data/customer_info_data.xml); other
# configured fields are re-scored by write() (sdp_touch_completeness).
LEAD_INFO_DEPENDS = [
    "partner_name",
    "contact_name",
    "email_from",
    "phone",
    "sdp_industry_id",
    "sdp_company_size",
    "sdp_potential",
    "description",
    "expected_revenue",
    "order_ids",
    "company_id",
]


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "sdp.classification.mixin"]

    # P3.2.3 / P4.2.3: industry of the prospect (res.partner has its own industry_id).
    sdp_industry_id = fields.Many2one(
        comodel_name="res.partner.industry", string="Industry", index=True, tracking=True
    )

    def _sdp_gate_approval_missing(self, stage):
        """Approvals that ``stage``'s gate requires and leads in ``self`` lack.

        Returns ``{lead.id: [message, ...]}``; only leads with something missing appear.
        The pipeline gate (P3) calls it for every lead entering ``stage``; the credit part
        (P6.3, valid credit profile) and the legal part (P3.7.3, approved legal review) extend
        it: call ``super()`` and add to its result.
        """
        return {}

    # --- P4 customer information ---
    sdp_completeness = fields.Integer(
        string="Information Completeness (%)",
        compute="_compute_sdp_completeness",
        store=True,
        index=True,
        aggregator="avg",
        help="P4.1.3 / P4.2.1: share of the required information (basic, business, needs, "
        "transactions) that is filled in; configured in Policy > Required Information.",
    )
    sdp_info_missing = fields.Text(
        string="Missing Information", compute="_compute_sdp_info_missing"
    )
    sdp_outcome = fields.Selection(
        selection=[("open", "Open"), ("won", "Won"), ("lost", "Lost")],
        string="Outcome",
        compute="_compute_sdp_outcome",
        store=True,
        index=True,
        help="P4.4: outcome of the lead for the customer analysis reports.",
    )

    @api.depends(*LEAD_INFO_DEPENDS)
    def _compute_sdp_completeness(self):
        sdp_compute_completeness(self, "crm.lead")

    @api.depends(*LEAD_INFO_DEPENDS)
    def _compute_sdp_info_missing(self):
        sdp_compute_missing(self, "crm.lead")

    @api.depends("active", "probability")
    def _compute_sdp_outcome(self):
        # Same notion as crm's "Won" ribbon (probability 100) and "Lost" (archived at 0 %);
        # no dependency on the stage keeps stage moves as cheap as in standard crm.
        for lead in self:
            if lead.active and lead.probability >= 100:
                lead.sdp_outcome = "won"
            elif not lead.active and not lead.probability:
                lead.sdp_outcome = "lost"
            else:
                lead.sdp_outcome = "open"

    def write(self, vals):
        res = super().write(vals)
        sdp_touch_completeness(self, "crm.lead", vals)
        return res

    def export_data(self, fields_to_export):
        sdp_check_export(self)
        return super().export_data(fields_to_export)
