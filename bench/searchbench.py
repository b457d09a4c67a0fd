"""Search at scale: 1,000 materials, 30 million characters; the trigram index vs a plain scan.

Run: ``python bench/searchbench.py [--rebuild] [--repeats N]``. The library is built once
and cached in the temporary folder (``studyapp-searchbench-v1``); ``--rebuild`` makes it
again. Prints figures; never asserts.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import en_sentence, zh_sentence

from studyapp.core.search import parse_query
from studyapp.db import search_index
from studyapp.db.engine import make_engine
from studyapp.db.search_repo import SearchRepository
from studyapp.locations import resolve_locations
from studyapp.services import StudyService

MATERIALS = 1_000
TOTAL_CHARS = 30_000_000
SECTIONS = 10
PAGE = 50  # the CLI's default limit: "first results" means the first page
CACHE = Path(tempfile.gettempdir()) / "studyapp-searchbench-v1"
RARE = "量子纠缠态"  # planted in a handful of paragraphs across the library
RARE_SHORT = "鲸"  # likewise, a rare one-character term
QUERIES = (
    ("rare 5 chars", RARE),
    ("common 3 chars", "学习者"),
    ("common English", "the notes"),
    ("2 chars common", "复习"),
    ("1 char common", "的"),
    ("1 char rare", RARE_SHORT),
    ("3 chars absent", "不存在"),
)


def _paragraph(rng: random.Random) -> str:
    pick = zh_sentence if rng.random() < 0.7 else en_sentence
    return "".join(pick(rng) for _ in range(rng.randint(4, 12)))


def build(folder: Path) -> tuple[Path, dict[str, float]]:
    """Write the library straight into the tables (the importer would take minutes).

    Returns:
        The database file and the build figures (rows written without the index, then
        the index built with FTS5's ``rebuild``, as migration 0006 does).
    """
    folder.mkdir(parents=True, exist_ok=True)
    service = StudyService.open(resolve_locations(folder, environ={}))
    database = service.database_file()
    with service.engine.begin() as connection:
        search_index.drop_search_index(connection)
    service.close()
    assert database is not None
    rng = random.Random(6)
    per_material = TOTAL_CHARS // MATERIALS
    plant = {rng.randrange(MATERIALS): RARE for _ in range(4)}
    plant |= {rng.randrange(MATERIALS): RARE_SHORT for _ in range(3)}
    started = time.perf_counter()
    with sqlite3.connect(database) as db:
        paragraph_id = section_id = 0
        for index in range(MATERIALS):
            sections, chars = _material_rows(rng, per_material, plant.get(index))
            _insert_material(db, index, chars, len(sections))
            for position, (title, texts) in enumerate(sections):
                section_id += 1
                size = sum(len(t) for t in texts)
                db.execute(
                    "INSERT INTO section (id, material_id, anchor, position, title, level, chars)"
                    " VALUES (?, ?, ?, ?, ?, 2, ?)",
                    (section_id, f"m{index:04}", f"s{position}", position, title, size),
                )
                rows = []
                for number, text in enumerate(texts):
                    paragraph_id += 1
                    digest = hashlib.sha1(text.encode()).hexdigest()
                    rows.append((paragraph_id, section_id, number, "paragraph", text, digest))
                db.executemany(
                    "INSERT INTO paragraph (id, section_id, position, kind, text, hash, depth,"
                    " marker) VALUES (?, ?, ?, ?, ?, ?, 0, '')",
                    rows,
                )
    figures = {"write_rows_s": time.perf_counter() - started}
    _checkpoint(database)
    figures["size_without_index_mb"] = database.stat().st_size / 1e6
    engine = make_engine(f"sqlite:///{database}")
    started = time.perf_counter()
    with engine.begin() as connection:
        search_index.create_search_index(connection)
    figures["index_build_s"] = time.perf_counter() - started
    engine.dispose()
    _checkpoint(database)
    figures["size_with_index_mb"] = database.stat().st_size / 1e6
    return database, figures


def _material_rows(
    rng: random.Random, chars: int, planted: str | None
) -> tuple[list[tuple[str, list[str]]], int]:
    sections: list[tuple[str, list[str]]] = []
    total = 0
    for number in range(SECTIONS):
        texts: list[str] = []
        size, target = 0, chars // SECTIONS
        while size < target:
            text = _paragraph(rng)[: target - size]  # sections come out exactly this long
            texts.append(text)
            size += len(text)
        sections.append((f"第{number + 1}节", texts))
        total += size
    if planted:
        texts = sections[-1][1]
        texts[-1] = texts[-1][:40] + planted + texts[-1][40 + len(planted) :]
    return sections, total


def _insert_material(db: sqlite3.Connection, index: int, chars: int, sections: int) -> None:
    db.execute(
        "INSERT INTO material (id, title, tags, language, required, sort_order, source,"
        " encoding, file_hash, chars, section_count, imported_at, updated_at)"
        " VALUES (?, ?, '[]', 'mixed', ?, NULL, ?, 'utf-8', 'h', ?, ?,"
        " '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000')",
        (f"m{index:04}", f"材料 {index:04}", index % 10 == 0, f"bench:{index}", chars, sections),
    )


def _checkpoint(database: Path) -> None:
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _time(repository: SearchRepository, text: str, repeats: int) -> tuple[float, float, int, bool]:
    """First and median seconds for the first page; hits on it; whether it was full."""
    query = parse_query(text)
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        results = repository.search(query, material=None, limit=PAGE, cells=72)
        samples.append(time.perf_counter() - started)
    return samples[0], statistics.median(samples), len(results.hits), results.truncated


def main() -> None:
    """Build or reuse the library, then time every query both ways."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rebuild", action="store_true", help="build the library again")
    parser.add_argument("--repeats", type=int, default=5, help="runs per figure (median)")
    arguments = parser.parse_args()
    marker = CACHE / "built.json"
    if arguments.rebuild or not marker.exists():
        if CACHE.exists():
            for path in CACHE.glob("*"):
                if path.is_file():
                    path.unlink()
        print(f"building {MATERIALS:,} materials, {TOTAL_CHARS:,} characters …", file=sys.stderr)
        _database, figures = build(CACHE)
        marker.write_text(json.dumps(figures), encoding="utf-8")
    figures = json.loads(marker.read_text(encoding="utf-8"))
    service = StudyService.open(resolve_locations(CACHE, environ={}))
    with service.engine.connect() as connection:
        paragraphs, chars, utf8 = connection.exec_driver_sql(
            "SELECT count(*), sum(length(text)), sum(length(CAST(text AS BLOB))) FROM paragraph"
        ).one()
    print(f"library      {MATERIALS:,} materials, {paragraphs:,} paragraphs, {chars:,} characters")
    print(f"  text       {utf8 / 1e6:.1f} MB of UTF-8")
    print(f"  rows       {figures['write_rows_s']:.1f} s to write (no index, not timed for ratio)")
    print(f"index build  {figures['index_build_s']:.1f} s  (FTS5 'rebuild', as migration 0006)")
    size_before, size_after = figures["size_without_index_mb"], figures["size_with_index_mb"]
    print(
        f"index size   {size_after - size_before:.1f} MB on a {size_before:.1f} MB database "
        f"(+{(size_after / size_before - 1):.0%}; {(size_after - size_before) * 1e6 / utf8:.2f}× "
        "the text's bytes)"
    )
    indexed = SearchRepository(service.engine)
    scanned = SearchRepository(service.engine, use_index=False)
    print(f"\nfirst page ({PAGE} hits), {arguments.repeats} runs: first / median seconds")
    print(f"{'query':28} {'index':>15} {'scan':>15} {'ratio':>7}  hits")
    for label, text in QUERIES:
        first, median, hits, more = _time(indexed, text, arguments.repeats)
        base_first, base_median, _hits, _more = _time(scanned, text, arguments.repeats)
        uses = "index" if parse_query(text).long_terms else "scan "
        ratio = base_median / median if median else float("inf")
        print(
            f"{label + ' ' + text:28} {first:6.3f} / {median:6.3f} {base_first:6.3f} / "
            f"{base_median:6.3f} {ratio:6.1f}×  {hits}{'+' if more else ''} ({uses})"
        )
    started = time.perf_counter()
    with service.engine.connect() as connection:
        problems = search_index.in_sync(connection)
    print(f"\ndoctor index check  {time.perf_counter() - started:.1f} s  {problems or 'ok'}")
    service.close()


if __name__ == "__main__":
    main()
