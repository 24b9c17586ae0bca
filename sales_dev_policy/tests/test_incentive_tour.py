"""The incentive screens in the browser (P5.1). Feature: incentive."""

from datetime import date, datetime

from odoo.tests import HttpCase, new_test_user, tagged


class CommissionTourCase(HttpCase):
    """P5.1.1 in the browser: the salesperson reads their commission sheet from Sales > Orders >
    My Commissions, on a desktop and on a phone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(
            cls.env,
            login="sdp_tour_earner",
            name="Tour Earner",
            groups="sales_dev_policy.group_sdp_salesperson",
        )
        cls.env["sdp.commission.plan"].create(
            {"name": "Tour plan", "rate_sales": 10.0, "user_ids": [(4, cls.salesperson.id)]}
        )
        product = cls.env["product.product"].create({"name": "Tour Widget", "list_price": 100.0})
        customer = cls.env["res.partner"].create({"name": "Tour Commission Co", "is_company": True})
        order = cls.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": cls.salesperson.id,
                "order_line": [(0, 0, {"product_id": product.id})],
            }
        )
        order.action_confirm()
        order.date_order = datetime(2026, 10, 12)
        cls.sheet = cls.env["sdp.commission.sheet"]._generate(date(2026, 10, 1), cls.env.company)
        cls.sheet = cls.sheet.filtered(lambda sheet: sheet.user_id == cls.salesperson)

    def _run_commission_tour(self):
        self.assertEqual(self.sheet.amount_total, 10.0)
        url = "/odoo/action-sales_dev_policy.sdp_commission_sheet_action_my"
        self.start_tour(url, "sales_dev_policy_commission_tour", login="sdp_tour_earner")
        self.assertEqual(self.sheet.state, "draft")


@tagged("sdp_browser", "sdp_incentive", "post_install", "-at_install")
class TestCommissionTourDesktop(CommissionTourCase):
    def test_commission_tour_desktop(self):
        self._run_commission_tour()


@tagged("sdp_browser", "sdp_incentive", "post_install", "-at_install")
class TestCommissionTourPhone(CommissionTourCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_commission_tour_phone(self):
        self._run_commission_tour()
