public import AdobeCommerce

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Takes Commerce events into the connector's durable inbox: the receiver behind an `IOEventsWebhook`, and the step
/// between any ``EventSource`` and the inbox.
///
/// Each event is filed under its `StoreEvent.deduplicationKey` (a second delivery is a duplicate), its
/// `StoreEvent.entity` (one record's events are handled one at a time, oldest first) and its
/// `StoreEvent.occurredAt` (an event older than one already taken for the record is recorded as stale and never
/// handled).
///
/// ```swift
/// let intake = StoreEventIntake(store: store)
/// let webhook = IOEventsWebhook(configuration: .init(clientID: clientID), publicKeys: keys) { events in
///     try await intake.receive(events)
/// }
/// ```
public struct StoreEventIntake: Sendable {
    private let store: any ConnectorStore
    private let source: String
    private let time: TimeSource

    /// Creates an intake.
    /// - Parameters:
    ///   - store: The store whose inbox receives the events.
    ///   - source: The inbox's name for where the events came from (`io-events`, `journal`, `rabbitmq:<queue>`).
    ///   - time: The clock, for events without a time.
    public init(store: any ConnectorStore, source: String = "io-events", time: TimeSource = .system) {
        self.store = store
        self.source = source
        self.time = time
    }

    /// Files `events` in the inbox in one transaction.
    /// - Returns: What the inbox made of each event, in order.
    @discardableResult
    public func receive(_ events: [StoreEvent]) async throws -> [InboxAcceptance] {
        guard !events.isEmpty else { return [] }
        let now = time.now()
        return try await store.receiveEvents(
            events.map { Self.draft(for: $0, source: source, receivedAt: now) }, now: now)
    }

    /// The inbox entry for `event`: its CloudEvents JSON as the payload.
    public static func draft(for event: StoreEvent, source: String, receivedAt: Date) -> InboxEvent.Draft {
        InboxEvent.Draft(
            source: source, eventID: event.deduplicationKey, type: event.type, entity: event.entity,
            occurredAt: event.occurredAt ?? receivedAt, payload: event.json.jsonData)
    }
}

extension InboxEvent {
    /// The Commerce event this inbox entry holds.
    /// - Throws: `StoreEventError` when the payload is not a CloudEvents event.
    public func storeEvent() throws(StoreEventError) -> StoreEvent {
        let json: JSONValue
        do { json = try JSONValue(parsing: payload) } catch {
            throw StoreEventError(.malformedJSON, at: "inbox \(id)", "the inbox entry is not JSON")
        }
        return try StoreEvent(json: json, at: "inbox \(id)")
    }
}
