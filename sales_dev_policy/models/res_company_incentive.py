"""Commission generation progress of a company (P5.1.1, P5.3.1). Feature: incentive."""

from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    sdp_commission_last_month = fields.Date(
        string="Commissions Computed Up To",
        readonly=True,
        help="P5.3.1: first day of the last month the scheduled action computed commissions for; "
        "the next run computes every month after it that has ended.",
    )
