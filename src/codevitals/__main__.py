"""`python -m codevitals`."""

from codevitals.cli import main

main(prog_name="codevitals")
