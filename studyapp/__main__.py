"""Run studyapp with ``python -m studyapp``."""

from studyapp.cli import main

if __name__ == "__main__":
    main()
