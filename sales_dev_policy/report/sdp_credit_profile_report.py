"""The printed credit file of a customer (P6.3.2): profile, exposure, assessment history and the
releases of the customer's orders from the credit gate. Feature: credit."""

from odoo import api, models


class SdpCreditProfileReport(models.AbstractModel):
    _name = "report.sales_dev_policy.sdp_credit_profile_report_document"
    _inherit = "sdp.report.access"
    _description = "Credit File Report"
    _sdp_report_model = "sdp.credit.profile"

    @api.model
    def _sdp_report_extra_values(self, docs):
        # Only who reads the profile gets here; the release log has the same readers.
        releases = self.env["sdp.credit.release"].search(
            [
                ("partner_id", "in", docs.partner_id.ids),
                ("company_id", "in", docs.company_id.ids),
            ],
            order="create_date desc, id desc",
        )
        return {
            "releases": {
                profile.id: releases.filtered(
                    lambda r, p=profile: r.partner_id == p.partner_id
                    and r.company_id == p.company_id
                )
                for profile in docs
            }
        }
