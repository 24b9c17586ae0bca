"""The printed monthly commission statement of a salesperson (P5.1.1, P5.1.2). Feature:
incentive."""

from odoo import models


class SdpCommissionSheetReport(models.AbstractModel):
    _name = "report.sales_dev_policy.sdp_commission_sheet_report_document"
    _inherit = "sdp.report.access"
    _description = "Commission Statement Report"
    _sdp_report_model = "sdp.commission.sheet"
