from . import integration_dashboard
from . import integration_onboarding
