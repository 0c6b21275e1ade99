import AdobeCommerce
import CommerceBridgePostgres
import Foundation

/// Where the connector's files live and which store it talks to, from the environment and the command line.
///
/// - `--store FILE|postgres://…`: the connector's store; a SQLite file (default `connector.sqlite` in the data
///   directory) or a PostgreSQL URI such as `postgres://connector@db.internal/bridge?sslmode=require&schema=shop`
///   (`PGHOST`, `PGUSER`, `PGPASSWORD` … fill in what it leaves out), for workers on several hosts.
/// - `ERP_CONNECTOR_DATA`: the directory for `erp.sqlite`, `connector.sqlite` and the fake store's
///   `commerce.json` (default `.build/erp-connector`).
/// - `COMMERCE_BASE_URL`: a real store's base URL; without it the connector serves FakeCommerce on 127.0.0.1.
/// - `COMMERCE_STORE_CODE`: the store view code (default `default`).
/// - `COMMERCE_CONSUMER_KEY`, `COMMERCE_CONSUMER_SECRET`, `COMMERCE_ACCESS_TOKEN`,
///   `COMMERCE_ACCESS_TOKEN_SECRET`: the integration's OAuth values (System › Extensions › Integrations in the admin).
struct ConnectorSettings {
    enum Commerce {
        case fake(snapshot: URL)
        case real(URL, IntegrationCredentials)
    }

    /// The connector's durable store.
    enum Store {
        case sqlite(URL)
        case postgres(String)
    }

    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    static let credentialVariables = [
        "COMMERCE_CONSUMER_KEY", "COMMERCE_CONSUMER_SECRET", "COMMERCE_ACCESS_TOKEN", "COMMERCE_ACCESS_TOKEN_SECRET",
    ]

    var dataDirectory: URL
    var commerce: Commerce
    var storeCode: StoreCode
    var store: Store

    init(environment: [String: String], arguments: [String] = []) throws(Invalid) {
        dataDirectory = URL(fileURLWithPath: environment["ERP_CONNECTOR_DATA"] ?? ".build/erp-connector")
        storeCode = StoreCode(rawValue: environment["COMMERCE_STORE_CODE"] ?? "default")
        store = .sqlite(dataDirectory.appendingPathComponent("connector.sqlite"))
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--store":
                guard let value = rest.popFirst(), !value.isEmpty else {
                    throw Invalid(description: "--store needs a SQLite file or a postgres:// URI")
                }
                store =
                    value.hasPrefix("postgres://") || value.hasPrefix("postgresql://")
                    ? .postgres(value) : .sqlite(URL(fileURLWithPath: value))
            default:
                throw Invalid(
                    description: "unknown argument \(argument); usage: erp-connector [--store FILE|postgres://…]")
            }
        }
        guard let base = environment["COMMERCE_BASE_URL"], !base.isEmpty else {
            commerce = .fake(snapshot: dataDirectory.appendingPathComponent("commerce.json"))
            return
        }
        guard let url = URL(string: base), url.scheme == "https" || url.scheme == "http", url.host != nil else {
            throw Invalid(description: "COMMERCE_BASE_URL is not an http(s) URL; set it to the store's base URL")
        }
        let missing = Self.credentialVariables.filter { (environment[$0] ?? "").isEmpty }
        guard missing.isEmpty else {
            throw Invalid(
                description: "COMMERCE_BASE_URL is set but \(missing.joined(separator: ", ")) "
                    + "\(missing.count == 1 ? "is" : "are") not; copy them from System › Extensions › Integrations in the admin"
            )
        }
        let value = { (name: String) in environment[name] ?? "" }
        commerce = .real(
            url,
            IntegrationCredentials(
                consumerKey: value("COMMERCE_CONSUMER_KEY"), consumerSecret: value("COMMERCE_CONSUMER_SECRET"),
                accessToken: value("COMMERCE_ACCESS_TOKEN"), accessTokenSecret: value("COMMERCE_ACCESS_TOKEN_SECRET")))
    }

    func file(_ name: String) -> URL { dataDirectory.appendingPathComponent(name) }

    /// The store as the operator tool's `--store` takes it, without a password.
    var storeArgument: String {
        switch store {
        case .sqlite(let url): url.relativePath
        case .postgres(let connection): "'\(PostgresConnectorStore.redact(connection))'"
        }
    }

    /// The path of `name` as given (relative to the working directory unless ERP_CONNECTOR_DATA was absolute).
    func path(_ name: String) -> String { file(name).relativePath }
}
