#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// An event received from a source system (Adobe I/O Events, the I/O Events journal, a RabbitMQ queue) and kept in
/// the durable inbox until it is handled.
///
/// Events arrive at least once, possibly twice, out of order, and some cannot be handled. The inbox deduplicates them
/// by ``eventID``, orders them per ``entity`` by ``occurredAt``, retries failed handling with backoff and sets aside
/// events that fail for good or crash their workers (``State-swift.enum/deadLettered(at:reason:)``), all in the
/// ``ConnectorStore``, so that several workers and processes share one inbox safely.
///
/// ```swift
/// let results = try await store.receiveEvents([
///     InboxEvent.Draft(
///         source: "io-events", eventID: cloudEvent.eventID, type: cloudEvent.type, entity: "order:42",
///         occurredAt: updatedAt, payload: body)
/// ], now: time.now())
/// // then an InboxProcessor handles them
/// ```
public struct InboxEvent: Sendable, Hashable, Identifiable {
    /// The inbox position: assigned by the store, increasing in receive order.
    public var id: Int64
    /// Where it came from: `io-events`, `journal`, `rabbitmq:<queue>` …
    public var source: String
    /// The deduplication key, unique in the inbox for as long as the event is kept (see
    /// ``RetentionPolicy/handledEvents``). For Adobe Commerce events, `data.key` when present, else `eventid`.
    public var eventID: String
    /// The event's type, which selects its handler: `com.adobe.commerce.observer.sales_order_save_commit_after` …
    public var type: String
    /// The ordering key (`order:42`): events of one entity are handled one at a time, in ``occurredAt`` order.
    /// `nil` for an event that needs no ordering.
    public var entity: String?
    /// When the change happened at the source: the record's `updated_at` when the payload has one, else the event's
    /// time.
    public var occurredAt: Date
    /// The event as received (the raw body, or the part of it the handler needs).
    public var payload: Data
    /// When the inbox received it first.
    public var receivedAt: Date
    /// How many times a worker has claimed it, this claim included, counting claims whose worker crashed; a release
    /// gives its receive back.
    public var receives: Int
    /// Failed handling attempts so far.
    public var attempts: Int
    /// The earliest time it may be handled (later than ``receivedAt`` after a failed attempt).
    public var availableAt: Date
    /// Every failed attempt, oldest first (kept across a replay).
    public var history: [DeliveryAttempt]
    /// Where it stands.
    public var state: State

    /// Creates an event as stored.
    public init(
        id: Int64, source: String, eventID: String, type: String, entity: String?, occurredAt: Date, payload: Data,
        receivedAt: Date, receives: Int, attempts: Int, availableAt: Date, history: [DeliveryAttempt], state: State
    ) {
        self.id = id
        self.source = source
        self.eventID = eventID
        self.type = type
        self.entity = entity
        self.occurredAt = occurredAt
        self.payload = payload
        self.receivedAt = receivedAt
        self.receives = receives
        self.attempts = attempts
        self.availableAt = availableAt
        self.history = history
        self.state = state
    }

    /// Where an event stands.
    public enum State: Sendable, Hashable {
        /// Waiting to be handled, or being handled under a lease.
        case pending
        /// Handled (or ignored for want of a handler) at this time; kept until ``RetentionPolicy/handledEvents``
        /// has passed, so that a redelivery is still recognised as a duplicate.
        case handled(at: Date)
        /// Received after a newer event of the same entity had already been handed to a handler, so handling it
        /// would overtake that one: recorded (for deduplication, until ``RetentionPolicy/handledEvents``) and never
        /// handled.
        case superseded(at: Date)
        /// Set aside after its last attempt, or after too many receives without an outcome (a poison event): kept
        /// until an operator replays it (``ConnectorStore/replayEvents(ids:now:)``); never purged by age.
        case deadLettered(at: Date, reason: String)

        /// The state without its data.
        public var kind: StateKind {
            switch self {
            case .pending: .pending
            case .handled: .handled
            case .superseded: .superseded
            case .deadLettered: .deadLettered
            }
        }
    }

    /// A ``State-swift.enum`` without its data, to filter by.
    public enum StateKind: String, Sendable, Hashable, CaseIterable, Codable {
        /// ``State-swift.enum/pending``.
        case pending
        /// ``State-swift.enum/handled(at:)``.
        case handled
        /// ``State-swift.enum/superseded(at:)``.
        case superseded
        /// ``State-swift.enum/deadLettered(at:reason:)``.
        case deadLettered
    }

    /// An event to receive into the inbox.
    public struct Draft: Sendable, Hashable {
        /// Where it came from: `io-events`, `journal`, `rabbitmq:<queue>` …
        public var source: String
        /// The deduplication key.
        public var eventID: String
        /// The event's type.
        public var type: String
        /// The ordering key, or `nil` for none.
        public var entity: String?
        /// When the change happened at the source.
        public var occurredAt: Date
        /// The event.
        public var payload: Data

        /// Creates a draft.
        /// - Parameters:
        ///   - source: Where it came from.
        ///   - eventID: The deduplication key (`data.key`, else `eventid`, for Adobe Commerce events).
        ///   - type: The event's type, which selects its handler.
        ///   - entity: The ordering key (`order:42`), or `nil` for an event that needs no ordering.
        ///   - occurredAt: When the change happened at the source (`updated_at`, else the event's time).
        ///   - payload: The event.
        public init(source: String, eventID: String, type: String, entity: String?, occurredAt: Date, payload: Data) {
            self.source = source
            self.eventID = eventID
            self.type = type
            self.entity = entity
            self.occurredAt = occurredAt
            self.payload = payload
        }
    }
}
