"""What a paid commission counted of each order (P5.1.1): the base of a clawback when the order
is later reduced, not only cancelled or refunded; its customer stays the one paid for.
Feature: incentive."""

from odoo import api, fields, models
from odoo.exceptions import UserError

# Written when a commission sheet is paid (sdp.commission.sheet.action_pay), by that flow only.
INCENTIVE_ORDER_FIELDS = {"sdp_commission_paid_untaxed", "sdp_commission_paid_margin"}


class SaleOrder(models.Model):
    # A feature's part of the model lives in its file (docs/development.md, Where code lives).
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

    def write(self, vals):
        if vals.get("partner_id") and not self.env.su:
            self._sdp_check_paid_customer(vals["partner_id"])
        return super().write(vals)

    def _sdp_check_paid_customer(self, partner_id):
        """P5.1.1: the commission paid on an order was paid for its customer (a new customer is
        paid as such); moving the order to another customer afterwards is refused, with the
        company's gates on or off, rather than leaving a commission paid for a sale that is no
        longer what it was."""
        # sudo: reads whether a commission was paid on the orders (a flag), nothing more.
        paid = self.sudo().filtered("sdp_commission_paid_untaxed")
        if not paid:
            return
        # sudo: only the new customer's commercial entity, to compare; the customer rule's own
        # check of the new customer (P4.3.3) still runs in the write.
        new = self.env["res.partner"].sudo().browse(partner_id).commercial_partner_id
        moved = paid.filtered(lambda o: o.partner_id.commercial_partner_id != new)
        if moved:
            raise UserError(
                self.env._(
                    "%(orders)s: the salesperson's commission on this order was paid for its "
                    "customer (P5.1.1), so its customer cannot change. Cancel the order (the "
                    "commission is taken back) and create a new one for the other customer.",
                    orders=", ".join(moved.mapped("name")),
                )
            )
