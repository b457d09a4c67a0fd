"""learner-owned rows: an owner column, per-owner keys, row-level security on PostgreSQL

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 15:30:00
"""

import warnings
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The learner-owned tables as of this revision (materials, sections, questions stay shared).
OWNED = (
    "reading_position",
    "reading_session",
    "section_progress",
    "note",
    "plan",
    "plan_item",
    "quiz_answer",
    "review_card",
    "review_log",
    "challenge_run",
)
# Tables whose key becomes per owner: the new primary key, the old one's columns.
KEYED = {
    "reading_position": ("material_id",),
    "section_progress": ("material_id", "section"),
    "note": ("material_id", "section"),
    "review_card": ("card_id",),
}
# Names SQLite's unnamed constraints get while a table is rebuilt.
SQLITE_NAMES = {
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
POLICY = "learner_owns_row"


def upgrade() -> None:
    """Every learner-owned row gets its owner: on PostgreSQL the role that wrote it
    (``current_user``; existing rows belong to the role running the upgrade), on
    SQLite the default learner 'me', so a single-user database keeps its history.
    Keys that were unique per database become unique per owner, and PostgreSQL's
    row-level security shows and lets change only the connecting learner's rows.
    """
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgres()
    else:
        _upgrade_sqlite()


def _upgrade_sqlite() -> None:
    for table in OWNED:
        with warnings.catch_warnings():
            # The copied key columns keep their primary_key flag; the new key overrides it.
            warnings.filterwarnings("ignore", "Table '_alembic_tmp_", sa.exc.SAWarning)
            _rebuild_sqlite(table)


def _rebuild_sqlite(table: str) -> None:
    owner = sa.Column("owner", sa.String(), nullable=False, server_default=sa.text("'me'"))
    with op.batch_alter_table(table, naming_convention=SQLITE_NAMES, recreate="always") as batch_op:
        batch_op.add_column(owner)
        if table in KEYED:
            batch_op.create_primary_key(f"pk_{table}", ["owner", *KEYED[table]])
        if table == "plan":
            batch_op.drop_constraint("uq_plan_name", type_="unique")
            batch_op.create_unique_constraint("uq_plan_owner", ["owner", "name"])
        if table == "review_card":
            batch_op.drop_constraint("uq_review_card_question_id", type_="unique")
            batch_op.create_unique_constraint("uq_review_card_owner", ["owner", "question_id"])
        if table == "review_log":
            batch_op.drop_constraint("fk_review_log_card_id_review_card", type_="foreignkey")
            batch_op.create_foreign_key(
                "fk_review_log_owner_card",
                "review_card",
                ["owner", "card_id"],
                ["owner", "card_id"],
                ondelete="CASCADE",
            )


def _upgrade_postgres() -> None:
    for table in OWNED:
        op.execute(f"ALTER TABLE {table} ADD COLUMN owner VARCHAR NOT NULL DEFAULT CURRENT_USER")
    op.execute("ALTER TABLE review_log DROP CONSTRAINT review_log_card_id_fkey")
    for table, columns in KEYED.items():
        op.execute(f"ALTER TABLE {table} DROP CONSTRAINT {table}_pkey")
        op.execute(f"ALTER TABLE {table} ADD PRIMARY KEY (owner, {', '.join(columns)})")
    op.execute("ALTER TABLE plan DROP CONSTRAINT plan_name_key")
    op.execute("ALTER TABLE plan ADD UNIQUE (owner, name)")
    op.execute("ALTER TABLE review_card DROP CONSTRAINT review_card_question_id_key")
    op.execute("ALTER TABLE review_card ADD UNIQUE (owner, question_id)")
    op.execute(
        "ALTER TABLE review_log ADD FOREIGN KEY (owner, card_id) "
        "REFERENCES review_card (owner, card_id) ON DELETE CASCADE"
    )
    for table in OWNED:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY {POLICY} ON {table} USING (owner = current_user) "
            "WITH CHECK (owner = current_user)"
        )


def downgrade() -> None:
    """Revert this revision (rows of learners other than the default one collide)."""
    if op.get_bind().dialect.name == "postgresql":
        for table in OWNED:
            op.execute(f"DROP POLICY IF EXISTS {POLICY} ON {table}")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        op.execute("ALTER TABLE review_log DROP CONSTRAINT review_log_owner_card_id_fkey")
    for table in OWNED:
        with op.batch_alter_table(table, naming_convention=SQLITE_NAMES) as batch_op:
            if table in KEYED:
                batch_op.drop_constraint(f"{table}_pkey", type_="primary")
                batch_op.create_primary_key(f"{table}_pkey", list(KEYED[table]))
            if table == "plan":
                batch_op.drop_constraint("plan_owner_name_key", type_="unique")
                batch_op.create_unique_constraint("plan_name_key", ["name"])
            if table == "review_card":
                batch_op.drop_constraint("review_card_owner_question_id_key", type_="unique")
                batch_op.create_unique_constraint("review_card_question_id_key", ["question_id"])
            batch_op.drop_column("owner")
    op.create_foreign_key(
        "review_log_card_id_fkey",
        "review_log",
        "review_card",
        ["card_id"],
        ["card_id"],
        ondelete="CASCADE",
    )
