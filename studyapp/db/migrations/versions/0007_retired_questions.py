"""retired questions

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 06:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Questions remember which version of the quality rules checked them, and why they
    were retired if they fail them."""
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retired_reason", sa.String(), nullable=True))
        batch_op.add_column(
            sa.Column("rules_checked", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.drop_column("rules_checked")
        batch_op.drop_column("retired_reason")
