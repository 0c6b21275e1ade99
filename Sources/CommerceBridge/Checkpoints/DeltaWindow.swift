#if canImport(FoundationEssentials)
    package import FoundationEssentials
#else
    package import Foundation
#endif

/// One pass over a change feed, the skeleton every delta engine shares: read the feed's checkpoint, start
/// reading `overlap` before it, and after processing save the checkpoint advanced through what was processed.
///
/// ```swift
/// let window = try await DeltaWindow.open("erp.inventory", overlap: .seconds(300), in: store)
/// let levels = try await source.inventoryChanges(since: window.start, limit: 1_000)
/// // … process …
/// changes.saveCheckpoint(window.advanced(through: levels.map(\.updatedAt), at: time.now()))
/// ```
package struct DeltaWindow: Sendable {
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

    /// The checkpoint to save after processing records with these source timestamps: it only moves forward.
    package func advanced(through timestamps: some Sequence<Date>, at time: Date) -> Checkpoint {
        (checkpoint ?? Checkpoint(name: name, position: .distantPast, updatedAt: time)).advanced(
            through: timestamps, at: time)
    }
}
