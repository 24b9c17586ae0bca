"""Meeting attendees under the customer rules (P4.3.3). Feature: customer information."""

from odoo import models
from odoo.exceptions import AccessError


class CalendarAttendee(models.Model):
    _inherit = "calendar.attendee"

    def _check_access(self, operation):
        # The attendees' rule (calendar_attendee_rule_salesperson) reads the partner's
        # sdp_customer_visible: compute it afresh for each check, as res.partner does.
        self.env["res.partner"]._sdp_invalidate_visibility_of(self)
        result = super()._check_access(operation)
        if result and operation in ("create", "write"):
            forbidden, _error = result
            # sudo: only which contacts the refused attendees are, to explain the refusal; the
            # message names none of them (they are customers the user may not see).
            partners = forbidden.sudo().partner_id.with_env(self.env)
            if partners and not all(partners.mapped("sdp_customer_visible")):
                return forbidden, lambda: AccessError(
                    self.env._(
                        "You cannot invite customers of another salesperson to a meeting: only "
                        "their salesperson, their team leader and the sales managers may see "
                        "them (customer confidentiality, P4.3.3). Ask their salesperson to "
                        "invite them."
                    )
                )
        return result
