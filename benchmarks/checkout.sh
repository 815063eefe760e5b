#!/usr/bin/env bash
# Make a plain work tree of a bare git mirror's HEAD, for the benchmarks and oracle checks.
#
#   bash benchmarks/checkout.sh MIRROR [NAME]     # e.g. /work/.mirror/expressjs+express/repo
#
# The tree goes to $BENCH_DIR/NAME (default /work/bench; NAME defaults to the part after "+" in
# the mirror's folder name, e.g. express) and is made with `git archive HEAD | tar -x`, so it
# has no .git of its own: nothing of the mirror's configuration, hooks or filters runs, and
# attributes such as export-ignore are not honoured (the mirror's config is not read for them).
# A git repository is needed by codevitals, so the tree is then made one, with a single
# commit of everything, under a throwaway identity. An existing tree of the same name is kept
# unless --force is given. Never commit these trees into codevitals.
set -euo pipefail

force=0
if [[ ${1:-} == --force ]]; then force=1; shift; fi
mirror=${1:?usage: checkout.sh [--force] MIRROR [NAME]}
folder=$(basename "$(dirname "$mirror")")
[[ $(basename "$mirror") == repo ]] || folder=$(basename "$mirror" .git)
name=${2:-${folder#*+}}
target=${BENCH_DIR:-/work/bench}/$name

if [[ -d $target ]]; then
  if [[ $force -eq 0 ]]; then
    echo "$target"
    exit 0
  fi
  rm -rf -- "$target"
fi
mkdir -p "$target"
# No hooks, no filters, no config of the mirror's: git archive of a bare repository runs none.
commit=$(git --git-dir="$mirror" -c core.hooksPath=/dev/null rev-parse HEAD)
git --git-dir="$mirror" -c core.hooksPath=/dev/null archive --format=tar "$commit" | tar -x -C "$target"
(
  cd "$target"
  export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
  git init --quiet
  git add --all --force
  git -c user.name=bench -c user.email=bench@localhost -c core.hooksPath=/dev/null \
    commit --quiet --no-verify -m "$name at $commit"
)
echo "$commit" >"$target/.git/mirror-commit"
echo "$target"
