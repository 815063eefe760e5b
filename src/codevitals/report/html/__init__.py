"""Reports as self-contained HTML pages: a scan (with its plan, history and trend) and a fleet.

`templates.py` reads the templates, stylesheet and scripts in `assets/`; `sections.py` packs
the scan's sections for the page's script.
"""
