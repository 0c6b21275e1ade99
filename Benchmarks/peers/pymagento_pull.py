"""Pull every product from an Adobe Commerce REST API with pymagento, once, and print one JSON object.

The peer half of Benchmarks/peers/run.sh (issue 12); run.sh starts one process per pull so each pull, like each
commerce-bench run, starts with a new client and new connections.

    PYMAGENTO_TOKEN=... python pymagento_pull.py --base-url http://127.0.0.1:PORT [--expect 10000]

How pymagento is called (read from pymagento 2.14.0's magento/client.py):

- ``Magento(token=..., base_url=..., scope=..., batch_page_size=300)``. ``base_url`` is the host without
  ``/rest``: pymagento builds ``/rest/<scope>/V1/...`` itself (``make_full_path``), and the scope ``"default"``
  drops the store segment altogether (``/rest/V1/...``) rather than meaning ``/rest/default/V1``. Its default
  scope is ``"all"`` (``/rest/all/V1/products/``, with a trailing slash), which is what we use.
- The page size goes through the constructor's ``batch_page_size`` (it overrides the class's ``PAGE_SIZE``,
  1000); no subclass is needed. It must be set: with the web API input limits (on by default since 2.4.7, and
  ``fake-commerce --input-limits``) a page of 1000 is refused with 400 "Maximum SearchCriteria pageSize is 300".
- ``get_products()`` is a generator over ``get_paginated("/V1/products/")``: ``searchCriteria[pageSize]`` and
  ``searchCriteria[currentPage]`` from 1, stopping once it has yielded ``total_count`` items.

What is measured: only the pull. The interpreter's start-up, the imports and building the client (no network)
come before the first reading; wall time from ``time.perf_counter()``, CPU time (user + system) of this process
from ``resource.getrusage`` deltas, cross-checked with ``time.process_time()``. The pull keeps each product's SKU,
which is all a sync would need to go on from here; the distinct-SKU check runs after the clock stops.

The token comes from the environment (``PYMAGENTO_TOKEN``, pymagento's own variable), never the command line, so
it does not show in ``ps``. Exit status: 0 when the pull got exactly ``--expect`` distinct SKUs, 1 when it did not
(the JSON still prints, with ``error``), 2 for a usage error.
"""

import argparse
import json
import os
import platform
import resource
import sys
import time

import magento
import requests

PAGE_SIZE = 300


def cpu_seconds() -> tuple[float, float]:
    """User and system CPU seconds this process has used so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime, usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True, help="the store's base URL, without /rest (http://host:port)")
    parser.add_argument("--scope", default="all", help="pymagento's scope, the store code in /rest/<scope>/V1 "
                                                       "(default: all; 'default' means /rest/V1)")
    parser.add_argument("--expect", type=int, default=10_000, help="distinct SKUs the pull must get (default 10000)")
    arguments = parser.parse_args()

    token = os.environ.get("PYMAGENTO_TOKEN")
    if not token:
        parser.error("set PYMAGENTO_TOKEN to an admin bearer token")

    client = magento.Magento(token=token, base_url=arguments.base_url, scope=arguments.scope,
                             batch_page_size=PAGE_SIZE)
    requests_made = 0
    response_bytes = 0

    def count_request(response: requests.Response, *args: object, **kwargs: object) -> None:
        nonlocal requests_made, response_bytes
        requests_made += 1
        response_bytes += len(response.content)

    client.hooks["response"].append(count_request)

    error = None
    skus: list[str] = []
    user_before, system_before = cpu_seconds()
    process_before = time.process_time()
    wall_before = time.perf_counter()
    try:
        skus = [product["sku"] for product in client.get_products()]
    except Exception as failure:  # the JSON reports any failure; the exit status says it failed
        error = f"{type(failure).__name__}: {failure}"
    wall = time.perf_counter() - wall_before
    process_cpu = time.process_time() - process_before
    user_after, system_after = cpu_seconds()
    client.close()

    distinct = len(set(skus))
    if error is None and (distinct != arguments.expect or len(skus) != arguments.expect):
        error = f"expected {arguments.expect} distinct SKUs, got {len(skus)} products with {distinct} distinct SKUs"

    user = user_after - user_before
    system = system_after - system_before
    result = {
        "client": "pymagento",
        "pymagento_version": magento.__version__,
        "requests_version": requests.__version__,
        "python": platform.python_version(),
        "scope": arguments.scope,
        "page_size": PAGE_SIZE,
        "requests": requests_made,
        "response_bytes": response_bytes,
        "products": len(skus),
        "distinct_skus": distinct,
        "wall_seconds": round(wall, 4),
        "products_per_second": round(len(skus) / wall, 1) if wall > 0 and error is None else None,
        "client_cpu_seconds": round(user + system, 4),
        "user_cpu_seconds": round(user, 4),
        "system_cpu_seconds": round(system, 4),
        "process_time_seconds": round(process_cpu, 4),
        # ru_maxrss is in KiB on Linux; the process's peak since it started, interpreter included.
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if error is not None:
        result["error"] = error
    print(json.dumps(result))
    if error is None:
        print(f"pymagento: {result['products_per_second']:,.0f} products/s, {result['client_cpu_seconds']:.3f} CPU s, "
              f"{requests_made} requests", file=sys.stderr)
    return 0 if error is None else 1


if __name__ == "__main__":
    sys.exit(main())
