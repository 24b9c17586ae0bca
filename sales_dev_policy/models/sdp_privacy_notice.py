"""Notice at collection (告知事項; PDPA Art. 8 and 9, PDPO DPP1(3)): the company's privacy notice,
and on leads and contacts when and how it was given. Feature: customer information."""

from odoo import api, fields, models
from odoo.exceptions import UserError

NOTICE_METHODS = [
    ("written", "In Writing (Form or Contract)"),
    ("email", "By E-mail"),
    ("web", "On the Website"),
    ("verbal", "Verbally, Recorded"),
    ("indirect", "After Indirect Collection (Art. 9)"),
]


class SdpPrivacyNoticeMixin(models.AbstractModel):
    """When and how the person whose data a record holds was given the company's notice."""

    _name = "sdp.privacy.notice.mixin"
    _description = "Privacy Notice Given (Policy)"

    sdp_notice_date = fields.Date(
        string="Privacy Notice Given On",
        copy=False,
        index=True,
        tracking=True,
        groups="base.group_user",
        help="PDPA Art. 8: when the person was told who collects their data, for what purpose, "
        "how it is used and their rights (the company's privacy notice); Art. 9 for data "
        "collected from others: before it is first used.",
    )
    sdp_notice_method = fields.Selection(
        selection=NOTICE_METHODS,
        string="Privacy Notice Given",
        copy=False,
        tracking=True,
        groups="base.group_user",
    )
    sdp_notice_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Notice Recorded By",
        copy=False,
        readonly=True,
        groups="base.group_user",
    )
    sdp_privacy_notice = fields.Html(
        string="Privacy Notice",
        compute="_compute_sdp_privacy_notice",
        sanitize=False,
        groups="base.group_user",
    )

    @api.depends_context("company", "lang")
    def _compute_sdp_privacy_notice(self):
        notice = self.env.company.sdp_privacy_notice
        for record in self:
            record.sdp_privacy_notice = notice

    def action_sdp_record_notice(self, method="written"):
        """Record that the privacy notice was given today, by ``method``."""
        self.check_access("write")
        if method not in dict(NOTICE_METHODS):
            raise UserError(
                self.env._("Unknown way of giving the privacy notice: %(method)s.", method=method)
            )
        self.write(
            {
                "sdp_notice_date": self.env.company._sdp_today(),
                "sdp_notice_method": method,
            }
        )
        return True

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("sdp_notice_date") or vals.get("sdp_notice_method"):
                vals["sdp_notice_user_id"] = self.env.uid
        return super().create(vals_list)

    def write(self, vals):
        if "sdp_notice_user_id" in vals and not self.env.su:
            vals = dict(vals)
            vals.pop("sdp_notice_user_id")
        if "sdp_notice_date" in vals or "sdp_notice_method" in vals:
            # Who recorded the notice is who recorded it, not what the caller says.
            vals = dict(vals, sdp_notice_user_id=self.env.uid)
        return super().write(vals)
