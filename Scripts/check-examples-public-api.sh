#!/usr/bin/env bash
# Builds the examples as an adopter's package would: a separate package that depends on this one by path, so that
# only public API is visible (SwiftPM lets targets of one package see each other's `package` symbols). An example
# that reaches for a package-only helper fails here, not in an adopter's copy.
# Usage: Scripts/check-examples-public-api.sh [scratch-dir]   (default .build/adopter)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
identity="$(basename "$root" | tr '[:upper:]' '[:lower:]')"
adopter="${1:-$root/.build/adopter}"
rm -rf "$adopter/Package.swift" "$adopter/Examples"
mkdir -p "$adopter/Examples"
for example in erp-connector custom-erp-adapter quickstart headless-checkout; do
    ln -s "$root/Examples/$example" "$adopter/Examples/$example"
done
cat >"$adopter/Package.swift" <<MANIFEST
// swift-tools-version: 6.2
import PackageDescription

func products(_ names: String...) -> [Target.Dependency] {
    names.map { .product(name: \$0, package: "$identity") }
}

let package = Package(
    name: "Adopter",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "$root")],
    targets: [
        .executableTarget(
            name: "erp-connector",
            dependencies: products(
                "AdobeCommerce", "AdobeCommerceTesting", "AdobeCommerceURLSession", "CommerceBridge",
                "CommerceBridgePostgres", "CommerceBridgeSQLite"),
            path: "Examples/erp-connector"),
        .executableTarget(
            name: "custom-erp-adapter",
            dependencies: products("AdobeCommerce", "AdobeCommerceTesting", "CommerceBridge", "CommerceBridgeTesting"),
            path: "Examples/custom-erp-adapter"),
        .executableTarget(
            name: "quickstart", dependencies: products("AdobeCommerce", "AdobeCommerceTesting"),
            path: "Examples/quickstart"),
        .executableTarget(
            name: "headless-checkout", dependencies: products("AdobeCommerce", "AdobeCommerceTesting"),
            path: "Examples/headless-checkout"),
    ],
    swiftLanguageModes: [.v6]
)

for target in package.targets {
    target.swiftSettings = [
        .enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
    ]
}
MANIFEST
swift build --package-path "$adopter" -Xswiftc -warnings-as-errors
echo "The examples build on public API alone."
