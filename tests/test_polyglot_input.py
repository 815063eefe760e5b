"""Bad input in every language: syntax errors, legacy encodings, NUL bytes, generated and
minified files, deep nesting.

Cases are keyed by front end and run for those the registry has, so the samples written here
for languages still on their way (C, Java, Go, …) run as soon as their front end lands.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from codevitals.parse import registry
from tests.conftest import Repo, run_cli

FRONT_ENDS = {front.name: front for front in registry.FRONT_ENDS}


def _present(name: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(name not in FRONT_ENDS, reason=f"no {name} front end yet")


def scan(repo: Repo, *args: str) -> tuple[dict[str, Any], str]:
    result = run_cli("scan", str(repo.root), "--format", "json", "--no-history", "--offline", *args)
    assert "Traceback" not in result.output
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document, result.stderr


def functions(document: dict[str, Any], path: str) -> list[tuple[str, int]]:
    (item,) = (f for f in document["files"] if f["path"] == path)
    return [(function["name"], function["line"]) for function in item["functions"]]


def skipped(document: dict[str, Any]) -> dict[str, str]:
    return {s["path"]: s["reason"] for s in document["skipped"]}


# -- encodings -------------------------------------------------------------------------------

PRICE_JS = """\
// 计算订单的总价格，包括税费和运费
// 如果订单为空则返回零
function 计算总价(订单) {
  const 名称 = "价格计算器";
  return 订单 ? 订单.价格 * 订单.数量 : 0;
}
"""
ORDER_TS = """\
// 注文の合計金額を計算します
export function 合計を計算(注文: { 価格: number; 数量: number }): number {
  // 注文が空の場合はゼロを返します
  return 注文 ? 注文.価格 * 注文.数量 : 0;
}
"""
SIZE_JS = """\
// Berechnet die Größe für Straßen und Grüße
function größe(straße) {
  // Überprüfung der Länge
  return straße.länge * 2; // Maß
}
"""
PRICE_C = """\
/* 计算订单的总价格，包括税费和运费 */
#include <stdio.h>

/* 如果订单为空则返回零 */
int compute_total(int price, int count) {
    printf("价格计算器：%d\\n", price);
    return price > 0 ? price * count : 0;
}
"""
ORDER_JAVA = """\
// 注文の合計金額を計算します
class 注文 {
    // 注文が空の場合はゼロを返します
    int 合計を計算(int 価格, int 数量) {
        return 価格 > 0 ? 価格 * 数量 : 0;
    }
}
"""


Sample = tuple[str, str, list[tuple[str, int]]]
"""A path, its source, and the (name, line) of each of its functions."""
PRICE: Sample = ("web/price.js", PRICE_JS, [("计算总价", 3)])
ORDER: Sample = ("web/order.ts", ORDER_TS, [("合計を計算", 2)])


@pytest.mark.parametrize(
    ("sample", "encoding"),
    [
        pytest.param(PRICE, "gbk", id="gbk-js"),
        pytest.param(PRICE, "gb18030", id="gb18030-js"),
        pytest.param(ORDER, "shift_jis", id="sjis-ts"),
        pytest.param(("web/size.js", SIZE_JS, [("größe", 2)]), "latin-1", id="latin1-js"),
        pytest.param(ORDER, "utf-16", id="utf16-bom-ts"),
        pytest.param(ORDER, "utf-8-sig", id="utf8-bom-ts"),
        pytest.param(
            ("src/price.c", PRICE_C, [("compute_total", 5)]), "gbk", id="gbk-c", marks=_present("c")
        ),
        pytest.param(
            ("src/main/java/Order.java", ORDER_JAVA, [("合計を計算", 4)]),
            "shift_jis",
            id="sjis-java",
            marks=_present("java"),
        ),
    ],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_legacy_encodings_are_analysed_with_their_names_right(
    repo: Repo, sample: Sample, encoding: str, newline: str
) -> None:
    path, text, expected = sample
    repo.write(path, text.replace("\n", newline).encode(encoding))
    repo.commit()

    document, stderr = scan(repo)

    assert functions(document, path) == expected
    assert document["notices"] == []
    assert document["partial"] is False
    assert stderr == ""


def test_explain_reads_a_legacy_encoding_too(repo: Repo) -> None:
    repo.write("web/order.ts", ORDER_TS.encode("shift_jis"))
    repo.commit()

    result = run_cli("explain", str(repo.root / "web/order.ts") + ":合計を計算")

    assert result.exit_code == 0, result.stderr
    assert "web/order.ts:合計を計算  lines 2-5" in result.stdout


# -- syntax errors ---------------------------------------------------------------------------

BROKEN = {
    # front end: (path, source with a syntax error on the line holding `+*`)
    "javascript": ("web/a.js", "function fine(a) {\n  return a > 1 ? a : 1;\n}\n\n"
                   "function broken(a) {\n  return a +* ;\n}\n"),
    "typescript": ("web/a.ts", "function fine(a: number): number {\n  return a > 1 ? a : 1;\n}\n\n"
                   "function broken(a: number): number {\n  return a +* ;\n}\n"),
    "tsx": ("web/a.tsx", "function fine(a: number): number {\n  return a > 1 ? a : 1;\n}\n\n"
            "function broken(a: number) {\n  return <div>{a +* }</div>;\n}\n"),
    "c": ("src/a.c", "int fine(int a) {\n  return a > 1 ? a : 1;\n}\n\n"
          "int broken(int a) {\n  return a +* ;\n}\n"),
    "cpp": ("src/a.cpp", "int fine(int a) {\n  return a > 1 ? a : 1;\n}\n\n"
            "int broken(int a) {\n  return a +* ;\n}\n"),
    "rust": ("src/a.rs", "fn fine(a: i32) -> i32 {\n    a\n}\n\n"
             "fn broken(a: i32) -> i32 {\n    a +* ;\n}\n"),
    "php": ("src/a.php", "<?php\nfunction fine($a) {\n  return $a;\n}\n\n"
            "function broken($a) {\n  return $a +* ;\n}\n"),
    "java": ("src/A.java", "class Order {\n  int fine(int a) {\n    return a > 1 ? a : 1;\n  }\n\n"
             "  int broken(int a) {\n    return a +* ;\n  }\n}\n"),
    "go": ("pkg/a.go", "package order\n\nfunc fine(a int) int {\n\treturn a\n}\n\n"
           "func broken(a int) int {\n\treturn a +* \n}\n"),
    "kotlin": ("src/a.kt", "fun fine(a: Int): Int {\n    return a\n}\n\n"
               "fun broken(a: Int): Int {\n    return a +* \n}\n"),
    "swift": ("src/a.swift", "func fine(a: Int) -> Int {\n    return a\n}\n\n"
              "func broken(a: Int) -> Int {\n    return a +* \n}\n"),
}  # fmt: skip


@pytest.mark.parametrize(
    "name", [pytest.param(name, marks=_present(name)) for name in sorted(BROKEN)]
)
def test_a_syntax_error_in_any_language_is_one_line_naming_file_and_line(
    repo: Repo, name: str
) -> None:
    path, text = BROKEN[name]
    line = 1 + next(n for n, row in enumerate(text.splitlines()) if "+*" in row)
    repo.write(path, text)
    repo.write("web/fine.js", "export const one = () => 1;\n")
    repo.commit()

    document, stderr = scan(repo)

    assert document["partial"] is True
    assert "fine" in [name for name, _ in functions(document, path)]
    assert [(n["path"], n["reason"], n["line"]) for n in document["notices"]] == [
        (path, "syntax-error", line)
    ]
    (said,) = stderr.splitlines()
    assert said.startswith(f"codevitals: {path}:{line}: syntax-error: ")
    assert functions(document, "web/fine.js") == [("one", 1)]


# -- NUL bytes, generated and minified files -------------------------------------------------


def test_a_nul_byte_near_the_start_skips_the_file_as_binary(repo: Repo) -> None:
    repo.write("web/data.ts", b"export const a = 1;\n\x00\x01\x02\xff\n")
    repo.write("web/fine.ts", "export const one = (): number => 1;\n")
    repo.commit()

    document, _ = scan(repo)

    assert [f["path"] for f in document["files"]] == ["web/fine.ts"]
    assert skipped(document) == {"web/data.ts": "binary"}


def test_a_nul_byte_far_into_a_file_does_not_stop_its_analysis(repo: Repo) -> None:
    body = "".join(f"export const value{i} = {i};\n" for i in range(400))
    text = body + "export function last() {\n  return 1;\n}\n"
    repo.write("web/table.ts", text.encode() + b"\0")
    repo.commit()

    document, _ = scan(repo)

    assert functions(document, "web/table.ts") == [("last", 401)]


@pytest.mark.parametrize("name", sorted(FRONT_ENDS))
def test_a_20000_line_generated_file_is_skipped_as_generated(repo: Repo, name: str) -> None:
    front = FRONT_ENDS[name]
    comment = front.line_comment.decode()
    suffix = front.suffixes[0]
    header = f"{comment} Code generated by stringer -type=Opcode; DO NOT EDIT.\n"
    repo.write(f"gen/opcodes{suffix}", header + "x = 1\n" * 20_000)
    repo.write(f"gen/block{suffix}", "/* @generated by relay-compiler */\n" + "x = 1\n" * 100)
    repo.write("web/fine.js", "export const one = () => 1;\n")
    repo.commit()

    document, _ = scan(repo)

    assert [f["path"] for f in document["files"]] == ["web/fine.js"]
    assert skipped(document) == {
        f"gen/opcodes{suffix}": "generated",
        f"gen/block{suffix}": "generated",
    }


def test_a_5_mb_minified_bundle_is_skipped_as_minified(repo: Repo) -> None:
    repo.write("public/app.js", b"var a=function(b){return b+1};" * (5 * 1024 * 1024 // 30))
    repo.write("public/small.js", b"var a=function(b){return b+1};" * 300)  # under the cap
    repo.write("web/fine.js", "export const one = () => 1;\n")
    repo.commit()

    document, _ = scan(repo)

    assert [f["path"] for f in document["files"]] == ["web/fine.js"]
    assert skipped(document) == {"public/app.js": "minified", "public/small.js": "minified"}
    assert document["partial"] is False


# -- deep nesting ----------------------------------------------------------------------------

DEPTH = 3000


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        pytest.param(
            "web/blocks.ts",
            "export function deep(a: number): number {\n"
            + "if (a) {\n" * DEPTH
            + "a++;\n"
            + "}\n" * DEPTH
            + "return a;\n}\n",
            1,
            id="blocks",
        ),
        pytest.param(
            "web/arrows.js",
            "export const deep = " + "() => {\n" * DEPTH + "return 1;\n" + "};\n" * DEPTH,
            DEPTH,
            id="arrow-functions",
        ),
        pytest.param(
            "web/chain.js",
            "export const all = (a, b) =>\n" + "a &&\n" * DEPTH + "b;\n",
            1,
            id="boolean-chain",
        ),
    ],
)
def test_deeply_nested_code_is_measured_without_a_recursion_error(
    repo: Repo, path: str, text: str, expected: int
) -> None:
    repo.write(path, text)
    repo.commit()

    document, stderr = scan(repo)

    assert len(functions(document, path)) == expected
    assert stderr == ""
    explained = run_cli("explain", str(repo.root / path))
    assert explained.exit_code == 0, explained.stderr
