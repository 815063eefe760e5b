"""Reports as SARIF 2.1.0 for code scanning: a scan, the dependency audit, the gate's new debt.

`log.py` builds the log from result sources; `deps.py`, `scan.py` and `gate.py` are the sources
and reporters of the three documents (a scan's dependency results are `deps.py`'s).
"""
