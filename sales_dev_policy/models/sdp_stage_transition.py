"""The log of stage changes of leads, with overrides and reasons (P3). Feature: pipeline."""

from odoo import api, fields, models
from odoo.tools import SQL, split_every

from .sdp_permit import raise_audit_record


class SdpStageTransition(models.Model):
    """One stage change of a lead (P3): who, when, from, to, time in the previous stage."""

    _name = "sdp.stage.transition"
    _description = "Lead Stage Transition (Policy)"
    _order = "date desc, id desc"
    _check_company_auto = True

    # Audit record (P3): it outlives its lead; lead_name says which lead it was.
    lead_id = fields.Many2one(
        comodel_name="crm.lead",
        string="Lead",
        ondelete="set null",
        index=True,
        readonly=True,
    )
    lead_name = fields.Char(readonly=True)
    stage_from_id = fields.Many2one(
        comodel_name="crm.stage", string="From Stage", index=True, readonly=True
    )
    stage_to_id = fields.Many2one(
        comodel_name="crm.stage", string="To Stage", index=True, readonly=True
    )
    step_from = fields.Selection(
        related="stage_from_id.sdp_policy_step", string="From Step", store=True
    )
    step_to = fields.Selection(related="stage_to_id.sdp_policy_step", string="To Step", store=True)
    user_id = fields.Many2one(
        comodel_name="res.users", string="Changed By", index=True, readonly=True
    )
    salesperson_id = fields.Many2one(
        related="lead_id.user_id", string="Salesperson", store=True, index=True
    )
    team_id = fields.Many2one(related="lead_id.team_id", string="Sales Team", store=True)
    date = fields.Datetime(required=True, index=True, readonly=True)
    days_in_previous = fields.Float(
        string="Days in Previous Stage",
        aggregator="avg",
        digits=(16, 1),
        readonly=True,
    )
    override_reason = fields.Text(readonly=True)
    back_reason = fields.Text(string="Reason for Moving Back", readonly=True)
    is_override = fields.Boolean(
        string="Gate Overridden", compute="_compute_is_override", store=True
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Company",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
    )

    @api.depends("override_reason")
    def _compute_is_override(self):
        for transition in self:
            transition.is_override = bool(transition.override_reason)

    # From this many leads moved in one write, the stage write inserts its log directly
    # (_sdp_insert): the ORM's create of a row, then a second UPDATE pass for its related
    # columns, cost about as much as moving the lead itself. Below, the ORM's create.
    _SDP_INSERT_FROM = 100
    # The related columns a stage write gives with each row (see _sdp_insert).
    _SDP_GIVEN = ("step_from", "step_to", "is_override", "salesperson_id", "team_id")

    @api.model
    def _sdp_insert(self, vals_list):
        """Insert the rows ``vals_list`` (the values of a create, the related columns given but
        the lead's salesperson and team where not at hand) 1,000 per statement; return them.

        The log has no create logic of its own: the rows, then what the ORM does after its
        INSERT (related columns not given marked to compute, dependents told of the new
        records). Only the stage write calls it, as superuser, with the values it computed.
        """
        names = [
            "lead_id",
            "lead_name",
            "stage_from_id",
            "stage_to_id",
            "step_from",
            "step_to",
            "user_id",
            "salesperson_id",
            "team_id",
            "date",
            "days_in_previous",
            "override_reason",
            "back_reason",
            "is_override",
            "company_id",
        ]
        uid, now = self.env.uid, self.env.cr.now()
        columns = SQL(", ").join(
            SQL.identifier(name)
            for name in [*names, "create_uid", "create_date", "write_uid", "write_date"]
        )
        # The column values as the ORM stores them: NULL for an empty value, but a boolean's
        # False.
        empty = [None if self._fields[name].type != "boolean" else False for name in names]
        ids = []
        for chunk in split_every(1000, vals_list):
            rows = [
                (
                    *(
                        nothing if vals.get(name) is False else vals.get(name)
                        for name, nothing in zip(names, empty, strict=True)
                    ),
                    uid,
                    now,
                    uid,
                    now,
                )
                for vals in chunk
            ]
            self.env.cr.execute(
                SQL(
                    "INSERT INTO sdp_stage_transition (%s) VALUES %s RETURNING id",
                    columns,
                    SQL(", ").join(SQL("%s", row) for row in rows),
                )
            )
            ids.extend(row_id for [row_id] in self.env.cr.fetchall())
        records = self.browse(ids)
        # As the ORM's create does: each row in its lead's history where that history is
        # cached (when a lead's salesperson changes later, Odoo finds the rows to recompute
        # there instead of searching the log lead by lead). A lead has one row per move.
        cache = self.env.cache
        history = self.env["crm.lead"]._fields["sdp_transition_ids"]
        leads = self.env["crm.lead"].browse(vals["lead_id"] for vals in vals_list)
        for lead, row_id in zip(leads, ids, strict=True):
            rows = cache.get(lead, history, None)
            if rows is not None:
                cache.set(lead, history, (*rows, row_id))
        given = [self._fields[fname] for fname in self._SDP_GIVEN]
        with self.env.protecting(given, records):
            records.modified(names, create=True)
        unknown = records.browse(
            [
                row_id
                for row_id, vals in zip(ids, vals_list, strict=True)
                if "salesperson_id" not in vals
            ]
        )
        for fname in ("salesperson_id", "team_id"):
            self.env.add_to_compute(self._fields[fname], unknown)
        return records

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise_audit_record(self)
