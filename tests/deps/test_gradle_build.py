"""Gradle build scripts are read for the dependencies they spell out, never run."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from codevitals.deps.collect import collect
from codevitals.deps.manifests import DiskFiles, MemoryFiles, Parsed, source_for
from codevitals.model.deps import Relation
from tests.conftest import Repo, run_cli

KOTLIN_SCRIPT = """\
plugins {
    kotlin("jvm") version "1.9.22"
    id("com.example.plugin") version "1.0"
}

val okioVersion = "3.9.0"

dependencies {
    implementation("com.squareup.okio:okio:$okioVersion")
    implementation(platform("com.squareup.okhttp3:okhttp-bom:4.12.0"))
    implementation("com.squareup.okhttp3:okhttp") // the version comes from the platform
    api(group = "com.google.guava", name = "guava", version = "32.1.0-jre")
    testImplementation("junit:junit:4.13.2")
    implementation(kotlin("stdlib"))
    implementation(libs.retrofit)
    implementation(project(":core"))
    implementation(Deps.moshi)
    implementation("org.slf4j:slf4j-api:${slf4j}")
    implementation("com.fasterxml.jackson.core:jackson-databind:2.+")
    // implementation("commented.out:library:1.0")
    /* implementation("commented.out:library:2.0") */
    implementation("org.apache.commons:commons-text:1.10.0") {
        exclude(group = "org.apache.commons", module = "commons-lang3")
        because("the text says { and \\"g:a:1\\"")
    }
}
"""

GROOVY_SCRIPT = """\
buildscript {
    ext.kotlin_version = '1.8.0'
    ext.versions = [retrofit: '2.9.0']
    dependencies {
        classpath "org.jetbrains.kotlin:kotlin-gradle-plugin:$kotlin_version"
    }
}
dependencies {
    implementation group: 'commons-io', name: 'commons-io', version: '2.11.0'
    implementation "com.squareup.retrofit2:retrofit:${versions.retrofit}"
    compileOnly 'org.projectlombok:lombok:1.18.30'
    if (project.hasProperty('extra')) {
        implementation 'org.example:extra:1.0'
    }
    testImplementation "org.junit.jupiter:junit-jupiter:5.10.0"
    implementation "org.example:unknown:$nowhere"
}
"""


def read(files: dict[str, str], name: str) -> Parsed:
    source = source_for(name)
    assert source is not None
    return source.read(MemoryFiles({k: v.encode() for k, v in files.items()}), name)


def test_a_kotlin_script_s_spelled_out_dependencies_and_what_is_left_unread() -> None:
    parsed = read({"app/build.gradle.kts": KOTLIN_SCRIPT, "gradle.properties": "slf4j=2.0.9\n"},
                  "app/build.gradle.kts")  # fmt: skip
    rows = [(d.line, d.name, d.version, d.group) for d in parsed.declarations]
    assert rows == [
        (9, "com.squareup.okio:okio", "3.9.0", ""),  # a variable of the script
        (10, "com.squareup.okhttp3:okhttp-bom", "4.12.0", ""),
        (11, "com.squareup.okhttp3:okhttp", None, ""),  # from the platform: unknown here
        (12, "com.google.guava:guava", "32.1.0-jre", ""),
        (13, "junit:junit", "4.13.2", "test"),
        (14, "org.jetbrains.kotlin:kotlin-stdlib", None, ""),  # the plugin's version
        (18, "org.slf4j:slf4j-api", "2.0.9", ""),  # from gradle.properties at the root
        (19, "com.fasterxml.jackson.core:jackson-databind", None, ""),  # a range pins nothing
        (22, "org.apache.commons:commons-text", "1.10.0", ""),
    ]
    assert parsed.declarations[0].requirement == "com.squareup.okio:okio:$okioVersion"
    # The catalog reference and the project are no packages; `Deps.moshi` is code, unread.
    assert [(n.reason, n.line) for n in parsed.notices] == [("not-read", 17)]
    assert parsed.notices[0].message.startswith("1 dependency is written in code")


def test_a_groovy_script_s_variables_maps_and_buildscript_classpath() -> None:
    parsed = read({"build.gradle": GROOVY_SCRIPT}, "build.gradle")
    rows = [(d.line, d.name, d.version, d.group) for d in parsed.declarations]
    assert rows == [
        (5, "org.jetbrains.kotlin:kotlin-gradle-plugin", "1.8.0", "dev"),
        (9, "commons-io:commons-io", "2.11.0", ""),
        (10, "com.squareup.retrofit2:retrofit", "2.9.0", ""),  # an entry of `ext.versions`
        (11, "org.projectlombok:lombok", "1.18.30", "dev"),  # compile only: a tool
        (13, "org.example:extra", "1.0", ""),
        (15, "org.junit.jupiter:junit-jupiter", "5.10.0", "test"),
        (16, "org.example:unknown", None, ""),
    ]
    assert [(n.reason, n.line) for n in parsed.notices] == [("unresolved-property", 16)]
    assert "$nowhere is set nowhere" in parsed.notices[0].message


def test_a_property_beside_the_script_wins_over_the_root_s() -> None:
    script = 'dependencies { implementation "g.h:a:$v" }\n'
    files = {"build.gradle": script, "gradle.properties": "v=1.0\n",
             "lib/build.gradle": script, "lib/gradle.properties": "# note\nv = 2.0\n"}  # fmt: skip
    assert [d.version for d in read(files, "build.gradle").declarations] == ["1.0"]
    assert [d.version for d in read(files, "lib/build.gradle").declarations] == ["2.0"]


def test_a_lockfile_beside_the_script_gives_unpinned_dependencies_their_versions(
    tmp_path: Path,
) -> None:
    (tmp_path / "build.gradle").write_text(
        textwrap.dedent("""\
            dependencies {
                implementation platform('com.google.cloud:libraries-bom:26.1.0')
                implementation 'com.google.guava:guava'
            }
        """)
    )
    (tmp_path / "gradle.lockfile").write_text(
        "com.google.guava:guava:31.1-jre=compileClasspath\n"
        "com.google.guava:failureaccess:1.0.1=compileClasspath\n"
    )
    found = collect(tmp_path, ["build.gradle", "gradle.lockfile"])
    rows = [(d.name, d.version, d.relation, d.locked_in) for d in found.declarations]
    assert rows == [
        ("com.google.cloud:libraries-bom", "26.1.0", Relation.DIRECT, None),
        ("com.google.guava:guava", "31.1-jre", Relation.DIRECT, "gradle.lockfile:1"),
        ("com.google.guava:failureaccess", "1.0.1", Relation.TRANSITIVE, None),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "dependencies {\n  implementation 'a:b:1.0'\n",  # never closed
        "dependencies }{ implementation('a:b:1.0' \n",
        '"""\ndependencies { implementation "a:b:1.0" }\n',  # an open string to the end
        "\x00\x01binary\xff" * 100,
        "dependencies {" * 5000,
    ],
)
def test_broken_scripts_never_crash(tmp_path: Path, text: str) -> None:
    (tmp_path / "build.gradle").write_text(text, encoding="utf-8", errors="surrogateescape")
    source = source_for("build.gradle")
    assert source is not None
    parsed = source.read(DiskFiles(tmp_path), "build.gradle")
    assert all(d.name.count(":") == 1 for d in parsed.declarations)


def test_a_script_in_build_output_is_not_read() -> None:
    assert source_for("build/tmp/build.gradle") is None
    assert source_for("app/build.gradle.kts") is not None


def test_the_build_s_own_modules_and_catalog_entries_behind_calls_are_no_packages() -> None:
    script = """\
dependencies {
  constraints {
    api("com.example:lib-jvm:${project.version}")
  }
  testImplementation(rootProject.libs.junit.jupiter.engine)
  api(
    variantOf(libs.amazon.corretto) {
      classifier("linux-x86_64")
    },
  )
  api(enforcedPlatform(libs.bom))
}
"""
    parsed = read({"build.gradle.kts": script}, "build.gradle.kts")
    assert (parsed.declarations, parsed.notices) == ([], [])


def test_a_commit_s_script_takes_its_variables_from_the_commit_s_properties(
    repo: Repo, tmp_path: Path
) -> None:
    repo.write("build.gradle", 'dependencies { implementation "org.example:lib:$libVersion" }\n')
    repo.write("gradle.properties", "libVersion=1.2.3\n")
    repo.commit()
    bare = repo.bare_clone(tmp_path / "bare.git")
    result = run_cli("deps", str(bare), "--offline", "-f", "json")  # HEAD's files, from git
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert [(d["name"], d["version"]) for d in document["dependencies"]] == [
        ("org.example:lib", "1.2.3")
    ]
    assert document["notices"] == []


def test_a_subproject_takes_versions_from_the_root_script_s_ext_properties() -> None:
    files = {
        "build.gradle": "ext {\n    okhttpVersion = '4.12.0'\n}\n",
        "app/build.gradle": "dependencies {\n"
        '    implementation "com.squareup.okhttp3:okhttp:$okhttpVersion"\n'
        "}\n",
    }
    parsed = read(files, "app/build.gradle")
    assert [(d.name, d.version) for d in parsed.declarations] == [
        ("com.squareup.okhttp3:okhttp", "4.12.0")
    ]
    assert parsed.notices == []
