"""The customer's portal and payment routes refuse a quotation Legal has not approved
(P3.7.3: every contract is reviewed by Legal before it is signed). Feature: legal.

The model refuses the signature and the payment whatever the route
(``sale.order._sdp_legal_check_signable``, called by ``write`` and by the transaction's
``create``); these routes only answer the customer in words instead of Odoo's generic error."""

from odoo import http
from odoo.exceptions import AccessError, MissingError, ValidationError
from odoo.http import request

from odoo.addons.payment import utils as payment_utils
from odoo.addons.sale.controllers import portal as sale_portal


class CustomerPortal(sale_portal.CustomerPortal):
    @http.route()
    def portal_quote_accept(self, order_id, access_token=None, name=None, signature=None):
        token = access_token or request.httprequest.args.get("access_token")
        try:
            order_sudo = self._document_check_access("sale.order", order_id, access_token=token)
        except (AccessError, MissingError):
            order_sudo = None  # Odoo's own answer for a wrong order or token
        if order_sudo and order_sudo._sdp_legal_signing_blocked():
            return {"error": order_sudo._sdp_legal_signing_refusal()}
        return super().portal_quote_accept(
            order_id, access_token=access_token, name=name, signature=signature
        )


class PaymentPortal(sale_portal.PaymentPortal):
    @http.route()
    def payment_pay(self, *args, amount=None, sale_order_id=None, access_token=None, **kwargs):
        # The generic payment link of a quotation under review: refused before the payment
        # form is shown, once the link is known to be the order's own (else Odoo refuses it).
        order_id = self._cast_as_int(sale_order_id)
        if order_id:
            # sudo: reads the order the link names, as sale's own route does, to check the
            # link's token before anything else is said.
            order_sudo = request.env["sale.order"].sudo().browse(order_id).exists()
            if (
                order_sudo
                and payment_utils.check_access_token(
                    access_token,
                    order_sudo.partner_invoice_id.id,
                    self._cast_as_float(amount),
                    order_sudo.currency_id.id,
                )
                and order_sudo._sdp_legal_signing_blocked()
            ):
                raise ValidationError(order_sudo._sdp_legal_signing_refusal())
        return super().payment_pay(
            *args, amount=amount, sale_order_id=sale_order_id, access_token=access_token, **kwargs
        )
