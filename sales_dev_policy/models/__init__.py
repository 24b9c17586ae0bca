# Shared mechanisms: flow permits and flow-only fields, the company's calendar and the check of
# the policy settings, the settings page.
from . import sdp_permit
from . import res_company
from . import res_config_settings

# Printed documents of every feature: wkhtmltopdf builds without patched Qt
from . import ir_actions_report

# CUSTOMER INFORMATION (P3.2.3, P4): classification, required information, confidentiality,
# consent, freshness of customer records
from . import sdp_classification
from . import sdp_info_requirement
from . import sdp_privacy_notice
from . import res_company_customer_info
from . import res_config_settings_customer_info
from . import crm_lead_customer_info
from . import res_partner_customer_info
from . import sale_order_customer_info
from . import mail_followers_customer_info
from . import calendar_attendee_customer_info
from . import ir_rule_customer_info
from . import sdp_customer_consent
from . import ir_attachment_consent
from . import sdp_export_log
from . import base_customer_info
from . import ir_module_module

# PIPELINE (P3)
from . import res_company_pipeline
from . import res_config_settings_pipeline
from . import crm_stage_pipeline
from . import crm_lead_pipeline
from . import sdp_gate_checklist_item
from . import mail_activity_type_pipeline
from . import mail_message_pipeline
from . import crm_team_pipeline
from . import sdp_stage_transition
from . import sdp_negotiation_round
from . import sdp_followup_milestone
from . import sdp_competitor
from . import sdp_market_research
from . import sdp_development_plan
from . import sdp_support_request
from . import sdp_followup_template
from . import calendar_event_pipeline
from . import sdp_pipeline_step_report

# LEGAL (P3.7, P6.4)
from . import res_company_legal
from . import res_config_settings_legal
from . import sdp_legal_review
from . import sale_order_legal
from . import crm_lead_legal

# CREDIT (P6.3)
from . import res_company_credit
from . import res_config_settings_credit
from . import sdp_credit_rating_term
from . import sdp_credit_profile
from . import sdp_credit_assessment
from . import ir_attachment_credit
from . import mail_message_credit
from . import sdp_credit_release
from . import res_partner_credit
from . import sale_order_credit
from . import crm_lead_credit

# LEGAL and CREDIT: the reviewers' daily digest
from . import res_users_digest
from . import res_users_home

# THE CONFIRMATION GATE (legal, then credit) and the online flows that reach it
from . import sale_order_incentive
from . import sale_order
from . import payment_transaction

# INCENTIVE AND APPRAISAL (P5): measures shared by commissions and appraisals
from . import sdp_sales_kpi

# INCENTIVE (P5.1)
from . import sdp_commission_plan
from . import sdp_commission_sheet
from . import sdp_project_bonus

# APPRAISAL (P5.2-P5.4)
from . import res_company_appraisal
from . import res_config_settings_appraisal
from . import sdp_sales_target
from . import sdp_appraisal
from . import sdp_training
from . import crm_team_appraisal

# CUSTOMER INFORMATION: data protection (Taiwan PDPA, Hong Kong PDPO), requests and retention
from . import res_company_privacy
from . import res_config_settings_privacy
from . import sdp_privacy_request
from . import sdp_privacy_retention

# PIPELINE, after the confirmation gate and the customer rules it builds on: order milestones
# and the customer's acceptance (P3.5.3, P3.8.2), customer revisits (P2.2.5)
from . import sale_order_pipeline
from . import res_partner_pipeline

# INCENTIVE: generation progress of the monthly commissions
from . import res_company_incentive
from . import res_company_adoption
from . import sdp_policy_compliance
from . import survey_user_input
