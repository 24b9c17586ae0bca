"""The team leader's monthly summary (P5.3.1, P5.4): once the month's appraisals exist, each team
leader receives their team's sales, commissions and appraisal results of that month, in their
language. Feature: appraisal."""

from odoo import api, fields, models
from odoo.tools import format_amount, format_date


class CrmTeam(models.Model):
    _inherit = "crm.team"  # pylint: disable=consider-merging-classes-inherited

    sdp_summary_last_month = fields.Date(
        string="Last Monthly Summary",
        readonly=True,
        copy=False,
        help="First day of the last month whose summary was sent to the team leader.",
    )

    @api.model
    def _cron_sdp_team_summaries(self):
        """Send each team leader the summary of every month whose appraisals were generated
        since the last summary (the appraisal cron marks the months it generated, P5.3.1). One
        summary per team and month: the team's marker moves with each summary sent."""
        template = self.env.ref("sales_dev_policy.mail_template_sdp_team_summary")
        sent = self.browse()
        for company in self.env["res.company"].search([("sdp_appraisal_last_month", "!=", False)]):
            month = company.sdp_appraisal_last_month
            teams = self.search(
                [
                    ("company_id", "in", [company.id, False]),
                    ("user_id", "!=", False),
                    ("user_id.share", "=", False),
                    "|",
                    ("sdp_summary_last_month", "=", False),
                    ("sdp_summary_last_month", "<", month),
                ]
            )
            for team in teams.filtered(lambda t, c=company: c in t.user_id.company_ids):
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
