"""Fixtures of the customer information and access tests (P4). Feature: customer information."""

from odoo import Command
from odoo.tests import new_test_user

from .common import SalesDevPolicyCommon


class AccessCommon(SalesDevPolicyCommon):
    """Leads, customers and orders of salesperson A (team A) and B (team B), plus company B."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # exports need "Access to export feature" (base.group_allow_export) in standard Odoo
        allow_export = cls.env.ref("base.group_allow_export")
        allow_export.users = [
            Command.link(user.id)
            for user in (cls.user_sales_a | cls.user_leader | cls.user_manager)
        ]
        Partner = cls.env["res.partner"]
        cls.customer_a = Partner.create(
            {"name": "SDP Customer of A", "is_company": True, "user_id": cls.user_sales_a.id}
        )
        cls.customer_b = Partner.create(
            {"name": "SDP Customer of B", "is_company": True, "user_id": cls.user_sales_b.id}
        )
        cls.contact_b = Partner.create({"name": "SDP Contact of B", "parent_id": cls.customer_b.id})
        cls.customer_free = Partner.create({"name": "SDP Customer without salesperson"})
        Lead = cls.env["crm.lead"]
        cls.lead_a = Lead.create(
            {
                "name": "SDP Lead A",
                "type": "opportunity",
                "user_id": cls.user_sales_a.id,
                "team_id": cls.team_a.id,
                "partner_id": cls.customer_a.id,
            }
        )
        cls.lead_b = Lead.create(
            {
                "name": "SDP Lead B",
                "type": "opportunity",
                "user_id": cls.user_sales_b.id,
                "team_id": cls.team_b.id,
                "partner_id": cls.customer_b.id,
            }
        )
        Order = cls.env["sale.order"]
        cls.order_a = Order.create(
            {
                "partner_id": cls.customer_a.id,
                "user_id": cls.user_sales_a.id,
                "team_id": cls.team_a.id,
            }
        )
        cls.order_b = Order.create(
            {
                "partner_id": cls.customer_b.id,
                "user_id": cls.user_sales_b.id,
                "team_id": cls.team_b.id,
            }
        )
        cls.company_b = cls.env["res.company"].create({"name": "SDP Company B"})
        cls.user_sales_cb = new_test_user(
            cls.env,
            login="sdp_sales_cb",
            name="Salesperson of Company B",
            groups="sales_dev_policy.group_sdp_salesperson",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.lead_unassigned = Lead.create(
            {
                "name": "SDP Lead nobody owns",
                "user_id": False,
                "team_id": False,
                "company_id": cls.company.id,
            }
        )
        cls.all_leads = cls.lead_a | cls.lead_b | cls.lead_unassigned
        cls.all_orders = cls.order_a | cls.order_b

    @classmethod
    def _setup_privacy(cls):
        """Two companies for customer confidentiality: salesperson AB works in both (company A
        is the test company), portal customer's contact, a product to quote."""
        cls.user_sales_ab = new_test_user(
            cls.env,
            login="sdp_sales_ab",
            name="Salesperson of A and B",
            groups="sales_dev_policy.group_sdp_salesperson",
            company_id=cls.company.id,
            company_ids=[Command.set((cls.company | cls.company_b).ids)],
        )
        cls.env.ref("base.group_allow_export").users = [Command.link(cls.user_sales_ab.id)]
        Partner = cls.env["res.partner"]
        # Customers of salesperson B filed in company A, in company B and without a company.
        cls.customer_b_in_a = Partner.create(
            {
                "name": "SDP Customer of B in company A",
                "is_company": True,
                "user_id": cls.user_sales_b.id,
                "company_id": cls.company.id,
                "email": "b-in-a@example.com",
            }
        )
        cls.customer_b_in_b = Partner.create(
            {
                "name": "SDP Customer of B in company B",
                "is_company": True,
                "user_id": cls.user_sales_b.id,
                "company_id": cls.company_b.id,
            }
        )
        # The portal customer is salesperson B's customer.
        cls.user_portal.partner_id.user_id = cls.user_sales_b
        cls.product = cls.env["product.product"].create({"name": "SDP Widget", "list_price": 10})

    def _set_company(self, **vals):
        # as the administrator through the settings, like a user would
        self.company.write(vals)
