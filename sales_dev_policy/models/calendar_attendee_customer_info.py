"""Meeting attendees under the customer rules (P4.3.3). Feature: customer information."""

from odoo import models


class CalendarAttendee(models.Model):
    _inherit = "calendar.attendee"

    def _check_access(self, operation):
        # The attendees' rule (calendar_attendee_rule_salesperson) reads the partner's
        # sdp_customer_visible: compute it afresh for each check, as res.partner does.
        self.env["res.partner"]._sdp_invalidate_visibility_of(self)
        return super()._check_access(operation)
