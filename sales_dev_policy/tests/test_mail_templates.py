"""What the salesperson receives: the commission statement when a Sales Manager confirms it
(P5.1.1), the appraisal when it is closed (P5.3, P5.4), in their language. Shared by the
incentive and appraisal features."""

from datetime import date, datetime

from odoo.tests import tagged

from .common import repository_addons
from .common_incentive import IncentiveCommon


@tagged("sdp_incentive", "sdp_appraisal", "post_install", "-at_install")
class TestDocumentsSent(IncentiveCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._plan()
        cls._order(cls.customer_old, cls.user_sales_a, datetime(2026, 10, 5))
        cls.sheet = cls.Sheet._generate(date(2026, 10, 1), cls.company).filtered(
            lambda sheet: sheet.user_id == cls.user_sales_a
        )
        cls.env["sdp.sales.target"].create(
            {"user_id": cls.user_sales_a.id, "date_from": "2026-10-01", "sales_target": 50.0}
        )
        cls.appraisal = (
            cls.env["sdp.appraisal"]
            ._generate("month", date(2026, 10, 1), companies=cls.company)
            .filtered(lambda appraisal: appraisal.user_id == cls.user_sales_a)
        )

    def _sent_to_salesperson(self, record):
        """The message of ``record`` addressed to salesperson A (one, or the test fails)."""
        messages = record.message_ids.filtered(
            lambda m: self.user_sales_a.partner_id in m.partner_ids
            and m.subtype_id == self.env.ref("mail.mt_comment")
        )
        self.assertEqual(len(messages), 1, record.display_name)
        return messages

    def test_statement_sent_when_confirmed(self):
        """P5.1.1: the manager confirms the sheet; the salesperson receives the statement with
        its total, nothing before."""
        self.assertFalse(
            self.sheet.message_ids.filtered(lambda m: self.user_sales_a.partner_id in m.partner_ids)
        )
        self.sheet.with_user(self.user_manager).action_confirm()
        message = self._sent_to_salesperson(self.sheet)
        self.assertIn(self.sheet.name, message.subject)
        self.assertIn("confirmed", message.body)
        self.assertIn("59.00", message.body)
        # The statement itself goes with it, as printed from the sheet.
        self.assertEqual(len(message.attachment_ids), 1)
        self.assertIn("Commission Statement", message.attachment_ids.name)

    def test_appraisal_sent_when_closed(self):
        """P5.4: the team leader closes the appraisal; the salesperson receives its result."""
        self.assertEqual(self.appraisal.result, "excellent")
        self.appraisal.with_user(self.user_leader).action_done()
        message = self._sent_to_salesperson(self.appraisal)
        self.assertIn("Excellent", message.body)
        self.assertIn("Your appraisal", message.subject)
        self.assertEqual(len(message.attachment_ids), 1)
        self.assertIn("Appraisal", message.attachment_ids.name)

    def test_team_leader_monthly_summary(self):
        """P5.3.1: once the month's appraisals exist, the team leader receives the team's
        sales, commissions and results of the month, once; a team without a leader nothing."""
        self.company.sdp_appraisal_last_month = date(2026, 10, 1)
        Team = self.env["crm.team"]
        before = self.env["mail.mail"].search([]).ids
        sent = Team._cron_sdp_team_summaries()
        self.assertIn(self.team_a, sent)
        self.assertNotIn(self.team_b, sent)
        mail = self.env["mail.mail"].search(
            [("id", "not in", before), ("recipient_ids", "in", self.user_leader.partner_id.ids)]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn("October 2026", mail.subject)
        self.assertIn("Salesperson A", mail.body_html)
        self.assertIn("59.00", mail.body_html)
        self.assertIn("Excellent", mail.body_html)
        self.assertTrue(mail.email_from)
        self.assertFalse(Team._cron_sdp_team_summaries(), "one summary per team and month")

    def test_sent_in_the_salesperson_language(self):
        """A salesperson whose language is 中文 (台灣) receives both in Traditional Chinese,
        whoever confirms or closes them."""
        self.env["res.lang"]._activate_lang("zh_TW")
        installed = [
            name
            for name, (_path, state) in repository_addons(self.env).items()
            if state == "installed"
        ]
        self.env["ir.module.module"]._load_module_terms(installed, ["zh_TW"])
        self.user_sales_a.lang = "zh_TW"
        self.sheet.with_user(self.user_manager).action_confirm()
        self.appraisal.with_user(self.user_leader).action_done()
        statement = self._sent_to_salesperson(self.sheet)
        self.assertIn("提成", statement.subject)
        self.assertIn("已確認", statement.body)
        appraisal = self._sent_to_salesperson(self.appraisal)
        self.assertIn("考核", appraisal.subject)
        self.assertIn("優秀", appraisal.body)
        self.assertNotIn("Hello", statement.body + appraisal.body)
