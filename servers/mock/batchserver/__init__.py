"""Standard-library backends for the DescribeBatchTasks widget.

Two modes share one HTTP front end (server.py):

* mock: a deterministic fake PolarDB DescribeBatchTasks / DescribeBatchTask
  service (dataset.py, api.py, mock.py) with fault injection (faults.py);
* proxy: forwards the two read-only actions to the real PolarDB endpoint,
  signed with ACS3-HMAC-SHA256 (signing.py, proxy.py; proxy.py is also a
  WSGI application for production).

Both serve the built widget as a static site (static.py).
"""
