"""Portal signature and payment go through the legal gate (P3.7.3). Feature: legal.

With *Customers Sign Only What Legal Approved* (the policy as written) a quotation Legal has not
approved cannot be signed or paid, on the portal and on every route; with it off, the customer
may sign or pay and the order waits for the approval."""

import json
from contextlib import contextmanager

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import hmac, mute_logger

from odoo.addons.payment.tests.common import PaymentCommon

from .common_legal import PNG_1PX, SdpLegalCommon


@tagged("sdp_legal", "post_install", "-at_install")
class TestLegalPortal(SdpLegalCommon, PaymentCommon):
    """P3.7.3, relaxed: a company that lets its customers sign before Legal decides; online
    signature and payment wait for the legal review (no traceback)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._enable_amount_trigger(5000.0)
        cls.company.sdp_legal_before_signing = False

    def _sent_order(self, **vals):
        order = self._create_order(qty=10, **vals)
        order.with_user(self.user_sales_a).action_quotation_sent()
        self.assertEqual(order.state, "sent")
        self.assertEqual(order.sdp_legal_state, "to_submit")
        return order

    def _assert_waiting(self, order):
        self.assertEqual(order.state, "sent", "the order waits for the legal review")
        self.assertTrue(order.sdp_legal_is_held)
        todo = order.activity_ids.filtered(lambda a: a.user_id == self.user_sales_a)
        self.assertTrue(todo, "the salesperson is told")
        message = order.message_ids.filtered(lambda m: "accepted this order online" in m.body)
        self.assertIn(self.user_sales_a.partner_id, message.partner_ids)
        self.assertIn(self.user_legal.partner_id, message.partner_ids, "reviewers are told")
        # The customer acts as the public user, who has no e-mail address: the note is signed by
        # OdooBot so that the e-mails it sends have a sender.
        self.assertEqual(message.author_id, self.env.ref("base.partner_root"))
        self.assertTrue(message.email_from)

    def test_portal_signature_waits_then_confirms_on_approval(self):
        order = self._sent_order(require_signature=True, require_payment=False)
        # What sale/controllers/portal.py portal_quote_accept does, as the public user.
        # sudo: the test reads or prepares data beyond the user's rights
        order_sudo = order.with_user(self.env.ref("base.public_user")).sudo()
        order_sudo.write({"signed_by": "Customer", "signature": PNG_1PX})
        self.assertFalse(order_sudo._has_to_be_paid())
        order_sudo._validate_order()  # must not raise
        self._assert_waiting(order)
        # Still refused to the salesperson by hand.
        order.with_user(self.user_sales_a).action_sdp_legal_submit()
        self._decide(order, "approve")
        self.assertEqual(order.state, "sale", "confirmed once Legal approves")
        self.assertFalse(order.sdp_legal_is_held)

    def _signed_while_waiting(self):
        order = self._sent_order(require_signature=True, require_payment=False)
        # sudo: the customer acts as the public user, as portal_quote_accept does
        order_sudo = order.with_user(self.env.ref("base.public_user")).sudo()
        order_sudo.write({"signed_by": "Customer", "signature": PNG_1PX})
        order_sudo._validate_order()
        self._assert_waiting(order)
        return order

    def test_signature_binds_to_what_was_signed(self):
        """P3.7.3: the quotation signed while waiting for Legal is changed afterwards (price):
        the signature no longer matches and is cleared, so Legal's approval of the new terms
        does not confirm an order the customer never signed."""
        order = self._signed_while_waiting()
        order.order_line.with_user(self.user_sales_a).price_unit = 900.0
        self.assertFalse(order.signature, "the signature of other terms is cleared")
        self.assertFalse(order.sdp_legal_is_held)
        self.assertTrue(
            order.message_ids.filtered(lambda m: "acceptance no longer matches" in m.body)
        )
        order.with_user(self.user_sales_a).action_sdp_legal_submit()
        self._decide(order, "approve")
        self.assertEqual(order.state, "sent", "not confirmed: the customer signs again")

    def test_signature_binds_to_the_customer_signed_for(self):
        order = self._signed_while_waiting()
        order.with_user(self.user_sales_a).partner_id = self.customer_2
        self.assertFalse(order.signature)
        self.assertFalse(order.sdp_legal_is_held)

    def test_unchanged_signature_still_confirms(self):
        order = self._signed_while_waiting()
        order.with_user(self.user_sales_a).note = order.note  # no change of terms
        self.assertTrue(order.signature)
        order.with_user(self.user_sales_a).action_sdp_legal_submit()
        self._decide(order, "approve")
        self.assertEqual(order.state, "sale")

    def test_payment_waits_then_confirms_on_approval(self):
        order = self._sent_order(require_signature=False, require_payment=True)
        self.amount = order.amount_total
        self.currency = order.currency_id
        self.partner = order.partner_id
        tx = self._create_transaction(flow="redirect", sale_order_ids=[order.id], state="done")
        with mute_logger("odoo.addons.sale.models.payment_transaction"):
            tx._post_process()
        self._assert_waiting(order)
        self.assertFalse(order.sudo()._has_to_be_paid())  # sudo: the test reads the payment status
        order.with_user(self.user_sales_a).action_sdp_legal_submit()
        self._decide(order, "approve")
        self.assertEqual(order.state, "sale")

    def test_payment_after_approval_confirms(self):
        order = self._sent_order(require_signature=False, require_payment=True)
        self._approve(order)
        self.amount = order.amount_total
        self.currency = order.currency_id
        self.partner = order.partner_id
        tx = self._create_transaction(flow="redirect", sale_order_ids=[order.id], state="done")
        with mute_logger("odoo.addons.sale.models.payment_transaction"):
            tx._post_process()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.sdp_legal_is_held)


@tagged("sdp_legal", "post_install", "-at_install")
class TestLegalBeforeSigning(HttpCase, SdpLegalCommon, PaymentCommon):
    """P3.7.3 as written: every contract is reviewed by Legal before it is signed. A quotation
    Legal has not approved shows no sign or pay button on the portal, and every route that signs
    or pays refuses it on the server; once approved, the customer signs it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"sdp_legal_on_every_order": True, "sdp_legal_before_signing": True})

    @contextmanager
    def _refused(self, text="reviewed before it can be signed"):
        """Refused, and nothing of it kept: assertRaises rolls back to a savepoint (its Regex
        variant does not)."""
        with self.assertRaises(ValidationError) as refused:
            yield
        self.assertIn(text, str(refused.exception))

    def _sent_order(self, **vals):
        order = self._create_order(qty=1, **vals)
        order.with_user(self.user_sales_a).action_quotation_sent()
        order._portal_ensure_token()
        return order

    def test_every_order_needs_review(self):
        """A small repeat order needs review too when the company reviews every contract."""
        order = self._create_order(qty=1)
        self.assertEqual(order.sdp_legal_state, "to_submit")
        self.assertIn("every contract", order.sdp_legal_reasons)
        self.company.sdp_legal_on_every_order = False
        self.assertEqual(self._create_order(qty=1).sdp_legal_state, "not_required")

    def test_portal_shows_review_without_sign_or_pay(self):
        order = self._sent_order(require_signature=True, require_payment=True)
        self.assertTrue(order.with_user(self.user_sales_a).sdp_legal_signing_blocked)
        page = self.url_open(f"/my/orders/{order.id}?access_token={order.access_token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_sdp_legal_under_review", page.text)
        # The buttons as Odoo renders them (sale_order_portal_template).
        for button in ("Accept & Sign", "Sign & Pay", "Accept & Pay", "o_sale_portal_paynow"):
            self.assertNotIn(button, page.text)
        # Approved: the customer signs and pays as Odoo offers it.
        self._approve(order)
        self.assertFalse(order.with_user(self.user_sales_a).sdp_legal_signing_blocked)
        page = self.url_open(f"/my/orders/{order.id}?access_token={order.access_token}")
        self.assertNotIn("o_sdp_legal_under_review", page.text)
        self.assertIn("Sign & Pay", page.text)

    def test_accept_route_refuses_before_approval(self):
        order = self._sent_order(require_signature=True, require_payment=False)
        result = self.make_jsonrpc_request(
            f"/my/orders/{order.id}/accept",
            {"access_token": order.access_token, "name": "Customer", "signature": PNG_1PX},
        )
        self.assertIn("reviewed before it can be signed", result["error"])
        self.assertIn(order.name, result["error"])
        self.assertFalse(order.signature, "nothing signed")
        self.assertEqual(order.state, "sent")

    def test_signature_refused_on_every_path(self):
        """RPC, the form, a public user's sudo write: a signature before approval is refused;
        after approval it is accepted."""
        order = self._sent_order(require_signature=True, require_payment=False)
        with self._refused():
            order.with_user(self.user_sales_a).write({"signed_by": "X", "signature": PNG_1PX})
        # sudo: the customer acts as the public user, as portal_quote_accept does
        public = order.with_user(self.env.ref("base.public_user")).sudo()
        with self._refused("P3.7.3"):
            public.write({"signed_by": "Customer", "signature": PNG_1PX})
        self.assertFalse(order.signature)
        with self._refused():
            self._create_order(signed_by="X", signature=PNG_1PX)
        self._approve(order)
        public.write({"signed_by": "Customer", "signature": PNG_1PX})
        self.assertTrue(order.signature)

    def test_signature_as_an_attachment_or_moved_company_refused(self):
        """The signature written as the field's attachment, or a quotation signed where no
        review applied moved to a company that reviews every contract: judged like the field."""
        order = self._sent_order(require_signature=True, require_payment=False)
        with self._refused():
            self.env["ir.attachment"].with_user(self.user_sales_a).create(
                {
                    "name": "signature",
                    "res_model": "sale.order",
                    "res_id": order.id,
                    "res_field": "signature",
                    "datas": PNG_1PX,
                }
            )
        self.assertFalse(order.signature)
        self.company.sdp_legal_on_every_order = False
        signed = self._sent_order(require_signature=True, require_payment=False)
        self.assertEqual(signed.sdp_legal_state, "not_required")
        signed.with_user(self.user_sales_a).write({"signed_by": "Customer", "signature": PNG_1PX})
        self.company.sdp_legal_on_every_order = True
        with self._refused():
            signed.with_user(self.user_sales_a).write(
                {"client_order_ref": "PO-1", "partner_id": signed.partner_id.id}
            )
        self.assertTrue(signed.signature)

    def test_change_after_approval_closes_signing_again(self):
        order = self._sent_order(require_signature=True, require_payment=False)
        self._approve(order)
        self.assertTrue(order.sudo()._has_to_be_signed())  # sudo: as the portal asks
        order.order_line.with_user(self.user_sales_a).price_unit = 1.0
        # sudo: as the portal asks, for the public user
        self.assertFalse(order.sudo()._has_to_be_signed(), "the new terms are not approved")

    def test_payment_refused_before_approval(self):
        order = self._sent_order(require_signature=False, require_payment=True)
        self.amount = order.amount_total
        self.currency = order.currency_id
        self.partner = order.partner_invoice_id
        # The model refuses whatever route creates the transaction.
        # assertRaises (not ...Regex) rolls back to a savepoint: what the refusal left is seen.
        with self.assertRaises(ValidationError) as refused:
            self._create_transaction(flow="redirect", sale_order_ids=[order.id])
        self.assertIn("reviewed before it can be signed", str(refused.exception))
        transactions = self.env["payment.transaction"].search_count
        self.assertFalse(transactions([("sale_order_ids", "in", order.ids)]))
        # The order's transaction route, as the portal's payment form calls it (Odoo logs the
        # refusal of a JSON route as a warning).
        params = {
            "access_token": order.access_token,
            "provider_id": self.provider.id,
            "payment_method_id": self.payment_method_id,
            "token_id": None,
            "amount": order.amount_total,
            "flow": "redirect",
            "tokenization_requested": False,
            "landing_route": order.get_portal_url(),
        }
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"/my/orders/{order.id}/transaction",
                data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 0, "params": params}),
                headers={"Content-Type": "application/json"},
            )
        error = response.json()["error"]["data"]
        self.assertEqual(error["name"], "odoo.exceptions.ValidationError")
        self.assertIn("reviewed before it can be signed", error["message"])
        # The generic payment link of the order.
        # payment_utils.generate_access_token, which reads the key through the HTTP request.
        token = hmac(
            self.env(su=True),
            "generate_access_token",
            f"{order.partner_invoice_id.id}|{order.amount_total}|{order.currency_id.id}",
        )
        with mute_logger("odoo.http"):
            page = self.url_open(
                f"/payment/pay?sale_order_id={order.id}&amount={order.amount_total}"
                f"&access_token={token}"
            )
        self.assertIn("reviewed before it can be signed", page.text)
        self.assertFalse(transactions([("sale_order_ids", "in", order.ids)]))
        # Approved: paid as usual.
        self._approve(order)
        tx = self._create_transaction(flow="redirect", sale_order_ids=[order.id], state="done")
        with mute_logger("odoo.addons.sale.models.payment_transaction"):
            tx._post_process()
        self.assertEqual(order.state, "sale")

    def test_cancelled_quotation_signed_then_reopened_refused(self):
        """A quotation cancelled, signed, and written back to a quotation carries a signature
        Legal never approved: refused, in two writes or in one."""
        order = self._sent_order(require_signature=True, require_payment=False)
        sales = order.with_user(self.user_sales_a)
        sales.with_context(disable_cancel_warning=True).action_cancel()
        sales.write({"signed_by": "Customer", "signature": PNG_1PX})
        with self._refused():
            sales.write({"state": "draft"})
        self.assertEqual(order.state, "cancel")
        # Odoo's own "Set to Quotation" clears the signature: allowed.
        sales.action_draft()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.signature)
        other = self._sent_order(require_signature=True, require_payment=False)
        other.with_user(self.user_sales_a).with_context(disable_cancel_warning=True).action_cancel()
        with self._refused():
            other.with_user(self.user_sales_a).write({"state": "draft", "signature": PNG_1PX})

    def test_signature_with_a_change_in_the_same_write_refused(self):
        """Signed and changed in one write: judged on what the quotation says afterwards."""
        order = self._sent_order(require_signature=True, require_payment=False)
        self._approve(order)
        with self._refused():
            order.with_user(self.user_sales_a).write(
                {"signature": PNG_1PX, "signed_by": "X", "note": "<p>Other terms</p>"}
            )
        self.assertFalse(order.signature)
        self.assertEqual(order.sdp_legal_state, "approved", "nothing changed")

    def test_payment_linked_from_the_order_refused(self):
        order = self._sent_order(require_signature=False, require_payment=True)
        self.amount = order.amount_total
        self.currency = order.currency_id
        self.partner = order.partner_invoice_id
        tx = self._create_transaction(flow="redirect", state="done")
        with self._refused():
            order.with_user(self.user_sales_a).write({"transaction_ids": [Command.link(tx.id)]})
        self.assertFalse(order.transaction_ids)
        # Paid while cancelled, then set back to a quotation: the payment is judged then.
        sales = order.with_user(self.user_sales_a)
        sales.with_context(disable_cancel_warning=True).action_cancel()
        self._create_transaction(flow="redirect", sale_order_ids=[order.id], reference="cancel")
        with self._refused():
            sales.action_draft()
        self.assertEqual(order.state, "cancel")

    def test_down_payment_line_selling_a_quantity_is_a_term(self):
        """A down-payment line that sells a quantity changes what Legal approved; one without
        quantity (as Odoo adds them) does not."""
        order = self._sent_order(require_signature=True, require_payment=False)
        self._approve(order)
        with self._refused():
            # Asking for a down payment of a quotation Legal approved is allowed; of one it
            # has not, refused (below). A line selling a quantity resets the review.
            order.order_line.with_user(self.user_sales_a).create(
                {
                    "order_id": order.id,
                    "product_id": self.product.id,
                    "price_unit": 9999.0,
                    "product_uom_qty": 1.0,
                    "is_downpayment": True,
                }
            )
        self.assertEqual(order.sdp_legal_state, "approved")
        order.order_line.with_user(self.user_sales_a).create(
            {
                "order_id": order.id,
                "product_id": self.product.id,
                "price_unit": 100.0,
                "product_uom_qty": 0.0,
                "is_downpayment": True,
            }
        )
        self.assertEqual(order.sdp_legal_state, "approved", "invoicing, not terms")
        order.order_line.filtered("is_downpayment").with_user(self.user_sales_a).write(
            {"product_uom_qty": 1.0}
        )
        self.assertEqual(order.sdp_legal_state, "to_submit", "a quantity sold is a term")

    def test_down_payment_invoice_refused_before_approval(self):
        order = self._sent_order(require_signature=False, require_payment=True)
        wizard = (
            self.env["sale.advance.payment.inv"]
            .with_user(self.user_sales_a)
            .with_context(active_model="sale.order", active_ids=order.ids)
            .create({"advance_payment_method": "percentage", "amount": 50})
        )
        with self._refused():
            wizard.create_invoices()
        self.assertFalse(order.order_line.filtered("is_downpayment"))

    def test_payment_for_other_terms_does_not_confirm(self):
        """A payment started on the approved terms, then the price changed and Legal approved
        the new terms: the payment was for other terms and confirms nothing."""
        order = self._sent_order(require_signature=False, require_payment=True)
        self._approve(order)
        self.amount = order.amount_total
        self.currency = order.currency_id
        self.partner = order.partner_invoice_id
        tx = self._create_transaction(flow="redirect", sale_order_ids=[order.id])
        order.order_line.with_user(self.user_sales_a).price_unit = 10.0
        self._approve(order)
        tx._set_done()
        with mute_logger("odoo.addons.sale.models.payment_transaction"):
            tx._post_process()
        self.assertEqual(order.state, "sent", "not confirmed by a payment for other terms")
        self.assertFalse(order.sdp_legal_is_held)
        self.assertTrue(
            order.message_ids.filtered(lambda m: "paid online for terms" in (m.body or ""))
        )

    def test_prepayment_and_delivery_lead_time_are_terms(self):
        """P3.7.2: payment and delivery time are terms Legal approves."""
        order = self._sent_order(require_signature=False, require_payment=True)
        self._approve(order)
        order.with_user(self.user_sales_a).prepayment_percent = 0.3
        self.assertEqual(order.sdp_legal_state, "to_submit")
        self._approve(order)
        order.order_line.with_user(self.user_sales_a).customer_lead = 90.0
        self.assertEqual(order.sdp_legal_state, "to_submit")
        bodies = order.message_ids.mapped("body")
        self.assertTrue(any("Lead Time" in (body or "") for body in bodies), "the change is named")
