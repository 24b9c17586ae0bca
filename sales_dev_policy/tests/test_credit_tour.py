"""The credit screens in the browser (P6.3). Feature: credit."""

from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


class CreditTourCase(HttpCase):
    """P6.3.1 in the browser: the salesperson's credit summary and assessment request."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(
            cls.env,
            login="sdp_tour_sales",
            name="Tour Salesperson",
            groups="sales_dev_policy.group_sdp_salesperson",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Tour Credit Customer", "is_company": True, "user_id": cls.salesperson.id}
        )
        cls.env["sdp.credit.profile"].create(
            {
                "partner_id": cls.customer.id,
                "state": "approved",
                "rating": "b",
                "credit_limit": 1000.0,
                "date_next_review": fields.Date.today() + timedelta(days=30),
            }
        )

    def _run_credit_tour(self):
        url = f"/odoo/action-base.action_partner_form/{self.customer.id}"
        self.start_tour(url, "sales_dev_policy_credit_tour", login="sdp_tour_sales")
        request = self.env["sdp.credit.assessment"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(request.state, "requested")
        self.assertEqual(request.requested_by_id, self.salesperson)
        self.assertEqual(request.request_note, "Tender of 50k next month")


@tagged("sdp_browser", "sdp_credit", "post_install", "-at_install")
class TestCreditTourDesktop(CreditTourCase):
    def test_credit_tour_desktop(self):
        self._run_credit_tour()


@tagged("sdp_browser", "sdp_credit", "post_install", "-at_install")
class TestCreditTourPhone(CreditTourCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_credit_tour_phone(self):
        self._run_credit_tour()
