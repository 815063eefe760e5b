"""The dependency audit: manifests → versions in use → PyPI freshness and OSV vulnerabilities.

This is the only package that talks to the network (`fetch.py`). Everything it returns is a
`codevitals.model.deps` value; storage comes in through the small `store.Store` port.
"""
