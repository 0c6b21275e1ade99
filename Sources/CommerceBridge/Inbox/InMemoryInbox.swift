import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The inbox of ``InMemoryConnectorStore``: plain values, changed only from inside the actor.
struct InMemoryInbox {
    private struct Stored {
        var event: InboxEvent
        var leaseToken: String?
        var leaseExpiresAt: Date?

        var isPending: Bool { event.state == .pending }
        func isLeased(at now: Date) -> Bool { isPending && (leaseExpiresAt.map { $0 > now } ?? false) }
        /// Whether a handler has had it: claimed at least once, handled or dead-lettered.
        var wasHandedOut: Bool {
            switch event.state {
            case .pending: event.receives > 0
            case .handled, .deadLettered: true
            case .superseded: false
            }
        }
    }

    private var events: [Int64: Stored] = [:]
    private var positions: [String: Int64] = [:]
    private var byEntity: [String: [Int64]] = [:]
    private var nextID: Int64 = 1
    private var leaseCounter = 0

    mutating func receive(_ drafts: [InboxEvent.Draft], now: Date) -> [InboxAcceptance] {
        drafts.map { draft in
            if let position = positions[draft.eventID] { return .duplicate(position: position) }
            let id = nextID
            nextID += 1
            let newest = draft.entity.flatMap { entity in
                byEntity[entity, default: []].compactMap { events[$0] }.filter(\.wasHandedOut).map(\.event.occurredAt)
                    .max()
            }
            let stale = newest.map { draft.occurredAt < $0 } ?? false
            events[id] = Stored(
                event: InboxEvent(
                    id: id, source: draft.source, eventID: draft.eventID, type: draft.type, entity: draft.entity,
                    occurredAt: draft.occurredAt, payload: draft.payload, receivedAt: now, receives: 0, attempts: 0,
                    availableAt: now, history: [], state: stale ? .superseded(at: now) : .pending))
            positions[draft.eventID] = id
            if let entity = draft.entity { byEntity[entity, default: []].append(id) }
            if stale, let newest { return .stale(position: id, newest: newest) }
            return .accepted(position: id)
        }
    }

    mutating func claim(limit: Int, leaseDuration: Duration, now: Date) throws -> [InboxLease] {
        guard limit > 0 else {
            throw BridgeError(.invalidArgument, "The claim limit must be at least 1, not \(limit).")
        }
        var blocked: Set<String> = []
        var heads: [String: Int64] = [:]
        for (entity, ids) in byEntity {
            let pending = ids.compactMap { events[$0] }.filter(\.isPending)
            if pending.contains(where: { $0.isLeased(at: now) }) {
                blocked.insert(entity)
            } else if let head = pending.min(by: {
                ($0.event.occurredAt, $0.event.id) < ($1.event.occurredAt, $1.event.id)
            }) {
                heads[entity] = head.event.id
            }
        }
        let due = events.values.filter { stored in
            guard stored.isPending, stored.event.availableAt <= now, !stored.isLeased(at: now) else { return false }
            guard let entity = stored.event.entity else { return true }
            return !blocked.contains(entity) && heads[entity] == stored.event.id
        }
        .map(\.event.id).sorted().prefix(limit)
        leaseCounter += 1
        let token = "inbox-lease-\(leaseCounter)-\(UUID().uuidString.prefix(8))"
        let expiresAt = now.adding(leaseDuration)
        return due.map { id in
            events[id]?.event.receives += 1
            events[id]?.leaseToken = token
            events[id]?.leaseExpiresAt = expiresAt
            return InboxLease(event: events[id]!.event, token: token, expiresAt: expiresAt)
        }
    }

    func list(states: Set<InboxEvent.StateKind>?, after position: Int64, limit: Int) -> [InboxEvent] {
        Array(
            events.values.map(\.event).filter { $0.id > position && (states?.contains($0.state.kind) ?? true) }
                .sorted { $0.id < $1.id }.prefix(max(0, limit)))
    }

    func status(now: Date) -> InboxStatus {
        var status = InboxStatus(
            pending: 0, leased: 0, handled: 0, superseded: 0, deadLettered: 0, oldestPending: nil)
        for stored in events.values {
            switch stored.event.state {
            case .pending:
                status.pending += 1
                if stored.isLeased(at: now) { status.leased += 1 }
                status.oldestPending = min(status.oldestPending ?? stored.event.receivedAt, stored.event.receivedAt)
            case .handled: status.handled += 1
            case .superseded: status.superseded += 1
            case .deadLettered: status.deadLettered += 1
            }
        }
        return status
    }

    private static func isReplayable(_ state: InboxEvent.State) -> Bool {
        switch state {
        case .handled, .deadLettered: true
        case .pending, .superseded: false
        }
    }

    private mutating func makePending(_ id: Int64, now: Date) {
        guard var stored = events[id] else { return }
        stored.event.state = .pending
        stored.event.attempts = 0
        stored.event.receives = 0
        stored.event.availableAt = now
        stored.leaseToken = nil
        stored.leaseExpiresAt = nil
        events[id] = stored
    }

    mutating func replay(from position: Int64, source: String?, now: Date) -> Int {
        let ids = events.values.filter {
            $0.event.id >= position && (source == nil || $0.event.source == source)
                && Self.isReplayable($0.event.state)
        }.map(\.event.id)
        for id in ids { makePending(id, now: now) }
        return ids.count
    }

    mutating func replay(ids: [Int64], now: Date) throws {
        for id in ids where !(events[id].map { Self.isReplayable($0.event.state) } ?? false) {
            throw BridgeError(.notFound, "Inbox event \(id) does not exist or is neither handled nor dead-lettered.")
        }
        for id in ids { makePending(id, now: now) }
    }

    /// Throws when a lease in `changes` is no longer held.
    func checkLeases(_ changes: StoreChanges) throws {
        let leases =
            changes.acknowledgedEvents + changes.rescheduledEvents.map(\.lease) + changes.releasedEvents.map(\.lease)
            + changes.deadLetteredEvents.map(\.lease)
        for lease in leases {
            guard let stored = events[lease.event.id], stored.isPending, stored.leaseToken == lease.token else {
                throw BridgeError(.leaseLost, "The lease on inbox event \(lease.event.id) is no longer held.")
            }
        }
    }

    mutating func apply(_ changes: StoreChanges) {
        func finish(_ id: Int64, _ update: (inout InboxEvent) -> Void) {
            guard var stored = events[id] else { return }
            update(&stored.event)
            stored.leaseToken = nil
            stored.leaseExpiresAt = nil
            events[id] = stored
        }
        for lease in changes.acknowledgedEvents { finish(lease.event.id) { $0.state = .handled(at: changes.time) } }
        for (lease, attempt, availableAt) in changes.rescheduledEvents {
            finish(lease.event.id) { event in
                event.attempts += 1
                event.history.append(attempt)
                event.availableAt = availableAt
            }
        }
        for (lease, availableAt) in changes.releasedEvents {
            finish(lease.event.id) { event in
                event.receives = max(event.receives - 1, 0)
                event.availableAt = availableAt
            }
        }
        for (lease, attempt) in changes.deadLetteredEvents {
            finish(lease.event.id) { event in
                event.attempts += 1
                event.history.append(attempt)
                event.state = .deadLettered(at: attempt.time, reason: attempt.error)
            }
        }
    }

    /// Removes handled and superseded events finished before `cutoff`.
    mutating func purge(finishedBefore cutoff: Date) -> Int {
        let old = events.values.filter { stored in
            switch stored.event.state {
            case .handled(let at), .superseded(let at): at < cutoff
            case .pending, .deadLettered: false
            }
        }.map(\.event)
        for event in old {
            events[event.id] = nil
            positions[event.eventID] = nil
            if let entity = event.entity {
                byEntity[entity]?.removeAll { $0 == event.id }
                if byEntity[entity]?.isEmpty == true { byEntity[entity] = nil }
            }
        }
        return old.count
    }
}
