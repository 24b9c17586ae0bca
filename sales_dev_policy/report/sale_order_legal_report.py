"""The printed legal review sheet of a sale order (P3.7.2, P3.7.3). Feature: legal."""

from odoo import api, models


class SaleOrderLegalReport(models.AbstractModel):
    _name = "report.sales_dev_policy.sale_order_legal_report_document"
    _inherit = "sdp.report.access"
    _description = "Legal Review Sheet Report"
    _sdp_report_model = "sale.order"

    @api.model
    def _sdp_report_extra_values(self, docs):
        # The rounds are read with the printing user's rights too (the salesperson reads those
        # of their own orders, Legal and the managers all): a reader of the order who may not
        # read its rounds gets an AccessError, not a sheet without them. sudo() only lists the
        # rounds' ids, which are then checked as the printing user.
        rounds = self.env["sdp.legal.review"].browse(docs.sudo().sdp_legal_review_ids.ids)
        rounds.check_access("read")
        return {"checklist": self.env["sdp.legal.review"]._sdp_checklist_labels()}


class SdpLegalReviewReport(models.AbstractModel):
    """The same sheet printed from review rounds: the sheet of each round's order."""

    _name = "report.sales_dev_policy.sdp_legal_review_report_document"
    _inherit = "report.sales_dev_policy.sale_order_legal_report_document"
    _description = "Legal Review Sheet Report of a Review Round"

    @api.model
    def _get_report_values(self, docids, data=None):
        rounds = self.env["sdp.legal.review"].browse(docids)
        rounds.check_access("read")
        return super()._get_report_values(rounds.order_id.ids, data=data)
