from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # Policy switches live on the company (each company applies the policy its own way);
    # res.config.settings shows them in the "Customer Development Policy" block.
    sdp_policy_note = fields.Char(
        string="Policy Reference",
        help="Reference of the company's written sales customer development policy "
        "(document number or version) that this configuration implements (P1.1).",
    )

    # --- ACCESS (P4 customer information, P4.3.3 access model) ---
    sdp_restrict_customers = fields.Boolean(
        string="Restrict Customers to Their Salesperson",
        help="P4.3.3: salespeople only see the customers they own, follow or that have no "
        "salesperson; team leaders also those of their team members. Off: standard Odoo.",
    )
    sdp_restrict_export = fields.Boolean(
        string="Restrict Exports to Managers",
        help="P4.3.1: only sales managers may export leads and customers.",
    )
    sdp_review_interval_days = fields.Integer(
        string="Customer Review Interval (days)",
        default=180,
        help="P4.2.2: a customer record not reviewed for this many days gets an update "
        "activity for its salesperson. 0 disables the reminder.",
    )

    def write(self, vals):
        res = super().write(vals)
        if "sdp_restrict_customers" in vals:
            # The record rules read this switch through ir.rule's evaluation context, and
            # their domains are cached: drop the cache so the new setting applies at once.
            self.env.registry.clear_cache()
        return res
