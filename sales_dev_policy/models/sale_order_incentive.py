"""What a paid commission counted of each order (P5.1.1): the base of a clawback when the order
is later reduced, not only cancelled or refunded. Feature: incentive."""

from odoo import api, fields, models

# Written when a commission sheet is paid (sdp.commission.sheet.action_pay), by that flow only.
INCENTIVE_ORDER_FIELDS = {"sdp_commission_paid_untaxed", "sdp_commission_paid_margin"}


class SaleOrder(models.Model):
    # A feature's part of the model lives in the feature's file (README, Where code lives).
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    sdp_commission_paid_untaxed = fields.Monetary(
        string="Commission Paid on Amount",
        copy=False,
        readonly=True,
        help="The untaxed amount of the order when its salesperson's commission was paid "
        "(P5.1.1): a later reduction is taken back on the next commission sheet.",
        groups="sales_team.group_sale_salesman",
    )
    sdp_commission_paid_margin = fields.Monetary(
        string="Commission Paid on Margin",
        copy=False,
        readonly=True,
        groups="sales_team.group_sale_salesman",
    )
    # Stored and indexed: the commission clawback looks paid orders that shrank up by it.
    sdp_commission_shrunk = fields.Boolean(
        string="Reduced after Commission Paid",
        compute="_compute_sdp_commission_shrunk",
        store=True,
        index="btree_not_null",
        groups="sales_team.group_sale_salesman",
    )

    @api.depends("amount_untaxed", "sdp_commission_paid_untaxed")
    def _compute_sdp_commission_shrunk(self):
        for order in self:
            paid = order.sdp_commission_paid_untaxed
            order.sdp_commission_shrunk = bool(
                paid and order.currency_id.compare_amounts(order.amount_untaxed, paid) < 0
            )

    def _sdp_commission_record_paid(self):
        """The sheets paying the commission of ``self`` are paid: record what they counted."""
        for order in self:
            order._sdp_flow_write(
                {
                    "sdp_commission_paid_untaxed": order.amount_untaxed,
                    "sdp_commission_paid_margin": order.margin,
                }
            )
