"""Pure formatting for exports: escaping, CSV rows, Anki fields, the JSON record, the report."""
