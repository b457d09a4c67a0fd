"""The command line: ``main`` holds the click group and ``run()``; every command lives in
the module named by its first word (``studyapp plan add`` in ``plan``, ``import`` in
``import_``, ``restore`` with ``backup``). Kept empty: the fast launcher imports
``cli.errors`` without paying for click or the commands."""
