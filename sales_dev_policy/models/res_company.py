"""The company: the policy reference, the check of the policy settings every feature adds to,
and the company's calendar that every policy date and period uses. Shared by all features."""

from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # Policy switches live on the company (each company applies the policy its own way);
    # res.config.settings shows them in the "Customer Development Policy" block.
    sdp_policy_note = fields.Char(
        string="Policy Reference",
        help="Reference of the company's written sales customer development policy "
        "(document number or version) that this configuration implements (P1.1).",
    )

    def _sdp_settings_checked_fields(self):
        """Settings the policy computes with; each feature adds its own
        (``res_company_<feature>.py``)."""
        return []

    def _sdp_settings_problems(self):
        """What is wrong with this company's settings, as phrases naming the setting; each feature
        adds the checks of its own settings."""
        self.ensure_one()
        return []

    def _sdp_setting_label(self, fname):
        return self._fields[fname]._description_string(self.env)

    @api.constrains(lambda self: self._sdp_settings_checked_fields())
    def _check_sdp_settings(self):
        """Settings the policy computes with: a clear error naming the setting, never a silently
        wrong gate, review or appraisal."""
        for company in self:
            problems = company._sdp_settings_problems()
            if problems:
                raise ValidationError(
                    self.env._(
                        "Customer Development Policy settings of %(company)s: %(problems)s.",
                        company=company.name,
                        problems="; ".join(problems),
                    )
                )

    def _sdp_today(self):
        """Today's date in the company's time zone (its partner's, UTC when unset).

        Policy dates (consent validity, periods) belong to the company, not to whoever looks at
        them: a salesperson in UTC and OdooBot in the company's zone must agree on "today".
        """
        self.ensure_one()
        tz = pytz.timezone(self.partner_id.tz or "UTC")
        return pytz.utc.localize(fields.Datetime.now()).astimezone(tz).date()

    def _sdp_day_bounds(self, date_from, date_to):
        """UTC bounds ``[start, end)`` (naive datetimes, as stored) of the company's calendar
        days ``date_from``..``date_to``, both included.

        Periods of commissions, appraisals and KPIs (P5.1.1, P5.3.1) are the company's months: an
        order confirmed at 02:00 in Taipei on 1 February (18:00 UTC on 31 January) is February's.
        """
        self.ensure_one()
        tz = pytz.timezone(self.partner_id.tz or "UTC")

        def to_utc(day):
            local = tz.localize(datetime.combine(fields.Date.to_date(day), time.min))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        return to_utc(date_from), to_utc(fields.Date.to_date(date_to) + timedelta(days=1))
