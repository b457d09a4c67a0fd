"""search index

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 11:24:13.047192
"""

from collections.abc import Sequence

from alembic import op

from studyapp.db.search_index import create_search_index, drop_search_index

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Build the FTS5 trigram index over paragraphs (SQLite with FTS5 only) and fill it."""
    create_search_index(op.get_bind())


def downgrade() -> None:
    """Drop the index and its triggers."""
    drop_search_index(op.get_bind())
