#!/usr/bin/env bash
# Set up chainmap on a fresh machine, then run it.
#   bash bootstrap.sh demo   installs Graphviz and a virtual environment, draws the example into diagrams/
#   bash bootstrap.sh test   the same set-up (plus the test tools), then runs the whole test suite
#   bash bootstrap.sh bench  the same set-up, then the benchmark table (benchmarks/run.py; add --xl)
# Safe to run again: every step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")"
what="${1:-demo}"
shift || true

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

system_packages() {
  local wanted=(graphviz fonts-dejavu-core)
  [ "$what" = test ] && wanted+=(poppler-utils chromium libcairo2)
  [ "$what" = bench ] && wanted+=(libcairo2)  # the poster of the drawing-commands table (CairoSVG)
  python3 -c 'import venv, ensurepip' 2>/dev/null || wanted+=(python3-venv)
  if command -v apt-get >/dev/null; then
    local missing=()
    for package in "${wanted[@]}"; do dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package"); done
    if [ ${#missing[@]} -gt 0 ]; then
      say "Installing ${missing[*]} with apt-get"
      as_root apt-get update -qq
      DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
  elif command -v brew >/dev/null; then
    command -v dot >/dev/null || { say "Installing Graphviz with Homebrew"; brew install graphviz; }
    [ "$what" = test ] && ! command -v pdftoppm >/dev/null && brew install poppler || true
  elif ! command -v dot >/dev/null; then
    echo "Please install Graphviz (https://graphviz.org/download/) and run this again." >&2
    exit 1
  fi
}

python_environment() {
  if [ ! -x .venv/bin/python ]; then
    say "Creating the virtual environment .venv"
    python3 -m venv .venv
  fi
  say "Installing chainmap into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
  .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
  # pip compiles an installed package to bytecode, but not an editable one: without this, a shell
  # with PYTHONDONTWRITEBYTECODE=1 (containers often set it) compiles chainmap afresh on every run,
  # about 0.9 s (benchmarks/RESULTS.md). compileall writes the bytecode whatever that variable says.
  .venv/bin/python -m compileall -q -j 0 chainmap >/dev/null
}

mermaid_parser() {
  # Mermaid's own parser (npm, run under jsdom) checks the Mermaid export; optional.
  if command -v npm >/dev/null && [ ! -d tests/mermaid/node_modules ]; then
    say "Installing Mermaid's parser for the export tests (npm)"
    # tried twice: the registry sometimes fails one request (seen once in CI)
    (cd tests/mermaid && { npm install --no-audit --no-fund --silent >/dev/null 2>&1 \
                           || npm install --no-audit --no-fund --silent >/dev/null 2>&1; }) \
      || echo "npm install failed: the Mermaid parser test will be skipped" >&2
  fi
}

system_packages
python_environment
[ "$what" = test ] && mermaid_parser
case "$what" in
  demo) say "Drawing the example organisation into diagrams/"; .venv/bin/chainmap demo --lang en "$@" ;;
  test) say "Running the tests"; .venv/bin/python -m pytest "$@" ;;
  bench) say "Running the benchmarks (a few minutes; --xl adds a million workers)"; .venv/bin/python benchmarks/run.py "$@" ;;
  setup) ;;
  *) echo "usage: bash bootstrap.sh demo|test|bench|setup" >&2; exit 2 ;;
esac
