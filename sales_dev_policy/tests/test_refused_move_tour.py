"""A move the gate refuses, in the browser: the lead's form shows what is saved (P3).
Feature: pipeline."""

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("sdp_browser", "sdp_pipeline", "post_install", "-at_install")
class TestRefusedMoveTour(HttpCase):
    """P3.3.2: the salesperson clicks the next step before the first contact is done; the gate
    refuses; the status bar still shows the lead's step and the form has nothing unsaved; an
    edit made before the click stays and saves with the lead at its step."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(
            cls.env,
            login="sdp_tour_refused",
            name="Refused Move Salesperson",
            groups="sales_dev_policy.group_sdp_salesperson",
        )
        team = cls.env["crm.team"].create(
            {
                "name": "Refused Move Team",
                "member_ids": [(4, cls.salesperson.id)],
                "sdp_use_policy_pipeline": True,
            }
        )
        cls.prospect = cls.env.ref("sales_dev_policy.crm_stage_sdp_prospect")
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Refused Move Lead",
                "type": "opportunity",
                "team_id": team.id,
                "user_id": cls.salesperson.id,
                "stage_id": cls.prospect.id,
            }
        )

    # The refusal is the expected answer: Odoo logs every refused RPC call as a warning.
    @mute_logger("odoo.http")
    def test_refused_move_leaves_the_form_as_saved(self):
        url = f"/odoo/action-crm.crm_lead_action_pipeline/{self.lead.id}"
        self.start_tour(url, "sales_dev_policy_refused_move_tour", login="sdp_tour_refused")
        self.assertEqual(self.lead.stage_id, self.prospect)
        self.assertEqual(self.lead.expected_revenue, 4321.0)
