import AdobeCommerce

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A message waiting in the durable outbox to be delivered to a destination.
public struct OutboxMessage: Sendable, Hashable, Identifiable {
    /// The store's id.
    public var id: Int64
    /// Where it goes: `erp`, `commerce`, `crm` … (retry schedules, rate limits and breakers are per destination).
    public var destination: String
    /// What it is, for the handler: `order.export`, `inventory.push` …
    public var topic: String
    /// Unique per outbox: enqueuing the same key again is a no-op, and the destination uses it to make the
    /// effect idempotent.
    public var idempotencyKey: String
    /// Follows the message through logs and the audit trail.
    public var correlationID: String
    /// The body, usually an encoded ``Envelope``.
    public var payload: Data
    /// Failed deliveries so far.
    public var attempts: Int
    /// How many times a worker has claimed it, this claim included; a release gives its receive back. A message
    /// received far more often than it failed is crashing or stalling its workers (see
    /// ``OutboxDispatcher/Configuration/maximumReceives``).
    public var receives: Int
    /// When it was enqueued.
    public var createdAt: Date
    /// The earliest time it may be delivered.
    public var availableAt: Date
    /// Every failed attempt, oldest first.
    public var history: [DeliveryAttempt]

    /// Creates a message as stored.
    public init(
        id: Int64, destination: String, topic: String, idempotencyKey: String, correlationID: String, payload: Data,
        attempts: Int, receives: Int = 0, createdAt: Date, availableAt: Date, history: [DeliveryAttempt]
    ) {
        self.id = id
        self.destination = destination
        self.topic = topic
        self.idempotencyKey = idempotencyKey
        self.correlationID = correlationID
        self.payload = payload
        self.attempts = attempts
        self.receives = receives
        self.createdAt = createdAt
        self.availableAt = availableAt
        self.history = history
    }

    /// A message to enqueue.
    public struct Draft: Sendable, Hashable {
        /// Where it goes.
        public var destination: String
        /// What it is.
        public var topic: String
        /// Unique per outbox.
        public var idempotencyKey: String
        /// The correlation id.
        public var correlationID: String
        /// The body.
        public var payload: Data
        /// The earliest delivery time; now when `nil`.
        public var availableAt: Date?

        /// Creates a draft.
        public init(
            destination: String, topic: String, idempotencyKey: String, correlationID: String = "", payload: Data,
            availableAt: Date? = nil
        ) {
            self.destination = destination
            self.topic = topic
            self.idempotencyKey = idempotencyKey
            self.correlationID = correlationID
            self.payload = payload
            self.availableAt = availableAt
        }

        /// A draft carrying an envelope, keyed by the envelope's idempotency key.
        public init(destination: String, topic: String, envelope: Envelope) throws {
            self.init(
                destination: destination, topic: topic, idempotencyKey: envelope.idempotencyKey,
                correlationID: envelope.correlationID, payload: try CommerceJSONEncoder().encode(envelope))
        }
    }
}

/// One failed delivery.
public struct DeliveryAttempt: Sendable, Hashable, Codable {
    /// 1 for the first attempt.
    public var number: Int
    /// When it failed.
    public var time: Date
    /// The error, redacted.
    public var error: String
    /// Whether the failure was judged retryable.
    public var retryable: Bool

    /// Creates an attempt.
    public init(number: Int, time: Date, error: String, retryable: Bool) {
        self.number = number
        self.time = time
        self.error = error
        self.retryable = retryable
    }
}

/// A claimed message: the worker holding the token may acknowledge it until the lease expires.
public struct Lease: Sendable, Hashable {
    /// The message.
    public var message: OutboxMessage
    /// Proves the claim; a later claim by another worker gets another token.
    public var token: String
    /// When the message becomes claimable again if not acknowledged.
    public var expiresAt: Date

    /// Creates a lease.
    public init(message: OutboxMessage, token: String, expiresAt: Date) {
        self.message = message
        self.token = token
        self.expiresAt = expiresAt
    }
}

/// A message that will not be delivered without an operator: kept whole, with every attempt's error.
public struct DeadLetter: Sendable, Hashable, Identifiable {
    /// The message as it was when it was parked (same id).
    public var message: OutboxMessage
    /// When it was parked.
    public var deadLetteredAt: Date
    /// Why: the last error.
    public var reason: String

    /// The message id.
    public var id: Int64 { message.id }

    /// Creates a dead letter.
    public init(message: OutboxMessage, deadLetteredAt: Date, reason: String) {
        self.message = message
        self.deadLetteredAt = deadLetteredAt
        self.reason = reason
    }
}
