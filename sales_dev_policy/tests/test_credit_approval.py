"""A credit profile is Approved only as an approved assessment left it, with a next review date
(P6.3.1, P6.3.2). Feature: credit."""

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_credit import CreditCommon


@tagged("sdp_credit", "post_install", "-at_install")
class TestCreditApprovalNeedsAssessment(CreditCommon):
    def test_assessment_approval_approves(self):
        """The legitimate way: an assessment proposing Approved, approved by another officer."""
        assessment = self._assess(limit=5000.0)
        profile = assessment.profile_id
        self.assertEqual(profile.state, "approved")
        self.assertEqual(profile.date_next_review, assessment.date_next_review)
        self.assertTrue(profile.date_next_review)
        self.assertTrue(profile.is_valid)

    def test_created_or_copied_approved_refused(self):
        """Create with the state, with a context default, or copy an approved profile: refused
        to the credit officer and to the policy administrator (P6.3.1)."""
        Profile = self.env["sdp.credit.profile"]
        review = fields.Date.add(fields.Date.today(), months=6)
        approved = self._assess().profile_id
        for user in (self.user_credit, self.user_admin):
            newcomer = self.env["res.partner"].create({"name": f"Newcomer of {user.login}"})
            attempts = (
                (
                    "create",
                    lambda u=user, p=newcomer: Profile.with_user(u).create(
                        {"partner_id": p.id, "state": "approved", "date_next_review": review}
                    ),
                ),
                (
                    "context default",
                    lambda u=user, p=newcomer: Profile.with_user(u)
                    .with_context(default_state="approved", default_date_next_review=review)
                    .create({"partner_id": p.id}),
                ),
                (
                    "copy",
                    lambda u=user, p=newcomer: approved.with_user(u).copy({"partner_id": p.id}),
                ),
            )
            for path, attempt in attempts:
                with (
                    self.subTest(user=user.login, path=path),
                    self.assertRaisesMsg(
                        AccessError, "assessment approved by another credit officer.*P6.3.1"
                    ),
                ):
                    attempt()
                self.assertFalse(Profile.search([("partner_id", "=", newcomer.id)]))

    def test_watch_assessment_is_not_lifted_by_hand(self):
        """An assessment concluded "watch": no officer or administrator turns it into Approved
        by editing the profile; a new assessment proposing Approved does."""
        profile = self._assess(proposed_state="watch").profile_id
        self.assertEqual(profile.state, "watch")
        for user in (self.user_credit, self.user_admin, self._approver()):
            with (
                self.subTest(user=user.login),
                self.assertRaisesMsg(
                    ValidationError, f"{self.customer.name}.*becomes Approved only through.*P6.3.1"
                ),
            ):
                profile.with_user(user).write({"state": "approved"})
            self.assertEqual(profile.state, "watch")
        with self.assertRaisesMsg(ValidationError, "becomes Approved"):
            profile.with_user(self.user_credit).with_context(sdp_permit="credit_assessment").write(
                {"state": "approved"}
            )
        self._assess(proposed_state="approved")
        self.assertEqual(profile.state, "approved")

    def test_watch_from_an_approved_assessment_is_lifted(self):
        """Watch put on an approved customer (overdue receivables, an officer's caution) is lifted
        back to the status the approved assessment gave."""
        profile = self._assess().profile_id
        officer = profile.with_user(self.user_credit)
        officer.write({"state": "watch"})
        officer.write({"state": "approved"})
        self.assertEqual(profile.state, "approved")

    def test_review_date_is_never_removed(self):
        """A valid profile without a next review date would be valid for ever (P6.3.2)."""
        profile = self._assess().profile_id
        review = profile.date_next_review
        for user in (self.user_credit, self.user_admin):
            with (
                self.subTest(user=user.login),
                self.assertRaisesMsg(ValidationError, "needs a next review date"),
            ):
                profile.with_user(user).write({"date_next_review": False})
            self.assertEqual(profile.date_next_review, review)
        # Restricting still works at once, and a blocked profile needs no review date.
        profile.with_user(self.user_credit).write(
            {"state": "blocked", "block_reason": "Bankruptcy filing", "date_next_review": False}
        )
        self.assertEqual(profile.state, "blocked")

    def test_assessment_without_review_date_is_not_completed(self):
        """The assessment that would approve must carry a next review date."""
        assessment = (
            self.env["sdp.credit.assessment"]
            .with_user(self.user_credit)
            .create(
                {
                    "partner_id": self.customer.id,
                    "rating": "b",
                    "credit_limit": 1000.0,
                    "proposed_state": "approved",
                }
            )
        )
        assessment.date_next_review = False
        with self.assertRaisesMsg(UserError, "next review date"):
            assessment.action_done()
        self.assertEqual(assessment.state, "draft")
        self.assertNotEqual(assessment.profile_id.state, "approved")


@tagged("sdp_credit", "post_install", "-at_install")
class TestCreditFourEyesOnWhatIsApproved(CreditCommon):
    """P6.3.1: the second officer approves exactly what the first completed; naming another
    assessor, or rewriting a colleague's conclusion before approving it, is refused."""

    def _completed(self, limit=1000.0):
        assessment = (
            self.env["sdp.credit.assessment"]
            .with_user(self.user_credit)
            .create(
                {
                    "partner_id": self.customer.id,
                    "rating": "b",
                    "score": 70,
                    "credit_limit": limit,
                    "proposed_state": "approved",
                }
            )
        )
        assessment.action_done()
        return assessment

    def test_assessor_is_who_completed_it(self):
        assessment = self._completed()
        self.assertEqual(assessment.assessor_id, self.user_credit)
        for vals in ({"assessor_id": self._approver().id}, {"approver_id": self._approver().id}):
            with (
                self.subTest(vals=vals),
                self.assertRaisesMsg(AccessError, "set by the assessment's actions"),
            ):
                assessment.with_user(self.user_credit).write(vals)
        self.assertEqual(assessment.assessor_id, self.user_credit)
        # Naming another officer at creation is refused the same way.
        with self.assertRaisesMsg(AccessError, "set by the assessment's actions"):
            self.env["sdp.credit.assessment"].with_user(self.user_credit).create(
                {"partner_id": self.customer.id, "assessor_id": self._approver().id}
            )
        with self.assertRaisesMsg(AccessError, "set by the assessment's actions"):
            self.env["sdp.credit.assessment"].with_user(self.user_credit).create(
                {"partner_id": self.customer.id, "state": "approved"}
            )

    def test_completed_conclusion_is_frozen(self):
        assessment = self._completed()
        approver = self._approver()
        for vals in ({"credit_limit": 1e9}, {"rating": "a"}, {"proposed_state": "watch"}):
            for user in (self.user_credit, approver):
                with (
                    self.subTest(vals=vals, user=user.login),
                    self.assertRaisesMsg(UserError, "its conclusion .* no\\s+longer changes"),
                ):
                    assessment.with_user(user).write(vals)
        self.assertEqual(assessment.credit_limit, 1000.0)
        assessment.with_user(approver).action_approve()
        self.assertEqual(assessment.profile_id.credit_limit, 1000.0)
        with self.assertRaisesMsg(UserError, "no\\s+longer changes"):
            assessment.with_user(approver).write({"credit_limit": 5.0})

    def test_subject_is_fixed(self):
        """An assessment and a credit profile stay with their customer: an approved limit is
        never carried onto another (blocked) customer."""
        other = self.env["res.partner"].create({"name": "Blocked Ltd", "is_company": True})
        self._profile(partner=other, state="blocked", block_reason="Unpaid", limit=0.0)
        draft = (
            self.env["sdp.credit.assessment"]
            .with_user(self.user_credit)
            .create({"partner_id": self.customer.id})
        )
        with self.assertRaisesMsg(UserError, "customer and company of an assessment"):
            draft.write({"partner_id": other.id})
        approved = self._assess(limit=5000.0).profile_id
        with self.assertRaisesMsg(UserError, "stays with its customer and company"):
            approved.with_user(self.user_credit).write({"partner_id": other.id})
        self.assertEqual(approved.partner_id, self.customer)
        with self.assertRaisesMsg(UserError, "not the one of"):
            self.env["sdp.credit.assessment"].with_user(self.user_credit).create(
                {"partner_id": other.id, "profile_id": approved.id}
            )

    def test_actions_answer_over_rpc(self):
        """XML-RPC cannot marshal None: every action answers a value."""
        assessment = (
            self.env["sdp.credit.assessment"]
            .with_user(self.user_credit)
            .create({"partner_id": self.customer.id, "rating": "b", "proposed_state": "approved"})
        )
        self.assertIs(assessment.action_done(), True)
        self.assertIs(assessment.with_user(self._approver()).action_approve(), True)

    def test_sales_manager_is_the_second_pair_of_eyes(self):
        """A company with one credit officer: a Sales Manager approves the officer's
        assessment (P6.3.1); the manager never completes one, nor approves what they asked
        for; the button is offered only to who may press it."""
        assessment = self._completed(limit=2000.0)
        self.assertFalse(assessment.with_user(self.user_credit).sdp_can_approve)
        self.assertTrue(assessment.with_user(self.user_manager).sdp_can_approve)
        self.assertFalse(assessment.with_user(self.user_sales_a).sdp_can_approve)
        with self.assertRaises(AccessError):
            assessment.with_user(self.user_sales_a).action_approve()
        self.assertIs(assessment.with_user(self.user_manager).action_approve(), True)
        self.assertEqual(assessment.state, "approved")
        self.assertEqual(assessment.approver_id, self.user_manager)
        self.assertEqual(assessment.profile_id.state, "approved")
        self.assertEqual(assessment.profile_id.credit_limit, 2000.0)
        # The manager does not investigate.
        draft = (
            self.env["sdp.credit.assessment"]
            .with_user(self.user_credit)
            .create({"partner_id": self.customer.id, "rating": "b", "proposed_state": "approved"})
        )
        with self.assertRaises(AccessError):
            draft.with_user(self.user_manager).action_done()
        # What the manager asked for, another person approves.
        other = self.env["res.partner"].create({"name": "Manager's Customer", "is_company": True})
        request = (
            self.env["sdp.credit.assessment"]
            .with_user(self.user_manager)
            .create({"partner_id": other.id, "request_note": "Tender"})
        )
        self.assertEqual(request.requested_by_id, self.user_manager)
        request.with_user(self.user_credit).write({"rating": "b", "proposed_state": "approved"})
        request.with_user(self.user_credit).action_done()
        self.assertFalse(request.with_user(self.user_manager).sdp_can_approve)
        with self.assertRaisesMsg(UserError, "requested this assessment"):
            request.with_user(self.user_manager).action_approve()
        self.assertEqual(request.state, "done")
