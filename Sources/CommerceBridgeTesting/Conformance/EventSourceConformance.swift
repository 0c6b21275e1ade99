public import CommerceBridge

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The behaviour every `EventSource` must have, whatever the broker: what is published is received with its id,
/// type, payload and headers; an acknowledged event does not come back; an unacknowledged one comes back to the next
/// consumer with a higher delivery count; a rejected one does not come back (and reaches the dead-letter route);
/// `limit` and `timeout` hold. Like ``ConnectorStoreConformance`` it needs no test framework: a failed check throws
/// ``ConnectorStoreConformance/Failure``.
///
/// Give it a sink that publishes into the source's queue, and a way to open and close a consumer of that queue
/// (closing must return the consumer's unsettled events, as a broker does when the connection ends). Each check
/// first drains what earlier checks left.
///
/// ```swift
/// @Test(arguments: EventSourceConformance.checkNames)
/// func conforms(check: String) async throws {
///     let bus = InMemoryEventBus()
///     try await EventSourceConformance(
///         sink: bus, eventType: "conformance.event",
///         openSource: { bus.makeConsumer() },
///         closeSource: { ($0 as? InMemoryEventBus.Consumer)?.close() },
///         deadLetteredIDs: { bus.deadLetters.map(\.id) }
///     ).run(check)
/// }
/// ```
public struct EventSourceConformance: Sendable {
    private let sink: any EventSink
    private let eventType: String
    private let openSource: @Sendable () async throws -> any EventSource
    private let closeSource: @Sendable (any EventSource) async throws -> Void
    private let deadLetteredIDs: (@Sendable () async throws -> [String])?
    private let timeout: Duration

    /// Creates the suite.
    /// - Parameters:
    ///   - sink: Publishes into the queue the sources consume.
    ///   - eventType: A type (routing key) the sink's events reach the queue with.
    ///   - openSource: Opens a consumer of the queue.
    ///   - closeSource: Closes a consumer: its unacknowledged events must come back to the next.
    ///   - deadLetteredIDs: The ids of the events on the dead-letter route so far, or `nil` when the source has none
    ///     the suite can read.
    ///   - timeout: How long to wait for events that should arrive (a broker routes asynchronously).
    public init(
        sink: any EventSink,
        eventType: String = "conformance.event",
        openSource: @escaping @Sendable () async throws -> any EventSource,
        closeSource: @escaping @Sendable (any EventSource) async throws -> Void,
        deadLetteredIDs: (@Sendable () async throws -> [String])? = nil,
        timeout: Duration = .seconds(5)
    ) {
        self.sink = sink
        self.eventType = eventType
        self.openSource = openSource
        self.closeSource = closeSource
        self.deadLetteredIDs = deadLetteredIDs
        self.timeout = timeout
    }

    /// The names of the checks, for `@Test(arguments:)`.
    public static let checkNames = checks.map(\.name)

    private static let checks: [(name: String, run: @Sendable (EventSourceConformance) async throws -> Void)] = [
        ("receivesWhatWasPublished", { try await $0.receivesWhatWasPublished() }),
        ("emptyReceiveWaitsAndReturnsNothing", { try await $0.emptyReceiveWaitsAndReturnsNothing() }),
        ("receiveRespectsLimit", { try await $0.receiveRespectsLimit() }),
        ("acknowledgedEventsDoNotReturn", { try await $0.acknowledgedEventsDoNotReturn() }),
        ("unacknowledgedEventsReturn", { try await $0.unacknowledgedEventsReturn() }),
        ("rejectedEventsDoNotReturn", { try await $0.rejectedEventsDoNotReturn() }),
    ]

    /// Runs every check.
    /// - Throws: The first ``ConnectorStoreConformance/Failure``, or the source's own error.
    public func run() async throws {
        for name in Self.checkNames { try await run(name) }
    }

    /// Runs one check by name.
    /// - Throws: ``ConnectorStoreConformance/Failure``, also for an unknown name, or the source's own error.
    public func run(_ name: String) async throws {
        guard let check = Self.checks.first(where: { $0.name == name }) else {
            throw ConnectorStoreConformance.Failure(
                check: name, message: "no such check; see EventSourceConformance.checkNames")
        }
        try await check.run(self)
    }

    // MARK: Checks

    private func receivesWhatWasPublished() async throws {
        let check = "receivesWhatWasPublished"
        let source = try await drainedSource()
        let events = makeEvents(3, check: check)
        try await sink.publish(events)
        let received = try await receive(count: 3, from: source, check: check)
        try expect(received.map(\.id) == events.map(\.id), check, "ids in publish order, got \(received.map(\.id))")
        for (event, got) in zip(events, received) {
            try expect(got.type == event.type, check, "type \(event.type), got \(got.type)")
            try expect(got.payload == event.payload, check, "the payload of \(event.id) unchanged")
            for (name, value) in event.headers {
                try expect(
                    got.headers[name] == value, check, "header \(name)=\(value), got \(got.headers[name] ?? "none")")
            }
            try expect(got.deliveryCount == 1, check, "delivery count 1 on a first delivery, got \(got.deliveryCount)")
        }
        try expect(Set(received.map(\.receipt)).count == 3, check, "a receipt of its own for each event")
        try await source.acknowledge(received)
        try await closeSource(source)
    }

    private func emptyReceiveWaitsAndReturnsNothing() async throws {
        let check = "emptyReceiveWaitsAndReturnsNothing"
        let source = try await drainedSource()
        let clock = ContinuousClock()
        let start = clock.now
        let received = try await source.receive(limit: 10, timeout: .milliseconds(300))
        let waited = clock.now - start
        try expect(received.isEmpty, check, "nothing from an empty queue, got \(received.count)")
        try expect(waited >= .milliseconds(250), check, "waits about the timeout (300 ms) first, waited \(waited)")
        try expect(waited < .milliseconds(300) + timeout, check, "returns soon after the timeout, waited \(waited)")
        try await closeSource(source)
    }

    private func receiveRespectsLimit() async throws {
        let check = "receiveRespectsLimit"
        let source = try await drainedSource()
        let events = makeEvents(7, check: check)
        try await sink.publish(events)
        var received: [ReceivedEvent] = []
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while received.count < events.count, clock.now < deadline {
            let batch = try await source.receive(limit: 2, timeout: .milliseconds(500))
            try expect(batch.count <= 2, check, "at most 2 events for limit 2, got \(batch.count)")
            try await source.acknowledge(batch)
            received += batch
        }
        try expect(
            received.map(\.id) == events.map(\.id), check,
            "all 7 events once, in order, 2 at a time; got \(received.map(\.id))")
        try await closeSource(source)
    }

    private func acknowledgedEventsDoNotReturn() async throws {
        let check = "acknowledgedEventsDoNotReturn"
        let source = try await drainedSource()
        let events = makeEvents(3, check: check)
        try await sink.publish(events)
        let received = try await receive(count: 3, from: source, check: check)
        try await source.acknowledge(received)
        try await closeSource(source)
        let next = try await openSource()
        let again = try await next.receive(limit: 10, timeout: .milliseconds(500))
        try expect(
            Set(again.map(\.id)).isDisjoint(with: events.map(\.id)), check,
            "acknowledged events do not come back to the next consumer; got \(again.map(\.id))")
        try await next.acknowledge(again)
        try await closeSource(next)
    }

    private func unacknowledgedEventsReturn() async throws {
        let check = "unacknowledgedEventsReturn"
        let source = try await drainedSource()
        let events = makeEvents(3, check: check)
        try await sink.publish(events)
        let received = try await receive(count: 3, from: source, check: check)
        try await source.acknowledge([received[0]])
        try await closeSource(source)
        let next = try await openSource()
        let again = try await receive(count: 2, from: next, check: check)
        try expect(
            again.map(\.id) == [events[1].id, events[2].id], check,
            "the two unacknowledged events come back, the acknowledged one does not; got \(again.map(\.id))")
        try expect(
            again.allSatisfy { $0.deliveryCount >= 2 }, check,
            "a redelivered event counts at least 2 deliveries, got \(again.map(\.deliveryCount))")
        try expect(again.map(\.payload) == [events[1].payload, events[2].payload], check, "payloads unchanged")
        try await next.acknowledge(again)
        try await closeSource(next)
    }

    private func rejectedEventsDoNotReturn() async throws {
        let check = "rejectedEventsDoNotReturn"
        let source = try await drainedSource()
        let events = makeEvents(2, check: check)
        try await sink.publish(events)
        let received = try await receive(count: 2, from: source, check: check)
        try await source.reject(received[0])
        try await source.acknowledge([received[1]])
        try await closeSource(source)
        let next = try await openSource()
        let again = try await next.receive(limit: 10, timeout: .milliseconds(500))
        try expect(
            !again.contains { $0.id == events[0].id }, check, "a rejected event does not come back to the source")
        try await next.acknowledge(again)
        try await closeSource(next)
        guard let deadLetteredIDs else { return }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var ids = try await deadLetteredIDs()
        while !ids.contains(events[0].id), clock.now < deadline {
            try await clock.sleep(for: .milliseconds(50))
            ids += try await deadLetteredIDs()
        }
        try expect(ids.contains(events[0].id), check, "the rejected event reaches the dead-letter route")
        try expect(!ids.contains(events[1].id), check, "an acknowledged event is not dead-lettered")
    }

    // MARK: Helpers

    private func expect(_ condition: Bool, _ check: String, _ message: String) throws {
        if !condition { throw ConnectorStoreConformance.Failure(check: check, message: message) }
    }

    private func makeEvents(_ count: Int, check: String) -> [OutgoingEvent] {
        let run = UUID().uuidString.prefix(8)
        return (0..<count).map { index in
            OutgoingEvent(
                id: "\(check)-\(run)-\(index)", type: eventType,
                payload: Data("{\"check\":\"\(check)\",\"index\":\(index),\"bytes\":\"ä€\u{0}\"}".utf8),
                headers: ["conformance-check": check, "index": "\(index)"])
        }
    }

    /// A new consumer with nothing left in the queue by earlier checks.
    private func drainedSource() async throws -> any EventSource {
        let source = try await openSource()
        while true {
            let leftover = try await source.receive(limit: 500, timeout: .milliseconds(200))
            if leftover.isEmpty { return source }
            try await source.acknowledge(leftover)
        }
    }

    private func receive(count: Int, from source: any EventSource, check: String) async throws -> [ReceivedEvent] {
        var received: [ReceivedEvent] = []
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while received.count < count, clock.now < deadline {
            received += try await source.receive(limit: count - received.count, timeout: .milliseconds(500))
        }
        try expect(received.count == count, check, "\(count) events arrive within \(timeout), got \(received.count)")
        return received
    }
}
