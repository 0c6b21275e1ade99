#!/usr/bin/env bash
# Regenerates Sources/AdobeCommerce/Generated (CommerceSchema) from Adobe's 2.4.9 admin REST schema with
# commerce-codegen; with --check, changes nothing and fails when the committed files differ (as .ci/run does).
# Usage: Scripts/generate-commerce-schema.sh [--check]
# The schema and the route table (for ACL resources) are read from ../shared/reference, or from
# ADOBE_COMMERCE_OPENAPI and ADOBE_COMMERCE_ROUTES.
set -euo pipefail
cd "$(dirname "$0")/.."
schema="${ADOBE_COMMERCE_OPENAPI:-$PWD/../shared/reference/adobe-commerce-admin-rest-2.4.9.json}"
routes="${ADOBE_COMMERCE_ROUTES:-$PWD/../shared/reference/magento-rest-routes.tsv}"
for file in "$schema" "$routes"; do
    [ -f "$file" ] || { echo "error: $file not found; set ADOBE_COMMERCE_OPENAPI and ADOBE_COMMERCE_ROUTES." >&2; exit 1; }
done
swift build --product commerce-codegen >/dev/null
"$(swift build --show-bin-path)/commerce-codegen" --schema "$schema" --acl "$routes" \
    --output Sources/AdobeCommerce/Generated --namespace CommerceSchema --accessor operations \
    --part-of-adobe-commerce "$@"
