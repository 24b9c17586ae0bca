from . import test_foundation
from . import test_smoke_tour

# PIPELINE
from . import test_pipeline

# LEGAL (issue 5)
from . import test_legal
from . import test_legal_portal

# ACCESS
from . import test_access
from . import test_access_models
from . import test_customer_info
