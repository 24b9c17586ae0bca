"""Reviewers land on their queues (P3.7.3, P6.3.1): the first screen of a legal reviewer or a
credit officer is the work waiting for them. Feature: shared."""

from odoo.tests import new_test_user, tagged

from .common import SalesDevPolicyCommon


@tagged("sdp_access", "post_install", "-at_install")
class TestReviewerHome(SalesDevPolicyCommon):
    def test_reviewers_land_on_their_queue(self):
        legal = new_test_user(
            self.env,
            login="sdp_home_legal",
            groups="base.group_user,sales_dev_policy.group_sdp_legal_reviewer",
        )
        self.assertEqual(
            legal.action_id.id, self.env.ref("sales_dev_policy.sdp_legal_review_action").id
        )
        officer = new_test_user(self.env, login="sdp_home_credit", groups="base.group_user")
        self.assertFalse(officer.action_id, "no reviewer group, Odoo's own home")
        officer.write(
            {"groups_id": [(4, self.env.ref("sales_dev_policy.group_sdp_credit_officer").id)]}
        )
        self.assertEqual(
            officer.action_id.id, self.env.ref("sales_dev_policy.sdp_credit_assessment_action").id
        )

    def test_sellers_and_chosen_homes_are_left_alone(self):
        """A reviewer who also sells keeps the salesperson's home (the pipeline); a home the
        administrator chose is never replaced."""
        seller = new_test_user(
            self.env,
            login="sdp_home_seller",
            groups="sales_dev_policy.group_sdp_salesperson,sales_dev_policy.group_sdp_legal_reviewer",
        )
        self.assertFalse(seller.action_id)
        chosen = self.env.ref("sales_dev_policy.sdp_credit_profile_action")
        user = new_test_user(self.env, login="sdp_home_chosen", groups="base.group_user")
        user.action_id = chosen.id
        user.write(
            {"groups_id": [(4, self.env.ref("sales_dev_policy.group_sdp_legal_reviewer").id)]}
        )
        self.assertEqual(user.action_id.id, chosen.id)

    def test_demo_reviewers_land_on_their_queue(self):
        legal = self.env.ref("sales_dev_policy.demo_user_legal", raise_if_not_found=False)
        if not legal:
            self.skipTest("demo data not installed")
        self.assertEqual(
            legal.action_id.id, self.env.ref("sales_dev_policy.sdp_legal_review_action").id
        )
        credit = self.env.ref("sales_dev_policy.demo_user_credit")
        self.assertEqual(
            credit.action_id.id, self.env.ref("sales_dev_policy.sdp_credit_assessment_action").id
        )
