"""Help from the other departments (P2.3.1-P2.3.3): a salesperson asks marketing for promotion
support, the technical department or customer service for help on a lead or customer, or
records a customer's complaint; the request goes to the people the company names, who answer it;
complaints count against the customer's salesperson for the team leader (P2.1.5, P5.2.4).
Feature: pipeline."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from .sdp_permit import created_fields, with_permit

SUPPORT_KINDS = [
    ("marketing", "Marketing Support"),
    ("technical", "Technical Question"),
    ("service", "Customer Service Enquiry"),
    ("complaint", "Customer Complaint"),
]
SUPPORT_STATES = [
    ("open", "Not Answered"),
    ("answered", "Answered"),
    ("closed", "Closed"),
]


class SdpSupportRequest(models.Model):
    """A request for help to another department, or a customer's complaint (P2.3.2, P2.3.3)."""

    _name = "sdp.support.request"
    _description = "Support Request (Policy)"
    _inherit = ["mail.thread", "mail.activity.mixin", "sdp.flow.fields.mixin"]
    _order = "create_date desc, id desc"
    _check_company_auto = True
    _sdp_flow_fields = frozenset({"state", "answered_by_id", "date_answered", "requested_by_id"})

    name = fields.Char(string="Subject", required=True, tracking=True)
    kind = fields.Selection(
        selection=SUPPORT_KINDS, required=True, default="technical", index=True, tracking=True
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    lead_id = fields.Many2one(
        comodel_name="crm.lead",
        string="Lead / Opportunity",
        index=True,
        check_company=True,
        ondelete="set null",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        index=True,
        check_company=True,
        ondelete="set null",
    )
    salesperson_id = fields.Many2one(
        comodel_name="res.users",
        string="Salesperson",
        compute="_compute_salesperson_id",
        store=True,
        index=True,
        help="The lead's or the customer's salesperson: complaints count for the team leader's "
        "view of their customers (P2.1.5).",
    )
    requested_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Requested By",
        readonly=True,
        index=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Assigned To",
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
        help="Who answers: by default the first person the company named for this kind of "
        "request (Settings > Customer Development Policy).",
    )
    description = fields.Html()
    severity = fields.Selection(
        selection=[("low", "Low"), ("normal", "Normal"), ("high", "High")],
        default="normal",
        tracking=True,
    )
    state = fields.Selection(
        selection=SUPPORT_STATES, default="open", required=True, index=True, tracking=True
    )
    answer = fields.Html()
    answered_by_id = fields.Many2one(comodel_name="res.users", string="Answered By", readonly=True)
    date_answered = fields.Datetime(string="Answered On", readonly=True)

    @api.depends("lead_id.user_id", "partner_id.user_id", "partner_id.commercial_partner_id")
    def _compute_salesperson_id(self):
        for request in self:
            request.salesperson_id = (
                request.lead_id.user_id
                or request.partner_id.user_id
                or request.partner_id.commercial_partner_id.user_id
            )

    @api.model_create_multi
    def create(self, vals_list):
        companies = self.env["res.company"].browse(
            [vals.get("company_id") or self.env.company.id for vals in vals_list]
        )
        for vals, company in zip(vals_list, companies, strict=True):
            if not vals.get("lead_id") and not vals.get("partner_id"):
                raise UserError(
                    self.env._(
                        "Support request %(name)s: say which lead or customer it is about "
                        "(P2.3.2, P2.3.3).",
                        name=vals.get("name") or "",
                    )
                )
            if not vals.get("user_id"):
                kind = vals.get("kind") or "technical"
                vals["user_id"] = company._sdp_support_users(kind)[:1].id
            self._sdp_check_flow_fields(created_fields(self, vals))
            # Who asked is who asked, not what the caller says.
            vals["requested_by_id"] = self.env.uid
        requests = super(SdpSupportRequest, with_permit(self, self._name)).create(vals_list)
        requests = requests.with_env(self.env)
        requests._sdp_notify_assignee()
        return requests

    def write(self, vals):
        res = super().write(vals)
        if vals.get("user_id"):
            self._sdp_notify_assignee()
        return res

    def _sdp_notify_assignee(self):
        """A to-do for whoever answers, due in three days."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        for request in self.filtered(lambda r: r.user_id and r.state == "open"):
            request.activity_schedule(
                activity_type_id=todo.id,
                user_id=request.user_id.id,
                summary=self.env._("Answer: %(subject)s", subject=request.name),
                date_deadline=fields.Date.add(request.company_id._sdp_today(), days=3),
            )

    def action_answer(self):
        """Record the answer (the assignee, or a Sales Manager); the requester is told."""
        for request in self:
            if request.state != "open":
                raise UserError(
                    self.env._("Support request %(name)s is not open.", name=request.display_name)
                )
            if not request.answer or not request.answer.striptags().strip():
                raise UserError(
                    self.env._(
                        "Support request %(name)s: write the answer before marking it answered.",
                        name=request.display_name,
                    )
                )
            if request.user_id != self.env.user and not self.env.user.has_group(
                "sales_dev_policy.group_sdp_manager"
            ):
                raise UserError(
                    self.env._(
                        "Support request %(name)s is assigned to %(user)s: they (or a Sales "
                        "Manager) answer it.",
                        name=request.display_name,
                        user=request.user_id.name or "-",
                    )
                )
        self._sdp_flow_write(
            {
                "state": "answered",
                "answered_by_id": self.env.uid,
                "date_answered": fields.Datetime.now(),
            }
        )
        self.activity_ids.action_feedback(feedback=self.env._("Answered"))
        for request in self:
            if request.requested_by_id:
                request.message_post(
                    body=self.env._("The request was answered."),
                    partner_ids=request.requested_by_id.partner_id.ids,
                    subtype_xmlid="mail.mt_note",
                )
        return True

    def action_close(self):
        """The requester (or a Sales Manager) closes an answered request."""
        for request in self:
            if request.state != "answered":
                raise UserError(
                    self.env._(
                        "Support request %(name)s is closed once answered.",
                        name=request.display_name,
                    )
                )
        self._sdp_flow_write({"state": "closed"})
        return True

    def action_reopen(self):
        """The answer did not solve it: the request goes back to the assignee."""
        if any(request.state == "open" for request in self):
            raise UserError(self.env._("The request is already open."))
        self._sdp_flow_write({"state": "open", "answered_by_id": False, "date_answered": False})
        self._sdp_notify_assignee()
        return True
