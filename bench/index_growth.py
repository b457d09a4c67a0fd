"""Why a 26 MB import is not 10× a 2.6 MB one: the cost of a paragraph row as the table grows.

    python bench/index_growth.py [--rows N] [--batch B]

Inserts N short paragraphs (default 1,000,000) in transactions of B rows (default 3,000,
about what the staged import's 0.3 s batches hold on a busy machine), in WAL mode with
``synchronous=FULL`` as studyapp's engine sets it, into four tables, one after the other:

- ``plain``: ``paragraph``'s columns, no secondary index (the baseline);
- ``hash``: plus an index on the content hash, as ``ix_paragraph_hash``;
- ``fts``: plus the FTS5 trigram index filled per batch, as the staged import fills it;
- ``both``: both, as studyapp's ``paragraph`` table has them.

For each it prints the microseconds a row costs in the first and in the last tenth of the
rows and their ratio (1.0 is linear), and each tenth's cost against ``plain``'s. Keys in
increasing order (ids, positions) append to the right edge of their B-trees; the hashes
are random, so once the hash index has more leaf pages than a batch has rows, every row
dirties a page of its own that the commit writes (and the checkpoint writes again).
Never asserts.
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import tempfile
import time
from pathlib import Path

WORDS = "reading every day builds a habit that lasts and the habit grows with time".split()
TABLE = (
    "CREATE TABLE p (id INTEGER PRIMARY KEY, section_id INTEGER, position INTEGER, "
    "hash TEXT, text TEXT, UNIQUE (section_id, position))"
)
FTS = (
    "CREATE VIRTUAL TABLE f USING fts5(text, content='p', content_rowid='id', "
    "tokenize='trigram', columnsize=0)"
)


def _rows(start: int, count: int) -> list[tuple[int, int, int, str, str]]:
    rows = []
    for ident in range(start, start + count):
        text = " ".join(WORDS[(ident * 7 + k * 5) % len(WORDS)] for k in range(4)) + f" {ident}."
        digest = hashlib.blake2b(text.encode(), digest_size=12).hexdigest()
        rows.append((ident, ident // 2000, ident % 2000, digest, text))
    return rows


def run(kind: str, folder: Path, rows: int, batch: int) -> list[float]:
    """Microseconds per row of each tenth of the rows."""
    connection = sqlite3.connect(folder / f"{kind}.sqlite", isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute(TABLE)
    if kind in ("hash", "both"):
        connection.execute("CREATE INDEX ix_hash ON p (hash)")
    if kind in ("fts", "both"):
        connection.execute(FTS)
    tenth, done, costs, spent = rows // 10, 0, [], 0.0
    while done < rows:
        values = _rows(done + 1, batch)  # made outside the timed transaction
        started = time.perf_counter()
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany("INSERT INTO p VALUES (?, ?, ?, ?, ?)", values)
        if kind in ("fts", "both"):
            connection.execute(
                "INSERT INTO f (rowid, text) SELECT id, text FROM p WHERE id BETWEEN ? AND ?",
                (done + 1, done + batch),
            )
        connection.execute("COMMIT")
        spent += time.perf_counter() - started
        done += batch
        if done // tenth > len(costs):
            costs.append(spent / tenth * 1e6)
            spent = 0.0
    connection.close()
    return costs[:10]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=3_000)
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory(prefix="studyapp-index-growth-") as folder:
        for kind in ("plain", "hash", "fts", "both"):
            results[kind] = run(kind, Path(folder), args.rows, args.batch)
            first, last = results[kind][0], results[kind][-1]
            print(
                f"{kind:>6}: {first:6.1f} µs/row first tenth, {last:6.1f} last, ×{last / first:.2f}"
            )
    print("\nper tenth, µs/row (× plain):")
    for index in range(len(results["plain"])):
        cells = [
            f"{results[k][index]:6.1f} ({results[k][index] / results['plain'][index]:4.1f}×)"
            for k in results
        ]
        print(f"  {index + 1:>2}/10  " + "  ".join(cells))


if __name__ == "__main__":
    main()
