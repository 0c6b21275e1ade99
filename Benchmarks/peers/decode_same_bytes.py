"""Decode one products search page with Python's json and orjson, and compare with the SDK on the same bytes.

Called by Benchmarks/peers/run.sh:

    python decode_same_bytes.py PAGE.json SDK.json

PAGE.json is a 300-product page from the fake; SDK.json is commerce-bench's output for
`--filter decode_products_page_file --page-file PAGE.json` (the SDK's decoder and Foundation's JSONDecoder into
SearchResults<Product>). Prints a small table and one JSON line. Python's figures are the best of five rounds of
40 loads each, as commerce-bench takes the best of three rounds of 40 decodes.
"""

import json
import sys
import time


def best_mb_per_second(load, body: bytes) -> float:
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(40):
            load(body)
        best = min(best, time.perf_counter() - start)
    return round(len(body) * 40 / best / 1_000_000, 1)


def main() -> int:
    page_path, sdk_path = sys.argv[1], sys.argv[2]
    with open(page_path, "rb") as file:
        body = file.read()
    items = len(json.loads(body)["items"])
    figures = {"bytes": len(body), "items": items, "python_json_mb_per_second": best_mb_per_second(json.loads, body)}
    try:
        import orjson

        figures["orjson_mb_per_second"] = best_mb_per_second(orjson.loads, body)
        figures["orjson_version"] = orjson.__version__
    except ImportError:
        figures["orjson_mb_per_second"] = None
    with open(sdk_path, encoding="utf-8") as file:
        sdk = json.load(file)["decode_products_page_file"]
    figures["sdk_mb_per_second"] = sdk["mb_per_second"]
    figures["foundation_mb_per_second"] = sdk["foundation_mb_per_second"]
    orjson_rate = figures["orjson_mb_per_second"]
    figures["sdk_over_orjson"] = round(sdk["mb_per_second"] / orjson_rate, 2) if orjson_rate else None
    figures["sdk_over_python_json"] = round(sdk["mb_per_second"] / figures["python_json_mb_per_second"], 2)
    figures["sdk_over_foundation"] = round(sdk["mb_per_second"] / sdk["foundation_mb_per_second"], 2)

    print(f"\nDecoding the same {len(body):,}-byte page of {items} products (MB/s, best of the rounds)\n")
    rows = [
        ("SDK (CommerceJSONDecoder into SearchResults<Product>)", figures["sdk_mb_per_second"]),
        ("Foundation JSONDecoder into the same models", figures["foundation_mb_per_second"]),
        ("Python json.loads (dicts)", figures["python_json_mb_per_second"]),
        ("orjson.loads (dicts)", orjson_rate),
    ]
    for name, value in rows:
        print(f"  {name:<56}{'-' if value is None else f'{value:,.1f}':>10}")
    print(
        f"\n  SDK/orjson {figures['sdk_over_orjson']}  SDK/json {figures['sdk_over_python_json']}"
        f"  SDK/Foundation {figures['sdk_over_foundation']}  (targets: SDK/orjson at least 1, SDK/Foundation at least 4)"
    )
    print(json.dumps({"benchmark": "peers_decode_same_bytes", **figures}, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
