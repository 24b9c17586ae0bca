from . import sdp_permit
from . import sdp_classification
from . import sdp_info_requirement
from . import res_company
from . import res_config_settings
from . import crm_lead
from . import res_partner

# PIPELINE
from . import crm_stage
from . import sdp_gate_checklist_item
from . import mail_activity_type
from . import mail_message
from . import crm_team
from . import sdp_stage_transition
from . import sdp_negotiation_round
from . import sdp_followup_milestone
from . import sdp_competitor
from . import sdp_market_research
from . import sdp_followup_template
from . import calendar_event
from . import sdp_pipeline_step_report

# LEGAL (P3.7, P6.4)
from . import sdp_legal_review
from . import sale_order_legal
from . import crm_lead_legal

# ACCESS (P4 customer information, P4.3.3 access model)
from . import ir_rule
from . import sdp_customer_consent

# CREDIT (P6.3 credit risk control)
from . import sdp_credit_rating_term
from . import sdp_credit_profile
from . import sdp_credit_assessment
from . import sdp_credit_release
from . import res_partner_credit
from . import sale_order_credit
from . import crm_lead_credit

# THE CONFIRMATION GATE (legal, then credit) and the online flows that reach it
from . import sale_order
from . import payment_transaction

# INCENTIVES AND APPRAISAL (P5): measures shared by commissions and appraisals
from . import sdp_sales_kpi

# INCENTIVE (P5.1 commissions and project bonuses)
from . import sdp_commission_plan
from . import sdp_commission_sheet
from . import sdp_project_bonus

# APPRAISAL (P5.2-P5.4)
from . import sdp_sales_target
from . import sdp_appraisal
