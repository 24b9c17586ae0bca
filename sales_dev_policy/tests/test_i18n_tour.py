"""Each role's daily screen in the browser, on a phone, for a user whose language is 中文 (台灣):
the module's words are Chinese and its English words are gone. Feature: translations."""

from datetime import date, timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import load_policy_terms


@tagged("sdp_browser", "sdp_i18n", "post_install", "-at_install")
class TestI18nRoleToursPhone(HttpCase):
    """Salesperson, team leader, credit officer and legal reviewer, each in zh_TW on a phone."""

    browser_size = "375x667"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_policy_terms(cls.env)

        def user(login, group):
            return new_test_user(
                cls.env,
                login=login,
                name=login.replace("_", " ").title(),
                groups=f"sales_dev_policy.{group}",
                lang="zh_TW",
            )

        cls.salesperson = user("sdp_zh_sales", "group_sdp_salesperson")
        cls.leader = user("sdp_zh_leader", "group_sdp_team_leader")
        cls.credit_officer = user("sdp_zh_credit", "group_sdp_credit_officer")
        cls.legal_reviewer = user("sdp_zh_legal", "group_sdp_legal_reviewer")
        team = cls.env["crm.team"].create(
            {
                "name": "ZH Tour Team",
                "user_id": cls.leader.id,
                "member_ids": [Command.link(cls.salesperson.id)],
                "sdp_use_policy_pipeline": True,
            }
        )
        cls.salesperson.sale_team_id = team
        customer = cls.env["res.partner"].create(
            {"name": "ZH Tour Customer", "is_company": True, "user_id": cls.salesperson.id}
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "ZH Tour Lead",
                "type": "opportunity",
                "team_id": team.id,
                "user_id": cls.salesperson.id,
                "partner_id": customer.id,
                "stage_id": cls.env.ref("sales_dev_policy.crm_stage_sdp_prospect").id,
            }
        )
        cls.profile = cls.env["sdp.credit.profile"].create(
            {
                "partner_id": customer.id,
                "state": "approved",
                "rating": "b",
                "credit_limit": 1000.0,
                "date_next_review": fields.Date.today() + timedelta(days=30),
            }
        )
        cls.env.company.write({"sdp_legal_on_amount": True, "sdp_legal_amount_threshold": 10.0})
        product = cls.env["product.product"].create(
            {"name": "ZH Tour Service", "type": "service", "list_price": 100.0}
        )
        order = (
            cls.env["sale.order"]
            .with_user(cls.salesperson)
            .create(
                {
                    "partner_id": customer.id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
            )
        )
        order.action_sdp_legal_submit()
        cls.review = order.sdp_legal_review_ids[:1]
        cls.env["sdp.sales.target"].create(
            {
                "user_id": cls.salesperson.id,
                "date_from": date.today().replace(day=1),
                "sales_target": 1000.0,
            }
        )
        cls.appraisal = (
            cls.env["sdp.appraisal"]
            ._generate("month", date.today(), companies=cls.env.company)
            .filtered(lambda appraisal: appraisal.user_id == cls.salesperson)
        )

    def test_salesperson_pipeline(self):
        """Salesperson: the pipeline of policy stages and a lead's policy tabs."""
        self.start_tour("/odoo/crm", "sales_dev_policy_zh_salesperson_tour", login="sdp_zh_sales")

    def test_team_leader_appraisal(self):
        """Team leader: the appraisals of the team, one opened."""
        self.assertTrue(self.appraisal)
        url = "/odoo/action-sales_dev_policy.sdp_appraisal_action"
        self.start_tour(url, "sales_dev_policy_zh_leader_tour", login="sdp_zh_leader")

    def test_credit_officer_profile(self):
        """Credit officer: the credit profiles, one opened."""
        url = "/odoo/action-sales_dev_policy.sdp_credit_profile_action"
        self.start_tour(url, "sales_dev_policy_zh_credit_tour", login="sdp_zh_credit")

    def test_legal_reviewer_queue(self):
        """Legal reviewer: lands on the legal review queue (their home, from "/odoo"), a
        quotation waiting in it opened."""
        self.assertTrue(self.review)
        self.start_tour("/odoo", "sales_dev_policy_zh_legal_tour", login="sdp_zh_legal")
