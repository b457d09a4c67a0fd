"""reading-class groups: groups, their members and their plans

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 17:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import studyapp.db.types

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("study_group", "group_member", "group_plan")


def upgrade() -> None:
    """Three shared tables for named reading classes. On PostgreSQL row-level security
    is switched on at once, so no learner sees them until ``server init`` adds the
    policies (a learner's group gets new tables' grants by default privileges).
    On SQLite the tables stay empty: groups need a server.
    """
    op.create_table(
        "study_group",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("organiser", sa.String(), nullable=False),
        sa.Column("created_at", studyapp.db.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    for table, column, extra in (
        ("group_member", "member", "added_at"),
        ("group_plan", "plan_name", "created_at"),
    ):
        op.create_table(
            table,
            sa.Column("group_name", sa.String(), nullable=False),
            sa.Column(column, sa.String(), nullable=False),
            sa.Column(extra, studyapp.db.types.UTCDateTime(), nullable=False),
            sa.ForeignKeyConstraint(["group_name"], ["study_group.name"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("group_name", column),
        )
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")


def downgrade() -> None:
    """Drop the group tables (members keep their copies of group plans)."""
    for table in reversed(TABLES):
        op.drop_table(table)
