"""The team leader's monthly summary (P5.3.1, P5.4): once the month's appraisals exist, each team
leader receives their team's sales, commissions and appraisal results of that month, in their
language. Feature: appraisal."""

from odoo import api, fields, models
from odoo.tools import format_amount, format_date

from .sdp_concurrency import run_batch, serialize_on


class CrmTeam(models.Model):
    _inherit = "crm.team"  # pylint: disable=consider-merging-classes-inherited

    sdp_summary_last_month = fields.Date(
        string="Last Monthly Summary",
        readonly=True,
        copy=False,
        help="First day of the last month whose summary was sent to the team leader.",
    )

    @api.model
    def _cron_sdp_team_summaries(self, batch_size=50):
        """Send each team leader the summary of every month whose appraisals were generated
        since the last summary (the appraisal cron marks the months it generated, P5.3.1). One
        summary per team and month: the team's marker moves with each summary sent.

        At most ``batch_size`` summaries per call, reported to the cron runner, which calls
        again while some remain (a team whose marker moved is not selected again). A batch
        that meets someone changing one of its teams at the same moment is undone and runs
        again shortly (``run_batch``). Returns the teams of the summaries sent."""
        sent = self.browse()

        def batch():
            nonlocal sent
            due = self._sdp_summaries_due()
            taken = due[:batch_size]
            teams = self.union(*(team for team, _company in taken))
            # A team changed by someone else meanwhile (its leader, its members): the batch is
            # undone and runs again with what they did (run_batch).
            serialize_on(teams, nowait=True)
            sent = self._sdp_send_summaries(taken)
            return len(taken), len(due) - len(taken)

        run_batch(
            self.env,
            "sales_dev_policy.ir_cron_sdp_team_summaries",
            batch,
            pending=lambda: len(self._sdp_summaries_due()),
        )
        return sent

    @api.model
    def _sdp_summaries_due(self):
        """``[(team, company)]``: the summaries still to send, in the order they are sent. A
        team without company is due once per company whose generated month is later than the
        last one summarised for it."""
        due = []
        last = {}
        for company in self.env["res.company"].search([("sdp_appraisal_last_month", "!=", False)]):
            month = company.sdp_appraisal_last_month
            teams = self.search(
                [
                    ("company_id", "in", [company.id, False]),
                    ("user_id", "!=", False),
                    ("user_id.share", "=", False),
                ]
            )
            for team in teams.filtered(lambda t, c=company: c in t.user_id.company_ids):
                done_month = last.get(team, team.sdp_summary_last_month)
                if not done_month or done_month < month:
                    due.append((team, company))
                    last[team] = month
        return due

    @api.model
    def _sdp_send_summaries(self, due):
        """Send the summaries ``due`` (``[(team, company)]``) and move each team's marker;
        return the teams of the summaries sent (a team with nothing to report gets none)."""
        template = self.env.ref("sales_dev_policy.mail_template_sdp_team_summary")
        sent = self.browse()
        for team, company in due:
            month = company.sdp_appraisal_last_month
            rows = team._sdp_summary_rows(month, company)
            if rows:
                leader = team.user_id
                template.with_context(
                    lang=leader.lang,
                    sdp_summary_rows=rows,
                    sdp_summary_month=format_date(
                        self.env(context={"lang": leader.lang}), month, date_format="MMMM y"
                    ),
                ).send_mail(team.id)
                sent |= team
            # sudo: the cron's own progress marker, not a user setting.
            team.sudo().sdp_summary_last_month = month
        return sent

    def _sdp_summary_rows(self, month, company):
        """One row per member of the team: sales, commission and appraisal of ``month``
        (``{"name", "sales", "commission", "score", "result"}``), labelled in the leader's
        language. Two searches for the whole team."""
        self.ensure_one()
        env = self.env(context=dict(self.env.context, lang=self.user_id.lang))
        members = self.member_ids
        appraisals = env["sdp.appraisal"].search(
            [
                ("user_id", "in", members.ids),
                ("company_id", "=", company.id),
                ("period_type", "=", "month"),
                ("date_from", "=", month),
            ]
        )
        sheets = env["sdp.commission.sheet"].search(
            [
                ("user_id", "in", members.ids),
                ("company_id", "=", company.id),
                ("date_from", "=", month),
            ]
        )
        results = dict(appraisals._fields["result"]._description_selection(env))
        by_user = {appraisal.user_id: appraisal for appraisal in appraisals}
        sheet_by_user = {sheet.user_id: sheet for sheet in sheets}
        currency = company.currency_id
        rows = []
        for member in members.sorted("name"):
            appraisal = by_user.get(member)
            sheet = sheet_by_user.get(member)
            if not (appraisal or sheet):
                continue
            rows.append(
                {
                    "name": member.name,
                    "sales": format_amount(env, appraisal.sales_amount, currency)
                    if appraisal
                    else "-",
                    "commission": format_amount(env, sheet.amount_total, currency)
                    if sheet
                    else "-",
                    "score": f"{appraisal.score:.1f} %" if appraisal else "-",
                    "result": results.get(appraisal.result, "-") if appraisal else "-",
                }
            )
        return rows
