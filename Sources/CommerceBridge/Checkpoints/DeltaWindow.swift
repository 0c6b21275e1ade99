import AdobeCommerce

#if canImport(FoundationEssentials)
    package import FoundationEssentials
#else
    package import Foundation
#endif

/// One pass over a change feed, the skeleton every delta engine shares: read the feed's checkpoint, start
/// reading `overlap` before it, and after processing save the checkpoint advanced through what was processed.
///
/// A source timestamp more than ``maximumClockSkew`` ahead of the connector's clock is not believed: the
/// checkpoint never moves past it (it would skip every real change until that date), and the engine parks the
/// record for review with ``parkImplausible(_:at:in:into:)``.
///
/// ```swift
/// let window = try await DeltaWindow.open("erp.inventory", overlap: .seconds(300), in: store)
/// let levels = try await source.inventoryChanges(since: window.start, limit: 1_000)
/// // … process …
/// changes.saveCheckpoint(window.advanced(through: levels.map(\.updatedAt), at: time.now()))
/// ```
package struct DeltaWindow: Sendable {
    /// How far ahead of the connector's clock a source timestamp may be and still move the checkpoint.
    package static let maximumClockSkew: Duration = .seconds(300)

    /// Where this pass reads from: the checkpoint less the overlap, or the beginning of time for a new feed.
    package let start: Date
    private let checkpoint: Checkpoint?
    private let name: String

    /// Opens the window of the feed `name` as the store's checkpoint leaves it.
    package static func open(_ name: String, overlap: Duration, in store: any ConnectorStore) async throws
        -> DeltaWindow
    {
        let checkpoint = try await store.checkpoint(named: name)
        return DeltaWindow(
            start: checkpoint?.windowStart(overlap: overlap) ?? .distantPast, checkpoint: checkpoint, name: name)
    }

    /// Whether a source timestamp is believable at `time`: not more than ``maximumClockSkew`` ahead.
    package static func isPlausible(_ timestamp: Date, at time: Date) -> Bool {
        timestamp <= time.adding(maximumClockSkew)
    }

    /// The checkpoint to save after processing records with these source timestamps: it only moves forward, and
    /// never past a timestamp that is not plausible.
    package func advanced(through timestamps: some Sequence<Date>, at time: Date) -> Checkpoint {
        (checkpoint ?? Checkpoint(name: name, position: .distantPast, updatedAt: time))
            .advanced(through: timestamps.filter { Self.isPlausible($0, at: time) }, at: time)
    }

    /// Parks, once each, the records whose timestamps are not plausible, saying what is wrong and what to do.
    /// - Returns: How many were parked now.
    package func parkImplausible(
        _ records: [(entity: EntityReference, timestamp: Date)], at time: Date, in store: any ConnectorStore,
        into changes: inout StoreChanges
    ) async throws -> Int {
        var parked = 0
        for record in records where !Self.isPlausible(record.timestamp, at: time) {
            let draft = ReviewItem.Draft(
                entity: record.entity,
                reason: "its change time \(record.timestamp) is ahead of the connector's clock; the \(name) "
                    + "checkpoint does not move past it. Correct the time in the source system, or the clock of the "
                    + "connector's host.",
                rule: "implausibleTimestamp", correlationID: "\(record.entity)")
            if try await store.parkOnce(draft, into: &changes) { parked += 1 }
        }
        return parked
    }
}
