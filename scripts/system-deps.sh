#!/usr/bin/env bash
# The operating-system packages the project needs, checked and, where possible, installed.
#
#   scripts/system-deps.sh GROUP...
#
# Groups:
#   pdf       the publication PDF (WeasyPrint): Pango, HarfBuzz and the Liberation fonts (`make run`)
#   i18n      GNU gettext (msgfmt): compiles the Welsh catalogue (`make run`, `make test`)
#   tests     the PDF tests read the PDF back with pdftotext (poppler-utils); the HTML check runs
#             the Nu HTML Checker (vnu.jar, from npm) with Java
#   browser   the browser journeys drive Debian's Chromium (/usr/bin/chromium)
#   postgres  the backup tests run pg_dump and pg_restore (the PostgreSQL client tools)
#
# Nothing missing: prints nothing and exits 0. Something missing on Debian or Ubuntu as root:
# installs it with apt-get. Otherwise (no root, or another system): prints the exact command to
# run, for Debian/Ubuntu and macOS, and exits 1, so `make test` stops before any test runs.
# `make run`, `make test` and .ci/run all call this script; it holds the only list of packages.
set -euo pipefail

usage() {
  echo "usage: $0 {pdf|i18n|tests|browser|postgres}..." >&2
  exit 2
}
[ $# -gt 0 ] || usage

has_command() { command -v "$1" >/dev/null 2>&1; }

# A shared library the dynamic linker knows (Linux), or Homebrew's copy of it (macOS).
has_library() {
  local name=$1
  if has_command ldconfig; then
    # grep reads to the end (no -q): with pipefail, an early exit would fail ldconfig with SIGPIPE.
    ldconfig -p 2>/dev/null | grep -F "$name.so" >/dev/null
  elif has_command brew; then
    ls "$(brew --prefix)"/lib/"$name".*dylib >/dev/null 2>&1
  else
    return 1
  fi
}

has_font() { has_command fc-list && fc-list 2>/dev/null | grep -i "$1" >/dev/null; }

apt_missing=()
brew_missing=()
# need CHECK... -- APT_PACKAGES... -- BREW_ARGUMENT
need() {
  local checks=() apt=() brew=""
  while [ "$1" != "--" ]; do checks+=("$1"); shift; done
  shift
  while [ "$1" != "--" ]; do apt+=("$1"); shift; done
  shift
  brew=${1:-}
  local check
  for check in "${checks[@]}"; do
    # Each check is "function argument", e.g. "has_command pdftotext".
    # shellcheck disable=SC2086
    if ! $check; then
      apt_missing+=("${apt[@]}")
      [ -z "$brew" ] || brew_missing+=("$brew")
      return
    fi
  done
}

check_all() {
  apt_missing=()
  brew_missing=()
  local group
  for group in "$@"; do
    case $group in
      pdf)
        need "has_library libpango-1.0" "has_library libpangoft2-1.0" -- libpango-1.0-0 libpangoft2-1.0-0 -- pango
        need "has_library libharfbuzz-subset" -- libharfbuzz-subset0 -- harfbuzz
        need "has_font liberation.sans" -- fonts-liberation -- "--cask font-liberation"
        ;;
      i18n) need "has_command msgfmt" -- gettext -- gettext ;;
      tests)
        need "has_command pdftotext" -- poppler-utils -- poppler
        need "has_command java" -- default-jre-headless -- openjdk
        ;;
      browser) need "has_command chromium" -- chromium -- "--cask chromium" ;;
      postgres) need "has_command pg_dump" "has_command pg_restore" -- postgresql-client -- libpq ;;
      *) usage ;;
    esac
  done
}

check_all "$@"
[ ${#apt_missing[@]} -gt 0 ] || exit 0

# De-duplicated, in order.
mapfile -t apt_missing < <(printf '%s\n' "${apt_missing[@]}" | awk '!seen[$0]++')
mapfile -t brew_missing < <(printf '%s\n' "${brew_missing[@]}" | awk '!seen[$0]++')

if has_command apt-get && [ "$(id -u)" = "0" ]; then
  echo "Installing the system packages the project needs: ${apt_missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_missing[@]}" >/dev/null
  check_all "$@"
  if [ ${#apt_missing[@]} -gt 0 ]; then
    echo "Still missing after apt-get install: ${apt_missing[*]}" >&2
    exit 1
  fi
  exit 0
fi

{
  echo "Some system packages the project needs are missing. Install them, then run make again:"
  echo ""
  echo "  Debian or Ubuntu:  sudo apt-get install -y ${apt_missing[*]}"
  if [ ${#brew_missing[@]} -gt 0 ]; then
    formulae=() casks=()
    for item in "${brew_missing[@]}"; do
      case $item in
        --cask\ *) casks+=("${item#--cask }") ;;
        *) formulae+=("$item") ;;
      esac
    done
    line=""
    [ ${#formulae[@]} -eq 0 ] || line="brew install ${formulae[*]}"
    [ ${#casks[@]} -eq 0 ] || line="${line:+$line && }brew install --cask ${casks[*]}"
    echo "  macOS (Homebrew):  $line"
  fi
  echo ""
  if has_command apt-get; then
    echo "(This script installs them itself when run as root: sudo $0 $*)"
  fi
} >&2
exit 1
