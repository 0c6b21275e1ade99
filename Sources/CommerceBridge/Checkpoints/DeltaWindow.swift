import AdobeCommerce

#if canImport(FoundationEssentials)
    package import FoundationEssentials
#else
    package import Foundation
#endif

/// One pass over a change feed, the skeleton every delta engine shares: read the feed's checkpoint, start
/// reading `overlap` before it, page through the feed by keyset until a short page, and after each page save the
/// checkpoint advanced through the records processed — never past one that was not.
///
/// A source timestamp more than ``maximumClockSkew`` ahead of the connector's clock is not believed: the
/// checkpoint never moves past it (it would skip every real change until that date), and the engine parks the
/// record for review with ``parkImplausible(_:at:in:into:)``.
///
/// ```swift
/// var window = try await DeltaWindow.open("erp.inventory", overlap: .seconds(300), in: store)
/// try await DeltaWindow.read(from: window.start, pageSize: 1_000) { cursor, limit in
///     try await source.inventoryChanges(after: cursor, limit: limit)
/// } page: { levels in
///     // … process, then:
///     changes.saveCheckpoint(window.advance(through: levels.map(\.feedPosition), at: time.now()))
///     return levels.count   // how many, in feed order, were processed
/// }
/// ```
package struct DeltaWindow: Sendable {
    /// How far ahead of the connector's clock a source timestamp may be and still move the checkpoint.
    package static let maximumClockSkew: Duration = .seconds(300)

    /// Where this pass reads from: `overlap` before the checkpoint (records committed late with an earlier time are
    /// read again), exactly after it with no overlap, or the beginning for a new feed.
    package let start: FeedCursor
    private var checkpoint: Checkpoint?
    private let name: String

    /// Opens the window of the feed `name` as the store's checkpoint leaves it.
    package static func open(_ name: String, overlap: Duration, in store: any ConnectorStore) async throws
        -> DeltaWindow
    {
        let checkpoint = try await store.checkpoint(named: name)
        let start =
            checkpoint.map { overlap > .zero ? FeedCursor(time: $0.windowStart(overlap: overlap)) : $0.feedPosition }
            ?? .beginning
        return DeltaWindow(start: start, checkpoint: checkpoint, name: name)
    }

    /// Reads a feed from `cursor` to its end, a page at a time: `page` gets each page and returns how many of its
    /// records, in feed order, it processed. Reading stops after a short page, or when a page is not processed
    /// whole (a failure the next pass retries).
    /// - Parameters:
    ///   - cursor: Where to start.
    ///   - pageSize: The most records a read returns.
    ///   - fetch: Reads the records after a cursor, at most a limit, in feed order.
    ///   - page: Processes a page.
    ///   - maximumRecords: Stop after a page that brings the total to this many (the next pass goes on from the
    ///     checkpoint), or `nil` to read to the end.
    package static func read<Record: FeedRecord>(
        from cursor: FeedCursor, pageSize: Int, maximumRecords: Int? = nil,
        fetch: (FeedCursor, Int) async throws -> [Record], page: ([Record]) async throws -> Int
    ) async throws {
        var cursor = cursor
        var total = 0
        while !Task.isCancelled, total < maximumRecords ?? .max {
            // In feed order, even from a source that answers out of order: the checkpoint then never passes a
            // record that was not processed.
            let records = try await fetch(cursor, pageSize).sorted { $0.feedPosition < $1.feedPosition }
            guard !records.isEmpty else { return }
            let processed = try await page(records)
            total += records.count
            guard processed == records.count, records.count >= pageSize,
                let newest = records.map(\.feedPosition).max(), cursor < newest
            else { return }
            cursor = newest
        }
    }

    /// Whether a source timestamp is believable at `time`: not more than ``maximumClockSkew`` ahead.
    package static func isPlausible(_ timestamp: Date, at time: Date) -> Bool {
        timestamp <= time.adding(maximumClockSkew)
    }

    /// Moves the checkpoint through records processed at these positions, never back, never past a position whose
    /// time is not plausible, and never past the connector's own clock (a source a few minutes fast would otherwise
    /// move it beyond changes other sources stamp correctly), and returns it to save.
    package mutating func advance(through positions: some Sequence<FeedCursor>, at time: Date) -> Checkpoint {
        let now = FeedCursor(time: time)
        let believed = positions.filter { Self.isPlausible($0.time, at: time) }.map { $0.time > time ? now : $0 }
        let next = (checkpoint ?? Checkpoint(name: name, position: .distantPast, updatedAt: time))
            .advanced(through: believed, at: time)
        checkpoint = next
        return next
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
