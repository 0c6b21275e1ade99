import CommerceBridge
import CommerceBridgeTesting
import Foundation
import Testing

struct InMemoryConnectorStoreTests {
    @Test(
        "The in-memory store passes the ConnectorStore conformance suite",
        arguments: ConnectorStoreConformance.checkNames)
    func conformance(check: String) async throws {
        try await ConnectorStoreConformance { InMemoryConnectorStore() }.run(check)
    }

    @Test("An unknown check name is reported, not silently passed")
    func unknownCheck() async {
        await #expect(throws: ConnectorStoreConformance.Failure.self) {
            try await ConnectorStoreConformance { InMemoryConnectorStore() }.run("noSuchCheck")
        }
    }
}

/// An ERP that honours idempotency keys, and can crash after creating.
actor IdempotentERP {
    private(set) var created: [String: String] = [:]
    private var crashAfterCreate = false

    func crashOnce() { crashAfterCreate = true }

    func createOrder(idempotencyKey: String) throws -> String {
        let number = created[idempotencyKey] ?? "SO-\(created.count + 1)"
        created[idempotencyKey] = number
        if crashAfterCreate {
            crashAfterCreate = false
            throw CancellationError()
        }
        return number
    }
}

struct ClaimThenCreateTests {
    private let now = Date(timeIntervalSince1970: 1_800_000_000)
    private let key = MappingKey(.order, from: .commerce, "12", to: .erp)

    @Test("A crash between creating in the ERP and recording the id never creates a duplicate")
    func crashBetweenCreateAndRecord() async throws {
        let store = InMemoryConnectorStore()
        let erp = IdempotentERP()
        await erp.crashOnce()
        await #expect(throws: CancellationError.self) {
            _ = try await store.mappedID(for: key, now: now) { try await erp.createOrder(idempotencyKey: $0) }
        }
        guard case .pending? = try await store.mapping(key) else {
            Issue.record("the claim stays pending after the crash")
            return
        }
        let number = try await store.mappedID(for: key, now: now) { try await erp.createOrder(idempotencyKey: $0) }
        #expect(number == "SO-1")
        #expect(await erp.created.count == 1, "the retry reused the claim's token, so the ERP did not create again")
        #expect(try await store.mapping(key) == .mapped(targetID: "SO-1"))
        let again = try await store.mappedID(for: key, now: now) { _ in
            Issue.record("a mapped key does not call create")
            return "never"
        }
        #expect(again == "SO-1")
    }

    @Test("Concurrent callers for one key create one record")
    func concurrentCallers() async throws {
        let store = InMemoryConnectorStore()
        let erp = IdempotentERP()
        let numbers = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    try await store.mappedID(for: key, now: now) { try await erp.createOrder(idempotencyKey: $0) }
                }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(numbers == ["SO-1"])
        #expect(await erp.created.count == 1)
    }
}
