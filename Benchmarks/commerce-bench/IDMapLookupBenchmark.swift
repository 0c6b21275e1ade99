import CommerceBridge
import CommerceBridgeSQLite
import Foundation

/// Looks up 50,000 ID mappings in `SQLiteConnectorStore`, over 10,000 order mappings.
struct IDMapLookupBenchmark: Benchmark {
    let name = "id_map_lookups_sqlite"
    let summary = "50,000 ID-map lookups on SQLite over 10,000 mappings"

    func run(_ fixtures: Fixtures) async throws -> [String: Double] {
        let directory = try fixtures.scratchDirectory()
        let store = try SQLiteConnectorStore(path: directory.appendingPathComponent("idmap.sqlite").path)
        fixtures.keepUntilEnd(store)
        let epoch = Date(timeIntervalSince1970: 1_800_000_000)
        let mappingCount = 10_000
        for index in 0..<mappingCount {
            let key = MappingKey(.order, from: .commerce, "\(index)", to: .erp)
            _ = try await store.claimMapping(key, token: "t\(index)", now: epoch)
            if index % 500 == 499 {
                var changes = StoreChanges(time: epoch)
                for done in (index - 499)...index {
                    changes.completeMapping(
                        MappingKey(.order, from: .commerce, "\(done)", to: .erp), token: "t\(done)",
                        targetID: "SO-\(done)")
                }
                try await store.commit(changes)
            }
        }
        let stopwatch = Stopwatch()
        var found = 0
        for round in 0..<50_000 {
            if case .mapped = try await store.mapping(
                MappingKey(.order, from: .commerce, "\(round % mappingCount)", to: .erp))
            {
                found += 1
            }
        }
        let seconds = stopwatch.elapsedSeconds
        precondition(found == 50_000)
        return ["lookups_per_second": rounded(50_000 / seconds), "mappings": Double(mappingCount)]
    }
}
