"""Run studyapp with ``python -m studyapp``."""

from studyapp.cli import run

if __name__ == "__main__":
    run()
