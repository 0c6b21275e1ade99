"""Summarize the peer benchmark's runs: a table for people, then one JSON line for machines.

Called by Benchmarks/peers/run.sh with the JSON files the runs wrote:

    python summarize.py --pymagento py-1.json py-2.json py-3.json \
        [--sdk sdk-1.json ...] [--sdk-error "why the SDK half did not run"] [--floor SECONDS ...]

Best of the runs is the highest products/s and, separately, the lowest CPU seconds; the median is the median.
Ratios: SDK/pymagento for wall-clock throughput, pymagento/SDK for client CPU seconds (issue 12's targets: at
least 2 and at least 3), judged on the medians.
"""

import argparse
import json
import statistics
import sys

SDK_BENCHMARK = "pull_10000_products_http"
TARGET_WALL = 2.0
TARGET_CPU = 3.0


def load(path: str) -> dict:
    with open(path, encoding="utf-8") as file:
        return json.load(file)


def spread(values: list[float], best) -> dict:
    return {"best": best(values), "median": statistics.median(values), "runs": values}


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return round(numerator / denominator, 2)


def cell(value, digits: int = 0, width: int = 12) -> str:
    if value is None:
        return "-".rjust(width)
    return f"{value:,.{digits}f}".rjust(width)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pymagento", nargs="+", required=True, help="pymagento_pull.py outputs, one per run")
    parser.add_argument("--sdk", nargs="*", default=[], help="commerce-bench outputs, one per run")
    parser.add_argument("--sdk-error", help="why there are no SDK runs")
    parser.add_argument("--floor", nargs="*", type=float, default=[],
                        help="seconds curl took for the same pages, one per run")
    parser.add_argument("--products", type=int, default=10_000)
    arguments = parser.parse_args()

    peer_runs = [load(path) for path in arguments.pymagento]
    peer = {
        "version": peer_runs[0].get("pymagento_version"),
        "requests_version": peer_runs[0].get("requests_version"),
        "python": peer_runs[0].get("python"),
        "requests_per_pull": peer_runs[0].get("requests"),
        "response_bytes_per_pull": peer_runs[0].get("response_bytes"),
        "products_per_second": spread([run["products_per_second"] for run in peer_runs], max),
        "client_cpu_seconds": spread([run["client_cpu_seconds"] for run in peer_runs], min),
        "peak_rss_mib": max(run["peak_rss_mib"] for run in peer_runs),
    }

    sdk = None
    if arguments.sdk:
        sdk_runs = [load(path)[SDK_BENCHMARK] for path in arguments.sdk]
        sdk = {
            "products_per_second": spread([run["products_per_second"] for run in sdk_runs], max),
            "client_cpu_seconds": spread([run["client_cpu_seconds"] for run in sdk_runs], min),
            "peak_rss_mib": max(run["peak_rss_mib"] for run in sdk_runs),
        }

    floor = None
    if arguments.floor:
        rates = [round(arguments.products / seconds, 1) for seconds in arguments.floor]
        floor = {"seconds": spread(arguments.floor, min), "products_per_second": spread(rates, max)}

    def pick(side, metric, which):
        return side[metric][which] if side is not None else None

    ratios = {
        "wall_sdk_over_pymagento": {
            which: ratio(pick(sdk, "products_per_second", which), pick(peer, "products_per_second", which))
            for which in ("best", "median")
        },
        "cpu_pymagento_over_sdk": {
            which: ratio(pick(peer, "client_cpu_seconds", which), pick(sdk, "client_cpu_seconds", which))
            for which in ("best", "median")
        },
    }
    wall_met = None if sdk is None else ratios["wall_sdk_over_pymagento"]["median"] >= TARGET_WALL
    cpu_met = None if sdk is None else ratios["cpu_pymagento_over_sdk"]["median"] >= TARGET_CPU

    runs = len(peer_runs)
    print(f"Pull {arguments.products:,} products, page size 300, from one fake-commerce --input-limits on loopback;"
          f" {runs} runs each")
    print()
    print(f"{'client':<28}{'products/s':>12}{'':>12}{'CPU s':>12}{'':>12}{'peak RSS':>12}")
    print(f"{'':<28}{'best':>12}{'median':>12}{'best':>12}{'median':>12}{'MiB':>12}")
    rows = [(f"pymagento {peer['version']}", peer), ("CommerceBridge SDK", sdk)]
    for name, side in rows:
        if side is None:
            print(f"{name:<28}  not measured: {arguments.sdk_error or 'no runs'}")
            continue
        print(f"{name:<28}"
              f"{cell(side['products_per_second']['best'])}{cell(side['products_per_second']['median'])}"
              f"{cell(side['client_cpu_seconds']['best'], 3)}{cell(side['client_cpu_seconds']['median'], 3)}"
              f"{cell(side['peak_rss_mib'], 1)}")
    if floor is not None:
        print(f"{'server alone (curl)':<28}"
              f"{cell(floor['products_per_second']['best'])}{cell(floor['products_per_second']['median'])}"
              f"  (the same pages on one connection, bodies discarded: no client can page faster)")
    print()
    print(f"{'ratio':<28}{'best':>12}{'median':>12}{'target':>12}{'met':>12}")
    for label, key, target, met in (
        ("SDK/pymagento products/s", "wall_sdk_over_pymagento", TARGET_WALL, wall_met),
        ("pymagento/SDK CPU s", "cpu_pymagento_over_sdk", TARGET_CPU, cpu_met),
    ):
        verdict = "-" if met is None else ("yes" if met else "no")
        print(f"{label:<28}{cell(ratios[key]['best'], 2)}{cell(ratios[key]['median'], 2)}"
              f"{cell(target, 2)}{verdict:>12}")
    print()
    summary = {
        "benchmark": "peers_pull_10000_products",
        "runs": runs,
        "pymagento": peer,
        "sdk": sdk,
        "sdk_error": arguments.sdk_error,
        "server_alone_curl": floor,
        "ratios": ratios,
        "targets": {"wall_sdk_over_pymagento": TARGET_WALL, "cpu_pymagento_over_sdk": TARGET_CPU},
        "targets_met": None if sdk is None else bool(wall_met and cpu_met),
    }
    print(json.dumps(summary, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
