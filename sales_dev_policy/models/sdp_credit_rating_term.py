"""Credit ratings A-E and how often each is reviewed (P6.3.1, P6.3.2). Feature: credit."""

from odoo import api, fields, models

# P6.3.1: customers are rated A (best) to E (worst).
CREDIT_RATINGS = [
    ("a", "A - Excellent"),
    ("b", "B - Good"),
    ("c", "C - Fair"),
    ("d", "D - Weak"),
    ("e", "E - Poor"),
]


class SdpCreditRatingTerm(models.Model):
    """How long a credit assessment stays valid for each rating (P6.3.2: track changes in time)."""

    _name = "sdp.credit.rating.term"
    _description = "Credit Review Interval per Rating"
    _order = "rating, company_id"
    _check_company_auto = True

    rating = fields.Selection(selection=CREDIT_RATINGS, required=True, index=True)
    months = fields.Integer(
        string="Months to Next Review",
        required=True,
        default=12,
        help="The next credit review is due this many months after the assessment date.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Company",
        index=True,
        help="Leave empty to apply to every company without its own interval for this rating.",
    )

    _sql_constraints = [
        (
            "rating_company_uniq",
            "unique(rating, company_id)",
            "There is already a review interval for this rating in this company.",
        ),
        ("months_positive", "check(months > 0)", "The review interval must be at least one month."),
    ]

    @api.model
    def _get_months_by_rating(self, company):
        """``{rating: months}`` for ``company``, company-specific terms winning over shared ones."""
        # sudo: the intervals are configuration, not confidential; requesters and the review
        # computation need them whatever their role.
        terms = self.sudo().search(
            [("company_id", "in", [company.id, False])], order="company_id nulls first"
        )
        return {term.rating: term.months for term in terms}
