# Shared: the printed documents are read with the rights of whoever prints them
from . import sdp_report_access

# LEGAL (P3.7): the legal review sheet of an order
from . import sale_order_legal_report

# CREDIT (P6.3): the credit file, with the releases of the customer's orders
from . import sdp_credit_profile_report

# INCENTIVE (P5.1): the monthly commission statement
from . import sdp_commission_sheet_report

# APPRAISAL (P5.2-P5.4): the appraisal form
from . import sdp_appraisal_report
