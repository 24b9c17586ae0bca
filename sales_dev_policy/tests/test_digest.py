"""The reviewers' daily digest: a legal reviewer (P3.7.3) and a credit officer (P6.3) receive
once a day what waits for them, in their language, and nothing when nothing waits.
Shared by the legal and credit features."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .common import repository_addons
from .common_credit import CreditCommon
from .common_legal import SdpLegalCommon


@tagged("sdp_legal", "sdp_credit", "post_install", "-at_install")
class TestReviewerDigest(SdpLegalCommon, CreditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._enable_amount_trigger(threshold=100.0)
        # Only the reviewers of this test: demo reviewers would receive digests too.
        for xmlid, ours in (
            ("sales_dev_policy.group_sdp_legal_reviewer", cls.user_legal),
            ("sales_dev_policy.group_sdp_credit_officer", cls.user_credit),
        ):
            group = cls.env.ref(xmlid)
            (group.users - ours).write({"groups_id": [(3, group.id)]})

    def _reviewers(self):
        return (
            self.env.ref("sales_dev_policy.group_sdp_legal_reviewer").users
            | self.env.ref("sales_dev_policy.group_sdp_credit_officer").users
        )

    def _digests(self):
        """{recipient user: body} of the digests the scheduled action sends on a new day."""
        self._reviewers().write({"sdp_digest_date": False})
        template = self.env.ref("sales_dev_policy.mail_template_sdp_daily_digest")
        before = self.env["mail.mail"].search([]).ids
        sent = self.env["res.users"]._cron_sdp_daily_digest()
        mails = self.env["mail.mail"].search([("id", "not in", before)])
        self.assertEqual(len(mails), len(sent))
        bodies = {}
        for user in sent:
            mail = mails.filtered(lambda m, u=user: u.partner_id in m.recipient_ids)
            self.assertEqual(len(mail), 1, user.login)
            self.assertTrue(mail.email_from, "a digest always has a sender")
            bodies[user] = (mail.subject, mail.body_html)
        self.assertTrue(template)
        return bodies

    def test_nothing_waits_nothing_is_sent(self):
        """No quotation under review, no assessment requested: no digest at all."""
        self.assertEqual(self._digests(), {})

    def test_each_reviewer_receives_what_waits_for_them(self):
        """P3.7.3: the legal reviewer's digest lists the quotation under review; P6.3.1: the
        credit officer's lists the requested assessment; the salesperson receives nothing.
        A reviewer never finds there what they submitted themselves (four eyes)."""
        order = self._create_order(qty=5)
        order.with_user(self.user_sales_a).action_sdp_legal_submit()
        self.assertEqual(order.sdp_legal_state, "under_review")
        self.env["sdp.credit.assessment"].with_user(self.user_sales_a).create(
            {"partner_id": self.customer.id}
        )
        digests = self._digests()
        self.assertEqual(set(digests), {self.user_legal, self.user_credit})
        subject, body = digests[self.user_legal]
        self.assertIn(order.name, body)
        self.assertIn("legal review", body)
        self.assertNotIn(self.customer.name + "</a>", body)
        subject, body = digests[self.user_credit]
        self.assertIn("Credit assessments to perform", body)
        self.assertIn(self.customer.name, body)
        self.assertNotIn(order.name, body)
        # The legal reviewer's own submission waits for another reviewer, not for them.
        other = new_test_user(
            self.env,
            login="sdp_legal_2",
            name="Second Legal Reviewer",
            groups="sales_dev_policy.group_sdp_legal_reviewer",
        )
        # A reviewer who also sells (reviewers edit only the documents they sell).
        self.user_legal.groups_id = [(4, self.env.ref("sales_dev_policy.group_sdp_salesperson").id)]
        own = self._create_order(qty=5, user=self.user_legal, user_id=self.user_legal.id)
        own.with_user(self.user_legal).action_sdp_legal_submit()
        digests = self._digests()
        self.assertIn(order.name, digests[self.user_legal][1])
        self.assertNotIn(own.name, digests[self.user_legal][1])
        self.assertIn(own.name, digests[other][1])

    def test_once_a_day_in_batches(self):
        """The digest goes out in batches that Odoo's cron runner resumes, once a day per
        reviewer: a run cut short after its first batch sends the other digests on the next
        call and nobody's twice; the next day, everyone's again."""
        order = self._create_order(qty=5)
        order.with_user(self.user_sales_a).action_sdp_legal_submit()
        self.env["sdp.credit.assessment"].with_user(self.user_sales_a).create(
            {"partner_id": self.customer.id}
        )
        Users = self.env["res.users"]
        before = self.env["mail.mail"].search([]).ids
        first = Users._cron_sdp_daily_digest(batch_size=1)
        self.assertEqual(len(first), 1)
        second = Users._cron_sdp_daily_digest(batch_size=1)
        self.assertEqual(first | second, self.user_legal | self.user_credit)
        self.assertFalse(Users._cron_sdp_daily_digest(batch_size=1), "done for today")
        self.assertEqual(
            self.env["mail.mail"].search_count([("id", "not in", before)]), 2, "one digest each"
        )
        self.assertEqual(self.run_cron(Users, "_cron_sdp_daily_digest"), [(0, 0)])
        with freeze_time(date.today() + timedelta(days=1)):
            calls = self.run_cron(Users, "_cron_sdp_daily_digest")
            self.assertEqual(calls, [(2, 0)])
        self.assertEqual(
            self.env["mail.mail"].search_count([("id", "not in", before)]), 4, "and the next day"
        )

    def test_digest_in_the_reviewer_language(self):
        """A legal reviewer whose language is 中文 (台灣) reads the digest in Traditional
        Chinese, subject and titles included."""
        self.env["res.lang"]._activate_lang("zh_TW")
        installed = [
            name
            for name, (_path, state) in repository_addons(self.env).items()
            if state == "installed"
        ]
        self.env["ir.module.module"]._load_module_terms(installed, ["zh_TW"])
        self.user_legal.lang = "zh_TW"
        order = self._create_order(qty=5)
        order.with_user(self.user_sales_a).action_sdp_legal_submit()
        subject, body = self._digests()[self.user_legal]
        self.assertIn("法務", body)
        self.assertNotIn("Here is what waits for you", body)
        self.assertNotIn("what waits for your review", subject)
