from . import test_foundation
from . import test_smoke_tour

# ACCESS
from . import test_access
from . import test_customer_info
