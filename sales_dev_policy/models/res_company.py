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
