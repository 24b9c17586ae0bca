"""Install, roles, menus, settings and the standard flows the module must not change.
Shared by all features."""

import ast
import glob
import os

from odoo.exceptions import AccessError
from odoo.modules.module import get_module_path
from odoo.tests import tagged, users

from .common import SalesDevPolicyCommon


@tagged("sdp_foundation", "post_install", "-at_install")
class TestFoundation(SalesDevPolicyCommon):
    def test_module_installed(self):
        module = self.env["ir.module.module"].search([("name", "=", "sales_dev_policy")])
        self.assertEqual(module.state, "installed")
        self.assertEqual(module.latest_version, "18.0.1.6.0")

    def test_role_groups_and_implications(self):
        """The documented role chain and the review roles (README "Roles")."""
        ref = self.env.ref
        salesman = ref("sales_team.group_sale_salesman")
        all_leads = ref("sales_team.group_sale_salesman_all_leads")
        sale_manager = ref("sales_team.group_sale_manager")
        sdp_sales = ref("sales_dev_policy.group_sdp_salesperson")
        sdp_leader = ref("sales_dev_policy.group_sdp_team_leader")
        sdp_manager = ref("sales_dev_policy.group_sdp_manager")
        sdp_admin = ref("sales_dev_policy.group_sdp_admin")
        credit = ref("sales_dev_policy.group_sdp_credit_officer")
        legal = ref("sales_dev_policy.group_sdp_legal_reviewer")
        category = ref("sales_dev_policy.module_category_sales_dev_policy")
        for group in sdp_sales | sdp_leader | sdp_manager | sdp_admin:
            self.assertEqual(group.category_id, category)
        self.assertIn(salesman, sdp_sales.trans_implied_ids)
        self.assertNotIn(all_leads, sdp_sales.trans_implied_ids, "own records only")
        self.assertIn(sdp_sales, sdp_leader.trans_implied_ids)
        self.assertNotIn(all_leads, sdp_leader.trans_implied_ids, "team records only")
        self.assertIn(sdp_leader, sdp_manager.trans_implied_ids)
        self.assertIn(sale_manager, sdp_manager.trans_implied_ids)
        self.assertIn(sdp_manager, sdp_admin.trans_implied_ids)
        for group in credit | legal:
            self.assertIn(all_leads, group.trans_implied_ids)
            self.assertNotIn(sdp_manager, group.trans_implied_ids)
        # A role is set on the user form: the role chain is one selection field there.
        arch = self.env["res.users"].get_view(view_id=ref("base.view_users_form").id)["arch"]
        chain = (sdp_sales | sdp_leader | sdp_manager | sdp_admin).sorted("id")
        self.assertIn("sel_groups_" + "_".join(str(gid) for gid in chain.ids), arch)
        self.assertIn(f"in_group_{credit.id}", arch)
        self.assertIn(f"in_group_{legal.id}", arch)

    def test_admin_is_policy_administrator(self):
        self.assertTrue(
            self.env.ref("base.user_admin").has_group("sales_dev_policy.group_sdp_admin")
        )

    def _assert_can_open_crm(self, user):
        menus = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        self.assertIn(self.env.ref("crm.crm_menu_root").id, menus)
        self.assertIn(self.env.ref("crm.menu_crm_opportunities").id, menus)
        action = (
            self.env["ir.actions.actions"]
            .with_user(user)
            ._for_xml_id("crm.crm_lead_action_pipeline")
        )
        self.assertEqual(action["res_model"], "crm.lead")
        Lead = self.env["crm.lead"].with_user(user)
        lead = Lead.create({"name": f"Lead of {user.login}", "type": "opportunity"})
        self.assertIn(lead, Lead.search([("id", "=", lead.id)]))
        Lead.get_views([(False, "kanban"), (False, "form"), (False, "list")])

    @users("sdp_sales_a")
    def test_salesperson_opens_crm(self):
        self._assert_can_open_crm(self.env.user)

    @users("sdp_leader")
    def test_team_leader_opens_crm(self):
        self._assert_can_open_crm(self.env.user)

    @users("sdp_manager")
    def test_manager_opens_crm(self):
        self._assert_can_open_crm(self.env.user)

    @users("sdp_internal")
    def test_plain_user_has_no_crm(self):
        """A user without a sales role does not get CRM through this module."""
        menus = self.env["ir.ui.menu"]._visible_menu_ids()
        self.assertNotIn(self.env.ref("crm.crm_menu_root").id, menus)
        with self.assertRaises(AccessError):
            self.env["crm.lead"].search([])

    def test_settings_block(self):
        """The "Customer Development Policy" block sits in the CRM settings, per company."""
        arch = self.env["res.config.settings"].get_view(
            view_id=self.env.ref("base.res_config_settings_view_form").id
        )["arch"]
        self.assertIn("sdp_policy_setting_container", arch)
        other = self.env["res.company"].create({"name": "SDP Other Co"})
        settings = self.env["res.config.settings"].create({"sdp_policy_note": "POL-1"})
        settings.execute()
        self.assertEqual(self.env.company.sdp_policy_note, "POL-1")
        self.assertFalse(other.sdp_policy_note)

    def test_policy_menu_inside_crm(self):
        root = self.env.ref("sales_dev_policy.sdp_menu_root")
        self.assertEqual(root.parent_id, self.env.ref("crm.crm_menu_root"))


@tagged("post_install", "-at_install")
class TestPublicActionsAnswer(SalesDevPolicyCommon):
    def test_every_public_action_returns_a_value(self):
        """XML-RPC cannot marshal None: an action that returns nothing answers the caller with
        a fault although its change was committed. Every ``action_*`` method of the module's
        models and wizards ends by returning a value (True or an action) or by raising."""
        root = get_module_path("sales_dev_policy")
        silent = []
        for folder in ("models", "wizards"):
            for path in sorted(glob.glob(os.path.join(root, folder, "*.py"))):
                with open(path, encoding="utf-8") as source:
                    tree = ast.parse(source.read())
                for node in ast.walk(tree):
                    if not (isinstance(node, ast.FunctionDef) and node.name.startswith("action_")):
                        continue
                    last = node.body[-1]
                    if not (
                        isinstance(last, ast.Raise)
                        or (isinstance(last, ast.Return) and last.value is not None)
                    ):
                        silent.append(f"{folder}/{os.path.basename(path)}: {node.name}")
        self.assertFalse(silent, "actions that answer None over RPC")
