"""18.0.1.3.0: appraisal flags and weights follow the policy.

- P5.1.4: excellent annual appraisals get the new "Training and Career Development" flag; every
  below-standard appraisal has "Training and Coaching Required" (P5.4.2), which the
  pre-migration renamed from the former annual-only flag.
- P5.2.2: the success rate is weighed in the score. Companies that kept the former default
  weights (40/30/20/10) move to the new defaults (40/30/10 + 10 for the success rate/10), which
  still total 100; companies that chose their own weights keep them, and the success rate adds
  its default 10 (scores are weighted averages, so totals above 100 are fine).
- P3.5.1-P3.5.3: the installed Negotiation stage (``noupdate``) asks for a proposal document or
  quotation and the customer's acceptance, as new installs do; the installed "Progress report to
  customer" template is the first progress report (P3.8.3); existing follow-up milestones say
  where they come from (a template, or the progress report).
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE sdp_appraisal
           SET is_development_recommended = (period_type = 'year' AND result = 'excellent'),
               is_coaching_required = (result = 'below')
        """
    )
    cr.execute(
        """
        UPDATE res_company
           SET sdp_appraisal_weight_new_customers = 10.0
         WHERE sdp_appraisal_weight_sales = 40.0
           AND sdp_appraisal_weight_profit = 30.0
           AND sdp_appraisal_weight_new_customers = 20.0
           AND sdp_appraisal_weight_satisfaction = 10.0
           AND sdp_appraisal_weight_success_rate = 10.0
        """
    )
    env = api.Environment(cr, SUPERUSER_ID, {})
    negotiation = env.ref("sales_dev_policy.crm_stage_sdp_negotiation", raise_if_not_found=False)
    if negotiation:
        negotiation.write(
            {"sdp_gate_require_proposal_document": True, "sdp_gate_require_acceptance": True}
        )
    progress = env.ref("sales_dev_policy.sdp_followup_template_progress", raise_if_not_found=False)
    if progress:
        progress.is_progress_report = True
    env.flush_all()
    cr.execute(
        """
        UPDATE sdp_followup_milestone milestone
           SET kind = CASE WHEN template.is_progress_report THEN 'progress' ELSE 'template' END
          FROM sdp_followup_template template
         WHERE milestone.template_id = template.id
        """
    )
