"""The printed appraisal form (P5.2-P5.4). Feature: appraisal."""

from odoo import models


class SdpAppraisalReport(models.AbstractModel):
    _name = "report.sales_dev_policy.sdp_appraisal_report_document"
    _inherit = "sdp.report.access"
    _description = "Appraisal Form Report"
    _sdp_report_model = "sdp.appraisal"
