"""Reading diff-tree patches: blobs after the change, changed line ranges, quoted paths."""

from __future__ import annotations

import pytest

from codevitals.history.patch import FileDiff, Hunk, parse_patch, unquote

SHA1 = "1" * 40
SHA2 = "2" * 40
BLOB = "b" * 40

PATCH = f"""\
{SHA1}
diff --git a/m.py b/n.py
similarity index 90%
rename from m.py
rename to n.py
index {"a" * 40}..{BLOB} 100644
--- a/m.py
+++ b/n.py
@@ -2 +2 @@ def f():
-    return a
+    return b
@@ -9,0 +10,2 @@
++++ not a header: an added line starting with "+++"
+diff --git is content here too
@@ -20,3 +21,0 @@
-x
-y
-z
diff --git a/gone.py b/gone.py
deleted file mode 100644
index {BLOB}..{"0" * 40}
--- a/gone.py
+++ /dev/null
@@ -1 +0,0 @@
-old
{SHA2}
diff --git "a/sp\\303\\251cial\\tname.py" "b/sp\\303\\251cial\\tname.py"
new file mode 100644
index {"0" * 40}..{BLOB}
--- /dev/null
+++ "b/sp\\303\\251cial\\tname.py"
@@ -0,0 +1 @@
+x
diff --git a/img.png b/img.png
index {"c" * 40}..{"d" * 40} 100644
Binary files a/img.png and b/img.png differ
"""


def test_files_hunks_and_blobs() -> None:
    lines = [line.encode() for line in PATCH.splitlines()]
    assert list(parse_patch(lines)) == [
        FileDiff(SHA1, "n.py", BLOB, [Hunk(1, 2, 1), Hunk(0, 10, 2), Hunk(3, 21, 0)]),
        FileDiff(SHA1, "", None, [Hunk(1, 0, 0)]),
        FileDiff(SHA2, "spécial\tname.py", BLOB, [Hunk(0, 1, 1)]),
        FileDiff(SHA2, "", "d" * 40, []),  # binary: no text diff, no path needed
    ]


@pytest.mark.parametrize(
    ("quoted", "raw"),
    [
        (b'"a\\tb"', b"a\tb"),
        (b'"\\"q\\" \\\\ \\n"', b'"q" \\ \n'),
        (b'"caf\\303\\251"', "café".encode()),
        (b'"plain"', b"plain"),
    ],
)
def test_unquote_undoes_git_c_quoting(quoted: bytes, raw: bytes) -> None:
    assert unquote(quoted) == raw
