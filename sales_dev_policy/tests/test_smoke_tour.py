"""The main screens of every feature open in the browser. Shared by all features."""

from odoo.tests import HttpCase, tagged


class SmokeTourCase(HttpCase):
    """Pipeline, a lead and the policy settings open without a JavaScript error."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["crm.lead"].create(
            {
                "name": "SDP smoke lead",
                "type": "opportunity",
                "user_id": cls.env.ref("base.user_admin").id,
            }
        )

    def _run_smoke_tour(self):
        self.start_tour("/odoo/crm", "sales_dev_policy_smoke_tour", login="admin")


@tagged("sdp_browser", "sdp_foundation", "post_install", "-at_install")
class TestSmokeTourDesktop(SmokeTourCase):
    def test_smoke_tour_desktop(self):
        self._run_smoke_tour()


@tagged("sdp_browser", "sdp_foundation", "post_install", "-at_install")
class TestSmokeTourPhone(SmokeTourCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_smoke_tour_phone(self):
        self._run_smoke_tour()
