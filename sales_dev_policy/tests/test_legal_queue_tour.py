"""The legal reviewer's first day, in the browser (P3.7.3): from Odoo's home to the queue, the
decision taken on the round with the order's lines on screen, and the salesperson told.
Feature: legal."""

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


class LegalQueueTourCase(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reviewer = new_test_user(
            cls.env,
            login="sdp_queue_legal",
            name="Queue Reviewer",
            groups="sales_dev_policy.group_sdp_legal_reviewer",
        )
        cls.salesperson = new_test_user(
            cls.env,
            login="sdp_queue_sales",
            name="Queue Salesperson",
            groups="sales_dev_policy.group_sdp_salesperson",
        )
        cls.env.company.write({"sdp_legal_on_amount": True, "sdp_legal_amount_threshold": 10.0})
        customer = cls.env["res.partner"].create(
            {"name": "Queue Tour Customer", "is_company": True, "user_id": cls.salesperson.id}
        )
        product = cls.env["product.product"].create(
            {"name": "Queue Tour Service", "type": "service", "list_price": 100.0}
        )
        cls.order = (
            cls.env["sale.order"]
            .with_user(cls.salesperson)
            .create(
                {
                    "partner_id": customer.id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
            )
        )
        cls.order.action_sdp_legal_submit()

    def _run(self):
        self.start_tour("/odoo", "sales_dev_policy_legal_queue_tour", login="sdp_queue_legal")
        self.assertEqual(self.order.sdp_legal_state, "approved")
        review = self.order.sdp_legal_review_ids[:1]
        self.assertEqual(review.reviewer_id, self.reviewer)
        self.assertTrue(review.check_rights_obligations and review.check_price)
        told = self.order.message_ids.filtered(
            lambda message: self.salesperson.partner_id in message.partner_ids
        )
        self.assertIn("approved", told[:1].body)


@tagged("sdp_browser", "sdp_legal", "post_install", "-at_install")
class TestLegalQueueDesktop(LegalQueueTourCase):
    def test_legal_reviewer_first_day(self):
        self._run()


@tagged("sdp_browser", "sdp_legal", "post_install", "-at_install")
class TestLegalQueuePhone(LegalQueueTourCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_legal_reviewer_first_day(self):
        self._run()
