#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What an engine is doing, as it does it: for progress displays and metrics.
public struct SyncProgress: Sendable, Hashable, CustomStringConvertible {
    /// The engine, such as `orders`.
    public var engine: String
    /// The phase, such as `discover`, `export`, `shipments`.
    public var phase: String
    /// Records done in this phase.
    public var processed: Int
    /// Records in this phase, when known.
    public var total: Int?
    /// Failures so far in this phase.
    public var errors: Int
    /// Records per second in this phase.
    public var rate: Double?
    /// The estimated time left in this phase.
    public var estimatedRemaining: Duration?

    /// Creates an event.
    public init(
        engine: String, phase: String, processed: Int, total: Int? = nil, errors: Int = 0, rate: Double? = nil,
        estimatedRemaining: Duration? = nil
    ) {
        self.engine = engine
        self.phase = phase
        self.processed = processed
        self.total = total
        self.errors = errors
        self.rate = rate
        self.estimatedRemaining = estimatedRemaining
    }

    /// `orders/export: 12/40, 2 errors`.
    public var description: String {
        "\(engine)/\(phase): \(processed)\(total.map { "/\($0)" } ?? "")\(errors > 0 ? ", \(errors) errors" : "")"
    }
}
