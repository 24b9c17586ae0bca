"""Credit assessments (P6.3.1, P6.3.2): an officer investigates, another approves, the
approval becomes the customer's credit profile. Feature: credit."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .sdp_credit_rating_term import CREDIT_RATINGS
from .sdp_duties import ensure_not_involved
from .sdp_permit import created_fields, has_permit, raise_audit_record, with_permit

# The status an assessment proposes for the credit profile (P6.3.1).
PROPOSED_STATES = [
    ("approved", "Approved"),
    ("watch", "Watch"),
    ("blocked", "Blocked"),
]

# The credit file proper (sources, conclusion, documents): credit officers and managers only;
# the salesperson who requested the assessment sees its result (P4.3.3, P6.3.1).
CREDIT_FILE_GROUPS = "sales_dev_policy.group_sdp_credit_officer,sales_dev_policy.group_sdp_manager"

# What a salesperson may fill in when requesting an assessment for their prospect (P6.3.1).
REQUEST_FIELDS = {"partner_id", "company_id", "request_note"}
# Who did what: set by the assessment's own actions only (four eyes compare these people).
FLOW_FIELDS = frozenset({"state", "requested_by_id", "assessor_id", "approver_id"})
# What a completed assessment concludes: frozen once it leaves its draft, so that the approval
# binds to exactly what the assessor completed (P6.3.1).
CONCLUSION_FIELDS = frozenset(
    {
        "date",
        "rating",
        "score",
        "credit_limit",
        "payment_term_id",
        "proposed_state",
        "block_reason",
        "date_next_review",
        "sources",
        "conclusion",
        "attachment_ids",
        "request_note",
    }
)
# Whom it is about: fixed once created (a new customer is a new assessment).
SUBJECT_FIELDS = frozenset({"partner_id", "company_id", "profile_id"})
OPEN_STATES = ("draft", "requested")


class SdpCreditAssessment(models.Model):
    """One credit investigation of a customer, kept as a dated snapshot (P6.3.1, P6.3.2)."""

    _name = "sdp.credit.assessment"
    _description = "Credit Assessment"
    _inherit = ["mail.thread", "mail.activity.mixin", "sdp.flow.fields.mixin"]
    _order = "date desc, id desc"
    _sdp_flow_fields = FLOW_FIELDS
    _check_company_auto = True

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain="[('parent_id', '=', False)]",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    profile_id = fields.Many2one(
        comodel_name="sdp.credit.profile",
        string="Credit Profile",
        index=True,
        ondelete="cascade",
        readonly=True,
        check_company=True,
    )
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("requested", "Requested"),
            ("done", "Done"),
            ("approved", "Approved"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="draft",
        index=True,
        tracking=True,
        copy=False,
    )
    date = fields.Date(
        string="Assessment Date",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    requested_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Requested By",
        index=True,
        default=lambda self: self.env.user,
        readonly=True,
    )
    request_note = fields.Text(string="Request", help="Why and for what deal the check is needed.")
    assessor_id = fields.Many2one(
        comodel_name="res.users",
        string="Assessor",
        tracking=True,
        readonly=True,
        copy=False,
        help="The credit officer who completed the assessment; another one approves it.",
    )
    approver_id = fields.Many2one(
        comodel_name="res.users", string="Approved By", readonly=True, copy=False
    )
    sdp_can_approve = fields.Boolean(
        string="May Approve",
        compute="_compute_sdp_can_approve",
        help="The current user may approve this assessment: a credit officer or a Sales "
        "Manager who neither made, completed nor requested it (P6.3.1).",
    )
    rating = fields.Selection(selection=CREDIT_RATINGS, tracking=True)
    score = fields.Integer(tracking=True, help="Credit score from 0 (worst) to 100 (best).")
    credit_limit = fields.Monetary(currency_field="currency_id", tracking=True)
    payment_term_id = fields.Many2one(
        comodel_name="account.payment.term",
        string="Recommended Payment Terms",
        check_company=True,
    )
    proposed_state = fields.Selection(
        selection=PROPOSED_STATES, string="Proposed Status", tracking=True
    )
    block_reason = fields.Text(groups=CREDIT_FILE_GROUPS)
    date_next_review = fields.Date(
        string="Next Review",
        compute="_compute_date_next_review",
        store=True,
        readonly=False,
        precompute=True,
        help="Assessment date plus the review interval of the rating (Policy Configuration).",
    )
    sources = fields.Text(
        groups=CREDIT_FILE_GROUPS,
        help="Where the information comes from: registries, bank, references...",
    )
    conclusion = fields.Html(groups=CREDIT_FILE_GROUPS)
    attachment_ids = fields.Many2many(
        comodel_name="ir.attachment",
        relation="sdp_credit_assessment_attachment_rel",
        column1="assessment_id",
        column2="attachment_id",
        string="Supporting Documents",
        groups=CREDIT_FILE_GROUPS,
    )

    @api.depends("date", "rating", "company_id")
    def _compute_date_next_review(self):
        term_model = self.env["sdp.credit.rating.term"]
        months_by_company = {}
        for assessment in self:
            if not (assessment.date and assessment.rating):
                continue
            company = assessment.company_id or self.env.company
            if company not in months_by_company:
                months_by_company[company] = term_model._get_months_by_rating(company)
            months = months_by_company[company].get(assessment.rating)
            if months:
                assessment.date_next_review = assessment.date + relativedelta(months=months)

    @api.depends("partner_id", "date")
    def _compute_display_name(self):
        for assessment in self:
            assessment.display_name = self.env._(
                "%(partner)s - %(date)s",
                partner=assessment.partner_id.display_name or "",
                date=assessment.date or "",
            )

    @api.constrains("score", "credit_limit", "date", "date_next_review", "proposed_state")
    def _check_credit_values(self):
        for assessment in self:
            self.env["sdp.credit.profile"]._sdp_check_values(
                assessment.partner_id.display_name,
                assessment.score,
                assessment.credit_limit,
                assessment.date,
                assessment.date_next_review,
                assessment.proposed_state,
                assessment.block_reason,
            )

    @api.model
    def _sdp_reads_credit_file(self):
        """Credit officers and managers read the credit file: documents, notes (P6.3.2)."""
        user = self.env.user
        return self.env.su or any(user.has_group(g) for g in CREDIT_FILE_GROUPS.split(","))

    @api.model
    def _get_mail_message_access(self, res_ids, operation, model_name=None):
        operation = super()._get_mail_message_access(res_ids, operation, model_name=model_name)
        if operation == "read" and not self._sdp_reads_credit_file():
            # P6.3.2: the chatter holds the officers' notes on the credit file; the requester
            # reads the result on the assessment, and the chatter only with write access to it,
            # which salespeople do not have (their own messages stay theirs, mail.message rules).
            return "write"
        return operation

    @api.model
    def _sdp_is_credit_officer(self):
        return self.env.su or self.env.user.has_group("sales_dev_policy.group_sdp_credit_officer")

    @api.model_create_multi
    def create(self, vals_list):
        is_officer = self._sdp_is_credit_officer()
        for vals in vals_list:
            # Who requested, assessed and approved is the assessment's actions' to say; an
            # assessment starts open (a draft, or requested), which asserts nothing yet.
            fnames = created_fields(self, vals)
            if vals.get("state", self.env.context.get("default_state")) in (*OPEN_STATES, None):
                fnames.discard("state")
            self._sdp_check_flow_fields(fnames)
            if not is_officer:
                # P6.3.1: a salesperson may ask for a credit check, never fill one in.
                extra = set(vals) - REQUEST_FIELDS - {"state"}
                if extra or vals.get("state", "requested") != "requested":
                    raise AccessError(
                        self.env._(
                            "Only a credit officer performs credit assessments (P6.3.1). "
                            "Request an assessment from the customer form instead."
                        )
                    )
                vals["state"] = "requested"
                vals["requested_by_id"] = self.env.uid
            if not vals.get("partner_id"):
                raise UserError(self.env._("Choose the customer whose credit is to be assessed."))
            partner = self.env["res.partner"].browse(vals["partner_id"]).commercial_partner_id
            vals["partner_id"] = partner.id
            vals.setdefault(
                "company_id", self.env.context.get("default_company_id") or self.env.company.id
            )
        self._sdp_assign_profiles(vals_list)
        # The permit lets the values checked above (state, requester, profile) through.
        assessments = super(SdpCreditAssessment, with_permit(self, self._name)).create(vals_list)
        assessments = assessments.with_env(self.env)
        assessments.filtered(lambda a: a.state == "requested")._sdp_notify_request()
        return assessments

    @api.model
    def _sdp_assign_profiles(self, vals_list):
        """Link each assessment to its customer's profile, creating empty profiles as needed."""
        profile_model = self.env["sdp.credit.profile"]
        todo = vals_list
        pairs = {
            (vals["partner_id"], vals.get("company_id") or self.env.company.id) for vals in todo
        }
        # sudo: a salesperson's request must be filed on the customer's credit profile, which
        # they cannot read; only the link is set and an empty "not assessed" profile is created
        # when the customer has none; no profile data is returned to the requester.
        profiles = profile_model.sudo().search(
            [
                ("partner_id", "in", [p for p, _c in pairs]),
                ("company_id", "in", [c for _p, c in pairs]),
            ]
        )
        by_pair = {(p.partner_id.id, p.company_id.id): p for p in profiles}
        missing = [pair for pair in pairs if pair not in by_pair]
        if missing:
            created = profile_model.sudo().create(  # sudo: creates an empty file only, see above
                [{"partner_id": p, "company_id": c} for p, c in missing]
            )
            by_pair.update({(p.partner_id.id, p.company_id.id): p for p in created})
        for vals in todo:
            pair = (vals["partner_id"], vals.get("company_id") or self.env.company.id)
            profile_id = vals.get("profile_id") or self.env.context.get("default_profile_id")
            if profile_id and profile_id != by_pair[pair].id:
                # The approval writes the conclusion onto this profile: it must be the
                # assessed customer's own.
                raise UserError(
                    self.env._(
                        "The credit profile given is not the one of %(partner)s in this "
                        "company: an assessment is filed on its customer's own credit profile "
                        "(P6.3.2).",
                        partner=by_pair[pair].partner_id.display_name,
                    )
                )
            vals["profile_id"] = by_pair[pair].id

    def _sdp_notify_request(self):
        """Ask a credit officer to perform the requested assessments (P6.3.1)."""
        # sudo: the requester creates the activity for the credit officer on their own request;
        # mail.activity would otherwise require write access to the assessment.
        for assessment in self.sudo():
            officer = assessment.profile_id._sdp_credit_officer()
            if not officer:
                continue
            assessment.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Credit assessment requested (P6.3.1)"),
                note=assessment.request_note or "",
                user_id=officer.id,
            )
            if assessment.profile_id.state == "not_assessed":
                assessment.profile_id.state = "investigating"

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _sdp_check_officer(self):
        if not self._sdp_is_credit_officer():
            raise AccessError(
                self.env._(
                    "Only a credit officer performs and approves credit assessments (P6.3.1)."
                )
            )

    def write(self, vals):
        if not (self.env.su or has_permit(self.env, self._name)):
            self._sdp_check_frozen(vals)
        return super().write(vals)

    def _sdp_check_frozen(self, vals):
        """Four eyes on what is approved, not on who is named (P6.3.1): whom an assessment is
        about never changes, and what it concludes changes only while it is a draft."""
        moved = self.filtered(
            lambda a: any(fname in vals and vals[fname] != a[fname].id for fname in SUBJECT_FIELDS)
        )
        if moved:
            raise UserError(
                self.env._(
                    "Assessment %(name)s: the customer and company of an assessment do not "
                    "change (P6.3.1). Record a new assessment for the other customer.",
                    name=moved[0].display_name,
                )
            )
        closed = self.filtered(lambda a: a.state not in OPEN_STATES)
        changed = CONCLUSION_FIELDS & set(vals)
        if closed and changed:
            raise UserError(
                self.env._(
                    "Assessment %(name)s is %(state)s: its conclusion (%(fields)s) is what "
                    "the assessor completed and another officer approves (P6.3.1); it no "
                    "longer changes. Record a new assessment instead.",
                    name=closed[0].display_name,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        closed[0].state
                    ],
                    fields=self._sdp_flow_fields_label(changed),
                )
            )

    def _sdp_flow_fields_error(self, protected):
        return self.env._(
            "%(records)s: %(fields)s are set by the assessment's actions (Start, Complete, "
            "Approve) only, so that four eyes compare the people who really did them (P6.3.1).",
            records=self._sdp_flow_records_label(),
            fields=self._sdp_flow_fields_label(protected),
        )

    def action_start(self):
        self._sdp_check_officer()
        self.filtered(lambda a: a.state == "requested")._sdp_flow_write(
            {"state": "draft", "assessor_id": self.env.uid}
        )
        return True

    def action_done(self):
        """The investigation is complete; its conclusion awaits approval."""
        self._sdp_check_officer()
        for assessment in self:
            if assessment.state not in ("draft", "requested"):
                raise UserError(
                    self.env._(
                        "Assessment %(name)s is %(state)s: only a draft or requested assessment "
                        "can be completed.",
                        name=assessment.display_name,
                        state=assessment.state,
                    )
                )
            missing = [
                label
                for field, label in (
                    ("rating", self.env._("rating")),
                    ("proposed_state", self.env._("proposed status")),
                )
                if not assessment[field]
            ]
            if assessment.proposed_state in ("approved", "watch") and not (
                assessment.date_next_review
            ):
                # P6.3.1, P6.3.2: credit given is credit reviewed in time.
                missing.append(self.env._("next review date"))
            if missing:
                raise UserError(
                    self.env._(
                        "Assessment %(name)s: set the %(missing)s before completing it (P6.3.1).",
                        name=assessment.display_name,
                        missing=", ".join(missing),
                    )
                )
        # The officer completing the conclusion is its assessor: four eyes compare them with
        # the approver, whoever started the investigation.
        self._sdp_flow_write({"state": "done", "assessor_id": self.env.uid})
        return True

    @api.model
    def _sdp_may_approve(self):
        """Credit officers approve each other's assessments; a Sales Manager may be the second
        pair of eyes too, so that a company with one credit officer can extend credit
        (P6.3.1)."""
        user = self.env.user
        return self.env.su or any(
            user.has_group(group)
            for group in (
                "sales_dev_policy.group_sdp_credit_officer",
                "sales_dev_policy.group_sdp_manager",
            )
        )

    def _sdp_involved(self):
        """Who may not approve the assessment: who made it, completed it, or asked for it (a
        salesperson or manager asking credit for their own customer)."""
        self.ensure_one()
        return self.assessor_id | self.create_uid | self.requested_by_id

    @api.depends("state", "assessor_id", "requested_by_id")
    @api.depends_context("uid")
    def _compute_sdp_can_approve(self):
        may = self._sdp_may_approve()
        for assessment in self:
            assessment.sdp_can_approve = (
                may
                and assessment.state == "done"
                and self.env.user not in assessment._sdp_involved()
            )

    def action_approve(self):
        """Approve the assessment: its snapshot becomes the customer's credit profile (P6.3.2)."""
        if not self._sdp_may_approve():
            raise AccessError(
                self.env._(
                    "Only a credit officer or a Sales Manager approves a credit assessment "
                    "(P6.3.1)."
                )
            )
        for assessment in self:
            if assessment.state != "done":
                raise UserError(
                    self.env._(
                        "Assessment %(name)s must be completed before it is approved (P6.3.1).",
                        name=assessment.display_name,
                    )
                )
        # Who investigated or asked does not approve the conclusion.
        ensure_not_involved(
            self,
            lambda assessment: assessment._sdp_involved(),
            lambda assessment: self.env._(
                "Assessment %(name)s: you made, completed or requested this assessment; "
                "another credit officer or a Sales Manager approves it (P6.3.1).",
                name=assessment.display_name,
            ),
        )
        for assessment in self:
            # The approval checked above (a second person) is what may extend credit: the
            # profile takes the snapshot through the assessment's permit. sudo: a Sales
            # Manager approving reads but does not otherwise write credit files.
            with_permit(assessment.profile_id.sudo(), "credit_assessment").write(
                assessment._sdp_profile_values()
            )
            # sudo: the note of the approval on the credit file, written as the approver.
            assessment.profile_id.sudo().message_post(
                body=self.env._(
                    "Credit assessment of %(date)s approved: status %(state)s, rating %(rating)s.",
                    date=assessment.date,
                    state=assessment.proposed_state,
                    rating=assessment.rating,
                )
            )
        # sudo: the approval's own fields and to-dos, after the checks above (see there).
        self.sudo()._sdp_flow_write({"state": "approved", "approver_id": self.env.uid})
        # sudo: closes the assessment's own to-dos for the approver (a manager has no write).
        self.sudo().activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def _sdp_profile_values(self):
        self.ensure_one()
        return {
            "state": self.proposed_state,
            "rating": self.rating,
            "score": self.score,
            "credit_limit": self.credit_limit,
            "payment_term_id": self.payment_term_id.id,
            "date_assessed": self.date,
            "date_next_review": self.date_next_review,
            "assessor_id": (self.assessor_id or self.env.user).id,
            "block_reason": self.block_reason if self.proposed_state == "blocked" else False,
            "attachment_ids": [(4, att.id) for att in self.attachment_ids],
        }

    def action_cancel(self):
        self._sdp_check_officer()
        if self.filtered(lambda a: a.state == "approved"):
            raise UserError(
                self.env._(
                    "An approved assessment stays in the credit file (P6.3.2); record a new "
                    "assessment instead of cancelling it."
                )
            )
        self._sdp_flow_write({"state": "cancelled"})
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise_audit_record(self)
