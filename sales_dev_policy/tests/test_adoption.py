"""Adopting the policy as written (P1.2): one action switches every mandatory clause on for the
company, its teams on the policy pipeline with their open leads at the matching step; the panel
shows each clause applied, relaxed (by whom, when, which setting) or not applied; relaxing is
logged; new teams of an adopting company start on the policy pipeline. Feature: shared."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from ..models.res_company_adoption import ADOPTION_OFFER_TODO
from .common import SalesDevPolicyCommon

SWITCHES = (
    "sdp_pipeline_no_skip",
    "sdp_pipeline_back_reason",
    "sdp_legal_on_every_order",
    "sdp_legal_before_signing",
    "sdp_restrict_export",
    "sdp_marketing_consent_only",
    "sdp_restrict_customers",
    "sdp_credit_order_gate",
    "sdp_credit_lead_gate",
)


@tagged("sdp_pipeline", "post_install", "-at_install")
class TestAdoption(SalesDevPolicyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Every mandatory switch off, whatever a new company's defaults are.
        cls.adopting = cls.env["res.company"].create(
            {"name": "Adopting Co", **dict.fromkeys(SWITCHES, False)}
        )
        companies = [cls.company.id, cls.adopting.id]
        cls.user_settings = new_test_user(
            cls.env,
            login="sdp_settings_admin",
            name="Settings Administrator",
            groups="base.group_system,sales_dev_policy.group_sdp_admin",
            company_id=cls.adopting.id,
            company_ids=[(6, 0, companies)],
        )
        cls.user_admin_only = new_test_user(
            cls.env,
            login="sdp_settings_only",
            name="Settings Only",
            groups="base.group_system",
            company_id=cls.adopting.id,
            company_ids=[(6, 0, companies)],
        )
        cls.user_manager.write({"company_ids": [(4, cls.adopting.id)]})
        cls.user_seller = new_test_user(
            cls.env,
            login="sdp_adopting_seller",
            name="Adopting Seller",
            groups="sales_dev_policy.group_sdp_salesperson",
            company_id=cls.adopting.id,
            company_ids=[(6, 0, [cls.adopting.id])],
        )
        cls.team = cls.env["crm.team"].create(
            {
                "name": "Adopting Team",
                "company_id": cls.adopting.id,
                "member_ids": [(4, cls.user_seller.id)],
            }
        )
        ref = cls.env.ref
        cls.new_lead, cls.qualified_lead, cls.proposition_lead = (
            cls.env["crm.lead"].create(
                {
                    "name": name,
                    "type": "opportunity",
                    "team_id": cls.team.id,
                    "company_id": cls.adopting.id,
                    "user_id": cls.user_seller.id,
                    "stage_id": ref(stage).id,
                }
            )
            for name, stage in (
                ("New one", "crm.stage_lead1"),
                ("Qualified", "crm.stage_lead2"),
                ("Proposed", "crm.stage_lead3"),
            )
        )

    def _settings(self, user):
        return (
            self.env["res.config.settings"].with_user(user).with_company(self.adopting).create({})
        )

    def _panel(self):
        self.adopting.invalidate_recordset(["sdp_compliance_html"])
        return str(self.adopting.with_company(self.adopting).sdp_compliance_html)

    def test_adoption_applies_every_mandatory_clause(self):
        """P1.2: before, every clause says Not applied; the adoption switches each on, puts the
        team on the policy pipeline and moves its open leads to the matching policy step with a
        logged transition; the panel then says Applied everywhere."""
        self.assertFalse(any(self.adopting[fname] for fname in SWITCHES))
        self.assertEqual(self._panel().count("Not applied"), 7)
        ref = self.env.ref
        steps = {
            "sales_dev_policy.crm_stage_sdp_contact": "sdp_gate_require_screening",
            "sales_dev_policy.crm_stage_sdp_contract": "sdp_gate_require_negotiation",
            "sales_dev_policy.crm_stage_sdp_won": "sdp_require_confirmed_order",
        }
        for xmlid, fname in steps.items():
            ref(xmlid)[fname] = False
        self._settings(self.user_settings).action_sdp_apply_policy()
        for xmlid, fname in steps.items():
            self.assertTrue(ref(xmlid)[fname], f"P3.2.2, P3.6.3, P3.7.1: {fname} on the step")
        self.assertEqual(
            self.adopting.sdp_satisfaction_survey_id,
            ref("sales_dev_policy.survey_sdp_customer_satisfaction"),
            "P5.2.4: the shipped satisfaction survey",
        )
        self.assertTrue(all(self.adopting[fname] for fname in SWITCHES))
        self.assertTrue(self.team.sdp_use_policy_pipeline)
        self.assertEqual(self.adopting.sdp_policy_adopted_by_id, self.user_settings)
        self.assertEqual(self.new_lead.stage_id.sdp_policy_step, "prospect")
        self.assertEqual(self.qualified_lead.stage_id.sdp_policy_step, "needs")
        # The override passes the gates' data, never the credit approval the Proposal step
        # asks for with the credit gate on leads (no credit profile): the first step instead.
        self.assertEqual(self.proposition_lead.stage_id.sdp_policy_step, "prospect")
        transition = self.env["sdp.stage.transition"].search([("lead_id", "=", self.new_lead.id)])
        self.assertTrue(transition.filtered("is_override"), "the move is logged with its reason")
        panel = self._panel()
        self.assertEqual(panel.count("Applied"), 7)
        self.assertNotIn("Not applied", panel)
        decision = self.env["sdp.policy.decision"].search([("company_id", "=", self.adopting.id)])
        self.assertEqual(decision.kind, "adopted")
        self.assertEqual(decision.user_id, self.user_settings)
        self.assertFalse(self.company.sdp_restrict_export, "another company is not changed")

    def test_only_a_settings_administrator_who_manages_sales_adopts(self):
        """A Sales Manager does not change the company's settings; nothing changes."""
        with self.assertRaises(AccessError):
            self.adopting.with_user(self.user_manager)._sdp_apply_policy()
        self.assertFalse(self.adopting.sdp_restrict_customers)
        self.assertFalse(self.team.sdp_use_policy_pipeline)
        self.assertEqual(self.new_lead.stage_id, self.env.ref("crm.stage_lead1"))

    def test_relaxing_a_clause_is_logged_and_shown(self):
        """After the adoption, switching a mandatory clause off (a setting, or a team leaving the
        policy pipeline) is logged with who and when, and the panel shows it relaxed."""
        self._settings(self.user_settings).action_sdp_apply_policy()
        # A manager's decision with a reason: without one, refused and nothing changes.
        with self.assertRaisesRegex(UserError, "Reason for Relaxing"):
            self.adopting.with_user(self.user_settings).write({"sdp_restrict_export": False})
        self.assertTrue(self.adopting.sdp_restrict_export)
        with self.assertRaises(AccessError):
            self.adopting.with_user(self.user_admin_only).write(
                {"sdp_restrict_export": False, "sdp_policy_relax_reason": "Auditors"}
            )
        self.assertTrue(self.adopting.sdp_restrict_export)
        # A reason made of invisible characters is no reason.
        with self.assertRaisesRegex(UserError, "Reason for Relaxing"):
            self.adopting.with_user(self.user_settings).write(
                {"sdp_restrict_export": False, "sdp_policy_relax_reason": "\u200b \u2060"}
            )
        # The adoption's own record cannot be cleared to relax as if never adopted.
        with self.assertRaisesRegex(UserError, "Apply the Policy as Written"):
            self.adopting.with_user(self.user_admin_only).write({"sdp_policy_adopted_date": False})
        self.assertTrue(self.adopting.sdp_policy_adopted_date)
        # A team off the pipeline is a Sales Manager's decision, logged, created so too.
        sale_admin = new_test_user(
            self.env,
            login="sdp_sale_admin_only",
            groups="sales_team.group_sale_manager",
            company_id=self.adopting.id,
            company_ids=[(6, 0, [self.adopting.id])],
        )
        with self.assertRaises(AccessError):
            self.team.with_user(sale_admin).write({"sdp_use_policy_pipeline": False})
        self.assertTrue(self.team.sdp_use_policy_pipeline)
        side = (
            self.env["crm.team"]
            .with_user(self.user_settings)
            .create(
                {
                    "name": "Side Team",
                    "company_id": self.adopting.id,
                    "sdp_use_policy_pipeline": False,
                }
            )
        )
        self.assertTrue(
            self.env["sdp.policy.decision"].search(
                [("company_id", "=", self.adopting.id), ("setting", "=", side.name)]
            )
        )
        # The settings page: the reason typed with the change.
        settings = (
            self.env["res.config.settings"]
            .with_user(self.user_settings)
            .with_company(self.adopting)
            .create(
                {
                    "sdp_restrict_export": False,
                    "sdp_policy_relax_reason": "The auditors export the customer list",
                }
            )
        )
        settings.execute()
        self.assertFalse(self.adopting.sdp_restrict_export)
        self.assertIn("The auditors export the customer list", self._panel())
        self.team.with_user(self.user_settings).action_sdp_leave_policy_pipeline()
        relaxed = self.env["sdp.policy.decision"].search(
            [("company_id", "=", self.adopting.id), ("kind", "=", "relaxed")]
        )
        self.assertEqual(sorted(set(relaxed.mapped("clause"))), ["P1.2, P3", "P4.3.1"])
        self.assertEqual(relaxed.user_id, self.user_settings)
        self.assertIn("Adopting Team", relaxed.mapped("setting"))
        panel = self._panel()
        self.assertEqual(panel.count("Relaxed"), 2)
        self.assertIn("Settings Administrator", panel)
        self.assertEqual(panel.count("Applied"), 5)

    def test_new_teams_of_an_adopting_company_start_on_the_policy_pipeline(self):
        Team = self.env["crm.team"].with_user(self.user_settings)
        before = Team.create({"name": "Before", "company_id": self.adopting.id})
        self.assertFalse(before.sdp_use_policy_pipeline, "the company has not adopted yet")
        self._settings(self.user_settings).action_sdp_apply_policy()
        after = Team.create({"name": "After", "company_id": self.adopting.id})
        self.assertTrue(after.sdp_use_policy_pipeline)
        elsewhere = Team.create({"name": "Elsewhere", "company_id": self.company.id})
        self.assertFalse(elsewhere.sdp_use_policy_pipeline, "the other company has not adopted")

    def _compliance(self, user):
        """{clause: (state, relaxed by, reason)} of the adopting company, read as ``user``."""
        # As a new request reads them: the rows are SQL, not tracked by the cache.
        self.env["sdp.policy.compliance"].invalidate_model()
        rows = (
            self.env["sdp.policy.compliance"]
            .with_user(user)
            .with_context(allowed_company_ids=[self.adopting.id, self.company.id])
            .search([("company_id", "=", self.adopting.id)])
        )
        return {r.clause: (r.state, r.relaxed_by_id, r.relaxed_reason or "") for r in rows}

    def test_compliance_rows_are_the_panel(self):
        """P1.2: the Policy Compliance dashboard's rows say what the settings panel says, clause
        by clause, for the managers; a salesperson reads none of them."""
        clauses = ["P1.2, P3", "P3", "P3.7.3", "P4.3.1", "P4.3.2", "P4.3.3", "P6.3.1"]
        before = self._compliance(self.user_manager)
        self.assertEqual(sorted(before), clauses)
        self.assertEqual({state for state, _u, _r in before.values()}, {"off"})
        self._settings(self.user_settings).action_sdp_apply_policy()
        applied = self._compliance(self.user_manager)
        self.assertEqual({state for state, _u, _r in applied.values()}, {"applied"}, applied)
        Compliance = self.env["sdp.policy.compliance"].with_user(self.user_manager)
        [group] = Compliance._read_group(
            [("company_id", "=", self.adopting.id)], [], ["applied_count:sum", "__count"]
        )
        self.assertEqual(group, (7, 7), "the dashboard's tile: 7 clauses applied of 7")
        self.adopting.with_user(self.user_settings).write(
            {"sdp_credit_lead_gate": False, "sdp_policy_relax_reason": "One credit officer"}
        )
        relaxed = self._compliance(self.user_manager)
        self.assertEqual(relaxed["P6.3.1"], ("relaxed", self.user_settings, "One credit officer"))
        self.assertEqual(
            [c for c, (state, _u, _r) in relaxed.items() if state == "applied"],
            [c for c in clauses if c != "P6.3.1"],
        )
        # Switched on again, the clause is applied; the past decision stays in the log.
        self.adopting.with_user(self.user_settings).write({"sdp_credit_lead_gate": True})
        self.assertEqual(self._compliance(self.user_manager)["P6.3.1"][0], "applied")
        panel = self._panel()
        self.assertEqual(panel.count("Applied"), 7)
        with self.assertRaises(AccessError):
            self.env["sdp.policy.compliance"].with_user(self.user_seller).search([])


@tagged("sdp_pipeline", "post_install", "-at_install")
class TestAdoptionOffer(TransactionCase):
    """The onboarding step of a brand-new database (P1.2): after the install Odoo opens the
    offer to adopt the policy as written; a database already in use is offered nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create(
            {"name": "New Co", **dict.fromkeys(SWITCHES, False)}
        )
        cls.user_installer = new_test_user(
            cls.env,
            login="sdp_installer",
            name="Installer",
            groups="base.group_system,sales_dev_policy.group_sdp_admin",
            company_id=cls.company.id,
            company_ids=[(6, 0, [cls.company.id])],
        )
        # The database as the install found it: no offer made yet, no company adopted, no
        # lead or order but the demo records (which have an xmlid; the test's own are removed).
        cls.installed_offer = cls.env.ref(ADOPTION_OFFER_TODO, raise_if_not_found=False)
        # The database as the install found it, but for the module's demo data, which sets the
        # demo up itself (and makes no offer).
        cls.env["ir.model.data"].search(
            [("module", "=", "sales_dev_policy"), ("name", "=", "demo_user_manager")]
        ).unlink()
        assert not cls.env["res.company"].search([("sdp_policy_adopted_date", "!=", False)])
        Data = cls.env["ir.model.data"]
        for model in ("crm.lead", "sale.order"):
            demo = Data.search([("model", "=", model)]).mapped("res_id")
            records = (
                cls.env[model].with_context(active_test=False).search([("id", "not in", demo)])
            )
            if model == "sale.order":
                records.with_context(disable_cancel_warning=True).action_cancel()
            records.unlink()
        cls.settings_menu_action = cls.env.ref("sales_dev_policy.res_config_settings_action")

    def _offer_form(self):
        action = self.env["ir.module.module"].with_user(self.user_installer).next()
        self.assertEqual(
            (action["res_model"], action["target"]), ("sdp.policy.adoption.offer", "new")
        )
        return Form(
            self.env[action["res_model"]].with_user(self.user_installer).with_company(self.company)
        )

    def test_the_demo_database_is_not_offered(self):
        """The test database is the module's demo: its install (the hook) made no offer; the
        same database without the demo data is offered the adoption."""
        self.assertFalse(self.installed_offer)
        self.assertTrue(self.env["res.company"]._sdp_offer_adoption(), "without the demo")

    def test_a_new_database_is_offered_the_adoption(self):
        """P1.2: after the install from Apps Odoo opens the offer (its next configuration
        step); the installer sees the clauses not applied, applies them in one step and lands
        on the policy's settings; the offer is made once."""
        offer = self.env["res.company"]._sdp_offer_adoption()
        self.assertEqual(offer.state, "open")
        self.assertFalse(self.env["res.company"]._sdp_offer_adoption(), "offered once")
        form = self._offer_form()
        self.assertEqual(str(form.compliance_html).count("Not applied"), 7)
        wizard = form.save()
        self.assertEqual(wizard.company_id, self.company, "the installer's company")
        action = wizard.action_apply()
        self.assertEqual(action["id"], self.settings_menu_action.id)
        self.assertTrue(all(self.company[fname] for fname in SWITCHES))
        self.assertEqual(self.company.sdp_policy_adopted_by_id, self.user_installer)
        self.assertEqual(offer.state, "done")
        self.assertEqual(
            self.env["ir.module.module"].next()["type"], "ir.actions.act_url", "no offer left"
        )

    def test_the_offer_changes_nothing_until_applied(self):
        """Deciding later, or an administrator who is no Sales Manager pressing Apply, changes
        no switch; adopting later from the settings answers the offer."""
        offer = self.env["res.company"]._sdp_offer_adoption()
        wizard = self._offer_form().save()
        self.assertEqual(wizard.action_open_settings()["id"], self.settings_menu_action.id)
        self.assertFalse(any(self.company[fname] for fname in SWITCHES))
        admin_only = new_test_user(
            self.env,
            login="sdp_installer_not_sales",
            groups="base.group_system",
            company_id=self.company.id,
            company_ids=[(6, 0, [self.company.id])],
        )
        with self.assertRaises(AccessError):
            wizard.with_user(admin_only).action_apply()
        self.assertFalse(any(self.company[fname] for fname in SWITCHES))
        self.assertFalse(self.company.sdp_policy_adopted_date)
        offer.state = "open"
        self.company.with_user(self.user_installer)._sdp_apply_policy()
        self.assertEqual(offer.state, "done", "the offer is answered by the adoption")

    def test_a_database_in_use_is_offered_nothing(self):
        """A database with a lead or an order of its own is in use: the install offers nothing
        there (as it changes nothing), and Odoo opens no step after it."""
        for model, vals in (
            ("crm.lead", {"name": "Already selling"}),
            ("sale.order", {"partner_id": self.user_installer.partner_id.id}),
        ):
            record = self.env[model].create(vals)
            self.assertFalse(self.env["res.company"]._sdp_offer_adoption(), model)
            self.assertFalse(self.env.ref(ADOPTION_OFFER_TODO, raise_if_not_found=False))
            self.assertEqual(self.env["ir.module.module"].next()["type"], "ir.actions.act_url")
            record.unlink()
        self.assertTrue(self.env["res.company"]._sdp_offer_adoption(), "new again: offered")
