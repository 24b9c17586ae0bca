from . import mailing_mailing
from . import mail_compose_message
