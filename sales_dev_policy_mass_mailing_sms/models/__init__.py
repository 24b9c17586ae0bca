from . import mailing_mailing
from . import sms_composer
