"""active reading time per section

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 12:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import studyapp.db.types

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Sections record active reading time and what the read rule counts as read.

    Sections reached by scrolling under the old rule keep counting for their plans
    (``read_paragraph`` takes the furthest paragraph) but are flagged unconfirmed
    until the learner reads them by the new rule or marks them done.
    """
    with op.batch_alter_table("section_progress", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("active_seconds", sa.Float(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("read_paragraph", sa.Integer(), nullable=False, server_default="-1")
        )
        batch_op.add_column(sa.Column("read_at", studyapp.db.types.UTCDateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("unconfirmed", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    progress = sa.table(
        "section_progress",
        sa.column("unconfirmed", sa.Boolean()),
        sa.column("read_paragraph", sa.Integer()),
        sa.column("furthest_paragraph", sa.Integer()),
        sa.column("done_at"),
    )
    op.execute(  # written with SQLAlchemy so that true is a boolean on PostgreSQL too
        progress.update()
        .where(progress.c.done_at.is_(None), progress.c.furthest_paragraph >= 0)
        .values(unconfirmed=sa.true(), read_paragraph=progress.c.furthest_paragraph)
    )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("section_progress", schema=None) as batch_op:
        batch_op.drop_column("unconfirmed")
        batch_op.drop_column("read_at")
        batch_op.drop_column("read_paragraph")
        batch_op.drop_column("active_seconds")
