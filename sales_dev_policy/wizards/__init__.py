# PIPELINE
from . import sdp_gate_override

# LEGAL (issue 5)
from . import sdp_legal_decision
