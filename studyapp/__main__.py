"""Run studyapp with ``python -m studyapp``."""

from studyapp.launch import run

if __name__ == "__main__":
    run()
