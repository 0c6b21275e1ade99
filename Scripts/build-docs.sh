#!/usr/bin/env bash
# Builds the DocC archive of every public module with the toolchain's docc, failing on any warning.
# Usage: Scripts/build-docs.sh [output-dir]   (default .build/docs)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-.build/docs}"
mkdir -p "$out"
# The dump also tries the test bundles, which fail until they are built; only the libraries' graphs matter.
dump=$(swift package dump-symbol-graph --minimum-access-level public 2>&1 || true)
graphs=$(printf '%s\n' "$dump" | sed -n 's/^Files written to //p')
[ -d "$graphs" ] || { printf '%s\n' "$dump" >&2; echo "error: no symbol graphs were written" >&2; exit 1; }
docc_bin=$(command -v docc || xcrun --find docc)
for module in AdobeCommerce AdobeCommerceURLSession AdobeCommerceTesting CommerceBridge CommerceBridgeSQLite \
    CommerceBridgePostgres CommerceBridgeHTTPServer CommerceBridgeRabbitMQ \
    CommerceBridgeTesting; do
    [ -f "$graphs/$module.symbols.json" ] || { echo "error: no symbol graph for $module" >&2; exit 1; }
    module_graphs=".build/docc-graphs/$module"
    rm -rf "$module_graphs" && mkdir -p "$module_graphs"
    cp "$graphs/$module".symbols.json "$module_graphs/"
    cp "$graphs/$module"@*.symbols.json "$module_graphs/" 2>/dev/null || true
    "$docc_bin" convert "Sources/$module/Documentation.docc" \
        --additional-symbol-graph-dir "$module_graphs" \
        --fallback-display-name "$module" --fallback-bundle-identifier "org.commercebridge.$module" \
        --output-path "$out/$module.doccarchive" --warnings-as-errors
done
echo "DocC archives in $out"
