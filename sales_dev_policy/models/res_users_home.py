"""Reviewers land on their queues (P3.7.3, P6.3.1): a legal reviewer's or a credit officer's first
screen is the work waiting for them. Shared by legal and credit."""

from odoo import api, models

# (the reviewer's group, the queue that is their home), in the order a user with both is given.
REVIEWER_HOMES = (
    ("sales_dev_policy.group_sdp_legal_reviewer", "sales_dev_policy.sdp_legal_review_action"),
    ("sales_dev_policy.group_sdp_credit_officer", "sales_dev_policy.sdp_credit_assessment_action"),
)
SELLING_GROUP = "sales_dev_policy.group_sdp_salesperson"


class ResUsers(models.Model):
    _inherit = "res.users"  # pylint: disable=consider-merging-classes-inherited

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._sdp_set_reviewer_home()
        return users

    def write(self, vals):
        res = super().write(vals)
        if any(key.startswith(("groups_id", "in_group_", "sel_groups_")) for key in vals):
            self._sdp_set_reviewer_home()
        return res

    def _sdp_set_reviewer_home(self):
        """A reviewer who does not sell and has no home action of their own lands on their
        queue. Only an empty home is filled: what an administrator chose stays."""
        for user in self.filtered(lambda u: not u.action_id and not u.share):
            if user.has_group(SELLING_GROUP):
                continue
            for group, action in REVIEWER_HOMES:
                if user.has_group(group):
                    home = self.env.ref(action, raise_if_not_found=False)
                    if home:
                        # sudo: the home action is set by the administrator's own grant of the
                        # group; the user's rights are unchanged.
                        user.sudo().action_id = home.id
                    break
