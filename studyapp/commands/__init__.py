"""Subcommand groups of the CLI, one module each; ``studyapp.cli`` registers them."""
