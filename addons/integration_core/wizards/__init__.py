from . import integration_upload_wizard
from . import integration_ignore_wizard
from . import integration_payload_edit_wizard
from . import integration_api_key_wizard
from . import integration_dashboard
from . import integration_dashboard_flow
