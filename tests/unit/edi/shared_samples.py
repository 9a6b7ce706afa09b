"""Where the shared public EDI samples are: $INTEGRATION_EDI_SAMPLES, else ``shared/`` next
to the repository, else this machine's /work/shared (CI clones the repository elsewhere)."""

import os
from pathlib import Path

CANDIDATES = [
    os.environ.get("INTEGRATION_EDI_SAMPLES"),
    Path(__file__).resolve().parents[3].parent / "shared" / "edi-samples",
    "/work/shared/edi-samples",
]
SAMPLES = next((Path(c) for c in CANDIDATES if c and Path(c).is_dir()), Path(str(CANDIDATES[1])))
