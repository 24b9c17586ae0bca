"""Sales indicators per salesperson and period (P5.1.1, P5.2). Shared by incentive and
appraisal."""

from datetime import datetime

from odoo.tests import tagged

from .common import SalesDevPolicyCommon


@tagged("sdp_incentive", "post_install", "-at_install")
class TestSalesKpi(SalesDevPolicyCommon):
    """The measures commissions (P5.1.1) and appraisals (P5.2.1-P5.2.3) are computed from."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "KPI Widget", "list_price": 100.0, "standard_price": 60.0}
        )
        cls.customer_new = cls.env["res.partner"].create({"name": "KPI New Co", "is_company": True})
        cls.customer_new_contact = cls.env["res.partner"].create(
            {"name": "KPI New Contact", "parent_id": cls.customer_new.id}
        )
        cls.customer_old = cls.env["res.partner"].create({"name": "KPI Old Co", "is_company": True})

    def _order(self, partner, user, date, qty=1.0, confirm=True):
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": user.id,
                "order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": qty})],
            }
        )
        if confirm:
            order.action_confirm()
            order.date_order = date
        return order

    def _kpis(self, users, date_from="2026-10-01", date_to="2026-10-31"):
        return self.env["sdp.sales.kpi"]._get_kpis(users, date_from, date_to, self.company)

    def test_amount_profit_new_customers(self):
        """P5.1.1/P5.2.1/P5.2.3: amount and margin of orders confirmed in the period; a customer
        is new in the month of its first confirmed order, whichever of its contacts ordered."""
        users = self.user_sales_a | self.user_sales_b
        self._order(
            self.customer_old, self.user_sales_a, datetime(2026, 9, 15)
        )  # before the period
        self._order(self.customer_old, self.user_sales_a, datetime(2026, 10, 5), qty=2)
        self._order(self.customer_new_contact, self.user_sales_b, datetime(2026, 10, 31, 23, 0))
        self._order(self.customer_new, self.user_sales_a, datetime(2026, 10, 20))
        self._order(self.customer_new, self.user_sales_a, datetime(2026, 11, 1))  # after the period
        self._order(self.customer_new, self.user_sales_a, datetime(2026, 10, 10), confirm=False)

        kpis = self._kpis(users)
        self.assertEqual(kpis[self.user_sales_a.id]["sales_amount"], 300.0)
        self.assertEqual(kpis[self.user_sales_a.id]["profit"], 120.0)
        # KPI Old Co first ordered in September; KPI New Co first ordered on 20 October, from A.
        self.assertEqual(kpis[self.user_sales_a.id]["new_customers"], 1)
        self.assertEqual(kpis[self.user_sales_b.id]["sales_amount"], 100.0)
        self.assertEqual(
            kpis[self.user_sales_b.id]["new_customers"], 0, "its contact ordered later"
        )
        september = self._kpis(users, "2026-09-01", "2026-09-30")
        self.assertEqual(september[self.user_sales_a.id]["new_customers"], 1)
        self.assertEqual(september[self.user_sales_b.id]["sales_amount"], 0.0)

    def test_prospects_contacted_and_success_rate(self):
        """P5.2.2: success rate = prospects contacted in the period (first contact done,
        P3.3.2) that became customers / prospects contacted in the period."""
        call = self.env.ref("sales_dev_policy.mail_activity_type_sdp_first_contact_call")
        leads = self.env["crm.lead"].create(
            [
                {"name": f"KPI prospect {index}", "user_id": self.user_sales_a.id, "type": "lead"}
                for index in range(4)
            ]
        )
        for lead in leads[:3]:
            lead.activity_schedule(activity_type_id=call.id, user_id=self.user_sales_a.id)
            lead.activity_ids.action_feedback(feedback="Called")
        messages = self.env["mail.message"].search(
            [
                ("model", "=", "crm.lead"),
                ("res_id", "in", leads.ids),
                ("mail_activity_type_id", "=", call.id),
            ]
        )
        messages.filtered(lambda msg: msg.res_id != leads[2].id).write(
            {"date": datetime(2026, 10, 3)}
        )
        messages.filtered(lambda msg: msg.res_id == leads[2].id).write(
            {"date": datetime(2026, 9, 3)}
        )
        leads[1].action_archive()  # a lost or archived prospect was still contacted
        leads[0].partner_id = self.customer_new  # contacted, then its first order
        self._order(self.customer_new, self.user_sales_a, datetime(2026, 10, 20))

        kpis = self._kpis(self.user_sales_a)[self.user_sales_a.id]
        self.assertEqual(kpis["prospects_contacted"], 2)
        self.assertEqual(kpis["new_customers"], 1)
        self.assertEqual(kpis["prospects_converted"], 1)
        self.assertEqual(kpis["success_rate"], 50.0)
        self.assertEqual(self._kpis(self.user_sales_b)[self.user_sales_b.id]["success_rate"], 0.0)

    def test_other_company_and_currency(self):
        """Orders of another company do not count; other currencies are converted at the
        period end."""
        company_b = self.env["res.company"].create({"name": "KPI Company B"})
        self.user_sales_a.company_ids |= company_b
        order_b = (
            self.env["sale.order"]
            .with_company(company_b)
            .create(
                {
                    "partner_id": self.customer_old.id,
                    "user_id": self.user_sales_a.id,
                    "company_id": company_b.id,
                    "order_line": [(0, 0, {"product_id": self.product.id})],
                }
            )
        )
        order_b.action_confirm()
        order_b.date_order = datetime(2026, 10, 5)
        other = self.env.ref("base.EUR")
        if other == self.company.currency_id:
            other = self.env.ref("base.USD")
        other.active = True
        other.rate_ids.filtered(lambda rate: rate.company_id in (self.company, False)).unlink()
        # 1 unit of company currency = 2 units of the other one, from before the period on.
        self.env["res.currency.rate"].create(
            {
                "name": "2026-09-01",
                "rate": 2.0,
                "currency_id": other.id,
                "company_id": self.company.id,
            }
        )
        pricelist = self.env["product.pricelist"].create(
            {"name": "KPI other", "currency_id": other.id}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer_old.id,
                "user_id": self.user_sales_a.id,
                "pricelist_id": pricelist.id,
                "order_line": [(0, 0, {"product_id": self.product.id, "price_unit": 100.0})],
            }
        )
        order.action_confirm()
        order.date_order = datetime(2026, 10, 6)
        kpis = self._kpis(self.user_sales_a)[self.user_sales_a.id]
        self.assertAlmostEqual(kpis["sales_amount"], 50.0)
