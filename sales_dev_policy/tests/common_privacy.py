"""Fixtures of the data protection tests (Taiwan PDPA, Hong Kong PDPO): a person with a contact,
a lead, an order, a consent and a message, and a second company. Feature: customer information."""

from odoo import Command
from odoo.tests import new_test_user

from .common import SIGNED_FORM, SalesDevPolicyCommon


class PrivacyCommon(SalesDevPolicyCommon):
    """Mei-Ling Chen, a customer of salesperson A, and what the company holds on her."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.sdp_privacy_law = "tw_pdpa"
        Partner = cls.env["res.partner"]
        cls.person = Partner.create(
            {
                "name": "Mei-Ling Chen",
                "email": "mei-ling.chen@example.com",
                "phone": "+886 2 2345 6789",
                "street": "1 Xinyi Road",
                "city": "Taipei",
                "user_id": cls.user_sales_a.id,
            }
        )
        cls.person_address = Partner.create(
            {
                "name": "Mei-Ling Chen (home)",
                "type": "delivery",
                "parent_id": cls.person.id,
                "email": "mei.home@example.com",
            }
        )
        cls.other_customer = Partner.create(
            {"name": "Customer of B", "email": "b@example.com", "user_id": cls.user_sales_b.id}
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Office chairs for Mei-Ling",
                "type": "opportunity",
                "partner_id": cls.person.id,
                "user_id": cls.user_sales_a.id,
                "team_id": cls.team_a.id,
                "description": "<p>Prefers calls after 18:00</p>",
            }
        )
        cls.product = cls.env["product.product"].create(
            {"name": "SDP Privacy Chair", "list_price": 120.0}
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.person.id,
                "user_id": cls.user_sales_a.id,
                "order_line": [Command.create({"product_id": cls.product.id})],
            }
        )
        cls.consent = cls.env["sdp.customer.consent"].create(
            {"document": SIGNED_FORM, "partner_id": cls.person.id, "scope": "marketing"}
        )
        cls.message = cls.lead.message_post(
            body="Please call me about the chairs.",
            author_id=cls.person.id,
            message_type="comment",
        )
        cls.company_b = cls.env["res.company"].create({"name": "SDP Privacy Company B"})
        cls.manager_b = new_test_user(
            cls.env,
            login="sdp_privacy_manager_b",
            name="Sales Manager of Company B",
            groups="sales_dev_policy.group_sdp_manager",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )

    def _request(self, request_type, user=None, **vals):
        """A request of the person, received by ``user`` (a sales manager by default)."""
        Request = self.env["sdp.privacy.request"].with_user(user or self.user_manager)
        return Request.create(
            {"partner_id": self.person.id, "request_type": request_type, **vals}
        ).with_env(self.env)

    def _lookup(self, name, email):
        """What Odoo's privacy lookup finds for ``name`` and ``email``: {(model, id)}."""
        wizard = self.env["privacy.lookup.wizard"].create({"name": name, "email": email})
        wizard.action_lookup()
        return {(line.res_model, line.res_id) for line in wizard.line_ids}
