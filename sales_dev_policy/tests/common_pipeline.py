"""Fixtures of the pipeline tests (P3). Feature: pipeline."""

from .common import SalesDevPolicyCommon


class PipelineCommon(SalesDevPolicyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.stage = {
            step: ref(f"sales_dev_policy.crm_stage_sdp_{step}")
            for step in (
                "prospect",
                "contact",
                "needs",
                "proposal",
                "negotiation",
                "contract",
                "won",
            )
        }
        cls.team_a.sdp_use_policy_pipeline = True
        # Winning needs a confirmed order (P3.7.1, its own tests in test_pipeline_won.py); the
        # tests of the other rules win leads without one.
        cls.stage["won"].sdp_require_confirmed_order = False
        # Likewise screening (P3.2.2) and the negotiation round (P3.6.3), tested in
        # test_pipeline.py with the stages as installed.
        cls.stage["contact"].sdp_gate_require_screening = False
        cls.stage["contract"].sdp_gate_require_negotiation = False
        cls.company.sdp_pipeline_no_skip = True
        cls.company.sdp_pipeline_back_reason = True
        cls.call_type = ref("sales_dev_policy.mail_activity_type_sdp_first_contact_call")
        cls.partner = cls.env["res.partner"].create({"name": "Prospect Ltd"})

    def _lead(self, name="Lead", step=None, **vals):
        """A lead of salesperson A in team A, brought to ``step`` by a manager override."""
        lead = (
            self.env["crm.lead"]
            .with_user(self.user_sales_a)
            .create(
                {
                    "name": name,
                    "type": "opportunity",
                    "team_id": self.team_a.id,
                    "user_id": self.user_sales_a.id,
                    **vals,
                }
            )
        )
        if step and step != "prospect":
            lead.with_user(self.user_manager)._sdp_override_move(self.stage[step], "test setup")
        return lead.with_user(self.env.user)

    def _log_first_contact(self, lead):
        activity = lead.activity_schedule(
            activity_type_id=self.call_type.id, user_id=self.user_sales_a.id
        )
        activity.with_user(self.user_sales_a).action_done()


class FidelityCommon(PipelineCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Acceptance Customer", "is_company": True}
        )
        cls.buyer = cls.env["res.partner"].create(
            {"name": "Buyer Wang", "parent_id": cls.customer.id}
        )
        cls.stranger = cls.env["res.partner"].create({"name": "Somebody Else"})
        cls.product = cls.env["product.product"].create(
            {"name": "Installation", "list_price": 1000.0, "type": "service"}
        )

    def _contract_lead(self, name="Deal"):
        """A lead of salesperson A in the Contract step, its checklist ticked."""
        lead = self._lead(name, "contract", partner_id=self.customer.id)
        lead.sdp_checklist_item_done_ids = self.stage["contract"].sdp_gate_checklist_item_ids
        return lead

    def _order(self, lead, **vals):
        return (
            self.env["sale.order"]
            .with_user(self.user_sales_a)
            .create(
                {
                    "partner_id": self.customer.id,
                    "opportunity_id": lead.id,
                    "user_id": self.user_sales_a.id,
                    "order_line": [(0, 0, {"product_id": self.product.id})],
                    **vals,
                }
            )
        )
