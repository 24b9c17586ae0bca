# LEGAL (issue 5)
from . import sdp_legal_decision
