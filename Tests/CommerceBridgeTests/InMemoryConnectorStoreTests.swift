import CommerceBridge
import CommerceBridgeTesting
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
