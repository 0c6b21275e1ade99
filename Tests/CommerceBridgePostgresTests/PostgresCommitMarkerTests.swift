import CommerceBridge
import Foundation
import PostgresTestSupport
import Synchronization
import Testing

@testable import CommerceBridgePostgres

@Suite(.enabled(if: PostgresTestServer.shouldRun, Comment(rawValue: PostgresTestServer.unavailableMessage)))
struct PostgresCommitMarkerTests {
    /// A database on a migrated schema, with commit markers on and `faults` injected at `COMMIT`.
    private func database(schema: String, faults: [PostgresFaults.Fault]) async throws -> PostgresDatabase {
        _ = try await TestStores.store(schema: schema)  // migrates the schema
        let database = try await TestStores.database {
            $0.faults = PostgresFaults(faults)
            $0.sessionSetup = ["SET search_path = \(PostgresDatabase.identifier(schema))"]
        }
        database.enableCommitMarkers()
        return database
    }

    @Test(
        "With commit markers, a lost COMMIT answer is looked up by the marker, a COMMIT that never arrived runs again",
        arguments: [PostgresFaults.Fault.loseCommitAnswer, .dropBeforeCommit])
    func markerDecides(fault: PostgresFaults.Fault) async throws {
        let schema = TestStores.schemaName()
        let database = try await database(schema: schema, faults: [fault])
        let admin = try await TestStores.database()
        let table = "c_" + UUID().uuidString.prefix(8).lowercased()
        try await admin.withConnection { _ = try $0.simpleQuery("CREATE TABLE public.\(table) (n int)") }
        let runs = Atomic<Int>(0)
        let answer = try await database.transaction { connection in
            runs.add(1, ordering: .relaxed)
            _ = try connection.query("INSERT INTO public.\(table) VALUES (1)")
            return 42
        }
        let rows = try await admin.withConnection { try $0.query("SELECT count(*) FROM public.\(table)").int64(0, 0) }
        let markers = try await admin.withConnection {
            try $0.query("SELECT count(*) FROM \(PostgresDatabase.identifier(schema)).commerce_bridge_commit_markers")
                .int64(0, 0)
        }
        #expect(answer == 42)
        #expect(rows == 1, "applied once")
        #expect(runs.load(ordering: .relaxed) == (fault == .loseCommitAnswer ? 1 : 2))
        #expect(markers == 1, "one marker per committed transaction; the rolled-back one left none")
    }

    @Test("A transaction id another committed transaction holds, without this transaction's marker, is not committed")
    func reusedTransactionID() async throws {
        let schema = TestStores.schemaName()
        let database = try await database(schema: schema, faults: [])
        // A committed transaction, standing in for the one that reused a lost transaction's id after a crash.
        let reusedID = try await database.transaction { connection in
            try connection.query("SELECT txid_current()").int64(0, 0)
        }
        let (exists, status) = try await database.withConnection { connection in
            let row = try connection.query(
                PostgresMigrations.commitMarkerCheck, [.text(UUID().uuidString), .int(reusedID)])
            return (row.bool(0, 0), row.text(0, 1))
        }
        #expect(status == "committed", "txid_status alone would call the lost transaction committed")
        #expect(!exists, "its marker does not exist, so the check says it did not commit")
        #expect(
            PostgresDatabase.LostCommit(markerExists: exists, transactionStatus: status) == .notCommitted,
            "the status of the transaction that reused the id is not taken for the lost one's")
    }

    @Test("A lost COMMIT is judged by its marker; txid_status only says to wait, or decides without a marker table")
    func lostCommitJudgement() {
        typealias Judge = PostgresDatabase.LostCommit
        #expect(Judge(markerExists: true, transactionStatus: "committed") == .committed)
        #expect(Judge(markerExists: true, transactionStatus: nil) == .committed, "too old for txid_status")
        #expect(Judge(markerExists: false, transactionStatus: "committed") == .notCommitted, "a reused id")
        #expect(Judge(markerExists: false, transactionStatus: "aborted") == .notCommitted)
        #expect(Judge(markerExists: false, transactionStatus: "in progress") == .finishing)
        #expect(Judge(markerExists: nil, transactionStatus: "committed") == .committed)
        #expect(Judge(markerExists: nil, transactionStatus: "in progress") == .finishing)
        #expect(Judge(markerExists: nil, transactionStatus: nil) == .notCommitted)
    }

    @Test("purge removes commit markers older than ten minutes and keeps newer ones")
    func purgeRemovesOldMarkers() async throws {
        let schema = TestStores.schemaName()
        let store = try await TestStores.store(schema: schema)
        let admin = try await TestStores.database()
        let table = "\(PostgresDatabase.identifier(schema)).commerce_bridge_commit_markers"
        try await admin.withConnection {
            _ = try $0.simpleQuery(
                """
                INSERT INTO \(table) (marker, created_at) VALUES
                    (gen_random_uuid(), now() - interval '11 minutes'), (gen_random_uuid(), now() - interval '1 minute')
                """)
        }
        _ = try await store.purge(RetentionPolicy(), now: Date())
        let left = try await admin.withConnection {
            try $0.query("SELECT count(*) FROM \(table) WHERE created_at < now() - interval '10 minutes'").int64(0, 0)
        }
        let recent = try await admin.withConnection {
            try $0.query("SELECT count(*) FROM \(table) WHERE created_at >= now() - interval '2 minutes'").int64(0, 0)
        }
        #expect(left == 0)
        #expect(recent >= 1)
    }
}
