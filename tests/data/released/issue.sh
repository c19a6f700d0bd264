#!/usr/bin/env bash
# Issues the certificate fixtures of one released qa-check version, with that version's own code
# from this repository's history, and records what that version's own verify says of them.
#
#   tests/data/released/issue.sh VERSION COMMIT [--sign]
#
# Run from the repository root, with a Python that has qa-check's dependencies installed
# (PYTHON, default .venv-test/bin/python). It writes tests/data/released/VERSION/: a PASS and a
# FAIL certificate in English, one in the other languages that version had, with --sign a
# signed PASS and FAIL and the CA certificate that vouches for them (the keys themselves are
# thrown away), and verified.txt. Run it once per release, with the release's commit, and
# commit what it writes: tests/certificates/test_verify_released.py verifies every folder here.
set -euo pipefail
version=$1 commit=$2 sign=${3:-}
python=$(realpath -s "${PYTHON:-.venv-test/bin/python}")
out=$(realpath -m "tests/data/released/$version")
work=$(mktemp -d)
trap 'git worktree remove --force "$work/tree" 2>/dev/null || true; rm -rf "$work"' EXIT
git worktree add --quiet --detach "$work/tree" "$commit"
rm -rf "$out" && mkdir -p "$out"
cd "$work/tree"
qa_check() { PYTHONPATH="$work/tree" PYTHONWARNINGS=ignore "$python" -m qa_check "$@"; }
# certify exits 1 when a record fails: that is a FAIL certificate issued, as wanted
certify() { qa_check certify "$@" >/dev/null || [ $? -eq 1 ]; }
records=(examples/lamp-220-pass.yaml examples/kettle-17-fail.yaml)
at=2026-11-23T09:00:00+08:00
certify "${records[@]}" --out "$work/en" --issued-at "$at" >/dev/null
if qa_check certify --help | grep -q 'en+zh'; then other=en+zh; else other=zh; fi
certify "${records[0]}" --out "$work/$other" --issued-at "$at" --lang "$other" >/dev/null
cp "$work"/en/*.pdf "$out/"
for file in "$work/$other"/*.pdf; do
    name=$(basename "$file" .pdf)
    cp "$file" "$out/${name%_"$other"}_$other.pdf"
done
rm -f "$out"/summary*.pdf
trust=()
if [ "$sign" = --sign ]; then
    qa_check keys init --issuer "Dongguan Example Packaging Test Lab" --no-passphrase \
        --dir "$work/keys" >/dev/null
    now=$(date -u +%Y-%m-%dT%H:%M:%S+00:00)
    certify "${records[@]}" --out "$work/signed" --issued-at "$now" --keys "$work/keys"
    for file in "$work"/signed/*.pdf; do
        case $file in *summary*) continue ;; esac
        cp "$file" "$out/$(basename "$file" .pdf)_signed.pdf"
    done
    cp "$work/keys/ca-cert.pem" "$out/ca-cert.pem"
    trust=(--trust "$out/ca-cert.pem")
fi
cd "$out"
qa_check verify *.pdf "${trust[@]}" >verified.txt || true
cat verified.txt
