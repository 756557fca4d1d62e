"""Tests for the Python dev server and mock API (servers/mock/batchserver).

Run from the repository root:

    python3 -m unittest discover -s tests/server -t .

(`python3 -m unittest discover -s tests/server` works too.)  Standard library
only; every server is started in-process on port 0; the suite takes a few
seconds.
"""
