"""Go through the language seam: names, discovery, bad input and a scan end to end.

The hand-counted values of `languages/whitepaper.go` are checked by test_languages.py with
every other fixture; these tests cover what a fixture's comments cannot say.
"""

from __future__ import annotations

import json

from codevitals.code.analyse import analyse, explain
from codevitals.parse import registry
from tests.conftest import Repo, run_cli

MAX = 1 << 20
GO = registry.get("go")

SERVER = """\
package server

type Server struct {
	routes map[string]int
	hits   int
}

func (s *Server) Handle(path string, verbose bool) int {
	if n, ok := s.routes[path]; ok && n > 0 {
		s.hits++
		return n
	} else if verbose {
		return -1
	}
	return 0
}

func New() *Server { return &Server{} }
"""


def test_go_files_have_the_go_front_end() -> None:
    assert registry.for_content("main.go", b"").name == "go"
    assert registry.for_file("pkg/a.go", "go") is GO


def test_methods_are_named_after_their_receiver_type_and_count_parameters() -> None:
    source = (
        b"package a\n"
        b"func (s *Store[K]) Put(k K, a, b int, rest ...string) {}\n"
        b"func (Store) Size() int { return 0 }\n"
        b"func Plain(int, string) {}\n"
    )
    metrics = analyse(source, max_size=MAX, language=GO).metrics
    assert metrics is not None
    assert [(f.qualified_name, f.arguments) for f in metrics.functions] == [
        ("Store.Put", 4),
        ("Store.Size", 0),
        ("Plain", 2),
    ]


def test_recursion_through_the_receiver_counts_and_other_receivers_do_not() -> None:
    source = (
        b"package a\n"
        b"func (n *Node) Depth() int { return n.child.Depth() + n.Depth() }\n"
        b"func (n *Node) Size() int { return n.child.Size() }\n"
    )
    metrics = analyse(source, max_size=MAX, language=GO).metrics
    assert metrics is not None
    assert [f.cognitive for f in metrics.functions] == [1, 0]


def test_a_plain_call_of_a_method_s_name_and_a_name_in_a_string_are_no_recursion() -> None:
    # cobra's `Command.MarkFlagRequired` calls the package's `MarkFlagRequired`; gin's
    # `BindWith` names itself in a raw string; `fact` does call itself, beside a string.
    source = (
        b"package a\n"
        b"func (c *Command) MarkFlagRequired(name string) error {\n"
        b"\treturn MarkFlagRequired(c.Flags(), name)\n}\n"
        b"func (c *Context) BindWith(obj any) error {\n"
        b'\tlog.Println(`BindWith(\\"any\\") is going`)\n\treturn c.MustBindWith(obj)\n}\n'
        b'func fact(n int) int {\n\tlog.Println("fact(")\n\treturn n * fact(n-1)\n}\n'
    )
    metrics = analyse(source, max_size=MAX, language=GO).metrics
    assert metrics is not None
    assert [(f.qualified_name, f.cognitive) for f in metrics.functions] == [
        ("Command.MarkFlagRequired", 0),
        ("Context.BindWith", 0),
        ("fact", 1),
    ]


def test_the_methods_a_file_declares_on_a_type_are_its_class_for_cohesion() -> None:
    source = b"""package shop

type Cart struct {
\titems []Item
\ttotal int
\towner string
\tlabel string
}

func (c *Cart) Add(i Item) { c.items = append(c.items, i); c.total += i.Price }
func (c Cart) Total() int { return c.total }
func (k *Cart) Clear() { k.items = nil; k.total = 0 }
func (c *Cart) Describe() string { return c.owner + c.label }
func (c *Cart) Rename(o string) { c.owner = o; c.label = "" }
func (c *Cart) Owner() string { return c.owner }
func (c *Cart) Checkout() { c.Clear(); c.Describe() }
func (o Order) Ship() { o.sent = true; o.at = now() }
func Plain(c *Cart) int { return c.total }
"""
    metrics = analyse(source, max_size=MAX, language=GO).metrics
    assert metrics is not None
    # Each method's members are what it reaches through its own receiver, whatever its name;
    # `Total` and `Owner` are accessors, and `Checkout` calls into both groups. `Order` is
    # declared in another file of the package: its class starts at its first method.
    assert [(c.name, c.line, c.end_line, c.methods, c.cohesion) for c in metrics.classes] == [
        ("Cart", 3, 16, 7, (("Add", "Clear", "Describe", "Rename", "Checkout"),)),
        ("Order", 17, 17, 1, (("Ship",),)),
    ]
    unrelated = source.replace(b"func (c *Cart) Checkout() { c.Clear(); c.Describe() }\n", b"")
    metrics = analyse(unrelated, max_size=MAX, language=GO).metrics
    assert metrics is not None
    assert metrics.classes[0].cohesion == (("Add", "Clear"), ("Describe", "Rename"))


def test_parentheses_do_not_end_a_run_of_boolean_operators() -> None:
    # gocognit reads `(a && b) || (c && d)` as the sequence && || &&: three runs.
    source = b"package a\nfunc f(a, b, c, d bool) bool {\n\treturn (a && b) || (c && d)\n}\n"
    metrics = analyse(source, max_size=MAX, language=GO).metrics
    assert metrics is not None
    assert (metrics.functions[0].cyclomatic, metrics.functions[0].cognitive) == (4, 3)


def test_a_syntax_error_is_reported_at_its_line_and_the_rest_is_measured() -> None:
    source = b"package a\n\nfunc ok(a bool) bool {\n\treturn a && true\n}\n\nfunc broken( {\n"
    metrics = analyse(source, max_size=MAX, language=GO).metrics
    assert metrics is not None
    assert metrics.syntax_error_line == 7
    assert (metrics.functions[0].name, metrics.functions[0].cyclomatic) == ("ok", 2)


def test_deeply_nested_code_does_not_exhaust_the_stack() -> None:
    depth = 2000
    source = (
        "package a\nfunc deep(x bool) {\n" + "if x {\n" * depth + "g()\n" + "}\n" * depth + "}\n"
    ).encode()
    metrics = analyse(source, max_size=MAX * 4, language=GO).metrics
    assert metrics is not None
    (deep,) = metrics.functions
    assert (deep.cyclomatic, deep.nesting) == (depth + 1, depth)
    assert deep.cognitive == depth * (depth + 1) // 2


def test_explanations_name_go_constructs() -> None:
    source = (
        b"package a\nfunc f(a int) {\n"
        b"\tswitch a { case 1: }\n"
        b"\tif a > 0 { g() } else if a < 0 { h() } else { i() }\n"
        b"}\n"
    )
    increments = explain(source, GO)[("f", 2)]
    assert [inc.reason for inc in increments] == ["switch", "if", "else if", "else"]


def test_a_go_repository_is_scanned_per_file_and_function(repo: Repo) -> None:
    repo.write("server/server.go", SERVER)
    repo.write("server/server_test.go", "package server\nfunc TestNew(t *T) { New() }\n")
    repo.write("api/api.pb.go", "// Code generated by protoc-gen-go. DO NOT EDIT.\npackage api\n")
    repo.write("broken/broken.go", "package broken\nfunc ok() {}\nfunc broken( {\n")
    repo.commit()

    result = run_cli("scan", str(repo.root), "--format", "json", "--offline")

    assert result.exit_code == 0, result.stderr
    assert "broken/broken.go:3: syntax-error" in result.stderr
    document = json.loads(result.stdout)
    assert document["partial"] is True
    files = {file["path"]: file for file in document["files"]}
    assert {path: (f["language"], f["role"]) for path, f in files.items()} == {
        "server/server.go": ("go", "production"),
        "server/server_test.go": ("go", "test"),
        "broken/broken.go": ("go", "production"),
    }
    handle = {f["qualified_name"]: f for f in files["server/server.go"]["functions"]}
    assert (handle["Server.Handle"]["cyclomatic"], handle["Server.Handle"]["cognitive"]) == (4, 3)
    assert 1 <= files["server/server.go"]["health"] <= 10

    explained = run_cli("explain", f"{repo.root}/server/server.go:Server.Handle", "-q")
    assert explained.exit_code == 0, explained.stderr
    assert "else if" in explained.stdout
