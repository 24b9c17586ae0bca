from . import test_foundation
from . import test_permit
from . import test_smoke_tour
from . import test_demo_showcase

# PIPELINE
from . import test_pipeline
from . import test_pipeline_won
from . import test_pipeline_plan
from . import test_pipeline_support
from . import test_refused_move_tour
from . import test_board_tour

# LEGAL
from . import test_legal
from . import test_legal_portal
from . import test_legal_queue_tour
from . import test_digest

# CREDIT (P6.3)
from . import test_credit
from . import test_credit_tour
from . import test_credit_queue_tour
from . import test_credit_watch
from . import test_credit_approval
from . import test_credit_odoo_limit
from . import test_credit_hold
from . import test_confirmed_order

# CUSTOMER INFORMATION (P4)
from . import test_customer_info_access
from . import test_reviewer_home
from . import test_customer_info_privacy
from . import test_access_models
from . import test_customer_info
from . import test_customer_info_consent
from . import test_customer_info_export
from . import test_customer_rule_attack
from . import test_reviewer_access

# PERFORMANCE (bin/bench shares tests/perf_operations.py)
from . import test_performance

# INCENTIVES AND APPRAISAL (P5)
from . import test_sales_kpi

# INCENTIVE (P5.1)
from . import test_incentive
from . import test_incentive_access
from . import test_incentive_tour
from . import test_mail_templates

# APPRAISAL (P5.2-P5.4)
from . import test_appraisal
from . import test_appraisal_access
from . import test_appraisal_tour
from . import test_training
from . import test_integrity
from . import test_concurrency
from . import test_cron_batches
from . import test_readonly

# CUSTOMER INFORMATION: data protection (PDPA, PDPO)
from . import test_privacy_requests
from . import test_pipeline_fidelity

# TRANSLATIONS (zh_TW, zh_CN)
from . import test_i18n
from . import test_i18n_tour

# DOCUMENTS: the printed documents of legal, credit, incentive and appraisal
from . import test_reports
from . import test_adoption
