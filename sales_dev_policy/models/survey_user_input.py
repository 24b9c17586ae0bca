"""Customer satisfaction credited to the salesperson who served the customer (P5.2.4).
Feature: appraisal."""

from odoo import api, fields, models
from odoo.exceptions import UserError


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    sdp_salesperson_id = fields.Many2one(
        comodel_name="res.users",
        string="Salesperson Credited",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="P5.2.4: the customer's salesperson when the survey was sent: the answer counts in "
        "that salesperson's appraisal, even if the customer changes hands before answering.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # Who is credited is the flow's to decide, not the creator's (a copy included).
            for vals in vals_list:
                vals.pop("sdp_salesperson_id", None)
        answers = super().create(vals_list)
        # sudo: the customer's salesperson is read and stored by the flow itself; the field
        # refuses any other writer (below).
        for answer in answers.sudo().filtered(lambda a: a.partner_id and not a.sdp_salesperson_id):
            salesperson = answer.partner_id.commercial_partner_id.user_id
            if salesperson:
                answer.sdp_salesperson_id = salesperson
        return answers

    def write(self, vals):
        if "sdp_salesperson_id" in vals and not self.env.su:
            raise UserError(
                self.env._(
                    "%(answers)s: the salesperson credited with a satisfaction answer is the "
                    "customer's salesperson when the survey was sent (P5.2.4); it is not "
                    "changed by hand.",
                    answers=", ".join(self.mapped("display_name")),
                )
            )
        return super().write(vals)
