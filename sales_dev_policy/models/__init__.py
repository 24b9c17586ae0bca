from . import sdp_classification
from . import res_company
from . import res_config_settings
from . import crm_lead
from . import res_partner
