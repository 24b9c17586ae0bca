from odoo import fields, models


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
