"""Requests of a person about their personal data: inquiry or access, a copy, correction or
supplement, stopping collection, processing or use, deletion (Taiwan PDPA Art. 3, 10, 11, 13;
Hong Kong PDPO s.18, s.19, s.22, s.23, s.26, DPP2, DPP6), with their legal deadlines, the copy of
the data, the stop and the anonymisation (P1.3.1, P4.3, P6.4.1).
Feature: customer information."""

from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError

from .res_company_privacy import REQUEST_TYPES
from .sdp_concurrency import run_batch, serialize_on
from .sdp_groups import users_in_group_domain
from .sdp_permit import created_fields, raise_audit_record, with_permit

HANDLER_GROUP = "sales_dev_policy.group_sdp_manager"

# What a salesperson fills in when a customer of theirs asks (P4.3.3): who, what, when.
RECEIPT_FIELDS = {"partner_id", "company_id", "request_type", "description", "date_received"}

OPEN_STATES = ("received", "in_progress")

# The contact data of a person that the company may erase (PDPA Art. 11(3), PDPO DPP2(2));
# the name is replaced, the others emptied.
PARTNER_ERASED_FIELDS = (
    "email",
    "phone",
    "mobile",
    "website",
    "comment",
    "function",
    "title",
    "image_1920",
    # What the company recorded of the person's needs, preferences and means (P4.1.1).
    "sdp_needs",
    "sdp_preferences",
    "sdp_purchasing_power",
)
# Kept when the person is the party of posted invoices: accounting law keeps the invoices with
# the buyer's name, tax id and address (Taiwan Business Entity Accounting Act Art. 38: five
# years; Hong Kong Inland Revenue Ordinance s.51C, Companies Ordinance s.377: seven years).
PARTNER_INVOICE_FIELDS = ("street", "street2", "zip", "city", "state_id", "country_id", "vat")
LEAD_ERASED_FIELDS = (
    "contact_name",
    "partner_name",
    "email_from",
    "phone",
    "mobile",
    "website",
    "function",
    "title",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "country_id",
    "description",
    "sdp_preferences",
    "sdp_purchasing_power",
    "partner_id",
)


class SdpPrivacyRequest(models.Model):
    """One request of one person about their personal data, answered within the legal deadline
    of the company's privacy law (PDPA Art. 13, PDPO s.19, s.23)."""

    _name = "sdp.privacy.request"
    _description = "Data Subject Request"
    _inherit = ["mail.thread", "mail.activity.mixin", "sdp.flow.fields.mixin"]
    # The state, the deadline and its extension, the answer date and what the actions did are
    # the evidence of a lawful answer: only the request's actions write them.
    _sdp_flow_fields = frozenset(
        {
            "name",
            "state",
            "date_deadline",
            "is_extended",
            "extension_reason",
            "date_answered",
            "refusal_reason",
            "date_executed",
            "attachment_id",
            "is_overdue_notified",
            "received_by_id",
        }
    )
    # A salesperson who received a request follows it and may write in its chatter.
    _mail_post_access = "read"
    _order = "date_deadline, id"
    _check_company_auto = True

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Data Subject",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
        # The request outlives the anonymisation of its person: it is the evidence of the answer.
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    request_type = fields.Selection(
        selection=REQUEST_TYPES, string="Request", required=True, tracking=True
    )
    description = fields.Text(help="What the person asked, in their words (letter, e-mail, call).")
    date_received = fields.Date(
        string="Received On",
        required=True,
        default=lambda self: self.env.company._sdp_today(),
        tracking=True,
    )
    received_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Received By",
        default=lambda self: self.env.user,
        readonly=True,
        index=True,
        copy=False,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Owner",
        index=True,
        tracking=True,
        domain=lambda self: users_in_group_domain(self.env, HANDLER_GROUP),
        help="The sales manager who answers the request.",
    )
    date_deadline = fields.Date(
        string="Legal Deadline",
        compute="_compute_date_deadline",
        store=True,
        precompute=True,
        index=True,
        tracking=True,
    )
    is_extended = fields.Boolean(string="Extended", readonly=True, copy=False, tracking=True)
    extension_reason = fields.Text(readonly=True, copy=False)
    state = fields.Selection(
        selection=[
            ("received", "Received"),
            ("in_progress", "In Progress"),
            ("answered", "Answered"),
            ("refused", "Refused"),
            ("cancelled", "Cancelled"),
        ],
        default="received",
        required=True,
        index=True,
        tracking=True,
        readonly=True,
        copy=False,
    )
    answer = fields.Html(
        copy=False,
        help="The answer sent to the person; copy, stop and deletion write what they did here.",
    )
    refusal_reason = fields.Text(readonly=True, copy=False)
    date_answered = fields.Date(string="Answered On", readonly=True, copy=False, tracking=True)
    date_executed = fields.Datetime(
        string="Carried Out On",
        readonly=True,
        copy=False,
        help="When the copy was produced, processing stopped or the data anonymised.",
    )
    attachment_id = fields.Many2one(
        comodel_name="ir.attachment", string="Copy of Data", readonly=True, copy=False
    )
    is_overdue = fields.Boolean(string="Overdue", compute="_compute_is_overdue")
    is_overdue_notified = fields.Boolean(readonly=True, copy=False)

    @api.depends("date_received", "request_type", "company_id", "is_extended")
    def _compute_date_deadline(self):
        # The deadline is fixed by the law in force when the request came in: a later change of
        # the company's settings does not move it (computed on these fields only).
        for request in self:
            if not (request.date_received and request.request_type):
                request.date_deadline = False
                continue
            company = request.company_id or self.env.company
            days, extension = company._sdp_privacy_days(request.request_type)
            if request.is_extended:
                days += extension
            request.date_deadline = request.date_received + timedelta(days=days)

    @api.depends("date_deadline", "state", "company_id")
    def _compute_is_overdue(self):
        for request in self:
            request.is_overdue = bool(
                request.state in OPEN_STATES
                and request.date_deadline
                and request.date_deadline < request.company_id._sdp_today()
            )

    @api.constrains("date_received", "company_id")
    def _check_date_received(self):
        for request in self:
            if request.date_received > request.company_id._sdp_today():
                raise ValidationError(
                    self.env._(
                        "%(request)s: a request cannot be received in the future (%(date)s); "
                        "enter the day it reached the company, the legal deadline counts from "
                        "it (PDPA Art. 13, PDPO s.19).",
                        request=request.display_name,
                        date=request.date_received,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model
    def _sdp_is_handler(self):
        return self.env.su or self.env.user.has_group(HANDLER_GROUP)

    @api.model_create_multi
    def create(self, vals_list):
        is_handler = self._sdp_is_handler()
        for vals in vals_list:
            fnames = created_fields(self, vals)
            self._sdp_check_flow_fields(fnames)
            if not is_handler:
                self._sdp_check_receipt(vals, fnames)
        requests = super(SdpPrivacyRequest, with_permit(self, self._name)).create(
            [
                dict(
                    vals,
                    received_by_id=self.env.uid,
                    name=self.env["ir.sequence"].next_by_code("sdp.privacy.request") or "/",
                )
                for vals in vals_list
            ]
        )
        return requests.with_env(self.env)

    @api.model
    def _sdp_check_receipt(self, vals, fnames):
        """A salesperson records a request of their own customer, nothing more (P4.3.3)."""
        extra = fnames - RECEIPT_FIELDS
        partner = self.env["res.partner"].browse(vals.get("partner_id"))
        salespeople = partner.user_id | partner.commercial_partner_id.user_id
        if extra or self.env.user not in salespeople:
            raise AccessError(
                self.env._(
                    "%(person)s: a salesperson records the requests of their own customers only "
                    "(who, what, when received); sales managers handle them (P4.3.3, PDPA "
                    "Art. 10, 11). Ask a sales manager.",
                    person=partner.display_name or self.env._("This person"),
                )
            )

    def write(self, vals):
        if {"date_received", "request_type", "company_id"} & set(vals) and not self.env.su:
            # The legal deadline follows from these; changing them would move it.
            raise AccessError(
                self.env._(
                    "%(requests)s: the day received, the kind of request and the company cannot "
                    "change after it was recorded, the legal deadline follows from them (PDPA "
                    "Art. 13, PDPO s.19). Cancel the request and record it again if it was wrong.",
                    requests=self._sdp_flow_records_label(),
                )
            )
        closed = self.filtered(lambda r: r.state not in OPEN_STATES)
        if closed and set(vals) - self._sdp_flow_fields - {"message_main_attachment_id"}:
            raise UserError(
                self.env._(
                    "%(requests)s: an answered, refused or cancelled request is the record of "
                    "what was done and does not change.",
                    requests=closed._sdp_flow_records_label(),
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise_audit_record(self)

    # ------------------------------------------------------------------ actions
    def _sdp_check_handler(self, states=OPEN_STATES):
        if not self._sdp_is_handler():
            raise AccessError(
                self.env._(
                    "%(requests)s: only a sales manager handles data subject requests (P4.3.3, "
                    "PDPA Art. 10, 11).",
                    requests=self._sdp_flow_records_label(),
                )
            )
        wrong = self.filtered(lambda r: r.state not in states)
        if wrong:
            raise UserError(
                self.env._(
                    "%(requests)s: not possible in the state %(state)s.",
                    requests=wrong._sdp_flow_records_label(),
                    state=", ".join(
                        dict(self._fields["state"]._description_selection(self.env))[s]
                        for s in set(wrong.mapped("state"))
                    ),
                )
            )

    def _sdp_check_type(self, types):
        wrong = self.filtered(lambda r: r.request_type not in types)
        if wrong:
            raise UserError(
                self.env._(
                    "%(requests)s: this action answers another kind of request.",
                    requests=wrong._sdp_flow_records_label(),
                )
            )

    def action_start(self):
        self._sdp_check_handler(states=("received",))
        for request in self:
            vals = {"state": "in_progress"}
            if not request.user_id:
                vals["user_id"] = self.env.uid
            request._sdp_flow_write(vals)
        return True

    def action_extend(self, reason):
        """Extend the deadline once, by the extension of the company's law, with the reasons in
        writing (PDPA Art. 13)."""
        self._sdp_check_handler()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._(
                    "%(requests)s: an extension needs its reasons in writing (PDPA Art. 13).",
                    requests=self._sdp_flow_records_label(),
                )
            )
        for request in self:
            extension = request.company_id._sdp_privacy_days(request.request_type)[1]
            if request.is_extended:
                raise UserError(
                    self.env._(
                        "%(request)s: the deadline was already extended once; the law allows one "
                        "extension (PDPA Art. 13). Answer or refuse the request.",
                        request=request.display_name,
                    )
                )
            if not extension:
                raise UserError(
                    self.env._(
                        "%(request)s: the privacy law of %(company)s allows no extension. Under "
                        "the PDPO, tell the person in writing why you cannot comply within the "
                        "deadline (s.19(2), s.23(2)) and comply as soon as practicable.",
                        request=request.display_name,
                        company=request.company_id.name,
                    )
                )
            request._sdp_flow_write(
                {"is_extended": True, "extension_reason": reason, "is_overdue_notified": False}
            )
            request.message_post(
                body=self.env._(
                    "Deadline extended by %(days)s days to %(date)s. Reasons: %(reason)s",
                    days=extension,
                    date=request.date_deadline,
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_refuse(self, reason):
        """Refuse with the reason the law allows (PDPA Art. 10, 11(2) and (3) provisos; PDPO
        s.20, s.24), which the person is told."""
        self._sdp_check_handler()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._(
                    "%(requests)s: a refusal states its legal reason (PDPA Art. 10, 11; PDPO "
                    "s.20, s.24).",
                    requests=self._sdp_flow_records_label(),
                )
            )
        for request in self:
            request._sdp_flow_write(
                {
                    "state": "refused",
                    "refusal_reason": reason,
                    "date_answered": request.company_id._sdp_today(),
                }
            )
            request.message_post(
                body=self.env._("Refused: %(reason)s", reason=reason),
                subtype_xmlid="mail.mt_note",
            )
        self._sdp_close_overdue_activities()
        return True

    def action_cancel(self):
        """The person withdrew the request (or it was recorded by mistake)."""
        self._sdp_check_handler()
        self._sdp_flow_write({"state": "cancelled"})
        self._sdp_close_overdue_activities()
        return True

    def action_answer(self):
        """The answer was given to the person. Copies, stops and deletions are answered after
        the action that carries them out."""
        self._sdp_check_handler()
        for request in self:
            if tools.is_html_empty(request.answer):
                raise UserError(
                    self.env._(
                        "%(request)s: write the answer given to the person first.",
                        request=request.display_name,
                    )
                )
            if request.request_type in ("copy", "stop", "deletion") and not request.date_executed:
                raise UserError(
                    self.env._(
                        "%(request)s: carry out the request first (Produce the Copy, Stop "
                        "Processing or Anonymise), then answer (PDPA Art. 10, 11).",
                        request=request.display_name,
                    )
                )
        for request in self:
            request._sdp_flow_write(
                {"state": "answered", "date_answered": request.company_id._sdp_today()}
            )
        self._sdp_close_overdue_activities()
        return True

    def action_produce_copy(self):
        """Attach a readable document of everything the company holds on the person (PDPA
        Art. 3, 10; PDPO s.18, s.19)."""
        self._sdp_check_handler()
        self._sdp_check_type(("access", "copy"))
        for request in self:
            html = request._sdp_render_copy()
            # Odoo stores HTML attached by non-administrators as text/plain, so that it never
            # runs inside Odoo's pages; downloaded, the .html file opens in any browser.
            attachment = self.env["ir.attachment"].create(
                {
                    "name": self.env._(
                        "Personal data %(request)s.html", request=request.name
                    ).replace("/", "-"),
                    "raw": html.encode(),
                    "mimetype": "text/html",
                    "res_model": self._name,
                    "res_id": request.id,
                }
            )
            request._sdp_flow_write(
                {
                    "attachment_id": attachment.id,
                    "date_executed": fields.Datetime.now(),
                    "state": "in_progress",
                }
            )
            request.message_post(
                body=self.env._("Copy of the personal data produced."),
                attachment_ids=attachment.ids,
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_stop_processing(self):
        """Stop collecting, processing and using the person's data for marketing: their
        addresses go on Odoo's blacklist and their marketing consents are withdrawn (PDPA
        Art. 11(4), Art. 20; PDPO s.35G)."""
        self._sdp_check_handler()
        self._sdp_check_type(("stop",))
        for request in self:
            done = request._sdp_stop()
            request._sdp_flow_write(
                {"date_executed": fields.Datetime.now(), "state": "in_progress"}
            )
            request._sdp_append_answer(done, [])
        return True

    def action_anonymise(self):
        """Erase what the law lets the company erase, keep what other laws require, and say
        which (PDPA Art. 11(3); PDPO DPP2(2), s.26)."""
        self._sdp_check_handler()
        self._sdp_check_type(("deletion",))
        for request in self:
            partners = request._sdp_person_partners()
            users = partners.user_ids
            if users:
                raise UserError(
                    self.env._(
                        "%(request)s: %(person)s is a user of this database; their account is "
                        "handled by the administrator, not anonymised as a customer.",
                        request=request.display_name,
                        person=request.partner_id.display_name,
                    )
                )
            done = request._sdp_stop()
            removed, kept = self._sdp_anonymise(partners, request.name)
            request._sdp_flow_write(
                {"date_executed": fields.Datetime.now(), "state": "in_progress"}
            )
            request._sdp_append_answer(done + removed, kept)
        return True

    # ------------------------------------------------------------------ business methods
    def _sdp_close_overdue_activities(self):
        """A closed request needs no more reminders."""
        # sudo: the reminders are the managers' activities, not only the closing user's.
        self.sudo().activity_unlink(["sales_dev_policy.mail_activity_type_sdp_privacy_overdue"])

    def _sdp_append_answer(self, done, kept):
        self.ensure_one()
        lines = Markup("").join(Markup("<li>%s</li>") % line for line in done)
        body = Markup("<p>%s</p><ul>%s</ul>") % (self.env._("Done:"), lines)
        if kept:
            body += Markup("<p>%s</p><ul>%s</ul>") % (
                self.env._("Kept, as other laws require:"),
                Markup("").join(Markup("<li>%s</li>") % line for line in kept),
            )
        self._sdp_flow_write({"answer": (self.answer or Markup("")) + body})
        self.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _sdp_person_partners(self):
        """The person and their contacts (children), archived ones included."""
        self.ensure_one()
        return (
            self.env["res.partner"]
            # sudo: the handler acts on every contact of the person, whoever's customer it is.
            .sudo()
            .with_context(active_test=False)
            .search([("id", "child_of", self.partner_id.id)])
        )

    @api.model
    def _sdp_emails(self, partners):
        return {
            email
            for email in (tools.email_normalize(e) for e in partners.mapped("email") if e)
            if email
        }

    def _sdp_stop(self):
        """Blacklist the person's addresses and withdraw their marketing consents; what was
        done, as sentences."""
        self.ensure_one()
        partners = self._sdp_person_partners()
        done = []
        message = self.env._("Stop requested by the person (%(request)s).", request=self.name)
        for email in sorted(self._sdp_emails(partners)):
            # sudo: Odoo's blacklist is the administrator's; the handler adds the person's own
            # address because the person asked, which is what the blacklist is for.
            self.env["mail.blacklist"].sudo()._add(email, message=message)
            done.append(self.env._("%(email)s added to the e-mail blacklist", email=email))
        withdrawn = self._sdp_stop_marketing(partners)
        if withdrawn:
            done.append(
                self.env._("%(count)s marketing consent(s) withdrawn", count=len(withdrawn))
            )
        if not done:
            done.append(self.env._("no e-mail address or marketing consent to stop"))
        return done

    def _sdp_stop_marketing(self, partners):
        """Withdraw the marketing consents ``partners`` gave to the request's company: the one
        place that does (P4.3.2; PDPA Art. 20)."""
        self.ensure_one()
        # sudo: consents of the person may have been recorded by any salesperson.
        consents = self.env["sdp.customer.consent"].sudo()
        consenting = consents._sdp_consenting_partner_ids(self.company_id) & set(partners.ids)
        return consents._sdp_withdraw(
            partners.browse(sorted(consenting)),
            self.company_id,
            scope="marketing",
            source="other",
            note=self.env._("Data subject request %(request)s", request=self.name),
        )

    @api.model
    def _sdp_anonymise(self, partners, reference, leads=None):
        """Anonymise ``partners`` (a person and their contacts), the ``leads`` given and what
        names them; return (removed, kept) as sentences, and log it in Odoo's privacy log.

        Shared by deletion requests and the retention review."""
        # sudo: erasure reaches every record naming the person, whoever owns it; the callers
        # checked that a sales manager decided it.
        # No tracking: a tracked change would record the erased value as the "old value".
        env = self.sudo().with_context(active_test=False, tracking_disable=True).env
        partners = partners.with_env(env)
        leads = (leads or env["crm.lead"]).with_env(env)
        old_name = partners.sorted("id")[:1].name or leads[:1].contact_name or "-"
        emails = self._sdp_emails(partners) | {e for e in leads.mapped("email_normalized") if e}
        leads |= env["crm.lead"].search(
            ["|", ("partner_id", "in", partners.ids), ("email_normalized", "in", list(emails))]
        )
        removed, kept = [], []
        invoiced = self._sdp_anonymise_kept(partners, emails, kept)
        # The tracked old values of the erased fields (former name, e-mail, phone) and the
        # documents' names recorded on their messages go with the fields.
        on_records = env["mail.message"].search(
            [
                "|",
                "&",
                ("model", "=", "res.partner"),
                ("res_id", "in", partners.ids),
                "&",
                ("model", "=", "crm.lead"),
                ("res_id", "in", leads.ids),
            ]
        )
        erased = {"name", "contact_address_inline", *PARTNER_ERASED_FIELDS, *LEAD_ERASED_FIELDS}
        erased.update(PARTNER_INVOICE_FIELDS)
        on_records.tracking_value_ids.filtered(lambda t: t.field_id.name in erased).unlink()
        on_records.filtered(lambda m: m.model == "res.partner").write(
            {"record_name": self.env._("Anonymised contact")}
        )
        on_records.filtered(lambda m: m.model == "crm.lead").write(
            {"record_name": self.env._("Anonymised lead")}
        )
        if leads:
            leads.write(
                dict(dict.fromkeys(LEAD_ERASED_FIELDS, False), name=self.env._("Anonymised lead"))
            )
            removed.append(
                self.env._(
                    "contact data and notes of %(count)s lead(s) and opportunity(ies)",
                    count=len(leads),
                )
            )
        self._sdp_anonymise_messages(partners, emails, reference, removed)
        self._sdp_anonymise_mailings(emails, removed)
        for partner in partners:
            vals = dict.fromkeys(PARTNER_ERASED_FIELDS, False)
            if partner not in invoiced:
                vals.update(dict.fromkeys(PARTNER_INVOICE_FIELDS, False))
                vals["name"] = self.env._("Anonymised contact %(id)s", id=partner.id)
            partner.write(vals)
        if partners - invoiced:
            removed.append(
                self.env._(
                    "name, e-mail, phones, address, tax id, website, notes, job and photo of "
                    "%(count)s contact(s)",
                    count=len(partners - invoiced),
                )
            )
        if invoiced:
            removed.append(
                self.env._(
                    "e-mail, phones, website, notes, job and photo of %(names)s",
                    names=", ".join(invoiced.mapped("name")),
                )
            )
        # Odoo's privacy log keeps who erased what, the name and address masked by it.
        env["privacy.log"].create(
            {
                "anonymized_name": old_name,
                "anonymized_email": sorted(emails)[0] if emails else "-@-",
                "execution_details": "\n".join([reference, *removed]),
                "records_description": "\n".join(kept),
                "additional_note": self.env._(
                    "Anonymised by %(user)s for %(ref)s", user=self.env.user.name, ref=reference
                ),
            }
        )
        return removed, kept

    @api.model
    def _sdp_anonymise_kept(self, partners, emails, kept):
        """What other laws require keeping, said in ``kept``; the contacts whose name, tax id
        and address stay because they are the party of posted invoices."""
        env = partners.env
        invoices = env["account.move"].search(
            [
                ("state", "=", "posted"),
                "|",
                ("partner_id", "in", partners.ids),
                ("commercial_partner_id", "in", partners.ids),
            ]
        )
        invoiced = (invoices.partner_id | invoices.commercial_partner_id) & partners
        if invoices:
            kept.append(
                self.env._(
                    "%(count)s posted invoice(s) (%(names)s) with the name, tax id and address "
                    "of %(partners)s: accounting records are kept for the period accounting and "
                    "tax law require (Taiwan: Business Entity Accounting Act Art. 38; Hong Kong: "
                    "Inland Revenue Ordinance s.51C)",
                    count=len(invoices),
                    names=", ".join(invoices[:20].mapped("name")),
                    partners=", ".join(invoiced.mapped("name")),
                )
            )
        orders = env["sale.order"].search(
            [
                "|",
                "|",
                ("partner_id", "in", partners.ids),
                ("partner_invoice_id", "in", partners.ids),
                ("partner_shipping_id", "in", partners.ids),
            ]
        )
        if orders:
            kept.append(
                self.env._(
                    "%(count)s sale order(s) (%(names)s), the transactions behind the accounting "
                    "records, naming the contact as it is now",
                    count=len(orders),
                    names=", ".join(orders[:20].mapped("name")),
                )
            )
        if env["mail.blacklist"].search_count([("email", "in", list(emails))]):
            kept.append(
                self.env._(
                    "the person's e-mail address(es) on the e-mail blacklist, so that no mailing "
                    "reaches them again when an address comes back through an import (PDPA "
                    "Art. 20; PDPO s.35G)"
                )
            )
        return invoiced

    @api.model
    def _sdp_anonymise_messages(self, partners, emails, reference, removed):
        """Messages the person wrote or sent from their address: body, subject, sender address
        and files go; the message stays as a trace that something was there."""
        env = partners.env
        domain = [("author_id", "in", partners.ids)]
        for email in sorted(emails):
            domain = ["|", ("email_from", "ilike", email), *domain]
        messages = env["mail.message"].search(domain)
        # Deletion deletes the person's data, never the company's evidence: a message written
        # by a user of the company (a credit officer's release reasons, an approval) is the
        # decision trail that shows the policy was followed, even when that user's address is
        # the person's own (a shared or mistyped address).
        staff = messages.author_id.filtered(
            lambda p: p not in partners and any(not u.share for u in p.user_ids)
        )
        messages = messages.filtered(
            lambda m: m.author_id in partners
            or (m.author_id not in staff and tools.email_normalize(m.email_from) in emails)
        )
        if not messages:
            return
        messages.attachment_ids.unlink()
        messages.write(
            {
                "body": Markup("<p>%s</p>")
                % self.env._("Removed at the person's request (%(ref)s).", ref=reference),
                "subject": False,
                "email_from": False,
            }
        )
        removed.append(self.env._("content of %(count)s message(s) they sent", count=len(messages)))

    @api.model
    def _sdp_anonymise_mailings(self, emails, removed):
        """Email Marketing, when installed: traces keep their statistics without the address,
        mailing list subscriptions go (the blacklist keeps the opt-out)."""
        # sudo: Email Marketing's records belong to marketing users; the erasure is decided.
        env = self.sudo().env
        if not emails:
            return
        if "mailing.trace" in env:
            traces = env["mailing.trace"].search([("email", "in", list(emails))])
            if traces:
                traces.write({"email": False})
                removed.append(
                    self.env._("address of %(count)s mailing trace(s)", count=len(traces))
                )
        if "survey.user_input" in env:
            # Survey answers stay (the satisfaction measures of P5.2.4), without the address.
            answers = env["survey.user_input"].search([("email", "in", list(emails))])
            if answers:
                answers.write({"email": False, "nickname": False})
                removed.append(
                    self.env._("address on %(count)s survey answer(s)", count=len(answers))
                )
        if "mailing.contact" in env:
            contacts = env["mailing.contact"].search([("email_normalized", "in", list(emails))])
            if contacts:
                contacts.unlink()
                removed.append(
                    self.env._("%(count)s mailing list subscription(s)", count=len(contacts))
                )

    # ------------------------------------------------------------------ copy of the data
    def _sdp_personal_data(self):
        """Everything the company holds on the person, by kind (PDPA Art. 3, 10)."""
        self.ensure_one()
        partners = self._sdp_person_partners()
        # sudo: the handler (a sales manager) gathers the person's data across owners and apps.
        env = partners.env
        emails = self._sdp_emails(partners)
        leads = env["crm.lead"].search(
            ["|", ("partner_id", "in", partners.ids), ("email_normalized", "in", list(emails))]
        )
        orders = env["sale.order"].search(
            [
                "|",
                "|",
                ("partner_id", "in", partners.ids),
                ("partner_invoice_id", "in", partners.ids),
                ("partner_shipping_id", "in", partners.ids),
            ]
        )
        invoices = env["account.move"].search(
            [("partner_id", "in", partners.ids), ("move_type", "!=", "entry")]
        )
        consents = env["sdp.customer.consent"].search([("partner_id", "in", partners.ids)])
        documents = {
            "res.partner": partners.ids,
            "crm.lead": leads.ids,
            "sale.order": orders.ids,
            "account.move": invoices.ids,
        }
        domain = [("author_id", "in", partners.ids)]
        for model, ids in documents.items():
            if ids:
                domain = ["|", "&", ("model", "=", model), ("res_id", "in", ids), *domain]
        messages = env["mail.message"].search(
            [("message_type", "in", ("email", "comment", "email_outgoing")), *domain]
        )
        # Email Marketing is optional: without it there are no mailing traces to list.
        traces = []
        if "mailing.trace" in env and emails:
            traces = env["mailing.trace"].search([("email", "in", list(emails))])
        return {
            "partners": partners,
            "leads": leads,
            "orders": orders,
            "invoices": invoices,
            "consents": consents,
            "messages": messages,
            "traces": traces,
            "others": self._sdp_lookup_others(partners, documents),
        }

    def _sdp_lookup_others(self, partners, documents):
        """Other records that name the person, found by Odoo's privacy lookup (by name and
        address), as (model description, record name)."""
        self.ensure_one()
        shown = {(model, res_id) for model, ids in documents.items() for res_id in ids}
        shown.add(("sdp.privacy.request", self.id))
        others = []
        # sudo: the lookup is the administrator's tool; only the found records' names are shown.
        wizard_model = self.env["privacy.lookup.wizard"].sudo()
        for partner in partners.filtered("email"):
            # sudo: the lookup is the administrator's tool; only the found records' names are
            # shown, in the handler's copy of the person's data.
            wizard = wizard_model.create({"name": partner.name, "email": partner.email})
            wizard.action_lookup()
            for line in wizard.line_ids:
                key = (line.res_model, line.res_id)
                if key in shown or line.res_model in ("mail.message", "sdp.customer.consent"):
                    continue
                shown.add(key)
                others.append((line.res_model_id.name, line.res_name or f"#{line.res_id}"))
        return others

    def _sdp_render_copy(self):
        self.ensure_one()
        data = self._sdp_personal_data()
        return "<!DOCTYPE html>\n" + str(
            self.env["ir.qweb"]._render(
                "sales_dev_policy.sdp_privacy_copy_document",
                {
                    "privacy_request": self,
                    "company": self.company_id,
                    "date": self.company_id._sdp_today(),
                    **data,
                },
            )
        )

    # ------------------------------------------------------------------ crons
    @api.model
    def _sdp_handlers(self, company):
        """The sales managers of ``company``, who answer for every request."""
        return (
            self.env["res.users"]
            # sudo: who the company's sales managers are, to give them the reminders.
            .sudo()
            .search(
                [
                    *users_in_group_domain(self.env, HANDLER_GROUP),
                    ("company_ids", "in", company.id),
                    ("share", "=", False),
                ]
            )
        )

    @api.model
    def _cron_sdp_overdue_requests(self, batch_size=200):
        """Give the owner and the sales managers one activity per overdue request (PDPA Art. 13,
        PDPO s.19): once per request and deadline, not once per run.

        At most ``batch_size`` requests per call (all companies), reported to the cron runner,
        which calls again while some remain (notified requests are not selected again). A batch
        that meets someone answering or extending one of its requests at the same moment is
        undone and runs again shortly (``run_batch``)."""
        activity_type = self.env.ref(
            "sales_dev_policy.mail_activity_type_sdp_privacy_overdue", raise_if_not_found=False
        )
        if not activity_type:
            return
        run_batch(
            self.env,
            "sales_dev_policy.ir_cron_sdp_privacy_overdue",
            lambda: self._sdp_overdue_requests_batch(activity_type, batch_size),
            pending=lambda: sum(
                self.search_count(domain) for _company, domain in self._sdp_overdue_domains()
            ),
        )

    @api.model
    def _sdp_overdue_domains(self):
        """``[(company, domain of its overdue requests not notified yet)]``."""
        return [
            (
                company,
                [
                    ("company_id", "=", company.id),
                    ("state", "in", OPEN_STATES),
                    ("date_deadline", "<", company._sdp_today()),
                    ("is_overdue_notified", "=", False),
                ],
            )
            for company in self.env["res.company"].search([])
        ]

    @api.model
    def _sdp_overdue_requests_batch(self, activity_type, batch_size):
        """One batch of the overdue reminders: ``(done, remaining)``."""
        model_id = self.env["ir.model"]._get_id(self._name)
        done = remaining = 0
        for company, domain in self._sdp_overdue_domains():
            room = batch_size - done
            if room <= 0:
                remaining += self.search_count(domain)
                continue
            requests = self.search(domain, limit=room, order="date_deadline, id")
            if not requests:
                continue
            # A request answered or extended by someone else meanwhile: the batch is undone and
            # runs again with what they did (run_batch), instead of failing on the flag below.
            serialize_on(requests, nowait=True)
            today = company._sdp_today()
            managers = self._sdp_handlers(company)
            self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": request.id,
                        "activity_type_id": activity_type.id,
                        "automated": True,
                        "user_id": user.id,
                        "date_deadline": today,
                        "summary": self.env._(
                            "Overdue since %(date)s: answer the data subject request",
                            date=request.date_deadline,
                        ),
                    }
                    for request in requests
                    for user in (request.user_id | managers)
                ]
            )
            requests._sdp_flow_write({"is_overdue_notified": True})
            done += len(requests)
            if len(requests) == room:
                # Counted after the flags are written: only the requests still to notify.
                remaining += self.search_count(domain)
        return done, remaining
