"""The credit officer's first day, in the browser (P6.3.1): from Odoo's home to the assessments
waiting, a colleague's completed assessment approved by the second officer. Feature: credit."""

from odoo.tests import HttpCase, new_test_user, tagged


class CreditQueueTourCase(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.assessor, cls.approver = (
            new_test_user(
                cls.env,
                login=login,
                name=name,
                groups="sales_dev_policy.group_sdp_credit_officer",
            )
            for login, name in (
                ("sdp_queue_assessor", "Queue Assessor"),
                ("sdp_queue_credit", "Queue Approver"),
            )
        )
        customer = cls.env["res.partner"].create(
            {"name": "Credit Queue Customer", "is_company": True}
        )
        cls.assessment = (
            cls.env["sdp.credit.assessment"]
            .with_user(cls.assessor)
            .create(
                {
                    "partner_id": customer.id,
                    "rating": "b",
                    "score": 70,
                    "credit_limit": 2500.0,
                    "proposed_state": "approved",
                }
            )
        )
        cls.assessment.action_done()

    def _run(self):
        self.start_tour("/odoo", "sales_dev_policy_credit_queue_tour", login="sdp_queue_credit")
        self.assertEqual(self.assessment.state, "approved")
        self.assertEqual(self.assessment.approver_id, self.approver)
        self.assertEqual(self.assessment.profile_id.state, "approved")
        self.assertEqual(self.assessment.profile_id.credit_limit, 2500.0)


@tagged("sdp_browser", "sdp_credit", "post_install", "-at_install")
class TestCreditQueueDesktop(CreditQueueTourCase):
    def test_credit_officer_first_day(self):
        self._run()


@tagged("sdp_browser", "sdp_credit", "post_install", "-at_install")
class TestCreditQueuePhone(CreditQueueTourCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_credit_officer_first_day(self):
        self._run()
