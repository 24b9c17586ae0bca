"""The kickoff meeting a won opportunity plans (P3.8.1). Feature: pipeline."""

from odoo import fields, models


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    # PIPELINE (P3.8.1): the kickoff meeting planned when an opportunity is won; a lead gets
    # only one (re-winning does not plan another).
    sdp_is_kickoff = fields.Boolean(string="Policy Kickoff Meeting", copy=False, index=True)
