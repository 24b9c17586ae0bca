"""Who reads and writes commissions and bonuses (P5.1, P4.3.3). Feature: incentive."""

from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common_incentive import IncentiveCommon


@tagged("sdp_incentive", "post_install", "-at_install")
class TestIncentiveAccess(IncentiveCommon):
    """P5.1, P4.3.3: a salesperson reads their own commissions only and never writes them; a
    team leader reads their team's; Sales Managers all; credit officer, legal reviewer, plain
    employees and portal users nothing; no company sees another's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._plan()
        cls._plan(name="Plan B", user_ids=[(6, 0, cls.user_sales_b.ids)])
        cls.sheets = cls.Sheet._generate(date(2026, 10, 1), cls.company)
        cls.sheet_a = cls.sheets.filtered(lambda s: s.user_id == cls.user_sales_a)
        cls.sheet_b = cls.sheets.filtered(lambda s: s.user_id == cls.user_sales_b)
        cls.bonus_ab = cls.Bonus.create(
            {
                "name": "Shared project",
                "amount_total": 100,
                "share_ids": [
                    (0, 0, {"user_id": cls.user_sales_a.id, "percent": 50}),
                    (0, 0, {"user_id": cls.user_sales_b.id, "percent": 50}),
                ],
            }
        )
        cls.bonus_b = cls.Bonus.create(
            {
                "name": "B project",
                "amount_total": 100,
                "share_ids": [(0, 0, {"user_id": cls.user_sales_b.id, "percent": 100})],
            }
        )
        cls.user_manager_b = new_test_user(
            cls.env,
            login="sdp_manager_company_b",
            groups="sales_dev_policy.group_sdp_manager",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
        )
        cls.models = [
            "sdp.commission.plan",
            "sdp.commission.sheet",
            "sdp.commission.line",
            "sdp.project.bonus",
            "sdp.project.bonus.share",
        ]

    def _visible(self, user, model):
        return self.env[model].with_user(user).search([])

    def test_salesperson_own_only(self):
        """P5.1: A finds, reads and groups only their own records, cannot open B's by id."""
        Sheet = self.Sheet.with_user(self.user_sales_a)
        self.assertEqual(Sheet.search([]), self.sheet_a)
        self.assertEqual(
            [row["user_id"][0] for row in Sheet.search_read([], ["user_id"])],
            [self.user_sales_a.id],
        )
        groups = Sheet.read_group([], ["amount_total:sum"], ["user_id"])
        self.assertEqual([group["user_id"][0] for group in groups], [self.user_sales_a.id])
        self.assertEqual(
            self.env["sdp.commission.line"].with_user(self.user_sales_a).search([]).sheet_id,
            self.sheet_a,
        )
        self.assertEqual(
            self.env["sdp.project.bonus.share"].with_user(self.user_sales_a).search([]).user_id,
            self.user_sales_a,
        )
        self.assertEqual(self._visible(self.user_sales_a, "sdp.project.bonus"), self.bonus_ab)
        self.assertEqual(self._visible(self.user_sales_a, "sdp.commission.plan").name, "Plan A")
        for record in (self.sheet_b, self.sheet_b.line_ids[0], self.bonus_b):
            with self.assertRaises(AccessError):
                record.with_user(self.user_sales_a).read(["display_name"])
        self.user_sales_a.groups_id |= self.env.ref("base.group_allow_export")
        with self.assertRaises(AccessError):
            self.sheet_b.with_user(self.user_sales_a).export_data(["amount_total"])
        exported = self.sheet_a.with_user(self.user_sales_a).export_data(["amount_total"])
        self.assertEqual(len(exported["datas"]), 1)

    def test_salesperson_never_writes(self):
        """P5.1: no create, write or unlink on any incentive model, even over RPC."""
        for model, record in (
            ("sdp.commission.sheet", self.sheet_a),
            ("sdp.commission.line", self.sheet_a.line_ids[0]),
            ("sdp.project.bonus", self.bonus_ab),
            ("sdp.project.bonus.share", self.bonus_ab.share_ids[0]),
            ("sdp.commission.plan", self.sheet_a.plan_id),
        ):
            as_a = record.with_user(self.user_sales_a)
            with self.assertRaises(AccessError, msg=model):
                as_a.check_access("write")
            with self.assertRaises(AccessError, msg=model):
                as_a.unlink()
            with self.assertRaises(AccessError, msg=model):
                self.env[model].with_user(self.user_sales_a).check_access("create")
        share = self.bonus_ab.share_ids.filtered(lambda s: s.user_id == self.user_sales_a)
        with self.assertRaises(AccessError):
            share.with_user(self.user_sales_a).write({"percent": 100})
        self.assertEqual(share.percent, 50)

    def test_team_leader_team_only(self):
        """P5.1, P4.3.3: the leader of team A reads the records of team A's members, not B's."""
        self.assertEqual(self._visible(self.user_leader, "sdp.commission.sheet"), self.sheet_a)
        self.assertEqual(
            self._visible(self.user_leader, "sdp.commission.line"), self.sheet_a.line_ids
        )
        self.assertEqual(self._visible(self.user_leader, "sdp.project.bonus"), self.bonus_ab)
        self.assertEqual(
            self._visible(self.user_leader, "sdp.project.bonus.share").user_id, self.user_sales_a
        )
        with self.assertRaises(AccessError):
            self.sheet_b.with_user(self.user_leader).read(["amount_total"])
        with self.assertRaises(AccessError):
            self.sheet_a.with_user(self.user_leader).action_confirm()

    def test_managers_all(self):
        """Managers and Policy Administrators read and manage all."""
        for user in (self.user_manager, self.user_admin):
            self.assertEqual(self._visible(user, "sdp.commission.sheet"), self.sheets)
            self.assertEqual(self._visible(user, "sdp.project.bonus"), self.bonus_ab | self.bonus_b)
        self.sheet_a.with_user(self.user_admin).action_confirm()
        self.assertEqual(self.sheet_a.state, "confirmed")

    def test_other_roles_nothing(self):
        """Credit officer, legal reviewer, plain employee and portal user: no access at all."""
        for user in (self.user_credit, self.user_legal, self.user_internal, self.user_portal):
            for model in self.models:
                with self.assertRaises(AccessError, msg=f"{user.login} {model}"):
                    self.env[model].with_user(user).search([])

    def test_other_company_nothing(self):
        """Multi-company: a manager of company B sees nothing of company A."""
        for model in self.models:
            self.assertFalse(self._visible(self.user_manager_b, model), model)
        with self.assertRaises(AccessError):
            self.sheet_a.with_user(self.user_manager_b).read(["amount_total"])

    def test_salesperson_opens_forms(self):
        """The salesperson's views open: their sheet with its plan and lines, a shared bonus
        with only their own share."""
        self.env.invalidate_all()  # as a new request
        sheet = self.sheet_a.with_user(self.user_sales_a)
        sheet.get_views([(False, "form"), (False, "list"), (False, "kanban"), (False, "search")])
        data = sheet.web_read(
            {
                "plan_id": {"fields": {"display_name": {}}},
                "line_ids": {"fields": {"metric": {}, "amount": {}}},
                "amount_total": {},
            }
        )
        self.assertEqual(data[0]["plan_id"]["display_name"], "Plan A")
        self.assertEqual(len(data[0]["line_ids"]), 3)
        self.bonus_ab.action_approve()
        self.env.invalidate_all()  # as a new request: the superuser's cache holds both shares
        bonus = self.bonus_ab.with_user(self.user_sales_a)
        bonus.get_views([(False, "form"), (False, "list")])
        data = bonus.web_read({"visible_share_ids": {"fields": {"user_id": {}, "amount": {}}}})
        self.assertEqual(
            [share["user_id"] for share in data[0]["visible_share_ids"]], [self.user_sales_a.id]
        )
        # The team leader sees the share of A (team A), not B's.
        leader_data = self.bonus_ab.with_user(self.user_leader).web_read(
            {"visible_share_ids": {"fields": {"user_id": {}}}}
        )
        self.assertEqual(
            [share["user_id"] for share in leader_data[0]["visible_share_ids"]],
            [self.user_sales_a.id],
        )
