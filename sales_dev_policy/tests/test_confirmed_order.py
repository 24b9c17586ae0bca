"""A confirmed order stays what the confirmation gate passed (P3.7.3, P6.3.1).

A gate that holds only at the moment it is crossed is a way around the policy: after
confirmation a salesperson could raise the amount, add lines, change the customer or the
company, or re-file the customer's contact under another company. Each case as the
salesperson who would try it, with nothing kept after the refusal, and the honest change still
allowed. Shared by legal and credit."""

import base64
import io

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools.pdf import PdfFileWriter

from .common_credit import CreditCommon
from .common_legal import SdpLegalCommon


@tagged("post_install", "-at_install", "sdp_credit")
class TestConfirmedOrderCredit(CreditCommon):
    def setUp(self):
        super().setUp()
        self.profile = self._profile(limit=1000.0)
        self.order = self._order(600.0)
        self.order.with_user(self.user_sales_a).action_confirm()
        self.as_sales = self.order.with_user(self.user_sales_a)

    def test_confirmation_stores_what_it_counts_against(self):
        self.assertEqual(self.order.sdp_confirmed_partner_id, self.customer)
        self.assertEqual(self.order.sdp_confirmed_company_id, self.company)
        self.assertEqual(self.order.sdp_confirmed_currency_id, self.order.currency_id)
        self.assertEqual(self.order.sdp_confirmed_amount, 600.0)

    def test_stored_values_are_the_flow_s_own(self):
        """Over RPC the salesperson cannot rewrite what the order counts against."""
        with self.assertRaisesMsg(Exception, "set by the policy's flows only"):
            self.as_sales.write({"sdp_confirmed_amount": 1.0})
        with self.assertRaisesMsg(Exception, "set by the policy's flows only"):
            self.as_sales.write({"sdp_confirmed_partner_id": self.contact.id})
        self.assertEqual(self.order.sdp_confirmed_amount, 600.0)

    def test_quantity_raised_over_the_limit_refused(self):
        with self.assertRaisesMsg(UserError, "(?s)confirmation gate.*over its credit limit"):
            self.as_sales.order_line.write({"product_uom_qty": 2, "price_unit": 600.0})
        self.assertEqual(self.order.order_line.product_uom_qty, 1)
        self.assertEqual(self.order.amount_total, 600.0)
        self.assertEqual(self.order.sdp_confirmed_amount, 600.0)

    def test_price_raised_within_the_limit_kept(self):
        self.as_sales.order_line.write({"price_unit": 900.0})
        self.assertEqual(self.order.amount_total, 900.0)
        self.assertEqual(self.order.sdp_confirmed_amount, 900.0, "the new amount is counted")

    def test_line_added_over_the_limit_refused(self):
        with self.assertRaisesMsg(UserError, "over its credit limit"):
            self.as_sales.write(
                {
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "product_uom_qty": 1, "price_unit": 500}
                        )
                    ]
                }
            )
        self.assertEqual(len(self.order.order_line), 1)

    def test_line_zeroed_kept(self):
        """Less is always within what was passed (Odoo keeps a confirmed order's lines: their
        quantity is set to zero instead)."""
        self.as_sales.write(
            {
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 1, "price_unit": 100}
                    )
                ]
            }
        )
        self.assertEqual(self.order.sdp_confirmed_amount, 700.0)
        self.order.order_line[-1].with_user(self.user_sales_a).product_uom_qty = 0
        self.assertEqual(self.order.sdp_confirmed_amount, 600.0)

    def test_customer_company_currency_refused(self):
        other = self.env["res.partner"].create(
            {"name": "Other Customer Ltd", "is_company": True, "user_id": self.user_sales_a.id}
        )
        with self.assertRaisesMsg(UserError, "customer, company and currency of a confirmed"):
            self.as_sales.write({"partner_id": other.id})
        self.assertEqual(self.order.partner_id, self.contact)
        company_b = self.env["res.company"].create({"name": "SDP Other Company"})
        self.user_sales_a.company_ids |= company_b
        with self.assertRaises(UserError):
            self.as_sales.with_company(company_b).write({"company_id": company_b.id})
        self.assertEqual(self.order.company_id, self.company)

    def test_another_contact_of_the_same_customer_kept(self):
        colleague = self.env["res.partner"].create(
            {"name": "Credit Colleague", "parent_id": self.customer.id}
        )
        self.as_sales.write({"partner_id": colleague.id})
        self.assertEqual(self.order.partner_id, colleague)

    def test_refiled_contact_keeps_its_order_in_the_exposure(self):
        """The contact is re-filed under another company: the confirmed order still counts
        against the customer it was confirmed for, so no credit is freed for the next order."""
        elsewhere = self.env["res.partner"].create({"name": "Elsewhere Ltd", "is_company": True})
        self.contact.write({"parent_id": elsewhere.id})
        receivable, ordered = self.env["sdp.credit.profile"]._get_exposure(
            self.customer, self.company
        )[self.customer.id]
        self.assertEqual(ordered, 600.0)
        following = self._order(500.0, partner=self.customer)
        with self.assertRaisesMsg(UserError, "over its credit limit"):
            following.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(following.state, "draft")

    def test_gates_off_behaves_as_odoo(self):
        """With the company's gates off, a confirmed order changes as in Odoo."""
        self.company.sdp_credit_order_gate = False
        other = self.env["res.partner"].create({"name": "Free Customer", "is_company": True})
        self.order.write({"partner_id": other.id})
        self.order.order_line.write({"product_uom_qty": 5, "price_unit": 600.0})
        self.assertEqual(self.order.amount_total, 3000.0)

    def test_negative_order_does_not_net_the_batch(self):
        """One arithmetic for the gate and the exposure (P6.3.2): the exposure counts a negative
        order as zero, so the gate does too."""
        self.order.with_user(self.user_sales_a).write({"state": "cancel"})
        real = self._order(1200.0)
        negative = self._order(-300.0)
        with self.assertRaisesMsg(UserError, "over its credit limit"):
            (real | negative).with_user(self.user_sales_a).action_confirm()
        self.assertEqual(set((real | negative).mapped("state")), {"draft"})
        real.order_line.price_unit = 900.0
        (real | negative).with_user(self.user_sales_a).action_confirm()
        self.assertEqual(set((real | negative).mapped("state")), {"sale"})

    def test_block_reason_not_quoted_to_the_salesperson(self):
        """P4.3.3: the reason is the credit file's; the salesperson learns the credit is
        blocked, the credit officer reads why."""
        self.profile.write({"state": "blocked", "block_reason": "Two bounced cheques"})
        quotation = self._order(10.0)
        with self.assertRaises(UserError) as refusal:
            quotation.with_user(self.user_sales_a).action_confirm()
        self.assertIn("blocked", str(refusal.exception))
        self.assertNotIn("bounced", str(refusal.exception))
        officer_view = quotation.with_user(self.user_credit)._sdp_credit_refusals()[quotation]
        self.assertIn("Two bounced cheques", officer_view)


@tagged("post_install", "-at_install", "sdp_legal")
class TestConfirmedOrderLegal(SdpLegalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._enable_amount_trigger(5000.0)

    def _confirmed_approved(self):
        order = self._create_order(qty=10)
        self._approve(order)
        order.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(order.state, "sale")
        return order

    def test_terms_legal_approved_refused_after_confirmation(self):
        """P3.7.3: Legal approved these terms; the confirmed order keeps them."""
        order = self._confirmed_approved()
        with self.assertRaisesMsg(UserError, "(?s)confirmed order is refused.*changed after Legal"):
            order.order_line.with_user(self.user_sales_a).write({"price_unit": 2000.0})
        self.assertEqual(order.order_line.price_unit, 1000.0)
        with self.assertRaisesMsg(UserError, "confirmed order is refused"):
            order.with_user(self.user_sales_a).write({"payment_term_id": self.term_30.id})
        self.assertFalse(order.payment_term_id)

    def test_amount_raised_over_the_threshold_refused(self):
        """An order confirmed below the threshold (no review) cannot grow above it."""
        order = self._create_order(qty=2)
        order.with_user(self.user_sales_a).action_confirm()
        with self.assertRaisesMsg(UserError, "before Legal approves it"):
            order.order_line.with_user(self.user_sales_a).write({"product_uom_qty": 20})
        self.assertEqual(order.order_line.product_uom_qty, 2)
        order.order_line.with_user(self.user_sales_a).write({"product_uom_qty": 4})
        self.assertEqual(order.sdp_confirmed_amount, order.amount_total)

    def test_down_payment_of_an_approved_order(self):
        """Odoo's invoicing adds down payment lines to the confirmed order: not a term."""
        order = self._confirmed_approved()
        wizard = (
            self.env["sale.advance.payment.inv"]
            .with_context(active_model="sale.order", active_ids=order.ids)
            .create({"advance_payment_method": "percentage", "amount": 10})
        )
        wizard.create_invoices()
        self.assertTrue(order.order_line.filtered("is_downpayment"))
        self.assertEqual(order.sdp_legal_state, "approved")

    def _pdf(self, pages):
        writer = PdfFileWriter()
        for _page in range(pages):
            writer.add_blank_page(width=595, height=842)
        stream = io.BytesIO()
        writer.write(stream)
        return base64.b64encode(stream.getvalue())

    def test_documents_signed_are_terms(self):
        """P3.7.3: the header and footer documents sent with the quotation (Odoo's PDF quote
        builder) are part of what Legal approves: choosing another one, or a manager replacing
        a shared document's file after the review, needs a new review."""
        if "quotation_document_ids" not in self.env["sale.order"]._fields:
            self.skipTest("Odoo's PDF quote builder is not installed")
        header = self.env["quotation.document"].create(
            {"name": "SDP Header", "datas": self._pdf(1), "document_type": "header"}
        )
        order = self._create_order(qty=10)
        order.with_user(self.user_sales_a).quotation_document_ids = header
        self._approve(order)
        header.write({"datas": self._pdf(2)})
        with self.assertRaisesMsg(UserError, "changed after Legal.*Quotation documents"):
            order.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(order.state, "draft")
        header.write({"datas": self._pdf(1)})
        order.with_user(self.user_sales_a).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_refusal_under_review_says_to_wait(self):
        """A quotation already submitted: the refusal says it waits for Legal's decision, not
        to submit it again."""
        order = self._create_order(qty=10)
        order.with_user(self.user_sales_a).action_sdp_legal_submit()
        with self.assertRaises(UserError) as refusal:
            order.with_user(self.user_sales_a).action_confirm()
        self.assertIn("under legal review", str(refusal.exception))
        self.assertNotIn("Submit to Legal", str(refusal.exception))
