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
