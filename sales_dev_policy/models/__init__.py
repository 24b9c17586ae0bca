from . import sdp_classification
from . import res_company
from . import res_config_settings
from . import crm_lead
from . import res_partner

# ACCESS (P4 customer information, P4.3.3 access model)
from . import ir_rule
from . import sdp_info_requirement
from . import sdp_customer_consent
