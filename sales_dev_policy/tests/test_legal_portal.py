"""Portal signature and payment go through the legal gate (P3.7.3). Feature: legal."""

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.payment.tests.common import PaymentCommon

from .common_legal import PNG_1PX, SdpLegalCommon


@tagged("sdp_legal", "post_install", "-at_install")
class TestLegalPortal(SdpLegalCommon, PaymentCommon):
    """P3.7.3: online signature and payment wait for the legal review (no traceback)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._enable_amount_trigger(5000.0)

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
