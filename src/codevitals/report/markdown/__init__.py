"""Reports as Markdown: a scan summary, the plan, a gate comment, the rules' documentation.

`text.py` escapes every string from the repository, so no file name can break a table or
inject HTML.
"""
