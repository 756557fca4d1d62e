"""The mock PolarDB service behind scripts/devserver (standard library only).

A deterministic fake of DescribeBatchTasks / DescribeBatchTask (dataset.py,
api.py, mock.py) with one data set per region (regions.py) and fault
injection (faults.py), served with the built widget as a static site
(static.py) by server.py.  `--upstream` hands over to the production signing
service in servers/signing instead.
"""
