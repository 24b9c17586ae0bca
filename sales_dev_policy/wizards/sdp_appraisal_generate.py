"""Collects the period for generating appraisals (P5.3.1). Feature: appraisal."""

from odoo import fields, models

from ..models.sdp_appraisal import PERIOD_TYPES


class SdpAppraisalGenerate(models.TransientModel):
    """Manager's generation of the appraisals of a chosen period (P5.3.1), e.g. to catch up or to
    appraise a period before the scheduled action runs. Existing appraisals are kept."""

    _name = "sdp.appraisal.generate"
    _description = "Generate Appraisals"

    period_type = fields.Selection(
        selection=PERIOD_TYPES, string="Appraisal Period", required=True, default="month"
    )
    date = fields.Date(
        string="Any Day of the Period",
        required=True,
        default=lambda self: self.env.company._sdp_today(),
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, default=lambda self: self.env.company
    )

    def action_generate(self):
        self.ensure_one()
        self.env["sdp.appraisal"].check_access("create")
        appraisals = self.env["sdp.appraisal"]._generate(
            self.period_type, self.date, companies=self.company_id
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Generated Appraisals"),
            "res_model": "sdp.appraisal",
            "view_mode": "list,form",
            "domain": [("id", "in", appraisals.ids)],
        }
