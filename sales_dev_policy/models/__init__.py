from . import sdp_classification
from . import res_company
from . import res_config_settings
from . import crm_lead
from . import res_partner

# LEGAL (issue 5)
from . import sdp_legal_review
from . import sale_order_legal
from . import crm_stage_legal
from . import crm_lead_legal
from . import payment_transaction_legal
