# PIPELINE
from . import sdp_gate_override

# LEGAL (issue 5)
from . import sdp_legal_decision

# CREDIT (P6.3)
from . import sale_order_credit_release

# APPRAISAL (P5.3.1)
from . import sdp_appraisal_generate
