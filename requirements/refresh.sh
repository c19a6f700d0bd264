#!/usr/bin/env bash
# Refresh the locks: the newest versions that pyproject.toml allows, each with its hashes.
#
#   bash requirements/refresh.sh                    every package to its newest version
#   bash requirements/refresh.sh -P cryptography    that package only, the rest as locked
#
# Run it on purpose only (a security fix, a new library), never as a side effect of an install;
# then run the README's test command on a fresh clone (see docs/operators.md, "Installs and the
# lock").
set -euo pipefail
cd "$(dirname "$0")/.."
UV_VERSION=0.13.9
python3 -m venv --clear .venv-lock
.venv-lock/bin/pip install -q "uv==$UV_VERSION"
upgrade=("${@:---upgrade}")
build_backend() {  # what pyproject.toml's [build-system] requires, one a line
    python3 -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"], sep="\n")'
}
compile() {  # OUTPUT [ARGS...]: pyproject.toml's dependencies and the build backend, locked
    local output=$1
    shift
    build_backend | .venv-lock/bin/uv pip compile --quiet --universal --python-version 3.11 \
        --generate-hashes --custom-compile-command "bash requirements/refresh.sh" \
        "${upgrade[@]}" "$@" pyproject.toml - -o "$output"
}
compile requirements/qa-check.txt
compile requirements/test.txt --extra test -c requirements/qa-check.txt
rm -r .venv-lock
