"""Customer confidentiality on quotations (P4.3.3): no order for a customer the user may not see.
Feature: customer information."""

from odoo import api, models

from .sdp_duties import ensure_reviewer_owns

# The invoice and delivery addresses show the contact on the order, its invoices and its
# printouts: a contact the user may not see is no more an address than a customer (P4.3.3).
ADDRESS_FIELDS = ("partner_invoice_id", "partner_shipping_id")


class SaleOrder(models.Model):
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    @api.model_create_multi
    def create(self, vals_list):
        # Before the order exists: once it does, it opens its customer to its salesperson
        # (res_partner_rule_salesperson), so the check must not see the new order.
        # The customer and addresses given in the values or by a default (default_partner_id
        # in the context, a user's default).
        ensure_reviewer_owns(self, vals_list=vals_list)
        label = self.env._("New quotation")
        fnames = ("partner_id", *ADDRESS_FIELDS)
        defaults = {}
        if not self.env.su and self.env["res.company"]._sdp_restricting_company_ids():
            defaults = self.default_get(list(fnames))
        self.env["res.partner"]._sdp_check_customers_visible(
            [
                (vals[fname] if fname in vals else defaults.get(fname), label)
                for vals in vals_list
                for fname in fnames
            ]
        )
        return super().create(vals_list)

    def write(self, vals):
        ensure_reviewer_owns(self)
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
        if any(vals.get(fname) for fname in ADDRESS_FIELDS):
            self.check_access("write")
            self.env["res.partner"]._sdp_check_customers_visible(
                [(vals.get(fname), order.name) for order in self for fname in ADDRESS_FIELDS]
            )
        return super().write(vals)

    def unlink(self):
        ensure_reviewer_owns(self)
        return super().unlink()


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"  # pylint: disable=consider-merging-classes-inherited

    @api.model_create_multi
    def create(self, vals_list):
        ensure_reviewer_owns(
            self.env["sale.order"].browse({vals.get("order_id") for vals in vals_list} - {None})
        )
        return super().create(vals_list)

    def write(self, vals):
        ensure_reviewer_owns(self.order_id)
        return super().write(vals)

    def unlink(self):
        ensure_reviewer_owns(self.order_id)
        return super().unlink()
