"""Each salesperson's and team leader's first screen, in the browser: CRM opens on the policy
team's board, every policy step a column (empty ones too) in policy order, in English and in
中文 (台灣), on a desktop and on a phone (P3). Feature: pipeline."""

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import load_policy_terms


class BoardTourCase(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_policy_terms(cls.env)
        sellers = [
            new_test_user(
                cls.env,
                login=f"sdp_board_{lang}",
                name=f"Board Seller {lang}",
                groups="sales_dev_policy.group_sdp_salesperson",
                lang=lang,
            )
            for lang in ("en_US", "zh_TW")
        ]
        # Leads the team without being one of its members (P2.1.3).
        leader = new_test_user(
            cls.env,
            login="sdp_board_leader",
            name="Board Leader",
            groups="sales_dev_policy.group_sdp_team_leader",
        )
        team = cls.env["crm.team"].create(
            {
                "name": "Board Tour Team",
                "user_id": leader.id,
                "member_ids": [Command.set([seller.id for seller in sellers])],
                "sdp_use_policy_pipeline": True,
            }
        )
        # The leads of the team's first step only: every other column of the board is empty.
        cls.env["crm.lead"].create(
            [
                {
                    "name": "Board Tour Lead",
                    "type": "opportunity",
                    "team_id": team.id,
                    "user_id": seller.id,
                }
                for seller in sellers
            ]
        )

    def _board(self, lang, login=None):
        self.start_tour(
            "/odoo/crm",
            f"sales_dev_policy_board_{lang[:2]}_tour",
            login=login or f"sdp_board_{lang}",
        )


@tagged("sdp_browser", "sdp_pipeline", "post_install", "-at_install")
class TestBoardDesktop(BoardTourCase):
    def test_board_en(self):
        self._board("en_US")

    def test_board_zh_tw(self):
        self._board("zh_TW")

    def test_board_team_leader(self):
        """The leader of the team, not a member of it, lands on the same board."""
        self._board("en_US", login="sdp_board_leader")


@tagged("sdp_browser", "sdp_pipeline", "post_install", "-at_install")
class TestBoardPhone(BoardTourCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_board_en(self):
        self._board("en_US")

    def test_board_zh_tw(self):
        self._board("zh_TW")

    def test_board_team_leader(self):
        """The leader of the team, not a member of it, lands on the same board."""
        self._board("en_US", login="sdp_board_leader")
