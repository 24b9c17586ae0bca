"""Least privilege for the reviewers (P3.7.3, P6.3.1): credit officers and legal reviewers read
every lead and order they review but write only their decisions. Feature: customer
information (roles and access)."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import SalesDevPolicyCommon


@tagged("sdp_integrity", "post_install", "-at_install")
class TestReviewersReadAndDecide(SalesDevPolicyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Reviewed Customer", "user_id": cls.user_sales_a.id}
        )
        cls.product = cls.env["product.product"].create({"name": "Reviewed Service"})
        cls.order = (
            cls.env["sale.order"]
            .with_user(cls.user_sales_a)
            .create(
                {
                    "partner_id": cls.customer.id,
                    "order_line": [Command.create({"product_id": cls.product.id})],
                }
            )
        )
        cls.lead = (
            cls.env["crm.lead"]
            .with_user(cls.user_sales_a)
            .create({"name": "Reviewed Lead", "user_id": cls.user_sales_a.id})
        )

    def test_reviewers_read_but_do_not_edit(self):
        for reviewer in (self.user_credit, self.user_legal):
            order = self.order.with_user(reviewer)
            lead = self.lead.with_user(reviewer)
            self.assertEqual(order.name, self.order.name, "they read what they review")
            self.assertEqual(lead.name, "Reviewed Lead")
            attempts = {
                "order write": lambda o=order: o.write({"note": "<p>changed</p>"}),
                "line write": lambda o=order: o.order_line.write({"price_unit": 1.0}),
                "line create": lambda o=order: o.write(
                    {"order_line": [Command.create({"product_id": self.product.id})]}
                ),
                "order create": lambda r=reviewer: self.env["sale.order"]
                .with_user(r)
                .create({"partner_id": self.customer.id}),
                "order copy": lambda o=order: o.copy(),
                "order unlink": lambda o=order: o.unlink(),
                "lead write": lambda ld=lead: ld.write({"name": "Changed"}),
                "lead create": lambda r=reviewer: self.env["crm.lead"]
                .with_user(r)
                .create({"name": "Reviewer's own lead"}),
                "lead unlink": lambda ld=lead: ld.unlink(),
            }
            for path, attempt in attempts.items():
                with (
                    self.subTest(reviewer=reviewer.login, path=path),
                    self.assertRaisesMsg(AccessError, "as a reviewer you read the documents"),
                ):
                    attempt()
        self.assertEqual(self.lead.name, "Reviewed Lead")
        self.assertEqual(len(self.order.order_line), 1)
        self.assertFalse(self.order.note and "changed" in self.order.note)

    def test_reviewer_who_sells_edits_their_own(self):
        seller_officer = new_test_user(
            self.env,
            login="sdp_selling_officer",
            groups="sales_dev_policy.group_sdp_salesperson,"
            "sales_dev_policy.group_sdp_credit_officer",
        )
        own = (
            self.env["crm.lead"]
            .with_user(seller_officer)
            .create({"name": "Own Lead", "user_id": seller_officer.id})
        )
        own.write({"name": "Own Lead, renamed"})
        self.assertEqual(own.name, "Own Lead, renamed")
        with self.assertRaises(AccessError):
            self.lead.with_user(seller_officer).write({"name": "Taken"})

    def test_salesperson_and_manager_unchanged(self):
        self.order.with_user(self.user_sales_a).write({"note": "<p>mine</p>"})
        self.lead.with_user(self.user_manager).write({"name": "Managed"})
        self.assertEqual(self.lead.name, "Managed")
