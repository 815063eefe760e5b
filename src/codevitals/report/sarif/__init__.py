"""Reports as SARIF 2.1.0 for code scanning: a scan's results and the gate's new debt.

`log.py` builds the log from result sources; `scan.py` and `gate.py` are the sources and
reporters of the two documents.
"""
