"""Who reads and writes targets and appraisals (P5.2-P5.4, P4.3.3). Feature: appraisal."""

from datetime import date

from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_appraisal import AppraisalCommon


@tagged("sdp_appraisal", "post_install", "-at_install")
class TestAppraisalAccess(AppraisalCommon):
    """P5 access: salespeople read their own appraisals and targets and never write
    scores; team leaders their team's; managers all; other roles nothing; per company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.target_a = cls.Target.create(
            {"user_id": cls.user_sales_a.id, "date_from": "2026-10-01", "sales_target": 1000.0}
        )
        cls.target_b = cls.Target.create(
            {"user_id": cls.user_sales_b.id, "date_from": "2026-10-01", "sales_target": 1000.0}
        )
        generated = cls.Appraisal._generate("month", date(2026, 10, 1), companies=cls.company)
        cls.appraisal_a = generated.filtered(lambda a: a.user_id == cls.user_sales_a)
        cls.appraisal_b = generated.filtered(lambda a: a.user_id == cls.user_sales_b)

    def _visible(self, user, model="sdp.appraisal"):
        return self.env[model].with_user(user).search([])

    def test_salesperson_own_only(self):
        """A reads its own appraisal and target, not B's (search, read_group, search_read,
        open by id, export)."""
        self.assertEqual(self._visible(self.user_sales_a), self.appraisal_a)
        self.assertEqual(self._visible(self.user_sales_a, "sdp.sales.target"), self.target_a)
        model = self.Appraisal.with_user(self.user_sales_a)
        groups = model.read_group([], ["score:avg"], ["user_id"])
        self.assertEqual([g["user_id"][0] for g in groups], [self.user_sales_a.id])
        rows = model.search_read([("user_id", "=", self.user_sales_b.id)], ["score"])
        self.assertEqual(rows, [])
        with self.assertRaises(AccessError):
            model.browse(self.appraisal_b.id).read(["score"])
        # Export: refused (no export right, or the record rule when the user may export).
        with self.assertRaises(UserError):
            model.browse(self.appraisal_b.id).export_data(["score"])
        with self.assertRaises(AccessError):
            self.Target.with_user(self.user_sales_a).browse(self.target_b.id).read(["sales_target"])

    def test_salesperson_cannot_write(self):
        """A cannot change its score, result or interview, nor its target, over RPC; nothing
        changes."""
        score, result = self.appraisal_a.score, self.appraisal_a.result
        mine = self.appraisal_a.with_user(self.user_sales_a)
        for vals in ({"score": 150.0}, {"result": "excellent"}, {"cause_analysis": "x"}):
            with self.assertRaises(AccessError):
                mine.write(vals)
        with self.assertRaises(AccessError):
            mine.action_recompute()
        with self.assertRaises(AccessError):
            mine.unlink()
        with self.assertRaises(AccessError):
            self.target_a.with_user(self.user_sales_a).write({"sales_target": 1.0})
        self.appraisal_a.invalidate_recordset()
        self.assertEqual((self.appraisal_a.score, self.appraisal_a.result), (score, result))
        self.assertFalse(self.appraisal_a.cause_analysis)
        self.assertEqual(self.target_a.sales_target, 1000.0)

    def test_team_leader_team_only(self):
        """The leader of team A sees and reviews A's appraisal, not team B's; never writes
        scores; manages targets of the team only."""
        self.assertEqual(self._visible(self.user_leader), self.appraisal_a)
        self.assertEqual(self._visible(self.user_leader, "sdp.sales.target"), self.target_a)
        with self.assertRaises(AccessError):
            self.appraisal_b.with_user(self.user_leader).read(["score"])
        with self.assertRaises(AccessError):
            self.appraisal_a.with_user(self.user_leader).write({"score": 150.0})
        self.assertNotEqual(self.appraisal_a.score, 150.0)
        self.appraisal_a.with_user(self.user_leader).write({"cause_analysis": "Few visits"})
        self.assertEqual(self.appraisal_a.cause_analysis, "Few visits")
        # The interview is recorded whatever the result (required below standard, P5.4.2):
        # the form shows its tab on every appraisal, with a warning when below standard.
        views = self.appraisal_a.with_user(self.user_leader).get_views([(False, "form")])
        (page,) = etree.fromstring(views["views"]["form"]["arch"]).xpath(
            "//page[@name='interview']"
        )
        self.assertFalse(page.get("invisible"))
        (warning,) = page.xpath(".//div[hasclass('alert')]")
        self.assertEqual(warning.get("invisible"), "result != 'below'")
        target = self.Target.with_user(self.user_leader).create(
            {"user_id": self.user_sales_a.id, "date_from": "2026-11-01", "sales_target": 5.0}
        )
        self.assertEqual(target.team_id, self.team_a)
        with self.assertRaises(AccessError):
            self.Target.with_user(self.user_leader).create(
                {"user_id": self.user_sales_b.id, "date_from": "2026-11-01", "sales_target": 5.0}
            )

    def test_team_leader_never_reviews_own(self):
        """P5.2.3/P5.4: a team leader who is also appraised neither sets their own target nor
        records or closes their own review; a Sales Manager does both."""
        self.team_a.member_ids |= self.user_leader
        own = self.Appraisal._generate("month", date(2026, 9, 1), companies=self.company)
        own = own.filtered(lambda appraisal: appraisal.user_id == self.user_leader)
        self.assertTrue(own)
        as_leader = own.with_user(self.user_leader)
        with self.assertRaisesRegex(AccessError, "your own appraisal"):
            as_leader.write({"cause_analysis": "All good"})
        with self.assertRaisesRegex(AccessError, "your own appraisal"):
            as_leader.action_done()
        self.assertFalse(own.cause_analysis)
        self.assertEqual(own.state, "draft")
        # assertRaises (Odoo's) rolls back to a savepoint: the refused create leaves nothing.
        with self.assertRaises(ValidationError) as refused:
            self.Target.with_user(self.user_leader).create(
                {"user_id": self.user_leader.id, "date_from": "2026-12-01", "sales_target": 1.0}
            )
        self.assertIn("your own sales target", str(refused.exception))
        self.assertFalse(self.Target.search([("user_id", "=", self.user_leader.id)]))
        own.with_user(self.user_manager).write({"cause_analysis": "Reviewed by the manager"})
        self.assertEqual(own.cause_analysis, "Reviewed by the manager")
        self.Target.with_user(self.user_manager).create(
            {"user_id": self.user_leader.id, "date_from": "2026-12-01", "sales_target": 1.0}
        )

    def test_manager_all_others_nothing(self):
        """Managers and administrators see all; credit officer, legal reviewer, plain employee
        and portal users nothing."""
        both = self.appraisal_a | self.appraisal_b
        for user in (self.user_manager, self.user_admin):
            self.assertEqual(self._visible(user) & both, both)
        self.appraisal_b.with_user(self.user_manager).write({"score": 50.0})
        for user in (self.user_credit, self.user_legal, self.user_internal, self.user_portal):
            for model in ("sdp.appraisal", "sdp.sales.target"):
                with self.assertRaises(AccessError):
                    self.env[model].with_user(user).search([])

    def test_other_company_sees_nothing(self):
        """Company B users see nothing of company A's appraisals and targets."""
        company_b = self.env["res.company"].create({"name": "Appraisal Company B"})
        self.user_manager.write(
            {"company_ids": [(6, 0, company_b.ids)], "company_id": company_b.id}
        )
        self.assertFalse(self._visible(self.user_manager))
        self.assertFalse(self._visible(self.user_manager, "sdp.sales.target"))
        with self.assertRaises(AccessError):
            self.appraisal_a.with_user(self.user_manager).read(["score"])
