/// The state of one operation of a bulk, the wire `status` of ``BulkOperation`` and ``BulkOperationSummary`` as
/// Magento's `OperationInterface` numbers it. Read it through their `state` accessor.
public enum BulkOperationState: Int, Codable, Sendable, Hashable, CaseIterable {
    /// `1`: done.
    case complete = 1
    /// `2`: failed, and sending it again may work.
    case retriablyFailed = 2
    /// `3`: failed for good.
    case failed = 3
    /// `4`: queued, not yet processed.
    case open = 4
    /// `5`: rejected when scheduled.
    case rejected = 5

    /// Whether the operation will change no further.
    public var isFinal: Bool { self != .open }
}
