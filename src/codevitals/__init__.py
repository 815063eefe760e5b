"""codevitals: where technical debt costs your team, and whether you are paying it down."""

__version__ = "0.1.0"
