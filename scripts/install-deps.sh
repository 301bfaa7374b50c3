#!/usr/bin/env bash
# Installs the Debian 12 packages Dott needs to build, run and test; with the argument `bench`,
# also the load generators and the reference server the benchmarks measure against.
# Idempotent and quiet: when everything is present it prints nothing.
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config git clang-format clang-tidy
    libboost-dev libpqxx-dev libpq-dev nlohmann-json3-dev libvalijson-dev
    libssl-dev libsodium-dev libspdlog-dev libfmt-dev libcli11-dev
    libkainjow-mustache-dev libcurl4-openssl-dev libical-dev
    libzip-dev libexpat1-dev libxlsxwriter-dev  # reading and writing .xlsx spreadsheets
    libgtest-dev libgmock-dev libbenchmark-dev
    postgresql-15 postgresql-client-15 tzdata
    acl  # setfacl, so dott-pg may traverse private directories above the var directory
)
if [[ "${1:-}" == "bench" ]]; then
    # wrk loads the server over HTTP, nginx serves the static ceiling of /healthz, curl checks
    # the first answer; pgbench, the database ceiling, comes with postgresql-client-15 above.
    packages+=(wrk nginx-light curl)
fi

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    if [[ "$status" != "install ok installed" ]]; then
        missing+=("$package")
    fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=""
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
