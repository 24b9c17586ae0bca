"""What a won opportunity starts: kickoff and follow-up (P3.8). Feature: pipeline."""

from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged, users

from .common_pipeline import PipelineCommon


class PipelineWonCommon(PipelineCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kickoff_type = cls.env.ref("sales_dev_policy.mail_activity_type_sdp_kickoff")
        cls.followup_type = cls.env.ref("sales_dev_policy.mail_activity_type_sdp_followup")
        cls.user_sales_a.tz = "Europe/Brussels"
        cls.customer = cls.env["res.partner"].create(
            {"name": "Kickoff Customer", "email": "buyer@customer.example.com"}
        )

    def _contract_lead(self, name="Deal"):
        """A lead of salesperson A in the Contract step, its checklist ticked."""
        lead = self._lead(name, "contract", partner_id=self.customer.id)
        lead.sdp_checklist_item_done_ids = self.stage["contract"].sdp_gate_checklist_item_ids
        return lead

    def _kickoffs(self, leads):
        return (
            self.env["calendar.event"]
            # sudo: the test reads or prepares data beyond the user's rights
            .sudo()
            .search([("opportunity_id", "in", leads.ids), ("sdp_is_kickoff", "=", True)])
        )

    def _move(self, lead, step):
        """Move ``lead`` one step as the manager (override: the gates are not under test)."""
        lead.with_user(self.user_manager)._sdp_override_move(self.stage[step], "setup")


@tagged("sdp_pipeline", "post_install", "-at_install")
class TestPipelineProposalQuotations(PipelineWonCommon):
    @users("sdp_sales_a")
    def test_proposal_tab_lists_quotations(self):
        """P3.5: the Proposal tab lists the opportunity's quotations and creates new ones."""
        lead = self._lead("Quoted", "proposal", partner_id=self.customer.id).with_user(
            self.env.user
        )
        arch = lead.get_views([(False, "form")])["views"]["form"]["arch"]
        page = arch[arch.index('name="sdp_proposal"') :]
        page = page[: page.index("</page>")]
        for needle in ("order_ids", "action_sale_quotations_new", "amount_total", "date_order"):
            self.assertIn(needle, page)
        action = lead.action_sale_quotations_new()
        with Form(self.env["sale.order"].with_context(**action["context"])) as order_form:
            self.assertEqual(order_form.partner_id, self.customer)
        order = order_form.save()
        self.assertEqual(order.opportunity_id, lead)
        lead.invalidate_recordset(["order_ids"])
        self.assertEqual(lead.order_ids, order)
        values = lead.read(["order_ids"])[0]["order_ids"]
        self.assertEqual(values, order.ids)
        row = order.read(["name", "date_order", "amount_total", "state"])[0]
        self.assertEqual(row["state"], "draft")


@tagged("sdp_pipeline", "post_install", "-at_install")
class TestPipelineKickoff(PipelineWonCommon):
    def test_won_plans_kickoff_meeting_once(self):
        """P3.8.1: on Won a kickoff meeting with the people involved is planned, once."""
        self.company.sdp_kickoff_delay_days = 5
        lead = self._contract_lead("Kickoff deal").with_user(self.user_sales_a)
        self.assertFalse(self._kickoffs(lead))
        # 2026-03-02 is a Monday; Brussels is UTC+1 in March before the 29th.
        with freeze_time("2026-03-02 16:00:00"):
            lead.action_set_won()
        event = self._kickoffs(lead)
        self.assertEqual(len(event), 1)
        self.assertEqual(event.name, "Kickoff: Kickoff deal")
        self.assertEqual(event.opportunity_id, lead)
        self.assertEqual((event.res_model, event.res_id), ("crm.lead", lead.id))
        self.assertEqual(event.start, datetime(2026, 3, 7, 9, 0))
        self.assertEqual(event.stop, datetime(2026, 3, 7, 10, 0))
        self.assertEqual(event.user_id, self.user_sales_a)
        self.assertEqual(
            event.partner_ids,
            self.user_sales_a.partner_id | self.user_leader.partner_id | self.customer,
        )
        self.assertEqual(lead.sdp_kickoff_event_id, event)
        # Nothing is e-mailed to the customer before the salesperson sends the invitations.
        self.assertFalse(
            self.env["mail.mail"].search([("recipient_ids", "in", self.customer.ids)]),
        )
        # The salesperson's kickoff activity is the meeting's activity.
        activity = lead.activity_ids.filtered(lambda a: a.activity_type_id == self.kickoff_type)
        self.assertEqual(activity.calendar_event_id, event)
        self.assertEqual(activity.user_id, self.user_sales_a)
        # Back to Contract (with a reason) and won again: no second meeting.
        self.env["sdp.stage.back"].with_user(self.user_sales_a).create(
            {
                "lead_ids": [(6, 0, lead.ids)],
                "stage_id": self.stage["contract"].id,
                "reason": "Contract to be re-signed",
            }
        ).action_confirm()
        self.assertEqual(lead.stage_id, self.stage["contract"])
        lead.action_set_won()
        self.assertEqual(self._kickoffs(lead), event)
        self.assertEqual(
            len(lead.activity_ids.filtered(lambda a: a.activity_type_id == self.kickoff_type)), 1
        )

    def test_kickoff_delay_setting(self):
        """P3.8.1: the kickoff delay is a company setting in the policy settings block."""
        self.assertEqual(self.company.sdp_kickoff_delay_days, 3, "default")
        with Form(self.env["res.config.settings"]) as settings:
            settings.sdp_kickoff_delay_days = 10
        settings.save().execute()
        self.assertEqual(self.company.sdp_kickoff_delay_days, 10)
        lead = self._contract_lead("Later kickoff").with_user(self.user_sales_a)
        with freeze_time("2026-06-01 06:00:00"):
            lead.action_set_won()
        # Brussels is UTC+2 in June: 10:00 local is 08:00 UTC.
        self.assertEqual(self._kickoffs(lead).start, datetime(2026, 6, 11, 8, 0))

    @users("sdp_sales_a")
    def test_won_by_stage_write_plans_kickoff(self):
        """P3.8.1: moving to the Won stage (drag and drop, statusbar) plans the kickoff too."""
        lead = self._contract_lead("Dragged").with_user(self.env.user)
        lead.write({"stage_id": self.stage["won"].id})
        event = self._kickoffs(lead)
        self.assertEqual(len(event), 1)
        self.assertIn(self.customer, event.partner_ids)

    @users("sdp_sales_a")
    def test_refused_won_plans_nothing(self):
        """P3.7: a refused Won (not from Contract) plans no meeting and no milestone."""
        lead = self._lead("Too early", "negotiation").with_user(self.env.user)
        with self.assertRaisesRegex(UserError, "only from the Contract step"):
            lead.write({"stage_id": self.stage["won"].id})
        self.assertFalse(self._kickoffs(lead))
        self.assertFalse(lead.sdp_followup_milestone_ids)

    def test_won_needs_a_confirmed_order(self):
        """P3.7.1: a lead is won with its contract signed, a confirmed order of the lead (whose
        confirmation passed legal and credit where they apply): refused without one, also to a
        Sales Manager's override, and nothing changes; won once its quotation is confirmed."""
        self.stage["won"].sdp_require_confirmed_order = True
        lead = self._contract_lead("Unsigned")
        as_sales = lead.with_user(self.user_sales_a)
        with self.assertRaisesRegex(UserError, "confirmed order"):
            as_sales.action_set_won()
        with self.assertRaisesRegex(UserError, "confirmed order"):
            lead.with_user(self.user_manager)._sdp_override_move(self.stage["won"], "signed")
        self.assertEqual(lead.stage_id, self.stage["contract"])
        self.assertFalse(self._kickoffs(lead))
        order = (
            self.env["sale.order"]
            .with_user(self.user_sales_a)
            .create(
                {
                    "partner_id": self.customer.id,
                    "opportunity_id": lead.id,
                    "order_line": [
                        (0, 0, {"product_id": self.env.ref("product.product_product_1").id})
                    ],
                }
            )
        )
        with self.assertRaisesRegex(UserError, "confirmed order"):
            as_sales.action_set_won()
        order.action_confirm()
        as_sales.action_set_won()
        self.assertEqual(lead.stage_id, self.stage["won"])

    @users("sdp_sales_b")
    def test_standard_won_plans_nothing(self):
        """Leads outside the policy pipeline are won as in standard Odoo: no kickoff."""
        lead = self.env["crm.lead"].create(
            {"name": "Standard win", "type": "opportunity", "team_id": self.team_b.id}
        )
        lead.action_set_won()
        self.assertTrue(lead.stage_id.is_won)
        self.assertFalse(self._kickoffs(lead))
        self.assertFalse(lead.sdp_followup_milestone_ids)
        self.assertFalse(lead.activity_ids)

    def test_batch_won_one_meeting_each(self):
        """Winning several leads at once plans one meeting per lead (batch)."""
        leads = self._contract_lead("Batch 1") | self._contract_lead("Batch 2")
        leads.with_user(self.user_sales_a).action_set_won()
        events = self._kickoffs(leads)
        self.assertEqual(len(events), 2)
        self.assertEqual(events.opportunity_id, leads)


@tagged("sdp_pipeline", "post_install", "-at_install")
class TestPipelineFollowup(PipelineWonCommon):
    def test_won_plans_followup_milestones(self):
        """P3.8.2: templates become milestones with dates and salesperson activities, once."""
        Template = self.env["sdp.followup.template"]
        defaults = Template.search([])
        self.assertEqual(
            defaults.mapped("days_after_won"), [14, 30, 90], "default templates from data"
        )
        # The Policy Administrator adds one, archives one; another company's is not used.
        admin_templates = Template.with_user(self.user_admin)
        admin_templates.create({"name": "Installation check", "days_after_won": 7, "sequence": 5})
        self.env.ref("sales_dev_policy.sdp_followup_template_satisfaction").with_user(
            self.user_admin
        ).active = False
        other_company = self.env["res.company"].create({"name": "Other Co"})
        Template.create(
            {"name": "Other company only", "days_after_won": 1, "company_id": other_company.id}
        )
        lead = self._contract_lead("Follow me").with_user(self.user_sales_a)
        with freeze_time("2026-04-01 08:00:00"):
            lead.action_set_won()
        milestones = lead.sdp_followup_milestone_ids
        self.assertEqual(
            [(m.name, str(m.date_deadline)) for m in milestones.sorted("date_deadline")],
            [
                ("Installation check", "2026-04-08"),
                ("First delivery check", "2026-04-15"),
                ("Progress report to customer", "2026-05-01"),
            ],
        )
        self.assertEqual(milestones.user_id, self.user_sales_a)
        for milestone in milestones:
            self.assertEqual(milestone.activity_id.user_id, self.user_sales_a)
            self.assertEqual(milestone.activity_id.date_deadline, milestone.date_deadline)
            self.assertEqual(milestone.activity_id.activity_type_id, self.followup_type)
            self.assertEqual(milestone.activity_id.res_id, lead.id)
        # Won again after moving back: no duplicates.
        lead._sdp_move_back(self.stage["contract"], "re-signing")
        lead.action_set_won()
        self.assertEqual(lead.sdp_followup_milestone_ids, milestones)

    def test_templates_configured_by_admin_only(self):
        """P3.8.2: salespeople read the templates but cannot change them."""
        template = self.env.ref("sales_dev_policy.sdp_followup_template_delivery")
        self.assertEqual(template.with_user(self.user_sales_a).name, "First delivery check")
        with self.assertRaises(AccessError):
            template.with_user(self.user_sales_a).write({"days_after_won": 1})
        with self.assertRaises(AccessError):
            self.env["sdp.followup.template"].with_user(self.user_manager).create(
                {"name": "x", "days_after_won": 1}
            )
        self.assertEqual(template.days_after_won, 14)


@tagged("sdp_pipeline", "post_install", "-at_install")
class TestPipelineConversionReport(PipelineWonCommon):
    def test_conversion_rate_per_step(self):
        """P3: entered / moved on / rate per step, against a hand-computed example.

        L1: prospect > contact > needs > back to contact > needs again (not converted
        from needs: it never went past it). L2: prospect > contact. L3: prospect, lost.
        L4: prospect > ... > contract > won.
        Prospect 4 entered, 3 moved on (75 %); Contact 3, 2 (66.7 %); Needs 2, 1 (50 %);
        Proposal, Negotiation, Contract 1, 1 (100 %). Won is not a step to convert from.
        """
        l1, l2, l3, l4 = (self._lead(f"Conv {i}") for i in range(1, 5))
        for step in ("contact", "needs", "contact", "needs"):
            self._move(l1, step)
        self._move(l2, "contact")
        l3.with_user(self.user_sales_a).action_set_lost()
        for step in ("contact", "needs", "proposal", "negotiation", "contract", "won"):
            self._move(l4, step)
        leads = l1 | l2 | l3 | l4
        Report = self.env["sdp.pipeline.step.report"].with_user(self.user_manager)
        rows = Report._read_group(
            [("lead_id", "in", leads.ids)],
            ["step"],
            ["entered_count:sum", "converted_count:sum", "conversion_rate:avg"],
        )
        result = {step: (entered, moved, round(rate, 1)) for step, entered, moved, rate in rows}
        self.assertEqual(
            result,
            {
                "prospect": (4, 3, 75.0),
                "contact": (3, 2, 66.7),
                "needs": (2, 1, 50.0),
                "proposal": (1, 1, 100.0),
                "negotiation": (1, 1, 100.0),
                "contract": (1, 1, 100.0),
            },
        )
        # As the chart and the pivot group it: every step, in policy order (P3), not
        # alphabetically.
        groups = Report.web_read_group(
            [("lead_id", "in", leads.ids)], ["conversion_rate:avg"], ["step"], lazy=False
        )["groups"]
        self.assertEqual(
            [group["step"] for group in groups],
            ["prospect", "contact", "needs", "proposal", "negotiation", "contract"],
        )
        # Grouped by salesperson: all four are salesperson A's.
        by_user = Report._read_group(
            [("lead_id", "in", leads.ids), ("step", "=", "prospect")],
            ["user_id"],
            ["conversion_rate:avg"],
        )
        self.assertEqual(by_user, [(self.user_sales_a, 75.0)])
        # Salesperson A sees the rows of own leads; salesperson B sees none of them.
        own = (
            self.env["sdp.pipeline.step.report"]
            .with_user(self.user_sales_a)
            .search_count([("lead_id", "in", leads.ids)])
        )
        self.assertEqual(own, 12)
        self.assertFalse(
            self.env["sdp.pipeline.step.report"]
            .with_user(self.user_sales_b)
            .search([("lead_id", "in", leads.ids)])
        )


@tagged("sdp_pipeline", "post_install", "-at_install")
class TestPipelineDemo(PipelineWonCommon):
    def test_demo_pipeline(self):
        """Demo: a team on the policy pipeline with leads over the steps, gates passed."""
        team = self.env.ref("sales_dev_policy.demo_pipe_team", raise_if_not_found=False)
        if not team:
            self.skipTest("installed without demo data")
        self.assertTrue(team.sdp_use_policy_pipeline)
        leads = (
            self.env["crm.lead"].with_context(active_test=False).search([("team_id", "=", team.id)])
        )
        steps = set(leads.filtered("active").mapped("sdp_policy_step"))
        self.assertEqual(steps, {"prospect", "contact", "needs", "proposal", "negotiation", "won"})
        won = self.env.ref("sales_dev_policy.demo_pipe_lead_won")
        self.assertEqual(won.probability, 100)
        self.assertEqual(len(won.sdp_kickoff_event_id), 1)
        # The three templates' milestones and the delivery of its confirmed order (P3.7.1: won
        # with its contract signed).
        self.assertEqual(len(won.sdp_followup_milestone_ids), 4)
        self.assertEqual(won.order_ids.filtered(lambda o: o.state == "sale").amount_untaxed, 96000)
        # Every move was a normal one: no override, no skipped step.
        self.assertFalse(leads.sdp_transition_ids.filtered("is_override"))
        self.assertEqual(
            won.sdp_transition_ids.sorted("id").mapped("step_to"),
            ["prospect", "contact", "needs", "proposal", "negotiation", "contract", "won"],
        )
        lost = self.env.ref("sales_dev_policy.demo_pipe_lead_lost")
        self.assertFalse(lost.active)
        self.assertTrue(lost.sdp_lost_to_competitor_id)
        negotiation = self.env.ref("sales_dev_policy.demo_pipe_lead_negotiation")
        self.assertEqual(len(negotiation.sdp_negotiation_round_ids), 2)
        self.assertTrue(self.env.ref("sales_dev_policy.demo_pipe_market_research").lead_ids)
