"""The mock PolarDB service behind scripts/devserver (standard library only).

A deterministic fake of DescribeBatchTasks / DescribeBatchTask (dataset.py,
api.py, mock.py) with one data set per region (regions.py), fault
injection (faults.py) and test hooks that fail or stall a batch at run time
(overrides.py, through mock.py's control endpoint), served with the built
widget as a static site (static.py) by server.py.  `--upstream` hands over
to the production signing service in servers/signing instead.
"""
