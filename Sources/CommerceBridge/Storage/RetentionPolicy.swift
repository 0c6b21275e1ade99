#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// How long a store keeps history before ``ConnectorStore/purge(_:now:)`` removes it; `nil` keeps it for good.
///
/// Only history ages: the outbox, pending and dead-lettered inbox events, the ID map, checkpoints and content hashes are the connector's working state (a few
/// entries per record, bounded by the data) and are never purged.
///
/// ```swift
/// let report = try await store.purge(RetentionPolicy(auditRecords: .days(365), deadLetters: .days(90)), now: time.now())
/// ```
public struct RetentionPolicy: Sendable, Hashable {
    /// Audit records older than this go.
    public var auditRecords: Duration?
    /// Review items waiting longer than this go (resolved ones are already gone).
    public var reviewItems: Duration?
    /// Dead letters older than this go, as if discarded.
    public var deadLetters: Duration?
    /// Handled and superseded inbox events go this long after they were handled (or superseded): the deduplication
    /// window, within which a redelivered event is recognised. Pending and dead-lettered inbox events are never
    /// purged by age.
    public var handledEvents: Duration?

    /// Creates a policy.
    /// - Parameters:
    ///   - auditRecords: How long audit records are kept; a year by default.
    ///   - reviewItems: How long unresolved review items are kept; for good by default.
    ///   - deadLetters: How long dead letters are kept; 90 days by default.
    ///   - handledEvents: How long handled and superseded inbox events are kept for deduplication; 7 days by default,
    ///     as long as Adobe I/O Events keeps events in its journal (so a redelivery is still recognised).
    public init(
        auditRecords: Duration? = .days(365), reviewItems: Duration? = nil, deadLetters: Duration? = .days(90),
        handledEvents: Duration? = .days(7)
    ) {
        self.auditRecords = auditRecords
        self.reviewItems = reviewItems
        self.deadLetters = deadLetters
        self.handledEvents = handledEvents
    }
}

/// What a purge removed.
public struct PurgeReport: Sendable, Hashable {
    /// Audit records removed.
    public var auditRecords = 0
    /// Review items removed.
    public var reviewItems = 0
    /// Dead letters removed.
    public var deadLetters = 0
    /// Handled and superseded inbox events removed.
    public var inboxEvents = 0

    /// Creates a report.
    public init(auditRecords: Int = 0, reviewItems: Int = 0, deadLetters: Int = 0, inboxEvents: Int = 0) {
        self.auditRecords = auditRecords
        self.reviewItems = reviewItems
        self.deadLetters = deadLetters
        self.inboxEvents = inboxEvents
    }
}

extension Duration {
    /// `days` × 24 hours.
    public static func days(_ days: Int) -> Duration { .seconds(days * 86_400) }
}

/// What ``ConnectorStore/erasePersonalData(of:)`` did.
public struct ErasureReport: Sendable, Hashable {
    /// The entity's own audit records and review items, now blanked and filed under ``pseudonym``.
    public var records: Int
    /// Other audit records and review items whose values or text mentioned the entity's key, now blanked.
    public var mentions: Int
    /// The random pseudonym the entity's records now carry, so they still group together without naming it (it is
    /// not derived from the key, so it cannot be matched against a list of candidates).
    public var pseudonym: String

    /// Creates a report.
    public init(records: Int, mentions: Int, pseudonym: String) {
        self.records = records
        self.mentions = mentions
        self.pseudonym = pseudonym
    }

    /// Whether a key is distinctive enough to be looked for inside other records and under other systems (an e-mail,
    /// or at least 6 characters): a short key such as `12` would match prices, order numbers and times.
    package static func isDistinctive(_ key: String) -> Bool { key.contains("@") || key.count >= 6 }

    /// A new random pseudonym: `erased-` and 16 hexadecimal digits.
    package static func newPseudonym() -> String {
        "erased-" + UUID().uuidString.lowercased().filter { $0 != "-" }.prefix(16)
    }
}
