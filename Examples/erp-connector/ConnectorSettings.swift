import AdobeCommerce
import CommerceBridgePostgres
import Foundation

/// Where the connector's files live and which store it talks to, from the environment and the command line.
///
/// - `--store FILE|postgres://…`: the connector's store; a SQLite file (default `connector.sqlite` in the data
///   directory) or a PostgreSQL URI such as `postgres://connector@db.internal/bridge?sslmode=require&schema=shop`
///   (`PGHOST`, `PGUSER`, `PGPASSWORD` … fill in what it leaves out), for workers on several hosts.
/// - `--workers N`: start N worker processes on this host and supervise them (see ``Supervisor``); they share the
///   store, so each pass of the run is done by one of them and the outbox is delivered by all.
/// - `--help`: the usage.
/// - `ERP_CONNECTOR_DATA`: the directory for `erp.sqlite`, `connector.sqlite` and the fake store's
///   `commerce.json` (default `.build/erp-connector`).
/// - `COMMERCE_BASE_URL`: a real store's base URL; without it the connector serves FakeCommerce on 127.0.0.1.
/// - `COMMERCE_STORE_CODE`: the store view code (default `default`).
/// - `COMMERCE_CONSUMER_KEY`, `COMMERCE_CONSUMER_SECRET`, `COMMERCE_ACCESS_TOKEN`,
///   `COMMERCE_ACCESS_TOKEN_SECRET`: the integration's OAuth values (System › Extensions › Integrations in the admin);
///   read by `CommerceEnvironment`, as `commerce-bridge doctor` reads them.
struct ConnectorSettings {
    enum Commerce {
        case fake(snapshot: URL)
        case real(URL, CommerceAuthentication)
    }

    /// The connector's durable store.
    enum Store {
        case sqlite(URL)
        case postgres(String)
    }

    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    static let usage = """
        usage: erp-connector [--store FILE|postgres://…] [--workers N]

        Runs a connector between Adobe Commerce and a sample ERP once: catalog, inventory, orders, fulfilment,
        pricing, customers and a reconciliation, then prints a report.

          --store FILE|postgres://…  the connector's store: a SQLite file (default connector.sqlite in the data
                                     directory) or a PostgreSQL URI, e.g.
                                     postgres://connector@db.internal/bridge?sslmode=require&schema=shop
          --workers N                start N worker processes on this host that share the store: each pass of the
                                     run (catalog, structure, inventory, import, orders, after-sales both ways,
                                     prices, customers, reconciliation) runs on exactly one of them, after the
                                     passes it builds on, claimed in the store, and every worker delivers the outbox. The
                                     parent supervises them: SIGTERM and SIGINT are forwarded (the workers stop
                                     after the work in hand), and it exits non-zero when a worker fails, stopping
                                     the others. Run it on several hosts against one PostgreSQL store to scale out.
          --help                     this text

        Environment: ERP_CONNECTOR_DATA (files; default .build/erp-connector), COMMERCE_BASE_URL and
        COMMERCE_STORE_CODE (a real store; default: FakeCommerce on 127.0.0.1), COMMERCE_CONSUMER_KEY,
        COMMERCE_CONSUMER_SECRET, COMMERCE_ACCESS_TOKEN, COMMERCE_ACCESS_TOKEN_SECRET (the integration's OAuth
        values).
        """

    var dataDirectory: URL
    var commerce: Commerce
    var storeCode: StoreCode
    var store: Store
    /// Whether to print the usage and stop.
    var help = false
    /// `--workers N`: how many worker processes to supervise.
    var workers: Int?
    /// `--worker I --run R`: this process is worker I of run R, started by a supervisor.
    var worker: (index: Int, run: Int)?

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
            case "--workers":
                guard let value = rest.popFirst(), let count = Int(value), (1...64).contains(count) else {
                    throw Invalid(description: "--workers needs a number of worker processes from 1 to 64")
                }
                workers = count
            case "--worker":
                // Internal: how a supervisor starts its workers.
                guard let index = rest.popFirst().flatMap({ Int($0) }), rest.popFirst() == "--run",
                    let run = rest.popFirst().flatMap({ Int($0) })
                else { throw Invalid(description: "--worker needs an index and --run with the run number") }
                worker = (index, run)
            case "--help", "-h":
                help = true
            default:
                throw Invalid(
                    description: "unknown argument \(argument); usage: erp-connector [--store FILE|postgres://…] "
                        + "[--workers N] [--help]")
            }
        }
        if workers != nil, worker != nil {
            throw Invalid(description: "--workers starts workers itself; it does not go with --worker")
        }
        let real: CommerceEnvironment?
        do {
            real = try CommerceEnvironment(environment)
        } catch {
            throw Invalid(description: error.message)
        }
        guard let real else {
            commerce = .fake(snapshot: dataDirectory.appendingPathComponent("commerce.json"))
            return
        }
        commerce = .real(real.baseURL, real.authentication)
    }

    func file(_ name: String) -> URL { dataDirectory.appendingPathComponent(name) }

    /// The store as `--store` takes it, password included: for the workers a supervisor starts.
    var storeValue: String {
        switch store {
        case .sqlite(let url): url.path
        case .postgres(let connection): connection
        }
    }

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
