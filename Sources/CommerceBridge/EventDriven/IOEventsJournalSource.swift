public import AdobeCommerce
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The Adobe I/O Events journal as an ``EventSource``: for connectors that accept no inbound traffic.
///
/// The position of the last acknowledged event is a checkpoint in the store, so a restarted worker reads on from
/// there; events received and not acknowledged (a crash in between) are read again and the inbox recognises them. At
/// the end of the journal a receive waits as I/O asks (`retry-after`), up to its timeout. When the saved position has
/// expired (I/O keeps 7 days), reading starts again from the oldest event the journal holds and
/// ``expiredPositions`` counts it: reconcile the gap with the engines' reconcilers.
public final class IOEventsJournalSource: EventSource {
    private struct State {
        var readPosition: String?
        var loaded = false
        var expired = 0
    }

    private let journal: IOEventsJournal
    private let store: any ConnectorStore
    private let checkpointName: String
    private let start: IOEventsJournal.Start
    private let time: TimeSource
    private let state = Mutex(State())

    /// Creates a source.
    /// - Parameters:
    ///   - journal: The journal reader.
    ///   - store: Where the position is kept.
    ///   - checkpointName: The checkpoint's name (one per registration).
    ///   - start: Where to begin when there is no checkpoint.
    ///   - time: The clock.
    public init(
        journal: IOEventsJournal, store: any ConnectorStore, checkpointName: String = "io-events.journal",
        start: IOEventsJournal.Start = .oldest, time: TimeSource = .system
    ) {
        self.journal = journal
        self.store = store
        self.checkpointName = checkpointName
        self.start = start
        self.time = time
    }

    /// How many times the saved position had expired and reading restarted from the oldest event.
    public var expiredPositions: Int { state.withLock { $0.expired } }

    /// Reads the next entries after the last one received.
    public func receive(limit: Int, timeout: Duration) async throws -> [ReceivedEvent] {
        if !state.withLock({ $0.loaded }) {
            let saved = try await store.checkpoint(named: checkpointName)?.cursor
            state.withLock { state in
                if !state.loaded { (state.readPosition, state.loaded) = (saved, true) }
            }
        }
        let position = state.withLock { $0.readPosition }
        let page: IOEventsJournal.Page
        do {
            page = try await journal.fetch(since: position, start: start, limit: limit)
        } catch let error as StoreEventError where error.code == .journalPositionExpired {
            state.withLock { state in
                state.readPosition = nil
                state.expired += 1
            }
            page = try await journal.fetch(since: nil, start: .oldest, limit: limit)
        }
        guard let last = page.entries.last else {
            if let wait = page.retryAfter { try await time.sleep(for: min(wait, timeout)) }
            return []
        }
        state.withLock { $0.readPosition = last.position }
        return page.entries.map { entry in
            ReceivedEvent(
                id: entry.event.deduplicationKey, type: entry.event.type, payload: entry.event.json.jsonData,
                headers: [:], deliveryCount: 1, receipt: entry.position)
        }
    }

    /// Saves the position of the last of `events` as the checkpoint.
    public func acknowledge(_ events: [ReceivedEvent]) async throws {
        guard let last = events.last else { return }
        let now = time.now()
        try await store.save(Checkpoint(name: checkpointName, position: now, cursor: last.receipt, updatedAt: now))
    }

    /// The journal has no dead-letter route: a rejected entry is passed over (the pump counts it).
    public func reject(_ event: ReceivedEvent) async throws {}
}
