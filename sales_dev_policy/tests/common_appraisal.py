"""Fixtures of the appraisal tests (P5.2-P5.4). Feature: appraisal."""

from .common import SalesDevPolicyCommon


class AppraisalCommon(SalesDevPolicyCommon):
    """Products, customers and helpers for the appraisal tests (P5.2-P5.4)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "Appraisal Widget", "list_price": 100.0, "standard_price": 60.0}
        )
        cls.customer_new = cls.env["res.partner"].create(
            {"name": "Appraisal New Co", "is_company": True, "user_id": cls.user_sales_a.id}
        )
        cls.customer_old = cls.env["res.partner"].create(
            {"name": "Appraisal Old Co", "is_company": True, "user_id": cls.user_sales_a.id}
        )
        cls.customer_b = cls.env["res.partner"].create(
            {"name": "Appraisal B Co", "is_company": True, "user_id": cls.user_sales_b.id}
        )
        cls.Appraisal = cls.env["sdp.appraisal"]
        cls.Target = cls.env["sdp.sales.target"]

    def _order(self, partner, user, when, qty=1.0):
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": user.id,
                "order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": qty})],
            }
        )
        order.action_confirm()
        order.date_order = when
        return order

    def _target(self, user, month, sales=0.0, profit=0.0, new=0):
        return self.Target.create(
            {
                "user_id": user.id,
                "date_from": month,
                "sales_target": sales,
                "profit_target": profit,
                "new_customers_target": new,
            }
        )

    def _generate(self, period_type, day):
        appraisals = self.Appraisal._generate(period_type, day, companies=self.company)
        return {appraisal.user_id: appraisal for appraisal in appraisals}

    def _activities(self, appraisal, summary):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "sdp.appraisal"),
                ("res_id", "=", appraisal.id),
                ("summary", "=", summary),
            ]
        )
