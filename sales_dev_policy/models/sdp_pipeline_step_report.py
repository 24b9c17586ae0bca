"""Conversion per policy step (P3, P4.4): how many leads reach each step. Feature: pipeline."""

from odoo import api, fields, models, tools
from odoo.tools import SQL

from .crm_stage_pipeline import POLICY_STEP_INDEX, POLICY_STEPS


class SdpPipelineStepReport(models.Model):
    """Conversion per policy step (P3): one row per lead and step it entered.

    A row counts the first entry of a lead into a policy step (from the transition log) and
    whether the lead later moved on to a later policy step or was won. Grouped by step (and
    team, salesperson, period), ``entered_count`` and ``converted_count`` sum up and the
    average of ``conversion_rate`` (100 or 0 per row) is the step's conversion rate in %.
    The Won step itself has no later step and is not reported.
    """

    _name = "sdp.pipeline.step.report"
    _description = "Policy Pipeline Conversion per Step"
    _auto = False
    _order = "step_sequence, date desc"
    _depends = {
        "sdp.stage.transition": ["lead_id", "stage_to_id", "step_to", "date", "company_id"],
        "crm.lead": ["team_id", "user_id"],
        "crm.stage": ["is_won", "sdp_policy_step"],
    }

    lead_id = fields.Many2one(comodel_name="crm.lead", string="Lead", readonly=True)
    # Grouped by step, the steps come in policy order (P3), as a funnel reads: Odoo orders the
    # groups of a selection by the stored value, alphabetically. A grouped list shows every step
    # (group_expand); the chart and the pivot (read without it) are sorted by read_group.
    step = fields.Selection(
        selection=POLICY_STEPS,
        string="Policy Step",
        readonly=True,
        group_expand="_sdp_expand_steps",
    )
    # Aggregated by "min" (the same value for every row of a step): dashboards sort their rows
    # on it to show the steps in policy order (P3) rather than alphabetically.
    step_sequence = fields.Integer(string="Step Order", readonly=True, aggregator="min")
    date = fields.Datetime(string="Entered On", readonly=True)
    team_id = fields.Many2one(comodel_name="crm.team", string="Sales Team", readonly=True)
    user_id = fields.Many2one(comodel_name="res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", string="Company", readonly=True)
    entered_count = fields.Integer(string="Entered", readonly=True, aggregator="sum")
    converted_count = fields.Integer(string="Moved On or Won", readonly=True, aggregator="sum")
    conversion_rate = fields.Float(
        string="Conversion Rate (%)", readonly=True, aggregator="avg", digits=(16, 1)
    )

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        result = super().read_group(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy
        )
        first = [groupby] if isinstance(groupby, str) else list(groupby)[:1]
        if first == ["step"] and (not orderby or orderby.split()[0] == "step"):
            result.sort(
                key=lambda group: POLICY_STEP_INDEX.get(group.get("step"), len(POLICY_STEPS)),
                reverse=bool(orderby) and orderby.lower().endswith("desc"),
            )
        return result

    def _sdp_expand_steps(self, values, domain):
        # Won has no later step to convert to: it is not a row of the report.
        return [step for step, _label in POLICY_STEPS if step != "won"]

    def _sdp_step_index_sql(self, column):
        """``CASE`` giving the order of the policy step in ``column`` (SQL)."""
        return SQL(
            "CASE %s %s END",
            column,
            SQL(" ").join(
                SQL("WHEN %s THEN %s", step, index) for step, index in POLICY_STEP_INDEX.items()
            ),
        )

    def _query(self):
        return SQL(
            """
            WITH entry AS (
                SELECT DISTINCT ON (t.lead_id, t.step_to)
                       t.id, t.lead_id, t.step_to, t.date, t.company_id
                  FROM sdp_stage_transition t
                 WHERE t.step_to IS NOT NULL AND t.step_to != %(won)s
              ORDER BY t.lead_id, t.step_to, t.date, t.id
            ), converted AS (
                SELECT e.id,
                       EXISTS (
                           SELECT 1
                             FROM sdp_stage_transition n
                             JOIN crm_stage s ON s.id = n.stage_to_id
                            WHERE n.lead_id = e.lead_id
                              AND n.id > e.id
                              AND (s.is_won OR %(next_index)s > %(entry_index)s)
                       ) AS is_converted
                  FROM entry e
            )
            SELECT e.id AS id,
                   e.lead_id AS lead_id,
                   e.step_to AS step,
                   %(entry_index)s AS step_sequence,
                   e.date AS date,
                   l.team_id AS team_id,
                   l.user_id AS user_id,
                   e.company_id AS company_id,
                   1 AS entered_count,
                   CASE WHEN c.is_converted THEN 1 ELSE 0 END AS converted_count,
                   CASE WHEN c.is_converted THEN 100.0 ELSE 0.0 END AS conversion_rate
              FROM entry e
              JOIN converted c ON c.id = e.id
              JOIN crm_lead l ON l.id = e.lead_id
            """,
            won=POLICY_STEPS[-1][0],
            next_index=self._sdp_step_index_sql(SQL("n.step_to")),
            entry_index=self._sdp_step_index_sql(SQL("e.step_to")),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )
