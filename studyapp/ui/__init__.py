"""The Textual app: one screen per file, widgets that announce, screens that decide."""
