"""``python -m tests.staged_worker DATA_DIR FILE [DB_URL]``: import FILE in small staged batches.

Every file goes through the batched path (threshold 0) in batches of 1,000 rows, so a
kill lands between batches; prints ``opened`` once the library is open and ``done``
after the import.
"""

from __future__ import annotations

import sys
from pathlib import Path

from studyapp.db import staged_import
from studyapp.locations import resolve_locations
from studyapp.services import StudyService, imports


def main() -> None:
    data_dir, path = sys.argv[1], Path(sys.argv[2])
    db_url = sys.argv[3] if len(sys.argv) > 3 else None
    imports.STAGED_ABOVE_BLOCKS = 0
    staged_import.BATCH_ROWS = staged_import.MIN_BATCH_ROWS = 1000
    staged_import.BATCH_SECONDS = 0.0  # every batch stays at 1,000 rows
    service = StudyService.open(resolve_locations(data_dir, db_url=db_url, environ={}))
    print("opened", flush=True)
    report = service.import_paths([path])
    print("done", report.outcomes[0].status, flush=True)
    service.close()


if __name__ == "__main__":
    main()
