"""Data protection settings of a company: the privacy law whose deadlines apply to data subject
requests (Taiwan PDPA Art. 13, Hong Kong PDPO s.19 and s.23, or the company's own), and how long
prospects that never became customers are kept (P1.3.1, P4.3, P6.4.1).
Feature: customer information."""

from odoo import fields, models

PRIVACY_LAWS = [
    ("tw_pdpa", "Taiwan PDPA"),
    ("hk_pdpo", "Hong Kong PDPO"),
    ("custom", "Custom"),
]

REQUEST_TYPES = [
    ("access", "Inquiry or Access"),
    ("copy", "Copy of Data"),
    ("correction", "Correction or Supplement"),
    ("stop", "Stop Collection, Processing or Use"),
    ("deletion", "Deletion"),
]

# (days to answer, days of the one extension) per law and request type, in calendar days.
# Taiwan PDPA Art. 13: access and copies within 15 days, correction, stop and deletion within 30
# days, each extendable once by as many days with the reasons in writing.
# Hong Kong PDPO: access (s.19(1)) and correction (s.23(1)) within 40 days; the ordinance sets no
# day count for stopping or erasing (s.26, DPP2(2): erase data no longer needed; s.35G: stop direct
# marketing), so the same 40 days apply to them. The PDPO has no extension: a data user unable to
# comply in time says why in writing within the 40 days (s.19(2), s.23(2)) and complies as soon as
# practicable; the request then shows as overdue until answered.
PRIVACY_DEADLINES = {
    "tw_pdpa": {
        "access": (15, 15),
        "copy": (15, 15),
        "correction": (30, 30),
        "stop": (30, 30),
        "deletion": (30, 30),
    },
    "hk_pdpo": {
        "access": (40, 0),
        "copy": (40, 0),
        "correction": (40, 0),
        "stop": (40, 0),
        "deletion": (40, 0),
    },
}


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    sdp_privacy_law = fields.Selection(
        selection=PRIVACY_LAWS,
        string="Privacy Law",
        default="tw_pdpa",
        required=True,
        help="The data protection law whose deadlines apply to data subject requests: Taiwan "
        "PDPA Art. 13 (15 days for access and copies, 30 for correction, stop and deletion, "
        "each extendable once), Hong Kong PDPO s.19 and s.23 (40 days), or the days set below.",
    )
    sdp_privacy_days_access = fields.Integer(string="Days to Answer an Access Request", default=15)
    sdp_privacy_days_copy = fields.Integer(string="Days to Send a Copy", default=15)
    sdp_privacy_days_correction = fields.Integer(string="Days to Correct", default=30)
    sdp_privacy_days_stop = fields.Integer(string="Days to Stop Processing", default=30)
    sdp_privacy_days_deletion = fields.Integer(string="Days to Delete", default=30)
    sdp_privacy_ext_access = fields.Integer(string="Extension of an Access Request", default=15)
    sdp_privacy_ext_copy = fields.Integer(string="Extension of a Copy Request", default=15)
    sdp_privacy_ext_correction = fields.Integer(string="Extension of a Correction", default=30)
    sdp_privacy_ext_stop = fields.Integer(string="Extension of a Stop Request", default=30)
    sdp_privacy_ext_deletion = fields.Integer(string="Extension of a Deletion", default=30)
    sdp_privacy_retention_months = fields.Integer(
        string="Prospect Retention (months)",
        default=0,
        help="Prospects that never became customers (lost or inactive leads, no confirmed order "
        "or posted invoice) are listed for review this many months after their last activity, "
        "and anonymised once a sales manager confirms. 0: never listed.",
    )
    # The review cron's place in the day's run (one batch per call): a run cut short resumes
    # after the last prospect it looked at, the prospects it kept out are not looked at again
    # the same day, and the next day's run starts from the first.
    sdp_retention_review_date = fields.Date(
        string="Retention Review Run Of",
        readonly=True,
        copy=False,
        help="Day of the retention review run in progress or last finished.",
    )
    sdp_retention_review_lead = fields.Integer(
        string="Retention Review Position",
        readonly=True,
        copy=False,
        help="The retention review of that day has looked at every prospect whose first lead "
        "id is up to this one.",
    )

    def _sdp_privacy_days(self, request_type):
        """(days to answer, days of the one extension) of ``request_type`` for this company."""
        self.ensure_one()
        preset = PRIVACY_DEADLINES.get(self.sdp_privacy_law)
        if preset:
            return preset[request_type]
        return (
            self[f"sdp_privacy_days_{request_type}"],
            self[f"sdp_privacy_ext_{request_type}"],
        )

    def _sdp_privacy_fields(self):
        return [
            f"sdp_privacy_{kind}_{request_type}"
            for kind in ("days", "ext")
            for request_type, _label in REQUEST_TYPES
        ]

    def _sdp_settings_checked_fields(self):
        return (
            super()._sdp_settings_checked_fields()
            + self._sdp_privacy_fields()
            + ["sdp_privacy_retention_months"]
        )

    def _sdp_settings_problems(self):
        problems = super()._sdp_settings_problems()
        for fname in self._sdp_privacy_fields() + ["sdp_privacy_retention_months"]:
            if self[fname] < 0:
                problems.append(
                    self.env._(
                        "%(setting)s cannot be negative", setting=self._sdp_setting_label(fname)
                    )
                )
        if self.sdp_privacy_law == "custom":
            for request_type, _label in REQUEST_TYPES:
                fname = f"sdp_privacy_days_{request_type}"
                if self[fname] <= 0:
                    problems.append(
                        self.env._(
                            "%(setting)s must be at least one day",
                            setting=self._sdp_setting_label(fname),
                        )
                    )
        return problems
