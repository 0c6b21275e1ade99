// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "CommerceBridge",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "AdobeCommerce", targets: ["AdobeCommerce"]),
        .library(name: "AdobeCommerceURLSession", targets: ["AdobeCommerceURLSession"]),
        .library(name: "CommerceBridge", targets: ["CommerceBridge"]),
        .library(name: "CommerceBridgeSQLite", targets: ["CommerceBridgeSQLite"]),
        .library(name: "CommerceBridgePostgres", targets: ["CommerceBridgePostgres"]),
        .library(name: "CommerceBridgeHTTPServer", targets: ["CommerceBridgeHTTPServer"]),
        .library(name: "CommerceBridgeRabbitMQ", targets: ["CommerceBridgeRabbitMQ"]),
        .library(name: "AdobeCommerceTesting", targets: ["AdobeCommerceTesting"]),
        .library(name: "CommerceBridgeTesting", targets: ["CommerceBridgeTesting"]),
        .executable(name: "fake-commerce", targets: ["fake-commerce"]),
        .executable(name: "commerce-bridge", targets: ["commerce-bridge"]),
        .executable(name: "commerce-codegen", targets: ["commerce-codegen"]),
    ],
    dependencies: [],
    targets: [
        .target(name: "AdobeCommerce"),
        .target(name: "AdobeCommerceURLSession", dependencies: ["AdobeCommerce"]),
        .target(name: "CommerceBridge", dependencies: ["AdobeCommerce"]),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        .target(name: "CommerceBridgeSQLite", dependencies: ["AdobeCommerce", "CommerceBridge", "CSQLite"]),
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"]), .brew(["libpq"])]
        ),
        .target(name: "CommerceBridgePostgres", dependencies: ["AdobeCommerce", "CommerceBridge", "CLibPQ"]),
        .target(name: "CommerceBridgeHTTPServer", dependencies: ["AdobeCommerce"]),
        .target(name: "AdobeCommerceTesting", dependencies: ["AdobeCommerce", "CommerceBridgeHTTPServer"]),
        .systemLibrary(
            name: "CRabbitMQ",
            pkgConfig: "librabbitmq",
            providers: [.apt(["librabbitmq-dev"]), .brew(["rabbitmq-c"])]
        ),
        .target(name: "CommerceBridgeRabbitMQ", dependencies: ["AdobeCommerce", "CommerceBridge", "CRabbitMQ"]),
        .target(
            name: "CommerceBridgeTesting",
            dependencies: ["AdobeCommerce", "AdobeCommerceTesting", "CommerceBridge"]
        ),
        .target(name: "CommerceCodegen"),
        .executableTarget(name: "commerce-codegen", dependencies: ["CommerceCodegen"]),
        .executableTarget(name: "fake-commerce", dependencies: ["AdobeCommerce", "AdobeCommerceTesting"]),
        .executableTarget(
            name: "commerce-bridge",
            dependencies: [
                "AdobeCommerce", "AdobeCommerceURLSession", "CommerceBridge", "CommerceBridgePostgres",
                "CommerceBridgeSQLite",
            ]
        ),
        .executableTarget(
            name: "quickstart",
            dependencies: ["AdobeCommerce", "AdobeCommerceTesting"],
            path: "Examples/quickstart"
        ),
        .executableTarget(
            name: "erp-connector",
            dependencies: [
                "AdobeCommerce", "AdobeCommerceTesting", "AdobeCommerceURLSession", "CommerceBridge",
                "CommerceBridgePostgres", "CommerceBridgeSQLite",
            ],
            path: "Examples/erp-connector"
        ),
        .executableTarget(
            name: "custom-erp-adapter",
            dependencies: ["AdobeCommerce", "AdobeCommerceTesting", "CommerceBridge", "CommerceBridgeTesting"],
            path: "Examples/custom-erp-adapter"
        ),
        .executableTarget(
            name: "event-driven-connector",
            dependencies: [
                "AdobeCommerce", "AdobeCommerceTesting", "AdobeCommerceURLSession", "CommerceBridge",
                "CommerceBridgeHTTPServer", "CommerceBridgeSQLite", "CommerceBridgeTesting",
            ],
            path: "Examples/event-driven-connector"
        ),
        .executableTarget(
            name: "headless-checkout",
            dependencies: ["AdobeCommerce", "AdobeCommerceTesting"],
            path: "Examples/headless-checkout"
        ),
        .executableTarget(
            name: "commerce-bench",
            dependencies: [
                "AdobeCommerce", "AdobeCommerceTesting", "AdobeCommerceURLSession", "CommerceBridge",
                "CommerceBridgePostgres", "CommerceBridgeSQLite", "CommerceBridgeTesting", "CSQLite",
                "PostgresTestSupport",
            ],
            path: "Benchmarks/commerce-bench"
        ),
        .testTarget(
            name: "AdobeCommerceTests",
            dependencies: ["AdobeCommerce", "AdobeCommerceTesting"],
            exclude: ["Fixtures"]  // read from the source tree by the tests that use them
        ),
        .testTarget(name: "CommerceCodegenTests", dependencies: ["CommerceCodegen"]),
        .testTarget(
            name: "AdobeCommerceURLSessionTests",
            dependencies: ["AdobeCommerce", "AdobeCommerceTesting", "AdobeCommerceURLSession"]
        ),
        .testTarget(
            name: "CommerceBridgeTests",
            dependencies: ["AdobeCommerce", "AdobeCommerceTesting", "CommerceBridge", "CommerceBridgeTesting"]
        ),
        .executableTarget(
            name: "outbox-crash-worker",
            dependencies: ["AdobeCommerce", "CommerceBridge", "CommerceBridgeSQLite", "CSQLite"],
            path: "Tests/OutboxCrashWorker"
        ),
        // MARK: inbox crash test
        .executableTarget(
            name: "inbox-crash-worker",
            dependencies: [
                "AdobeCommerce", "CommerceBridge", "CommerceBridgePostgres", "CommerceBridgeSQLite",
                "CommerceBridgeTesting",
            ],
            path: "Tests/InboxCrashWorker"
        ),
        .testTarget(
            name: "CommerceBridgeSQLiteTests",
            dependencies: [
                "AdobeCommerce", "AdobeCommerceTesting", "CommerceBridge", "CommerceBridgeSQLite",
                "CommerceBridgeTesting", "CSQLite", "outbox-crash-worker", "inbox-crash-worker",
            ]
        ),
        .target(
            name: "PostgresTestSupport",
            dependencies: ["AdobeCommerce", "AdobeCommerceTesting", "CommerceBridge", "CommerceBridgePostgres"],
            path: "Tests/PostgresTestSupport"
        ),
        .executableTarget(
            name: "postgres-crash-worker",
            dependencies: ["AdobeCommerce", "CommerceBridge", "CommerceBridgePostgres"],
            path: "Tests/PostgresCrashWorker"
        ),
        .testTarget(
            name: "CommerceBridgePostgresTests",
            dependencies: [
                "AdobeCommerce", "AdobeCommerceTesting", "CommerceBridge", "CommerceBridgePostgres",
                "CommerceBridgeTesting", "PostgresTestSupport", "commerce-bridge", "erp-connector",
                "postgres-crash-worker", "inbox-crash-worker",
            ]
        ),
        .executableTarget(
            name: "production-scale-worker",
            dependencies: [
                "AdobeCommerce", "AdobeCommerceTesting", "AdobeCommerceURLSession", "CommerceBridge",
                "CommerceBridgeSQLite",
            ],
            path: "Tests/ProductionScaleWorker"
        ),
        .testTarget(
            name: "ProductionScaleTests",
            dependencies: [
                "AdobeCommerce", "AdobeCommerceTesting", "CommerceBridge", "CommerceBridgeSQLite",
                "production-scale-worker",
            ]
        ),
        .testTarget(
            name: "ExamplesTests",
            dependencies: [
                "AdobeCommerce", "AdobeCommerceTesting", "erp-connector", "commerce-bridge", "custom-erp-adapter",
                "fake-commerce", "quickstart", "headless-checkout",
            ]
        ),
        .testTarget(
            name: "AdobeCommerceTestingTests",
            dependencies: ["AdobeCommerce", "AdobeCommerceTesting", "AdobeCommerceURLSession"]
        ),
        .target(
            name: "RabbitMQTestSupport",
            dependencies: ["AdobeCommerceTesting", "CRabbitMQ"],
            path: "Tests/RabbitMQTestSupport"
        ),
        .testTarget(
            name: "CommerceBridgeRabbitMQTests",
            dependencies: [
                "AdobeCommerce", "AdobeCommerceTesting", "CommerceBridge", "CommerceBridgeRabbitMQ",
                "CommerceBridgeTesting", "RabbitMQTestSupport",
            ]
        ),
        .testTarget(
            name: "CommerceBridgeHTTPServerTests",
            dependencies: ["AdobeCommerce", "AdobeCommerceTesting", "CommerceBridgeHTTPServer"]
        ),
        .testTarget(
            name: "CommerceBridgeTestingTests",
            dependencies: ["AdobeCommerce", "AdobeCommerceTesting", "CommerceBridge", "CommerceBridgeTesting"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(contentsOf: [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
    ])
    target.swiftSettings = settings
}
