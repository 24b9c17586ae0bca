# PIPELINE
from . import sdp_gate_override
