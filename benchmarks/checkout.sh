#!/usr/bin/env bash
# Make a plain work tree of a bare git mirror's HEAD, for the benchmarks and oracle checks.
#
#   bash benchmarks/checkout.sh MIRROR [NAME]     # e.g. /work/.mirror/expressjs+express/repo
#
# The tree goes to $BENCH_DIR/NAME (default /work/bench; NAME defaults to the part after "+" in
# the mirror's folder name, e.g. express) and is made with `git archive HEAD | tar -x`: no
# hook, filter driver or checkout runs, and the tree has no .git of the mirror's. Like a
# release tarball, it leaves out the paths the project marks `export-ignore` in its
# .gitattributes. codevitals needs a git repository, so the tree is then made one, with a
# single commit of everything, under a throwaway identity. An existing tree of the same name is kept
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
# Neither the user's nor the system's git configuration takes part.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
commit=$(git --git-dir="$mirror" -c core.hooksPath=/dev/null rev-parse HEAD)
if ! git --git-dir="$mirror" -c core.hooksPath=/dev/null archive --format=tar "$commit" | tar -x -C "$target"; then
  # A mirror can lack a blob (laravel/framework's bin/splitsh-lite, Newtonsoft.Json's
  # large.json): git archive then stops part way. Write the tree blob by blob instead, leaving
  # out each missing one (named on stderr); export-ignore is not honoured on this path.
  echo "checkout.sh: git archive failed; writing the tree blob by blob" >&2
  rm -rf -- "$target" && mkdir -p "$target"
  git --git-dir="$mirror" ls-tree -r --full-tree "$commit" | while IFS=$'\t' read -r meta path; do
    read -r mode type object <<<"$meta"
    [[ $type == blob ]] || continue
    if ! git --git-dir="$mirror" cat-file -e "$object" 2>/dev/null; then
      echo "checkout.sh: missing blob $object, left out: $path" >&2
      continue
    fi
    mkdir -p "$target/$(dirname "$path")"
    if [[ $mode == 120000 ]]; then
      ln -s "$(git --git-dir="$mirror" cat-file blob "$object")" "$target/$path"
    else
      git --git-dir="$mirror" cat-file blob "$object" >"$target/$path"
    fi
  done
fi
(
  cd "$target"
  git init --quiet
  git add --all --force
  git -c user.name=bench -c user.email=bench@localhost -c core.hooksPath=/dev/null \
    commit --quiet --no-verify -m "$name at $commit"
)
echo "$commit" >"$target/.git/mirror-commit"
echo "$target"
