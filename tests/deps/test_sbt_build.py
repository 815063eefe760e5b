"""sbt build definitions are read for the module IDs they spell out, never run."""

from __future__ import annotations

from codevitals.deps.manifests import MemoryFiles, Parsed, source_for

BUILD = """\
ThisBuild / scalaVersion := scala213
val scala213 = "2.13.12"
val catsVersion = "2.10.0"

lazy val root = (project in file("."))
  .settings(
    libraryDependencies ++= Seq(
      "org.typelevel" %% "cats-core" % catsVersion,
      "com.typesafe" % "config" % "1.4.3",
      "org.scalameta" %% "munit" % "0.7.29" % Test,
      "javax.servlet" % "javax.servlet-api" % "4.0.1" % "provided",
      // "commented" %% "out" % "1.0",
      "com.lihaoyi" %%% "upickle" % "3.1.0",
      "org.example" % "ranged" % "[1.0,2.0)",
      "org.example" % "unknown" % V.nowhere
    )
  )
"""

DEPENDENCIES = """\
import sbt._

object Dependencies {
  object V { val circe = "0.14.6" }
  val circe = "io.circe" %% "circe-core" % V.circe
  val logback = "ch.qos.logback" % "logback-classic" % "1.4.14" % Runtime
}
"""


def read(files: dict[str, str], name: str) -> Parsed:
    source = source_for(name)
    assert source is not None
    return source.read(MemoryFiles({k: v.encode() for k, v in files.items()}), name)


def test_module_ids_with_the_scala_binary_version_values_and_scopes() -> None:
    parsed = read({"build.sbt": BUILD}, "build.sbt")
    rows = [(d.line, d.name, d.version, d.group) for d in parsed.declarations]
    assert rows == [
        (8, "org.typelevel:cats-core_2.13", "2.10.0", ""),
        (9, "com.typesafe:config", "1.4.3", ""),
        (10, "org.scalameta:munit_2.13", "0.7.29", "test"),
        (11, "javax.servlet:javax.servlet-api", "4.0.1", "dev"),
        (14, "org.example:ranged", None, ""),  # a range pins nothing
        (15, "org.example:unknown", None, ""),
    ]
    assert [(n.reason, n.line) for n in parsed.notices] == [
        ("unresolved-property", 15),
        ("not-read", 13),  # %%%: the platform's artifact is not in the text
    ]


def test_a_project_scala_file_takes_the_scala_version_of_the_build_beside_it() -> None:
    files = {"build.sbt": 'scalaVersion := "3.3.1"\n', "project/Dependencies.scala": DEPENDENCIES}
    parsed = read(files, "project/Dependencies.scala")
    rows = [(d.line, d.name, d.version, d.group) for d in parsed.declarations]
    assert rows == [
        (5, "io.circe:circe-core_3", "0.14.6", ""),
        (6, "ch.qos.logback:logback-classic", "1.4.14", ""),
    ]


def test_without_a_scala_version_a_cross_built_artifact_is_unknown_and_said_so() -> None:
    parsed = read({"build.sbt": '"org.typelevel" %% "cats-core" % "2.10.0"\n'}, "build.sbt")
    assert parsed.declarations == []
    assert [(n.reason, n.line) for n in parsed.notices] == [("unresolved-property", 1)]


def test_plugins_and_build_output_are_not_read() -> None:
    assert source_for("project/plugins.sbt") is None
    assert source_for("target/streams/build.sbt") is None
    assert source_for("project/Dependencies.scala") is not None
    assert source_for("src/main/scala/Main.scala") is None


def test_values_of_an_imported_project_object_name_versions_and_the_scala_version() -> None:
    files = {
        "build.sbt": "import Dependencies._\n"
        "ThisBuild / scalaVersion := scala213\n"
        'libraryDependencies += "org.typelevel" %% "cats-core" % catsVersion\n',
        "project/Dependencies.scala": "object Dependencies {\n"
        '  lazy val scala213 = "2.13.4"\n'
        '  val catsVersion = "2.10.0"\n'
        "}\n",
    }
    parsed = read(files, "build.sbt")
    assert [(d.name, d.version) for d in parsed.declarations] == [
        ("org.typelevel:cats-core_2.13", "2.10.0")
    ]
