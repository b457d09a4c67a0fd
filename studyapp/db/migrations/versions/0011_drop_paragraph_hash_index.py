"""drop the index on paragraph.hash

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 18:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """No query looks paragraphs up by their content hash (a re-import reads them by
    section), and the index made big imports superlinear: content hashes are random, so
    once the index outgrows a batch every new row dirties a page of its own, which each
    commit and checkpoint writes again."""
    op.drop_index("ix_paragraph_hash", table_name="paragraph")


def downgrade() -> None:
    op.create_index("ix_paragraph_hash", "paragraph", ["hash"], unique=False)
