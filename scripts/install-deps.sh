#!/usr/bin/env bash
# Install the Debian 12 packages llmcost needs, and only those that are missing.
# Idempotent: when everything is present it makes no network call and changes nothing.
# `apt-get update` runs only when something is missing. Uses sudo when not root.
set -euo pipefail

packages=(
  g++ cmake ninja-build make
  libeigen3-dev libboost-dev pybind11-dev python3-pybind11
  libtomlplusplus-dev nlohmann-json3-dev libcli11-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-dev python3-venv python3-pip python3-setuptools
  python3-numpy python3-pandas python3-matplotlib python3-pytest python3-hypothesis
  python3-nbclient python3-ipykernel python3-distributed
  clang libclang-rt-14-dev
)
# Optional, not needed by `make test`: clang-tidy for `cmake --preset tidy`. Installed with
# `LLMCOST_OPTIONAL_TOOLS=1 scripts/install-deps.sh`.
if [[ "${LLMCOST_OPTIONAL_TOOLS:-0}" == "1" ]]; then
  packages+=(clang-tidy-14)
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${#missing[@]} missing package(s): ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: not root and no sudo; install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
