"""Training and coaching of salespeople (P2.1.3, P5.1.4, P5.4.2): the training needs an appraisal
names become training sessions with a date, a subject and who attended. Feature: appraisal."""

from odoo import api, fields, models
from odoo.exceptions import UserError


class SdpTraining(models.Model):
    """A training or coaching session the sales department organises for its salespeople
    (P2.1.3), often answering the training needs of their appraisals (P5.4.2, P5.1.4)."""

    _name = "sdp.training"
    _description = "Sales Training (Policy)"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Subject", required=True, tracking=True)
    date = fields.Date(
        required=True,
        tracking=True,
        default=lambda self: self.env.company._sdp_today(),
    )
    trainer_id = fields.Many2one(
        comodel_name="res.users",
        string="Trainer or Coach",
        default=lambda self: self.env.user,
        tracking=True,
    )
    team_id = fields.Many2one(
        comodel_name="crm.team", string="Sales Team", index=True, check_company=True
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    state = fields.Selection(
        selection=[("planned", "Planned"), ("done", "Held")],
        string="Status",
        default="planned",
        required=True,
        tracking=True,
    )
    description = fields.Text(string="Content")
    attendance_ids = fields.One2many(
        comodel_name="sdp.training.attendance", inverse_name="training_id", string="Attendees"
    )
    # compute_sudo: a salesperson reads their own attendance line only, but the session's
    # counts are the session's (numbers, no one's name).
    attendee_count = fields.Integer(
        string="Attendees Invited", compute="_compute_counts", compute_sudo=True
    )
    attended_count = fields.Integer(string="Attended", compute="_compute_counts", compute_sudo=True)

    @api.depends("attendance_ids.attended")
    def _compute_counts(self):
        for training in self:
            training.attendee_count = len(training.attendance_ids)
            training.attended_count = len(training.attendance_ids.filtered("attended"))

    def action_done(self):
        """The session was held: who attended is recorded on the attendees' lines."""
        self.write({"state": "done"})
        return True

    def action_reset_planned(self):
        self.write({"state": "planned"})
        return True


class SdpTrainingAttendance(models.Model):
    """A salesperson invited to a training session, whether they attended, and the appraisal
    whose training need it answers (P5.4.2)."""

    _name = "sdp.training.attendance"
    _description = "Sales Training Attendance (Policy)"
    _order = "training_id desc, id"
    _check_company_auto = True
    _rec_name = "user_id"

    training_id = fields.Many2one(
        comodel_name="sdp.training",
        string="Training",
        required=True,
        index=True,
        ondelete="cascade",
    )
    user_id = fields.Many2one(
        comodel_name="res.users", string="Salesperson", required=True, index=True
    )
    appraisal_id = fields.Many2one(
        comodel_name="sdp.appraisal",
        string="From Appraisal",
        index=True,
        check_company=True,
        # Which appraisal called for the training says something of its result: the attendees
        # of a session see each other, not why each was invited.
        groups="sales_dev_policy.group_sdp_team_leader",
        help="The appraisal whose training need this session answers (P5.4.2, P5.1.4).",
    )
    attended = fields.Boolean()
    note = fields.Char(string="Notes")
    company_id = fields.Many2one(related="training_id.company_id", store=True, index=True)
    date = fields.Date(related="training_id.date", store=True)
    training_state = fields.Selection(related="training_id.state", string="Training Status")

    _sql_constraints = [
        (
            "user_unique",
            "unique(training_id, user_id)",
            "A salesperson is invited to a training once.",
        ),
    ]

    @api.constrains("user_id", "appraisal_id")
    def _check_appraisal_is_the_attendees(self):
        for line in self:
            if line.appraisal_id and line.appraisal_id.user_id != line.user_id:
                raise UserError(
                    self.env._(
                        "%(training)s: the appraisal %(appraisal)s is %(owner)s's, not "
                        "%(user)s's; a training answers the needs of its attendee's own "
                        "appraisal (P5.4.2).",
                        training=line.training_id.name,
                        appraisal=line.appraisal_id.display_name,
                        owner=line.appraisal_id.user_id.name,
                        user=line.user_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.filtered("attended")._sdp_check_not_own_attendance()
        return lines

    def write(self, vals):
        res = super().write(vals)
        if "attended" in vals or "user_id" in vals:
            self.filtered("attended")._sdp_check_not_own_attendance()
        return res

    def _sdp_check_not_own_attendance(self):
        """Who attended is recorded by the trainer, the team leader or a manager, never by the
        attendee for themselves (no one certifies their own training)."""
        if self.env.su:
            return
        own = self.filtered(lambda line: line.user_id == self.env.user)
        if own:
            raise UserError(
                self.env._(
                    "%(training)s: you cannot record your own attendance; the trainer, your "
                    "team leader or a Sales Manager records who attended (P2.1.3).",
                    training=own[0].training_id.name,
                )
            )
