"""The TUI's log: warnings and errors go to ``studyapp.log`` in the data dir."""

from __future__ import annotations

import logging
import os
from pathlib import Path

LEVEL_VARIABLE = "STUDYAPP_LOG_LEVEL"  # e.g. DEBUG: also every reading-session save


def attach_log_file(path: Path) -> logging.Handler | None:
    """Send the ``studyapp`` logger to ``path``; None if the file cannot be opened."""
    level = logging.getLevelName(os.environ.get(LEVEL_VARIABLE, "WARNING").upper())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger = logging.getLogger("studyapp")
    logger.addHandler(handler)
    logger.setLevel(level if isinstance(level, int) else logging.WARNING)
    return handler


def detach_log_file(handler: logging.Handler | None) -> None:
    """Stop logging to the file and close it."""
    if handler is not None:
        logging.getLogger("studyapp").removeHandler(handler)
        handler.close()
