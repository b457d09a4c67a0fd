"""Writing files so that a crash leaves either the old file or the whole new one.

Outputs only ever replace a regular file or create a new path: a device node, a FIFO,
a socket or a folder (also behind a symlink) is refused before anything is written. A
new file follows the umask, an existing one keeps its mode, and ``private=True`` makes
the file owner-only (database backups hold private notes). Temporary files carry the
:data:`TEMP_PREFIX` so that :func:`remove_stale_temporaries` can clear what a killed run
left behind.
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from studyapp.i18n import _

TEMP_PREFIX = ".studyapp-tmp-"
# A temporary file younger than this may belong to a run that is still going.
STALE_AFTER = 3600.0


class OutputRefused(OSError):
    """The target is not a regular file or a new path; nothing was written."""


def check_output(target: Path) -> int | None:
    """Refuse a target that is not a regular file or a new path.

    Returns:
        The existing file's permission bits, or ``None`` for a new path.

    Raises:
        OutputRefused: a device, FIFO, socket, folder, or a symlink to one.
    """
    try:
        info = target.stat()
    except FileNotFoundError:
        if target.is_symlink():  # a dangling link: writing would follow it somewhere else
            raise OutputRefused(
                _("{path} is a broken symbolic link; give a regular file or a new path").format(
                    path=target
                )
            ) from None
        return None
    if not stat.S_ISREG(info.st_mode):
        raise OutputRefused(
            _("{path} is not a regular file; only regular files or new paths are written").format(
                path=target
            )
        )
    return stat.S_IMODE(info.st_mode)


def _new_file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write(target: Path, write: Callable[[Path], object], *, private: bool = False) -> Path:
    """Have ``write`` fill a temporary file next to ``target``, then rename it into place.

    The temporary file is flushed to disk before the rename and removed if ``write`` fails,
    so ``target`` is never seen half-written. A symlink to a regular file is written
    through: the file it points to is replaced, the link stays.

    Args:
        target: the file to create or replace (a regular file or a new path).
        write: called with the temporary path; it must create the file there.
        private: make the file readable by its owner only.

    Returns:
        ``target``.

    Raises:
        OutputRefused: ``target`` is a device, FIFO, socket or folder.
    """
    existing = check_output(target)
    if target.is_symlink():
        target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".tmp", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        os.chmod(temporary, 0o600)
        write(temporary)
        mode = 0o600 if private else existing if existing is not None else _new_file_mode()
        os.chmod(temporary, mode)
        _fsync(temporary)
        check_output(target)  # it may have become something else while we wrote
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)
    return target


def atomic_write_text(target: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``target`` atomically (``encoding="utf-8-sig"`` adds a BOM)."""
    return atomic_write(target, lambda path: path.write_text(text, encoding=encoding, newline=""))


def atomic_write_bytes(target: Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically."""
    return atomic_write(target, lambda path: path.write_bytes(data))


def remove_stale_temporaries(folders: Iterable[Path], older_than: float = STALE_AFTER) -> int:
    """Delete ``TEMP_PREFIX`` files older than ``older_than`` seconds; return how many.

    Regular files only; anything that cannot be read or removed is left alone.
    """
    removed = 0
    limit = time.time() - older_than
    for folder in folders:
        try:
            candidates = list(folder.glob(TEMP_PREFIX + "*"))
        except OSError:
            continue
        for path in candidates:
            try:
                info = path.lstat()
                if stat.S_ISREG(info.st_mode) and info.st_mtime < limit:
                    path.unlink()
                    removed += 1
            except OSError:
                continue
    return removed


def _fsync(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
