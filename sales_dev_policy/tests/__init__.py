from . import test_foundation
from . import test_smoke_tour

# PIPELINE
from . import test_pipeline
