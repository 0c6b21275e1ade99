#!/usr/bin/env bash
# Peer benchmark (issue 12): pull all 10,000 products of one fake-commerce with pymagento, a Python Magento 2
# REST client on requests, and with the SDK (commerce-bench's pull_10000_products_http), three times each, and
# compare wall-clock products/s and the client's CPU seconds. A benchmark, not a test: it prints figures and
# fails only when a pull goes wrong.
#
# pymagento is called as Magento(token=..., base_url="http://127.0.0.1:PORT", scope="all", batch_page_size=300)
# and pulled with get_products(); see pymagento_pull.py. batch_page_size is pymagento's own constructor argument
# for the page size of its paginated calls (it overrides Magento.PAGE_SIZE, 1000, which the input limits of
# `--input-limits` refuse), so no subclass is needed. It pages /rest/all/V1/products/ with
# searchCriteria[pageSize]=300 and searchCriteria[currentPage]=1...34.
#
# The SDK half needs commerce-bench's --server URL and --token TOKEN options; a commerce-bench without them exits
# with 64, and this script then says so, still prints the pymagento figures, and exits with 1.
set -euo pipefail

readonly PRODUCTS=10000
readonly SDK_BENCHMARK=pull_10000_products_http

usage() {
    cat <<'EOF'
usage: Benchmarks/peers/run.sh [--runs N] [--no-build] [--pymagento-version VERSION]

Pulls 10,000 products from one `fake-commerce --port 0 --products 10000 --input-limits` with pymagento (page
size 300) and with the SDK (`commerce-bench --filter pull_10000_products_http --server URL --token TOKEN`),
N times each, and prints best-of-N and median products/s and client CPU seconds, the ratios SDK/pymagento for
throughput and pymagento/SDK for CPU (targets: at least 2 and at least 3), then the same as one JSON line.
Then it decodes one 300-product page of the same server with Python's json and orjson and with the SDK's decoder
and Foundation's (commerce-bench --page-file), and prints their MB/s and ratios (targets: SDK/orjson at least 1,
SDK/Foundation at least 4).

  --runs N                     pulls per client (default 3)
  --no-build                   use the release binaries already in .build/release
  --pymagento-version VERSION  the pymagento to install from PyPI (default 2.14.0, the one this was written for)
  --help                       print this help

It installs pymagento and orjson into a temporary virtual environment (python3 -m venv, pip from PyPI), builds the release
binaries under the shared build lock (flock /tmp/swift-build.lock swift build -c release ...), and removes the
environment and stops the server when it exits. Needs python3 with venv, curl and flock.
Exit status: 0 when both halves ran, 1 when a pull failed or the SDK half could not run, 64 for a usage error.
EOF
}

runs=3
build=true
pymagento_version=2.14.0
while (($# > 0)); do
    case "$1" in
        --runs)
            [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --runs needs a whole number of at least 1" >&2; exit 64; }
            runs=$2
            shift 2
            ;;
        --no-build)
            build=false
            shift
            ;;
        --pymagento-version)
            [[ $# -ge 2 && -n "$2" ]] || { echo "run.sh: --pymagento-version needs a version" >&2; exit 64; }
            pymagento_version=$2
            shift 2
            ;;
        --help | -h)
            usage
            exit 0
            ;;
        *)
            echo "run.sh: unknown argument '$1'" >&2
            usage >&2
            exit 64
            ;;
    esac
done

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
[[ -f "$root/Package.swift" ]] || { echo "run.sh: no Package.swift in $root; run the script from its place in the package" >&2; exit 1; }
bin="$root/.build/release"

for tool in python3 curl flock; do
    command -v "$tool" >/dev/null || { echo "run.sh: needs $tool on PATH" >&2; exit 1; }
done

say() { echo "run.sh: $*" >&2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/commerce-peers.XXXXXX")
server_pid=
cleanup() {
    if [[ -n "$server_pid" ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# 1. pymagento in a virtual environment of its own, from PyPI (pip's ordinary configuration).
say "installing pymagento $pymagento_version into a temporary virtual environment"
python3 -m venv "$tmp/venv"
if ! "$tmp/venv/bin/python" -m pip install --quiet --disable-pip-version-check "pymagento==$pymagento_version" orjson \
    >"$tmp/pip.log" 2>&1; then
    cat "$tmp/pip.log" >&2
    say "pip could not install pymagento==$pymagento_version"
    exit 1
fi
python="$tmp/venv/bin/python"

# 2. The release binaries, one product per command: swift build keeps only the last of several --product options.
if $build; then
    for product in fake-commerce commerce-bench; do
        say "building $product (release, waiting for /tmp/swift-build.lock)"
        (cd "$root" && flock /tmp/swift-build.lock swift build -c release --product "$product") >&2
    done
fi
for product in fake-commerce commerce-bench; do
    [[ -x "$bin/$product" ]] || { say "no $bin/$product; run without --no-build"; exit 1; }
done

# 3. One fake-commerce on a free loopback port; its first line names the URL.
"$bin/fake-commerce" --port 0 --products "$PRODUCTS" --input-limits >"$tmp/fake.log" 2>&1 &
server_pid=$!
url=
for _ in $(seq 1 240); do
    url=$(sed -n 's|^Fake Adobe Commerce on \(http://[^ ]*\)$|\1|p' "$tmp/fake.log")
    [[ -n "$url" ]] && break
    if ! kill -0 "$server_pid" 2>/dev/null; then
        cat "$tmp/fake.log" >&2
        server_pid=
        say "fake-commerce stopped before it served"
        exit 1
    fi
    sleep 0.25
done
[[ -n "$url" ]] || { cat "$tmp/fake.log" >&2; say "fake-commerce did not say its URL within 60 s"; exit 1; }
say "fake-commerce serves $PRODUCTS products on $url"

# 4. An admin bearer token from the fake's test admin. It is a JSON string: drop the quotes.
token=$(curl -fsS -X POST -H 'Content-Type: application/json' \
    --data '{"username":"admin","password":"admin123"}' "$url/rest/V1/integration/admin/token")
token=${token//\"/}
[[ "$token" =~ ^[A-Za-z0-9]+$ ]] || { say "the admin token request did not answer with a token"; exit 1; }

failed=false

# 5. pymagento, one process per pull; the token goes through pymagento's own PYMAGENTO_TOKEN, not the command line.
peer_files=()
for run in $(seq 1 "$runs"); do
    out="$tmp/pymagento-$run.json"
    say "pymagento pull $run/$runs"
    if ! PYMAGENTO_TOKEN=$token "$python" "$here/pymagento_pull.py" --base-url "$url" --expect "$PRODUCTS" >"$out"; then
        cat "$out" >&2
        say "pymagento pull $run/$runs failed"
        failed=true
        break
    fi
    peer_files+=("$out")
done

# The server alone: the same pages with curl on one connection, bodies discarded (the floor for any client that
# fetches pages one after another).
pages=$(((PRODUCTS + 299) / 300))
curl_arguments=()
for page in $(seq 1 "$pages"); do
    curl_arguments+=(-o /dev/null "$url/rest/all/V1/products/?searchCriteria%5BpageSize%5D=300&searchCriteria%5BcurrentPage%5D=$page")
done
floors=()
for run in $(seq 1 "$runs"); do
    floors+=("$(curl -fsS -H "Authorization: Bearer $token" -w '%{time_total}\n' "${curl_arguments[@]}" |
        awk '{ total += $1 } END { printf "%.4f", total }')")
done

# 6. The SDK, one commerce-bench process per pull.
sdk_files=()
sdk_error=
for run in $(seq 1 "$runs"); do
    out="$tmp/sdk-$run.json"
    status=0
    "$bin/commerce-bench" --filter "$SDK_BENCHMARK" --server "$url" --token "$token" >"$out" 2>"$tmp/sdk-$run.err" ||
        status=$?
    if ((status == 64)); then
        sdk_error="commerce-bench rejected --server/--token (exit 64: $(head -n 1 "$tmp/sdk-$run.err")); it needs the peer options of issue 12"
    elif ((status != 0)); then
        sdk_error="commerce-bench failed with exit status $status: $(tail -n 3 "$tmp/sdk-$run.err" | tr '\n' ' ')"
    elif ! "$python" -c 'import json, sys
r = json.load(open(sys.argv[1]))[sys.argv[2]]
sys.exit(0 if r["products"] == int(sys.argv[3]) else 1)' "$out" "$SDK_BENCHMARK" "$PRODUCTS" 2>/dev/null; then
        sdk_error="commerce-bench's output has no $SDK_BENCHMARK result with $PRODUCTS products: $(head -c 300 "$out")"
    fi
    if [[ -n "$sdk_error" ]]; then
        say "SDK pull $run/$runs: $sdk_error"
        failed=true
        sdk_files=()
        break
    fi
    say "SDK pull $run/$runs done"
    sdk_files+=("$out")
done

# 7. The table and the JSON line.
if ((${#peer_files[@]} > 0)); then
    summary_arguments=(--products "$PRODUCTS" --pymagento "${peer_files[@]}" --floor "${floors[@]}")
    if ((${#sdk_files[@]} > 0)); then
        summary_arguments+=(--sdk "${sdk_files[@]}")
    else
        summary_arguments+=(--sdk-error "$sdk_error")
    fi
    "$python" "$here/summarize.py" "${summary_arguments[@]}"
fi

# 8. Decoding the same bytes: page 1 of the fake (300 products) with Python's json and orjson, and with the SDK's
# decoder and Foundation's (commerce-bench --page-file).
if curl -fsS -H "Authorization: Bearer $token" -o "$tmp/page.json" \
    "$url/rest/all/V1/products/?searchCriteria%5BpageSize%5D=300&searchCriteria%5BcurrentPage%5D=1" &&
    "$bin/commerce-bench" --filter decode_products_page_file --page-file "$tmp/page.json" >"$tmp/decode.json" \
        2>"$tmp/decode.err"; then
    "$python" "$here/decode_same_bytes.py" "$tmp/page.json" "$tmp/decode.json" || failed=true
else
    say "decoding the same bytes failed: $(tail -n 3 "$tmp/decode.err" 2>/dev/null | tr '\n' ' ')"
    failed=true
fi

if $failed; then
    exit 1
fi
