// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "CommerceBridge",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "AdobeCommerce", targets: ["AdobeCommerce"]),
        .library(name: "AdobeCommerceURLSession", targets: ["AdobeCommerceURLSession"]),
        .library(name: "CommerceBridgeTesting", targets: ["CommerceBridgeTesting"]),
    ],
    dependencies: [],
    targets: [
        .target(name: "AdobeCommerce"),
        .target(name: "AdobeCommerceURLSession", dependencies: ["AdobeCommerce"]),
        .target(name: "CommerceBridgeTesting", dependencies: ["AdobeCommerce"]),
        .executableTarget(
            name: "quickstart",
            dependencies: ["AdobeCommerce", "CommerceBridgeTesting"],
            path: "Examples/quickstart"
        ),
        .executableTarget(
            name: "commerce-bench",
            dependencies: ["AdobeCommerce", "CommerceBridgeTesting"],
            path: "Benchmarks/commerce-bench"
        ),
        .testTarget(name: "AdobeCommerceTests", dependencies: ["AdobeCommerce", "CommerceBridgeTesting"]),
        .testTarget(
            name: "AdobeCommerceURLSessionTests",
            dependencies: ["AdobeCommerce", "AdobeCommerceURLSession"]
        ),
        .testTarget(
            name: "CommerceBridgeTestingTests",
            dependencies: ["AdobeCommerce", "CommerceBridgeTesting"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(contentsOf: [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
    ])
    target.swiftSettings = settings
}
