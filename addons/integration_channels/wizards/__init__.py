from . import integration_onboarding
