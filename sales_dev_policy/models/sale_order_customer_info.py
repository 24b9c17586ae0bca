"""Customer confidentiality on quotations (P4.3.3): no order for a customer the user may not see.
Feature: customer information."""

from odoo import api, models


class SaleOrder(models.Model):
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    @api.model_create_multi
    def create(self, vals_list):
        # Before the order exists: once it does, it opens its customer to its salesperson
        # (res_partner_rule_salesperson), so the check must not see the new order.
        self.env["res.partner"]._sdp_check_customers_visible(
            [(vals.get("partner_id"), self.env._("New quotation")) for vals in vals_list]
        )
        return super().create(vals_list)

    def write(self, vals):
        if "partner_id" in vals or "user_id" in vals:
            # Changing the customer, or taking an order (user_id) of a hidden customer, would
            # open that customer to the user; a manager assigning the order is allowed, since
            # they see every customer.
            # A document the user may not write is refused as such first, so the message
            # names no customer they may not see.
            self.check_access("write")
            self.env["res.partner"]._sdp_check_customers_visible(
                [(vals.get("partner_id") or order.partner_id.id, order.name) for order in self]
            )
        return super().write(vals)
