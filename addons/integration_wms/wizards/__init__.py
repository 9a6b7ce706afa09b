from . import integration_dashboard
