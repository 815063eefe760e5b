"""Reports on a terminal, drawn with rich: one module per document.

Every module fits its output to the terminal's width (`style.fitted_to`; 80 columns when
piped). `history.py` holds the history sections that the scan, `hotspots` and fleet reports
share.
"""
