# SHARED: the onboarding step of a new database (P1.2)
from . import sdp_policy_adoption_offer

# PIPELINE
from . import sdp_gate_override

# LEGAL
from . import sdp_legal_decision

# CREDIT (P6.3)
from . import sale_order_credit_release

# INCENTIVE (P5.1)
from . import sdp_commission_compute

# APPRAISAL (P5.3.1)
from . import sdp_appraisal_generate

# CUSTOMER INFORMATION: data protection (PDPA, PDPO)
from . import sdp_privacy_request_decision
