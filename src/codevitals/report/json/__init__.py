"""Reports as JSON: one module per document, each described by a schema in `schemas/`.

`lines.write_lines` lays every document out alike: top-level keys indented, each element of a
top-level list on a line of its own. `history.py` and `deps.py` also write the sections a scan
document and a fleet document embed.
"""
