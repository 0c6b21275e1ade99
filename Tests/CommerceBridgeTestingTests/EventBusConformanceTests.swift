import CommerceBridge
import CommerceBridgeTesting
import Testing

struct EventBusConformanceTests {
    @Test("The in-memory bus passes the event source conformance suite", arguments: EventSourceConformance.checkNames)
    func sourceConforms(check: String) async throws {
        let bus = InMemoryEventBus()
        try await EventSourceConformance(
            sink: bus,
            openSource: { bus.makeConsumer() },
            closeSource: { source in (source as? InMemoryEventBus.Consumer)?.close() },
            deadLetteredIDs: { bus.deadLetters.map(\.id) }
        ).run(check)
    }

    @Test("The in-memory bus passes the event sink conformance suite", arguments: EventSinkConformance.checkNames)
    func sinkConforms(check: String) async throws {
        let bus = InMemoryEventBus()
        try await EventSinkConformance(sink: bus, source: bus).run(check)
    }

    @Test("An unknown check name fails with a message naming the list of checks")
    func unknownCheck() async throws {
        let bus = InMemoryEventBus()
        await #expect(
            performing: { try await EventSinkConformance(sink: bus, source: bus).run("noSuchCheck") },
            throws: { error in
                (error as? ConnectorStoreConformance.Failure)?.message.contains("EventSinkConformance.checkNames")
                    == true
            })
    }

    @Test("A source that forgets acknowledgements fails the suite")
    func brokenSourceFails() async throws {
        let bus = InMemoryEventBus()
        // Acknowledging does nothing and closing returns everything: acknowledged events come back.
        await #expect(
            performing: {
                try await EventSourceConformance(
                    sink: bus,
                    openSource: { ForgetfulSource(consumer: bus.makeConsumer()) },
                    closeSource: { source in (source as? ForgetfulSource)?.consumer.close() }
                ).run("acknowledgedEventsDoNotReturn")
            },
            throws: { error in (error as? ConnectorStoreConformance.Failure)?.check == "acknowledgedEventsDoNotReturn" }
        )
    }
}

/// An event source that never settles anything: what the conformance suite must catch.
private struct ForgetfulSource: EventSource {
    let consumer: InMemoryEventBus.Consumer
    func receive(limit: Int, timeout: Duration) async throws -> [ReceivedEvent] {
        try await consumer.receive(limit: limit, timeout: timeout)
    }
    func acknowledge(_ events: [ReceivedEvent]) async throws {}
    func reject(_ event: ReceivedEvent) async throws {}
}
