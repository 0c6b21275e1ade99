import AdobeCommerceTesting
public import CommerceBridge

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The behaviour every `EventSink` must have, whatever the broker: what it publishes arrives once per publish, in
/// order, with its id, type, payload (any bytes, large ones too) and headers; publishing nothing publishes nothing;
/// a re-publish carries the same id (consumers deduplicate by it). Like ``ConnectorStoreConformance`` it needs no test
/// framework: a failed check throws ``ConnectorStoreConformance/Failure``.
///
/// Give it the sink and a source that consumes what the sink publishes with `eventType`; each check first drains
/// what earlier checks left.
///
/// ```swift
/// @Test(arguments: EventSinkConformance.checkNames)
/// func conforms(check: String) async throws {
///     let bus = InMemoryEventBus()
///     try await EventSinkConformance(sink: bus, source: bus).run(check)
/// }
/// ```
public struct EventSinkConformance: Sendable {
    private let sink: any EventSink
    private let source: any EventSource
    private let eventType: String
    private let timeout: Duration

    /// Creates the suite.
    /// - Parameters:
    ///   - sink: The sink under test.
    ///   - source: Consumes what the sink publishes with `eventType`.
    ///   - eventType: A type (routing key) that reaches `source`.
    ///   - timeout: How long to wait for events that should arrive.
    public init(
        sink: any EventSink, source: any EventSource, eventType: String = "conformance.event",
        timeout: Duration = .seconds(5)
    ) {
        self.sink = sink
        self.source = source
        self.eventType = eventType
        self.timeout = timeout
    }

    /// The names of the checks, for `@Test(arguments:)`.
    public static let checkNames = checks.map(\.name)

    private static let checks: [(name: String, run: @Sendable (EventSinkConformance) async throws -> Void)] = [
        ("publishedEventsArriveInOrder", { try await $0.publishedEventsArriveInOrder() }),
        ("emptyPublishPublishesNothing", { try await $0.emptyPublishPublishesNothing() }),
        ("republishKeepsTheID", { try await $0.republishKeepsTheID() }),
        ("payloadsAreBinarySafe", { try await $0.payloadsAreBinarySafe() }),
    ]

    /// Runs every check.
    /// - Throws: The first ``ConnectorStoreConformance/Failure``, or the sink's or source's own error.
    public func run() async throws {
        for name in Self.checkNames { try await run(name) }
    }

    /// Runs one check by name.
    /// - Throws: ``ConnectorStoreConformance/Failure``, also for an unknown name, or the sink's or source's error.
    public func run(_ name: String) async throws {
        guard let check = Self.checks.first(where: { $0.name == name }) else {
            throw ConnectorStoreConformance.Failure(
                check: name, message: "no such check; see EventSinkConformance.checkNames")
        }
        try await drain()
        try await check.run(self)
    }

    // MARK: Checks

    private func publishedEventsArriveInOrder() async throws {
        let check = "publishedEventsArriveInOrder"
        let run = UUID().uuidString.prefix(8)
        let events = (0..<25).map { index in
            OutgoingEvent(
                id: "\(check)-\(run)-\(index)", type: eventType, payload: Data("{\"index\":\(index)}".utf8),
                headers: ["index": "\(index)", "text": "grüße \(index)"])
        }
        try await sink.publish(Array(events[..<10]))
        try await sink.publish(Array(events[10...]))
        let received = try await receive(count: events.count, check: check)
        try expect(received.map(\.id) == events.map(\.id), check, "ids in publish order, got \(received.map(\.id))")
        for (event, got) in zip(events, received) {
            try expect(got.type == event.type, check, "type \(event.type), got \(got.type)")
            try expect(got.payload == event.payload, check, "the payload of \(event.id) unchanged")
            for (name, value) in event.headers {
                try expect(
                    got.headers[name] == value, check, "header \(name)=\(value), got \(got.headers[name] ?? "none")")
            }
        }
        try await expectNothingMore(check: check)
    }

    private func emptyPublishPublishesNothing() async throws {
        let check = "emptyPublishPublishesNothing"
        try await sink.publish([])
        try await expectNothingMore(check: check)
    }

    private func republishKeepsTheID() async throws {
        let check = "republishKeepsTheID"
        let event = OutgoingEvent(
            id: "\(check)-\(UUID().uuidString.prefix(8))", type: eventType, payload: Data("{\"again\":true}".utf8))
        try await sink.publish([event])
        try await sink.publish([event])
        let received = try await receive(count: 2, check: check)
        try expect(
            received.map(\.id) == [event.id, event.id], check,
            "both publishes arrive with the event's id (consumers deduplicate by it), got \(received.map(\.id))")
        try await expectNothingMore(check: check)
    }

    private func payloadsAreBinarySafe() async throws {
        let check = "payloadsAreBinarySafe"
        var generator = SeededRandomNumberGenerator(seed: 0x5EED)
        let large = Data((0..<300_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        let events = [
            OutgoingEvent(id: "\(check)-empty-\(UUID().uuidString.prefix(8))", type: eventType, payload: Data()),
            OutgoingEvent(id: "\(check)-bytes-\(UUID().uuidString.prefix(8))", type: eventType, payload: Data(0...255)),
            OutgoingEvent(id: "\(check)-large-\(UUID().uuidString.prefix(8))", type: eventType, payload: large),
        ]
        try await sink.publish(events)
        let received = try await receive(count: 3, check: check)
        try expect(received.map(\.id) == events.map(\.id), check, "ids in publish order")
        for (event, got) in zip(events, received) {
            try expect(
                got.payload == event.payload, check,
                "a payload of \(event.payload.count) bytes arrives unchanged, got \(got.payload.count) bytes")
        }
    }

    // MARK: Helpers

    private func expect(_ condition: Bool, _ check: String, _ message: String) throws {
        if !condition { throw ConnectorStoreConformance.Failure(check: check, message: message) }
    }

    private func drain() async throws {
        while true {
            let leftover = try await source.receive(limit: 500, timeout: .milliseconds(200))
            if leftover.isEmpty { return }
            try await source.acknowledge(leftover)
        }
    }

    private func receive(count: Int, check: String) async throws -> [ReceivedEvent] {
        var received: [ReceivedEvent] = []
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while received.count < count, clock.now < deadline {
            let batch = try await source.receive(limit: count - received.count, timeout: .milliseconds(500))
            try await source.acknowledge(batch)
            received += batch
        }
        try expect(received.count == count, check, "\(count) events arrive within \(timeout), got \(received.count)")
        return received
    }

    private func expectNothingMore(check: String) async throws {
        let more = try await source.receive(limit: 10, timeout: .milliseconds(300))
        try await source.acknowledge(more)
        try expect(more.isEmpty, check, "nothing else arrives, got \(more.map(\.id))")
    }
}
