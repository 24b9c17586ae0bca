"""Fixtures of the incentive tests (P5.1). Feature: incentive."""

from contextlib import contextmanager
from datetime import datetime

from .common import SalesDevPolicyCommon


class IncentiveCommon(SalesDevPolicyCommon):
    """Products, customers and a second company for commissions and project bonuses (P5.1)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "Commission Widget", "list_price": 100.0, "standard_price": 60.0}
        )
        cls.customer_old = cls.env["res.partner"].create({"name": "Old Co", "is_company": True})
        cls.customer_new = cls.env["res.partner"].create({"name": "New Co", "is_company": True})
        cls.company_b = cls.env["res.company"].create({"name": "SDP Company B"})
        cls.Plan = cls.env["sdp.commission.plan"]
        # The database's own plans (demo data: one per demo team) are archived so that the tests
        # count the sheets of their own plans and users only.
        cls.Plan.search([]).action_archive()
        cls.Sheet = cls.env["sdp.commission.sheet"]
        cls.Bonus = cls.env["sdp.project.bonus"]

    @classmethod
    def _order(cls, partner, user, date, qty=1.0, company=None):
        vals = {
            "partner_id": partner.id,
            "user_id": user.id,
            "order_line": [(0, 0, {"product_id": cls.product.id, "product_uom_qty": qty})],
        }
        if company:
            vals["company_id"] = company.id
        order = cls.env["sale.order"].create(vals)
        order.action_confirm()
        order.date_order = date
        return order

    @classmethod
    def _plan(cls, name="Plan A", **vals):
        return cls.Plan.create(
            {
                "name": name,
                "rate_sales": 5.0,
                "rate_profit": 10.0,
                "amount_per_new_customer": 50.0,
                "user_ids": [(4, cls.user_sales_a.id)],
                **vals,
            }
        )

    @staticmethod
    def _dt(*args):
        return datetime(*args)

    @contextmanager
    def assertRaisesRegex(self, exception, regex):
        """Odoo's ``assertRaises`` (in a savepoint, so a refused change is rolled back) plus a
        check of the message."""
        with self.assertRaises(exception) as context:
            yield context
        self.assertRegex(str(context.exception), regex)
