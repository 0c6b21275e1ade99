import CommerceBridge
import CommerceBridgeSQLite
import Foundation
import Testing

/// The public SQL layer an adapter keeps its own tables with.
struct SQLiteConnectionTests {
    private static let directory = try! TemporaryDirectory()

    private func open(_ name: String = UUID().uuidString) throws -> SQLiteConnection {
        try SQLiteConnection(path: Self.directory.path("\(name).sqlite"), busyTimeout: .seconds(1))
    }

    @Test("Every kind of value binds and reads back; NULL reads as nil, no rows as nil")
    func roundTrip() throws {
        let database = try open()
        try database.execute("CREATE TABLE t (i INTEGER, s TEXT, b BLOB, d INTEGER, n TEXT)")
        let when = Date(timeIntervalSince1970: 1_767_225_600.123)
        try database.statement("INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5)")
            .bind(.integer(-42), .text("Grüße, 'quoted'"), .blob(Data([0, 1, 255])), .date(when), .optionalText(nil))
            .run()
        let row = try database.statement("SELECT i, s, b, d, n FROM t").firstRow {
            ($0.int64(0), $0.text(1), $0.blob(2), $0.int64(3), $0.isNull(4), $0.text(4), $0.date(3))
        }
        let read = try #require(row)
        #expect(read.0 == -42 && read.1 == "Grüße, 'quoted'" && read.2 == Data([0, 1, 255]))
        #expect(read.3 == 1_767_225_600_123 && read.4 && read.5 == nil)
        #expect(abs(read.6.timeIntervalSince(when)) < 0.001, "dates keep milliseconds")
        #expect(try database.statement("SELECT i FROM t WHERE i = 7").firstRow { $0.int64(0) } == nil)
        #expect(try database.integer("SELECT count(*) FROM t") == 1)
    }

    @Test("A cached statement is reused with fresh bindings; rows reads every row")
    func statementsAreReused() throws {
        let database = try open()
        try database.execute("CREATE TABLE t (i INTEGER)")
        for value in 1...300 { try database.statement("INSERT INTO t VALUES (?1)").bind(.integer(Int64(value))).run() }
        let odd = try database.statement("SELECT i FROM t WHERE i % 2 = ?1 ORDER BY i").bind(.integer(1)).rows {
            $0.int64(0)
        }
        #expect(odd.count == 150 && odd.first == 1 && odd.last == 299)
        let even = try database.statement("SELECT i FROM t WHERE i % 2 = ?1 ORDER BY i").bind(.integer(0)).rows {
            $0.int64(0)
        }
        #expect(even.count == 150 && even.first == 2)
    }

    @Test("A transaction that throws is rolled back, and the error comes through")
    func rollback() throws {
        let database = try open()
        try database.execute("CREATE TABLE t (i INTEGER PRIMARY KEY)")
        #expect(throws: BridgeError.self) {
            try database.transaction { () throws(BridgeError) in
                try database.statement("INSERT INTO t VALUES (1)").run()
                try database.statement("INSERT INTO t VALUES (1)").run()
            }
        }
        #expect(try database.integer("SELECT count(*) FROM t") == 0)
        try database.transaction { () throws(BridgeError) in try database.statement("INSERT INTO t VALUES (2)").run() }
        #expect(try database.integer("SELECT count(*) FROM t") == 1)
    }

    @Test("Bad SQL, a second writer past the busy timeout and a file that is not a database get their own errors")
    func errors() throws {
        let database = try open("shared")
        #expect { try database.execute("CREATE TABLE") } throws: { error in
            (error as? BridgeError)?.code == .storageFailed && "\(error)".contains("shared.sqlite")
        }
        try database.execute("CREATE TABLE t (i INTEGER)")
        let other = try open("shared")
        try database.execute("BEGIN IMMEDIATE")
        #expect { try other.execute("BEGIN IMMEDIATE") } throws: { ($0 as? BridgeError)?.code == .databaseLocked }
        try database.execute("ROLLBACK")
        let path = Self.directory.path("text.sqlite")
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        #expect {
            let notADatabase = try SQLiteConnection(path: path, busyTimeout: .seconds(1))
            _ = try notADatabase.integer("PRAGMA user_version")
        } throws: { ($0 as? BridgeError)?.code == .notADatabase }
    }
}
