#!/usr/bin/env bash
# Install the oracles the check_*.py scripts compare codevitals with, outside the repository.
#
#   bash benchmarks/oracles/install.sh [TOOL...]     # TOOL: lizard eslint gocognit pmd osv-scanner
#                                                     # (default: all)
#
# Everything goes to $CODEVITALS_ORACLES (default ~/.cache/codevitals-oracles); nothing is
# written into the repository. Each oracle is pinned, and the versions installed are written
# to versions.txt there, which the check scripts copy into their results. A tool that fails to
# install is reported and the others still install; the exit code is 1 if any failed.
set -uo pipefail

ROOT=${CODEVITALS_ORACLES:-$HOME/.cache/codevitals-oracles}
PYTHON=${PYTHON:-python3}
# lizard 1.24.x dies with an IndexError in its JavaScript reader on most TypeScript
# repositories; 1.17.10 does not.
LIZARD_VERSION=1.17.10
ESLINT_VERSION=9.39.5
SONARJS_VERSION=4.2.2
TYPESCRIPT_ESLINT_VERSION=8.73.0
TYPESCRIPT_VERSION=5.9.3
GOCOGNIT_VERSION=v1.3.0
PMD_VERSION=7.27.0
# osv-scanner v2 (2.6.0) needs Go 1.27; this machine has 1.26. v1.9.2 builds with it and has
# the offline mode the check needs (`--experimental-offline`, local database from
# $OSV_SCANNER_LOCAL_DB_CACHE_DIRECTORY/osv-scanner/<ecosystem>/all.zip).
OSV_SCANNER_VERSION=v1.9.2

mkdir -p "$ROOT"
failed=()

note() { printf 'oracles: %s\n' "$*" >&2; }

install_lizard() {
  "$PYTHON" -m venv "$ROOT/lizard" &&
    "$ROOT/lizard/bin/pip" install --quiet --disable-pip-version-check "lizard==$LIZARD_VERSION"
}

install_eslint() {
  mkdir -p "$ROOT/eslint" &&
    (cd "$ROOT/eslint" &&
      { [[ -f package.json ]] || printf '{"name": "codevitals-oracles", "private": true}\n' >package.json; } &&
      npm install --silent --no-audit --no-fund --ignore-scripts \
        "eslint@$ESLINT_VERSION" "eslint-plugin-sonarjs@$SONARJS_VERSION" \
        "typescript-eslint@$TYPESCRIPT_ESLINT_VERSION" "typescript@$TYPESCRIPT_VERSION")
}

install_gocognit() {
  GOBIN="$ROOT/go/bin" GOPATH="$ROOT/go/path" GOFLAGS=-modcacherw \
    go install "github.com/uudashr/gocognit/cmd/gocognit@$GOCOGNIT_VERSION"
}

install_pmd() {
  # PMD's CLI distribution is not on Maven Central; its jars are. A tiny pom lets Maven copy
  # pmd-java and everything it needs (pmd-cli brings the command line) into one folder.
  mkdir -p "$ROOT/pmd" &&
    cat >"$ROOT/pmd/pom.xml" <<POM &&
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>codevitals</groupId>
  <artifactId>pmd-oracle</artifactId>
  <version>1</version>
  <dependencies>
    <dependency><groupId>net.sourceforge.pmd</groupId><artifactId>pmd-java</artifactId><version>$PMD_VERSION</version></dependency>
    <dependency><groupId>net.sourceforge.pmd</groupId><artifactId>pmd-cli</artifactId><version>$PMD_VERSION</version></dependency>
  </dependencies>
</project>
POM
    mvn --quiet --batch-mode -f "$ROOT/pmd/pom.xml" -Dmaven.repo.local="$ROOT/pmd/m2" \
      dependency:copy-dependencies -DoutputDirectory="$ROOT/pmd/lib"
}

install_osv-scanner() {
  GOBIN="$ROOT/go/bin" GOPATH="$ROOT/go/path" GOFLAGS=-modcacherw \
    go install "github.com/google/osv-scanner/cmd/osv-scanner@$OSV_SCANNER_VERSION"
}

versions() {
  {
    [[ -x $ROOT/lizard/bin/lizard ]] && echo "lizard $("$ROOT/lizard/bin/lizard" --version 2>&1)"
    if [[ -d $ROOT/eslint/node_modules ]]; then
      for package in eslint eslint-plugin-sonarjs typescript-eslint typescript; do
        echo "$package $(node -p "require('$ROOT/eslint/node_modules/$package/package.json').version")"
      done
    fi
    [[ -x $ROOT/go/bin/gocognit ]] && echo "gocognit $GOCOGNIT_VERSION"
    [[ -x $ROOT/go/bin/osv-scanner ]] && echo "osv-scanner $OSV_SCANNER_VERSION"
    compgen -G "$ROOT/pmd/lib/pmd-java-*.jar" >/dev/null &&
      echo "pmd $(basename "$ROOT"/pmd/lib/pmd-java-*.jar .jar | sed 's/^pmd-java-//')"
  } >"$ROOT/versions.txt"
}

tools=("$@")
[[ ${#tools[@]} -gt 0 ]] || tools=(lizard eslint gocognit pmd osv-scanner)
for tool in "${tools[@]}"; do
  note "installing $tool into $ROOT"
  if ! "install_$tool"; then
    note "$tool: installation failed"
    failed+=("$tool")
  fi
done
versions
cat "$ROOT/versions.txt"
[[ ${#failed[@]} -eq 0 ]] || { note "failed: ${failed[*]}"; exit 1; }
