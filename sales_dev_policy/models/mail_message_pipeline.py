"""Completed activities on leads are the evidence the stage gates count (P3): only the
activity's own "done" flow writes them. Feature: pipeline."""

from odoo import api, models
from odoo.exceptions import AccessError

from .sdp_permit import has_permit, with_permit

# Activity gates, the first-contact date (P3.3.2) and the KPIs (P5.2.2) count the messages that
# mail.activity._action_done posts with the activity's type on a lead. Only that flow may post
# or change such a message: a message_post or mail.message create/write over RPC claiming an
# activity type would pass a gate with nothing done, or back-date the first contact.
COUNTED_MODELS = ("crm.lead",)
COUNTED_FIELDS = {"mail_activity_type_id", "date", "model", "res_id"}
# The flows that do: marking an activity done, and Odoo's merge of leads moving the merged
# leads' history to the lead that remains.
PERMITS = ("activity_done", "lead_merge")


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        return super(MailActivity, with_permit(self, "activity_done"))._action_done(
            feedback=feedback, attachment_ids=attachment_ids
        )


class MailMessage(models.Model):
    _inherit = "mail.message"

    def _sdp_may_claim_activity(self):
        """The flows of PERMITS, and data files (demo history of done activities) loaded while
        modules install: no request is served by a registry that is not ready yet.

        Not ``env.su``: message_post creates its message as superuser for any caller."""
        return has_permit(self.env, *PERMITS) or not self.env.registry.ready

    def _sdp_refuse_activity_claim(self):
        raise AccessError(
            self.env._(
                "A lead's activity is completed by marking the activity done (P3.3.2, P3): a "
                "message cannot claim an activity type or change the date of a completed one."
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not self._sdp_may_claim_activity() and any(
            vals.get("mail_activity_type_id") and vals.get("model") in COUNTED_MODELS
            for vals in vals_list
        ):
            self._sdp_refuse_activity_claim()
        return super().create(vals_list)

    def write(self, vals):
        # env.su is accepted here, unlike in create: Odoo's own code writes these fields as
        # superuser only for its flows (no chatter action rewrites a message's date or type).
        if COUNTED_FIELDS & set(vals) and not (self.env.su or self._sdp_may_claim_activity()):
            # sudo: reads the model and type of the messages being written, to know whether
            # they are counted; nothing is returned.
            on_leads = self.sudo().filtered(lambda m: m.model in COUNTED_MODELS)
            claims = vals.get("mail_activity_type_id") and (
                on_leads or vals.get("model") in COUNTED_MODELS
            )
            # sudo: as above, the type of the messages being written only.
            moved_in = vals.get("model") in COUNTED_MODELS and self.sudo().filtered(
                "mail_activity_type_id"
            )
            if on_leads.filtered("mail_activity_type_id") or claims or moved_in:
                self._sdp_refuse_activity_claim()
        return super().write(vals)
