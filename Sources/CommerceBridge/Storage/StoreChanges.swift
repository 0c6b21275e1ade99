#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Changes that belong together, applied by ``ConnectorStore/commit(_:)`` in one transaction: all or none.
///
/// ```swift
/// var changes = StoreChanges(time: time.now())
/// changes.acknowledge(lease)
/// changes.completeMapping(key, token: token, targetID: "SO-1001")
/// changes.saveCheckpoint(checkpoint)
/// try await store.commit(changes)
/// ```
///
/// An inbox event's handling commits the same way: its acknowledgement (``acknowledgeEvent(_:)``) lands with the
/// outbox messages, mappings and checkpoints it produced.
public struct StoreChanges: Sendable {
    /// When the changes happen: the enqueue time of new messages, and the default time of audit records.
    public var time: Date
    /// Messages to enqueue (a known idempotency key is skipped).
    public var enqueued: [OutboxMessage.Draft] = []
    /// Leases to acknowledge: the messages leave the outbox.
    public var acknowledged: [Lease] = []
    /// Leases to reschedule after a failed attempt.
    public var rescheduled: [(lease: Lease, attempt: DeliveryAttempt, availableAt: Date)] = []
    /// Leases to give back without counting an attempt (for example while a breaker is open).
    public var released: [(lease: Lease, availableAt: Date)] = []
    /// Leases to move to the dead-letter queue after their last attempt.
    public var deadLettered: [(lease: Lease, attempt: DeliveryAttempt)] = []
    /// ID-map claims to complete.
    public var completedMappings: [(key: MappingKey, token: String, targetID: String)] = []
    /// Checkpoints to save.
    public var checkpoints: [Checkpoint] = []
    /// Audit records to append.
    public var auditRecords: [AuditRecord] = []
    /// Writes and conflicts to set aside for review.
    public var parked: [ReviewItem.Draft] = []
    /// Content hashes to remember, by record.
    public var contentHashes: [(entity: EntityReference, hash: String)] = []
    /// Reservation answers to save; each record's token must hold its key.
    public var savedReservations: [ReservationRecord] = []
    /// Reservations to forget (released, confirmed and done, or expired).
    public var forgottenReservations: [String] = []
    /// Fingerprints of the bridge's own writes, remembered until their dates.
    public var echoFingerprints: [(fingerprint: EchoFingerprint, expiresAt: Date)] = []
    /// Inbox leases to acknowledge: the events are handled.
    public var acknowledgedEvents: [InboxLease] = []
    /// Inbox leases to reschedule after a failed attempt.
    public var rescheduledEvents: [(lease: InboxLease, attempt: DeliveryAttempt, availableAt: Date)] = []
    /// Inbox leases to give back without counting an attempt.
    public var releasedEvents: [(lease: InboxLease, availableAt: Date)] = []
    /// Inbox leases to dead-letter after their last attempt.
    public var deadLetteredEvents: [(lease: InboxLease, attempt: DeliveryAttempt)] = []

    /// No changes yet, happening at `time`.
    public init(time: Date) { self.time = time }

    /// Whether there is nothing to do.
    public var isEmpty: Bool {
        enqueued.isEmpty && acknowledged.isEmpty && rescheduled.isEmpty && released.isEmpty && deadLettered.isEmpty
            && completedMappings.isEmpty && checkpoints.isEmpty && auditRecords.isEmpty && parked.isEmpty
            && contentHashes.isEmpty && savedReservations.isEmpty && forgottenReservations.isEmpty
            && echoFingerprints.isEmpty && acknowledgedEvents.isEmpty && rescheduledEvents.isEmpty
            && releasedEvents.isEmpty && deadLetteredEvents.isEmpty
    }

    /// Enqueues a message.
    public mutating func enqueue(_ draft: OutboxMessage.Draft) { enqueued.append(draft) }
    /// Acknowledges a delivered message.
    public mutating func acknowledge(_ lease: Lease) { acknowledged.append(lease) }
    /// Records a failed attempt and makes the message available again at `availableAt`.
    public mutating func reschedule(_ lease: Lease, attempt: DeliveryAttempt, availableAt: Date) {
        rescheduled.append((lease, attempt, availableAt))
    }
    /// Gives a lease back without counting an attempt.
    public mutating func release(_ lease: Lease, availableAt: Date) { released.append((lease, availableAt)) }
    /// Moves a message to the dead-letter queue with its final attempt.
    public mutating func deadLetter(_ lease: Lease, attempt: DeliveryAttempt) { deadLettered.append((lease, attempt)) }
    /// Completes an ID-map claim.
    public mutating func completeMapping(_ key: MappingKey, token: String, targetID: String) {
        completedMappings.append((key, token, targetID))
    }
    /// Saves a checkpoint.
    public mutating func saveCheckpoint(_ checkpoint: Checkpoint) { checkpoints.append(checkpoint) }
    /// Appends an audit record.
    public mutating func audit(_ record: AuditRecord) { auditRecords.append(record) }
    /// Sets a write or conflict aside for review.
    public mutating func park(_ item: ReviewItem.Draft) { parked.append(item) }
    /// Remembers the content hash last synced for a record (for delta detection).
    public mutating func recordContentHash(_ hash: String, for entity: EntityReference) {
        contentHashes.append((entity, hash))
    }

    /// Saves a reservation's answer (or updates it, say when a confirmed order no longer holds stock).
    ///
    /// ``ConnectorStore/commit(_:)`` throws ``BridgeError/Code/leaseLost`` when the record's token no longer holds
    /// the key (another worker took the claim over), and applies nothing.
    public mutating func saveReservation(_ record: ReservationRecord) { savedReservations.append(record) }
    /// Forgets a reservation, whoever holds it; forgetting an unknown key does nothing.
    public mutating func forgetReservation(key: String) { forgottenReservations.append(key) }
    /// Remembers that the bridge wrote this content until `expiresAt` (a later date for the same fingerprint wins).
    public mutating func recordEcho(_ fingerprint: EchoFingerprint, until expiresAt: Date) {
        echoFingerprints.append((fingerprint, expiresAt))
    }

    /// Marks a claimed inbox event handled; it stays in the inbox, for deduplication, until
    /// ``RetentionPolicy/handledEvents`` has passed. ``ConnectorStore/commit(_:)`` throws
    /// ``BridgeError/Code/leaseLost`` when the lease is no longer held, and applies nothing.
    public mutating func acknowledgeEvent(_ lease: InboxLease) { acknowledgedEvents.append(lease) }
    /// Records a failed attempt on a claimed inbox event and makes it available again at `availableAt`; later events
    /// of its entity wait for it.
    public mutating func rescheduleEvent(_ lease: InboxLease, attempt: DeliveryAttempt, availableAt: Date) {
        rescheduledEvents.append((lease, attempt, availableAt))
    }
    /// Gives a claimed inbox event back without counting an attempt (its receive is given back too).
    public mutating func releaseEvent(_ lease: InboxLease, availableAt: Date) {
        releasedEvents.append((lease, availableAt))
    }
    /// Dead-letters a claimed inbox event with its final attempt; later events of its entity are handled without it.
    public mutating func deadLetterEvent(_ lease: InboxLease, attempt: DeliveryAttempt) {
        deadLetteredEvents.append((lease, attempt))
    }

    /// These changes followed by `other`'s.
    public mutating func append(_ other: StoreChanges) {
        enqueued += other.enqueued
        acknowledged += other.acknowledged
        rescheduled += other.rescheduled
        released += other.released
        deadLettered += other.deadLettered
        completedMappings += other.completedMappings
        checkpoints += other.checkpoints
        auditRecords += other.auditRecords
        parked += other.parked
        contentHashes += other.contentHashes
        savedReservations += other.savedReservations
        forgottenReservations += other.forgottenReservations
        echoFingerprints += other.echoFingerprints
        acknowledgedEvents += other.acknowledgedEvents
        rescheduledEvents += other.rescheduledEvents
        releasedEvents += other.releasedEvents
        deadLetteredEvents += other.deadLetteredEvents
    }
}

/// Counts that tell an operator how the outbox stands.
public struct OutboxStatus: Sendable, Hashable {
    /// Messages waiting, per destination (leased ones included).
    public var pending: [String: Int]
    /// Messages currently leased by a worker.
    public var leased: Int
    /// Messages in the dead-letter queue.
    public var deadLettered: Int
    /// The oldest waiting message's enqueue time.
    public var oldestPending: Date?

    /// Creates a status.
    public init(pending: [String: Int], leased: Int, deadLettered: Int, oldestPending: Date?) {
        self.pending = pending
        self.leased = leased
        self.deadLettered = deadLettered
        self.oldestPending = oldestPending
    }

    /// All waiting messages.
    public var totalPending: Int { pending.values.reduce(0, +) }
}
