"""The backtest: would codevitals' ranking have predicted where bug fixes landed?

`validate` replays a repository's history from one or more origins and measures every
ranking against the files the following bug fixes changed.
"""
