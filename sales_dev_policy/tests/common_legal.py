"""Fixtures of the legal review tests (P3.7.3). Feature: legal."""

from odoo import Command

from .common import SalesDevPolicyCommon

# A one-pixel PNG: the signature a customer draws on the portal.
PNG_1PX = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


class SdpLegalCommon(SalesDevPolicyCommon):
    """Products, customers, payment terms and helpers for the legal review tests (P3.7.3)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Legal Test Customer", "email": "legal.customer@example.com"}
        )
        cls.customer_2 = cls.env["res.partner"].create({"name": "Other Customer"})
        cls.categ_legal = cls.env["product.category"].create({"name": "Regulated"})
        cls.categ_legal_child = cls.env["product.category"].create(
            {"name": "Regulated / Medical", "parent_id": cls.categ_legal.id}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Consulting Day", "type": "service", "list_price": 1000.0}
        )
        cls.product_regulated = cls.env["product.product"].create(
            {
                "name": "Regulated Device",
                "type": "consu",
                "list_price": 100.0,
                "categ_id": cls.categ_legal_child.id,
            }
        )
        cls.product_special = cls.env["product.product"].create(
            {"name": "Special Licence", "type": "service", "list_price": 50.0}
        )
        cls.term_immediate = cls.env.ref("account.account_payment_term_immediate")
        cls.term_30 = cls.env.ref("account.account_payment_term_30days")
        cls.legal_activity_type = cls.env.ref(
            "sales_dev_policy.mail_activity_type_sdp_legal_review"
        )
        cls.tag = cls.env["crm.tag"].create({"name": "Legal Test Tag"})
        # Only our reviewer receives activities (demo data may contain other reviewers).
        cls.company.sdp_legal_reviewer_id = False

    @classmethod
    def _enable_amount_trigger(cls, threshold=5000.0):
        cls.company.write({"sdp_legal_on_amount": True, "sdp_legal_amount_threshold": threshold})

    def _create_order(self, user=None, qty=1.0, product=None, **vals):
        user = user or self.user_sales_a
        values = {
            "partner_id": self.customer.id,
            "order_line": [
                Command.create(
                    {
                        "product_id": (product or self.product).id,
                        "product_uom_qty": qty,
                    }
                )
            ],
        }
        values.update(vals)
        return self.env["sale.order"].with_user(user).create(values)

    def _legal_activities(self, order):
        return order.activity_ids.filtered(lambda a: a.activity_type_id == self.legal_activity_type)

    def _decide(self, order, decision, user=None, checklist=True, comments=False):
        """Decide as ``user`` through the button and its wizard, as the UI does."""
        user = user or self.user_legal
        action = order.with_user(user).action_sdp_legal_approve()
        values = {
            "order_id": order.id,
            "decision": decision,
            "comments": comments,
        }
        if checklist:
            values.update(
                {
                    "check_rights_obligations": True,
                    "check_specifications": True,
                    "check_price": True,
                    "check_delivery_time": True,
                    "check_quality_standards": True,
                    "check_breach_liability": True,
                }
            )
        wizard = (
            self.env["sdp.legal.decision"]
            .with_user(user)
            .with_context(**action["context"])
            .create(values)
        )
        return wizard.action_apply()

    def _approve(self, order, user=None):
        order.with_user(self.user_sales_a).action_sdp_legal_submit()
        self._decide(order, "approve", user=user)
        self.assertEqual(order.sdp_legal_state, "approved")
