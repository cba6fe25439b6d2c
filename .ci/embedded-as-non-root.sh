#!/usr/bin/env bash
# Runs the embedded module's tests as an unprivileged OS user, the situation of most developers and CI runners
# (no root, no user namespace trickery). Idempotent: creates the user if missing; removes its copies on exit.
# Usage (as root): .ci/embedded-as-non-root.sh   — env: DBTEST_USER (default dbtest), M2_REPO (default ~/.m2/repository)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TEST_USER="${DBTEST_USER:-dbtest}"
M2_REPO="${M2_REPO:-$HOME/.m2/repository}"

if [ "$(id -u)" -ne 0 ]; then
  echo "run this as root: it creates the user $TEST_USER and runs the tests as that user" >&2
  exit 2
fi
id -u "$TEST_USER" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$TEST_USER"

WORK="$(mktemp -d /tmp/embedded-as-non-root.XXXXXX)"
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT

# A copy of the sources (without build output or git metadata) and of the Maven repository the user can write.
mkdir -p "$WORK/src"
tar -C "$ROOT" --exclude='./.git' --exclude='*/target' --exclude='./target' -cf - . | tar -C "$WORK/src" -xf -
cp -r "$M2_REPO" "$WORK/repository"
chown -R "$TEST_USER": "$WORK"
chmod 755 "$WORK"

cd "$WORK/src"
# Offline: everything must already be in the copied repository. No compiler daemon: it would outlive the build.
runuser -u "$TEST_USER" -- env HOME="$(getent passwd "$TEST_USER" | cut -d: -f6)" \
  mvn -B -o -q -Dmaven.repo.local="$WORK/repository" -Dkotlin.compiler.daemon=false -pl embedded -am verify
grep -h "Tests run" embedded/target/surefire-reports/*.txt
