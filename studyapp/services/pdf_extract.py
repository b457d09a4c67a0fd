"""PDF extraction in a child process with a time and a memory limit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from studyapp.core.formats.pdf import PdfLine, PdfText
from studyapp.core.refusal import Refused
from studyapp.i18n import _

WORKER = Path(__file__).with_name("pdf_worker.py")
TIME_LIMIT = 60  # seconds of wall time; CPU time is capped at the same
MEMORY_LIMIT = 1024  # megabytes of address space


def extract_pdf(data: bytes, seconds: int = TIME_LIMIT, megabytes: int = MEMORY_LIMIT) -> PdfText:
    """Extract a PDF's text lines, outline and title in a limited child process.

    Raises:
        Refused: ``encrypted``, ``corrupt``, ``pdf_timeout`` or ``pdf_failed``.
    """
    command = [sys.executable, "-I", str(WORKER), str(seconds), str(megabytes)]
    try:
        done = subprocess.run(
            command, input=data, capture_output=True, timeout=seconds, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise Refused(
            "pdf_timeout", _("the PDF took over {n} s to read; refused").format(n=seconds)
        ) from error
    if done.returncode != 0:
        raise Refused("pdf_failed", _("the PDF reader failed on this file (damaged or hostile)"))
    try:
        found = json.loads(done.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise Refused("pdf_failed", _("the PDF reader failed on this file (damaged or hostile)")) \
            from error
    if found.get("error") == "encrypted":
        raise Refused("encrypted", _("password-protected PDF; remove the password first"))
    if found.get("error"):
        raise Refused("corrupt", _("damaged PDF"))
    pages = [[PdfLine(text, size) for text, size in page] for page in found["pages"]]
    outline = [(title, level, page) for title, level, page in found["outline"]]
    return PdfText(pages, outline, found.get("title"))
