from . import test_x12_end_to_end
from . import test_x12_envelopes
from . import test_x12_documents
from . import test_edifact
from . import test_scope_and_sandbox
from . import test_codec_template
from . import test_email_acknowledgement
from . import test_sftp_acknowledgement
