// commerce-bridge: operate a connector's store, SQLite or PostgreSQL: the outbox, the dead-letter queue,
// checkpoints, the review list and the audit log, their retention and erasure; and check a live store before going
// live (`doctor`).
//
//   swift run commerce-bridge --store .build/erp-connector/connector.sqlite status
//   swift run commerce-bridge --store 'postgres://ops@db.internal/bridge?sslmode=require' dlq list
//   COMMERCE_BASE_URL=https://shop.example.com COMMERCE_CONSUMER_KEY=… swift run commerce-bridge doctor
import AdobeCommerce
import AdobeCommerceURLSession
import CommerceBridge
import CommerceBridgePostgres
import CommerceBridgeSQLite
import Foundation

let usage = """
    usage: commerce-bridge --store FILE|postgres://… COMMAND
           commerce-bridge doctor [--async-timeout SECONDS]

    The store is a SQLite file, or a PostgreSQL URI (postgres://user@host:port/db?sslmode=require&schema=NAME; the
    schema defaults to commerce_bridge, and PGHOST, PGUSER, PGPASSWORD … fill in what the URI leaves out, so
    --store postgres:// takes everything from the environment).

    commands:
      status                         the outbox (waiting per destination, leased, dead-lettered) and checkpoints
      dlq list [--limit N] [--offset N]
      dlq show ID                    one dead letter: its message, payload and every attempt
      dlq replay ID... | --all       back to the outbox, due now, attempts reset
      dlq discard ID... | --all      removed for good
      review list [--limit N] [--offset N]
      review resolve ID...           take reviewed items off the list
      audit --entity KIND@SYSTEM:KEY | --correlation ID
                                     decisions recorded for a record (e.g. order@commerce:000000012) or a flow
      purge [--audit-days N] [--review-days N] [--dead-letter-days N]
                                     remove history older than N days (kinds not named are kept)
      erase --entity KIND@SYSTEM:KEY blank what the audit trail and review list hold about one record, such as a
                                     customer who asked to be forgotten (customer@commerce:jane@example.com)

    doctor                           check a live store before going live: reachable, TLS, version, authentication
                                     (and whether the access token works as a bearer token), the ACL resources the
                                     engines need, web API input limits, the async consumer (waits up to
                                     --async-timeout seconds, default 30), and the live schema against the SDK's;
                                     exits 1 when a check fails. Reads COMMERCE_BASE_URL, COMMERCE_STORE_CODE and the
                                     integration's COMMERCE_CONSUMER_KEY, COMMERCE_CONSUMER_SECRET,
                                     COMMERCE_ACCESS_TOKEN, COMMERCE_ACCESS_TOKEN_SECRET (or COMMERCE_ACCESS_TOKEN
                                     alone, sent as a bearer token); needs no --store.
    """

/// Writes a line at once, also into a pipe.
func say(_ text: String = "") { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }

func fail(_ message: String, code: Int32 = 64) -> Never {
    FileHandle.standardError.write(Data("commerce-bridge: \(message)\n".utf8))
    exit(code)
}

var arguments = Array(CommandLine.arguments.dropFirst())[...]
var storePath: String?
var words: [String] = []
while let argument = arguments.popFirst() {
    switch argument {
    case "--help", "-h":
        say(usage)
        exit(0)
    case "--store":
        guard let path = arguments.popFirst() else { fail("--store needs a file") }
        storePath = path
    default:
        words.append(argument)
    }
}
if words.first == "doctor" {
    var asyncTimeout = Duration.seconds(30)
    var rest = words.dropFirst()
    while let flag = rest.popFirst() {
        guard flag == "--async-timeout", let text = rest.popFirst(), let seconds = Double(text), seconds > 0 else {
            fail("doctor takes --async-timeout SECONDS\n\n\(usage)")
        }
        asyncTimeout = .milliseconds(Int(seconds * 1000))
    }
    let environment: CommerceEnvironment
    do {
        guard let read = try CommerceEnvironment(ProcessInfo.processInfo.environment) else {
            fail("doctor checks the store COMMERCE_BASE_URL names; set it and the integration's COMMERCE_* values")
        }
        environment = read
    } catch {
        fail(error.message)
    }
    let transport = URLSessionTransport(maximumConnectionsPerHost: 2)
    let doctor = Doctor(
        http: DoctorHTTP(environment: environment, transport: transport, timeout: .seconds(20)),
        asyncTimeout: asyncTimeout)
    say("commerce-bridge doctor: \(environment.baseURL.absoluteString) (store \(environment.storeCode.rawValue))")
    say()
    let report = await doctor.run()
    transport.shutdown()
    for line in report.rendered(secrets: doctor.secrets) { say(line) }
    exit(report.isReady ? 0 : 1)
}
guard let storePath else { fail("which store? pass --store FILE or --store postgres://…\n\n\(usage)") }
let store: any ConnectorStore
if storePath.hasPrefix("postgres://") || storePath.hasPrefix("postgresql://") {
    var configuration = PostgresConnectorStore.Configuration()
    configuration.createsSchema = false  // a mistyped URL or schema must not create an empty store
    configuration.reconnectTimeout = .seconds(3)
    configuration.applicationName = "commerce-bridge-cli"
    do {
        store = try await PostgresConnectorStore(connectionString: storePath, configuration: configuration)
    } catch let error as BridgeError where error.code == .notFound {
        fail("\(error.message) Check the URL and the schema (the connector creates it on its first run).", code: 66)
    } catch {
        fail("cannot open \(PostgresConnectorStore.redact(storePath)): \(error)", code: 66)
    }
} else {
    guard FileManager.default.fileExists(atPath: storePath) else {
        fail("there is no store at \(storePath); check the path (the connector creates it on its first run)", code: 66)
    }
    do {
        store = try SQLiteConnectorStore(path: storePath)
    } catch {
        fail("cannot open \(storePath): \(error)", code: 66)
    }
}
let operatorCommand: OperatorCommand
do {
    operatorCommand = try OperatorCommand(words)
} catch {
    fail("\(error)\n\n\(usage)")
}
do {
    try await operatorCommand.run(on: store, say: say)
} catch {
    fail("\(error)", code: 1)
}
