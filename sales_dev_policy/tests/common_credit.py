"""Fixtures of the credit tests (P6.3). Feature: credit."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user

from .common import SalesDevPolicyCommon


class CreditCommon(SalesDevPolicyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.sdp_credit_order_gate = True
        cls.currency = cls.company.currency_id
        cls.customer = cls.env["res.partner"].create(
            {"name": "Credit Customer Ltd", "is_company": True, "user_id": cls.user_sales_a.id}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Credit Contact", "parent_id": cls.customer.id}
        )
        # No taxes: the amounts of the tests are the amounts of the exposure.
        cls.product = cls.env["product.product"].create(
            {
                "name": "Credit Test Service",
                "type": "service",
                "list_price": 100.0,
                "invoice_policy": "order",
                "taxes_id": [Command.clear()],
            }
        )
        cls.product_delivered = cls.env["product.product"].create(
            {
                "name": "Delivered Service",
                "type": "service",
                "invoice_policy": "delivery",
                "taxes_id": [Command.clear()],
            }
        )
        # Only our credit officer receives the activities (demo data has another one).
        officers = cls.env.ref("sales_dev_policy.group_sdp_credit_officer")
        (officers.users - cls.user_credit).write({"groups_id": [Command.unlink(officers.id)]})

    def _profile(self, partner=None, state="approved", limit=1000.0, **vals):
        values = {
            "partner_id": (partner or self.customer).id,
            "state": state,
            "rating": "b",
            "score": 70,
            "credit_limit": limit,
            "date_assessed": fields.Date.today() - timedelta(days=10),
            "date_next_review": fields.Date.today() + timedelta(days=30),
            **vals,
        }
        # An approved credit file, as an approved assessment leaves it (fixture: extending
        # credit by hand is refused to everyone, see test_integrity.py).
        return self.env["sdp.credit.profile"].create(values)

    def _order(self, amount, partner=None, user=None, qty=1, product=None, **vals):
        user = user or self.user_sales_a
        return (
            self.env["sale.order"]
            .with_user(user)
            .create(
                {
                    "partner_id": (partner or self.contact).id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": (product or self.product).id,
                                "product_uom_qty": qty,
                                "price_unit": amount,
                            }
                        )
                    ],
                    **vals,
                }
            )
        )

    def _release(self, order, user, reason="Bank guarantee received"):
        wizard = (
            self.env["sale.order.credit.release"]
            .with_user(user)
            .create({"order_id": order.id, "reason": reason})
        )
        return wizard.action_release()

    def _approver(self):
        """A second credit officer: the approver of assessments (four eyes, P6.3.1)."""
        approver = self.env["res.users"].search([("login", "=", "sdp_credit_approver")])
        return approver or new_test_user(
            self.env,
            login="sdp_credit_approver",
            name="Credit Approver",
            groups="sales_team.group_sale_salesman_all_leads,"
            "sales_dev_policy.group_sdp_credit_officer",
        )

    def _assess(self, partner=None, proposed_state="approved", limit=1000.0, rating="b", **vals):
        """An assessment made by the credit officer and approved by another one: the real way
        a profile becomes Approved (P6.3.1). Returns the assessment."""
        assessment = (
            self.env["sdp.credit.assessment"]
            .with_user(self.user_credit)
            .create(
                {
                    "partner_id": (partner or self.customer).id,
                    "rating": rating,
                    "score": 70,
                    "credit_limit": limit,
                    "proposed_state": proposed_state,
                    **vals,
                }
            )
        )
        assessment.action_done()
        assessment.with_user(self._approver()).action_approve()
        return assessment
