"""The scan pipeline: discover → analyse → detect clones → score → findings, deps, history.

Each stage is a plain function of the previous one's data, in a module named for it, and
`pipeline.py` calls them in order:

- `options.py`: what a scan does (`ScanOptions`); `context.py`: what its stages share;
- `reading.py`: every file's analysis, from the cache by blob id or by the workers;
- `duplication.py`: clones across the files of each language;
- `scoring.py`: each file's health, the notices a user should see, the summary;
- `follow_ups.py`: findings, the dependency audit and history, and the result they finish;
- `revisions.py`: scans of many revisions sharing their blobs' analyses and scores.

Analysis results are cached by blob id, so a warm scan reads no file it has seen and parses
nothing; clones and scores are recomputed every time because they are cheap and depend on
configuration. The pay-down plan draws on every stage before it.
"""

from codevitals.code.batch import Progress
from codevitals.scan.options import ScanOptions
from codevitals.scan.pipeline import scan, scan_revision, scan_revisions

__all__ = ["Progress", "ScanOptions", "scan", "scan_revision", "scan_revisions"]
