"""Reports as CycloneDX 1.6 JSON, for SBOM tooling, as pip-audit and osv-scanner write them.

`deps.py`: the packages in use with their known vulnerabilities.
"""
