from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # Policy switches live on the company (each company applies the policy its own way);
    # res.config.settings shows them in the "Customer Development Policy" block.
    sdp_policy_note = fields.Char(
        string="Policy Reference",
        help="Reference of the company's written sales customer development policy "
        "(document number or version) that this configuration implements (P1.1).",
    )

    # PIPELINE (P3): sequence rules of the policy pipeline.
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
