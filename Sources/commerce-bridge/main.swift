// commerce-bridge: operate a connector's store, SQLite or PostgreSQL: the outbox, the dead-letter queue,
// checkpoints, the review list and the audit log, their retention and erasure.
//
//   swift run commerce-bridge --store .build/erp-connector/connector.sqlite status
//   swift run commerce-bridge --store 'postgres://ops@db.internal/bridge?sslmode=require' dlq list
import CommerceBridge
import CommerceBridgePostgres
import CommerceBridgeSQLite
import Foundation

let usage = """
    usage: commerce-bridge --store FILE|postgres://… COMMAND

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
