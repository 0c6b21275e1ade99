// inbox-crash-worker: one worker process of the inbox crash tests (InboxCrashTests on SQLite, PostgresInboxCrashTests).
//
//   inbox-crash-worker sqlite <store.sqlite> <sink.log> <received-marker>
//   inbox-crash-worker postgres <connection> <schema> <sink.log> <received-marker>
//       handles the store's inbox until the marker file exists (every delivery was received) and nothing is pending,
//       then prints its totals and exits 0. The test kills it with SIGKILL at random moments and starts another.
//
// The handler does two things for each event, with 1–6 ms of a destination's latency between them:
// - it appends `H <event id> <pid>` to the sink, a plain append-only file that deduplicates nothing, BEFORE the
//   acknowledgement commits: it shows every time a handler ran, so a worker killed between the sink write and the
//   commit shows up as a duplicate, honestly;
// - it adds an audit record (action `inbox.effect`, correlation id the event id, rule this pid, key the entity, the
//   occurrence time in milliseconds as explanation) to the acknowledgement's `StoreChanges`: the effect that must land
//   exactly once, in the same transaction as the acknowledgement.
// Every commit that fails (lease lost, store busy) appends `F <event id> <pid>` for each event it acknowledged, so the
// test can tell handler runs lost to a failed commit from those lost to a kill.
import AdobeCommerce
import CommerceBridge
import CommerceBridgePostgres
import CommerceBridgeSQLite
import CommerceBridgeTesting
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("inbox-crash-worker: \(message)\n".utf8))
    exit(64)
}

let arguments = CommandLine.arguments
let base: any ConnectorStore
let sink: AppendOnlyFile
let marker: String
switch (arguments.count, arguments.count > 1 ? arguments[1] : "") {
case (5, "sqlite"):
    var storeConfiguration = SQLiteConnectorStore.Configuration()
    storeConfiguration.synchronousFull = false  // survives process kills, which is what this test does
    storeConfiguration.busyTimeout = .seconds(10)
    base = try SQLiteConnectorStore(path: arguments[2], configuration: storeConfiguration)
    (sink, marker) = (AppendOnlyFile(path: arguments[3]), arguments[4])
case (6, "postgres"):
    var storeConfiguration = PostgresConnectorStore.Configuration()
    storeConfiguration.schema = arguments[3]
    storeConfiguration.poolSize = 4
    base = try await PostgresConnectorStore(connectionString: arguments[2], configuration: storeConfiguration)
    (sink, marker) = (AppendOnlyFile(path: arguments[4]), arguments[5])
default:
    fail(
        "usage: inbox-crash-worker sqlite <store.sqlite> <sink.log> <marker> | "
            + "postgres <connection> <schema> <sink.log> <marker>")
}
let pid = getpid()
let store = RecordingInboxStore(base: base, sink: sink)

var configuration = InboxProcessor.Configuration()
configuration.maximumConcurrency = 4
configuration.leaseDuration = .seconds(2)  // a killed worker's events come back within 2 s
configuration.maximumHandlingTime = .seconds(1)
configuration.pollInterval = .milliseconds(20)
let processor = InboxProcessor(
    store: store, time: .system,
    handlers: [
        "order.saved": { event, changes in
            sink.append("H \(event.eventID) \(pid)\n")
            try await Task.sleep(for: .milliseconds(Int.random(in: 1...6)))  // the destination's latency
            changes.audit(
                AuditRecord(
                    entity: EntityReference(
                        EntityKind(rawValue: "crashTestOrder"), SystemID(rawValue: "inbox-crash-test"),
                        event.entity ?? ""),
                    action: "inbox.effect", rule: "\(pid)",
                    explanation: "\(Int64((event.occurredAt.timeIntervalSince1970 * 1000).rounded()))",
                    correlationID: event.eventID, time: changes.time))
        }
    ], configuration: configuration)

FileHandle.standardOutput.write(Data("ready \(pid)\n".utf8))  // unbuffered: the test waits for it
var total = InboxProcessor.Report()
while true {
    do {
        let report = try await processor.processAvailable()
        total.handled += report.handled
        total.leaseLost += report.leaseLost
        total.uncommitted += report.uncommitted
        total.retried += report.retried
        total.deadLettered += report.deadLettered
        if report == InboxProcessor.Report() {
            if FileManager.default.fileExists(atPath: marker), try await store.inboxStatus(now: Date()).pending == 0 {
                break
            }
            try await Task.sleep(for: configuration.pollInterval)
        }
    } catch let error as BridgeError where error.code == .databaseLocked {
        try await Task.sleep(for: .milliseconds(50))  // as InboxProcessor.run() does: a busy store is waited out
    }
}
FileHandle.standardOutput.write(
    Data(
        ("done \(pid) handled \(total.handled) leaseLost \(total.leaseLost) uncommitted \(total.uncommitted) "
            + "retried \(total.retried) deadLettered \(total.deadLettered)\n").utf8))
