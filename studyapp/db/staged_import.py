"""Large imports written in short batches under a hidden material, then published at once.

A big file's sections, paragraphs and sentences go in under a staging material whose id
starts with :data:`STAGING_PREFIX` (never a slug: slugs are ``[a-z0-9-]``), in batches
sized to hold the write lock for about :data:`BATCH_SECONDS`, with a pause after each, so
no other writer waits long for the lock. Library, search and ``doctor`` leave staging
materials out. One last short transaction moves the sections to the real material (new,
or the existing one whose old text it replaces) and deletes the staging row: the
material appears whole or not at all.
A staging material left by a killed import is removed at the next start
(:func:`remove_abandoned`), unless the process that made it is still running.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import uuid
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine, delete, update
from sqlmodel import Session, col, select

from studyapp.core.materials import Block, MaterialDraft, SectionDraft
from studyapp.core.reanchor import Revision
from studyapp.core.slug import anchors_for
from studyapp.db.engine import read_session, write_session
from studyapp.db.material_rows import (
    RowIds,
    StoreTarget,
    TextRows,
    _fill,
    existing_material,
    material_values,
    store_material,
)
from studyapp.db.materials_repo import STAGING_PREFIX, ImportRecord
from studyapp.db.models import MaterialRow, SectionRow
from studyapp.db.revisions import Prematched, match, read_text

BATCH_ROWS = 5_000  # the first batch; later ones are sized to take BATCH_SECONDS
BATCH_SECONDS = 0.3
MIN_BATCH_ROWS = 500
# A batch grows at most this much over the last one: one quick batch on a busy machine
# (or before an FTS5 segment merge) must not make the next one hold the lock for seconds.
MAX_BATCH_GROWTH = 1.25
# SQLite does not queue writers: a waiting one retries on its busy handler's schedule
# (sleeps of up to 100 ms), so an importer that starts its next batch the moment the
# last one commits can starve it for many seconds (7 s measured). A pause longer than
# the longest retry sleep, with room for a busy machine's scheduling delay, lets a
# waiting writer in between two batches.
PAUSE_BETWEEN_BATCHES = 0.15
# A staging material this old is abandoned even if its process id is in use again.
ABANDONED_AFTER = dt.timedelta(days=1)


def is_staging(material_id: str) -> bool:
    """Whether ``material_id`` names an import still being written."""
    return material_id.startswith(STAGING_PREFIX)


def save_staged(
    engine: Engine,
    draft: MaterialDraft,
    *,
    source: str,
    slug: str,
    file_hash: str,
    encoding: str,
    now: dt.datetime,
    record: ImportRecord | None = None,
    batch_rows: int | None = None,
    replaces: str | None = None,
    revisions: list[Revision] | None = None,
) -> str:
    """Store ``draft`` in batches under a staging material, then publish it in one commit.

    Returns:
        The material's id (``replaces``, else the existing one for ``source``, else a new
        one from ``slug``). What an older text's history kept is appended to ``revisions``.
    """
    staging = f"{STAGING_PREFIX}{os.getpid()}-{uuid.uuid4().hex}"
    # Counted before any transaction: 1.3 million paragraphs take over a second.
    values = material_values(draft, file_hash, encoding, now)
    with write_session(engine) as session:
        row = MaterialRow(id=staging, source=staging, imported_at=now)  # type: ignore[call-arg]  # _fill sets the rest
        _fill(row, values)
        session.add(row)
    try:
        limit = [batch_rows or BATCH_ROWS]
        for batch in _batches(draft, limit):
            started = time.monotonic()
            with write_session(engine) as session:
                _write_batch(session, staging, batch)
            if batch_rows is None:  # aim each batch at BATCH_SECONDS of holding the lock
                spent = max(time.monotonic() - started, 0.001)
                wanted = limit[0] * min(BATCH_SECONDS / spent, MAX_BATCH_GROWTH)
                limit[0] = max(MIN_BATCH_ROWS, int(wanted))
            time.sleep(PAUSE_BETWEEN_BATCHES)  # let a waiting writer in (see above)
        target = StoreTarget(
            source, slug, file_hash, encoding, now, record, replaces,
            revisions if revisions is not None else [],
        )
        return _publish(engine, staging, draft, target, values, _prematch(engine, target, draft))
    except BaseException:
        _drop(engine, staging)
        raise


def _drop(engine: Engine, staging: str) -> None:
    try:
        with write_session(engine) as session:
            session.execute(delete(MaterialRow).where(col(MaterialRow.id) == staging))
    except Exception:  # the next start removes it
        pass


Work = tuple[int, str, SectionDraft, list[tuple[int, Block]]]


def _batches(draft: MaterialDraft, limit: list[int]) -> Iterator[list[Work]]:
    """(section position, anchor, section, [(index, block)...]) groups of ~``limit[0]`` rows.

    ``limit[0]`` is read at every row, so the caller can resize the batches as it goes.

    A section longer than a batch is split: its later parts carry the same position and
    are appended to the section row written with the first part.
    """
    anchors = anchors_for(s.title for s in draft.sections)
    batch: list[Work] = []
    rows = 0
    for position, (anchor, section) in enumerate(zip(anchors, draft.sections, strict=True)):
        blocks: list[tuple[int, Block]] = []
        rows += 1
        for index, block in enumerate(section.blocks):
            blocks.append((index, block))
            rows += 2 + block.text.count(".") + block.text.count("。")  # sentences, roughly
            if rows >= limit[0]:
                batch.append((position, anchor, section, blocks))
                yield batch
                batch, blocks, rows = [], [], 0
        batch.append((position, anchor, section, blocks))
    if batch:
        yield batch


def _write_batch(session: Session, material_id: str, batch: list[Work]) -> None:
    rows, ids = TextRows(), RowIds.read(session)
    for position, anchor, section, blocks in batch:
        existing = session.exec(
            select(SectionRow.id).where(
                SectionRow.material_id == material_id, SectionRow.position == position
            )
        ).first()
        if existing is None:
            existing = rows.add_section(material_id, anchor, position, section, ids)
        rows.add_blocks(existing, blocks, ids)
    rows.insert(session)


def _prematch(engine: Engine, target: StoreTarget, draft: MaterialDraft) -> Prematched | None:
    """Match an older text of the material with the new one before the last transaction,
    so the write lock is not held while thousands of paragraphs are compared."""
    with read_session(engine) as session:
        row = existing_material(session, target)
        if row is None:
            return None
        old = read_text(session, row.id)
        ident, file_hash = row.id, row.file_hash
    return Prematched(ident, file_hash, match(old, draft))


def _publish(
    engine: Engine,
    staging: str,
    draft: MaterialDraft,
    target: StoreTarget,
    values: dict[str, Any],
    prematched: Prematched | None = None,
) -> str:
    """The one short transaction that makes the staged material the real one."""
    with write_session(engine) as session:

        def adopt_staged_sections(material_id: str) -> None:
            session.execute(
                update(SectionRow)
                .where(col(SectionRow.material_id) == staging)
                .values(material_id=material_id)
            )
            session.execute(delete(MaterialRow).where(col(MaterialRow.id) == staging))

        return store_material(session, draft, target, adopt_staged_sections, values, prematched)


def remove_abandoned(engine: Engine, now: dt.datetime) -> int:
    """Delete staging materials whose import was killed; return how many were removed."""
    with read_session(engine) as session:
        rows = session.exec(
            select(MaterialRow.id, MaterialRow.updated_at).where(
                col(MaterialRow.id).startswith(STAGING_PREFIX)
            )
        ).all()
    abandoned = [ident for ident, updated in rows if _abandoned(ident, updated, now)]
    if abandoned:
        with write_session(engine) as session:
            session.execute(delete(MaterialRow).where(col(MaterialRow.id).in_(abandoned)))
    return len(abandoned)


def _abandoned(material_id: str, updated: dt.datetime, now: dt.datetime) -> bool:
    if now - updated > ABANDONED_AFTER:
        return True
    pid_text = material_id.removeprefix(STAGING_PREFIX).split("-", 1)[0]
    try:
        pid = int(pid_text)
    except ValueError:
        return True
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # it exists but belongs to someone else
    return False
