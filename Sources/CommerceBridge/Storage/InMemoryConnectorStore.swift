public import AdobeCommerce

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A complete ``ConnectorStore`` in memory: for tests, examples and connectors that can afford to lose their
/// state on restart. Safe for any number of concurrent workers in one process.
public actor InMemoryConnectorStore: ConnectorStore {
    private struct Stored {
        var message: OutboxMessage
        var leaseToken: String?
        var leaseExpiresAt: Date?
    }

    private struct MappingEntry {
        var token: String
        var claimedAt: Date
        var targetID: String?
    }

    private struct ReverseKey: Hashable {
        var kind: EntityKind
        var sourceSystem: SystemID
        var targetSystem: SystemID
        var targetID: String
    }

    private struct HashScope: Hashable {
        var kind: EntityKind
        var system: SystemID
    }

    private var messages: [Int64: Stored] = [:]
    private var idempotencyKeys: [String: Int64] = [:]
    private var deadLetters: [Int64: DeadLetter] = [:]
    private var nextID: Int64 = 1
    private var mappings: [MappingKey: MappingEntry] = [:]
    private var reverse: [ReverseKey: String] = [:]
    private var checkpoints: [String: Checkpoint] = [:]
    private var audit: [AuditRecord] = []
    private var review: [Int64: ReviewItem] = [:]
    /// Content hashes by kind and system, then by key: a lookup hashes only the key.
    private var hashes: [HashScope: [String: String]] = [:]
    private var nextReviewID: Int64 = 1
    private var leaseCounter = 0
    private var scheduledRuns: [String: (run: ScheduledRun, finished: Bool)] = [:]
    private var reservationClaims: [String: (token: String, until: Date)] = [:]
    private var reservationAnswers: [String: ReservationRecord] = [:]
    private var rateBuckets: [String: (tokens: Double, updated: Date)] = [:]
    private var echoes: [EchoFingerprint: Date] = [:]
    private var inbox = InMemoryInbox()

    /// Creates an empty store.
    public init() {}

    /// Applies the changes atomically: every lease and claim is checked before anything changes.
    public func commit(_ changes: StoreChanges) async throws {
        let leases =
            changes.acknowledged + changes.rescheduled.map(\.lease) + changes.released.map(\.lease)
            + changes.deadLettered.map(\.lease)
        for lease in leases where messages[lease.message.id]?.leaseToken != lease.token {
            throw BridgeError(.leaseLost, "The lease on message \(lease.message.id) is no longer held.")
        }
        for completion in changes.completedMappings {
            guard let entry = mappings[completion.key] else {
                throw BridgeError(.mappingConflict, "No claim exists for \(completion.key).")
            }
            if let target = entry.targetID {
                guard target == completion.targetID else {
                    throw BridgeError(.mappingConflict, "\(completion.key) is already mapped to \(target).")
                }
            } else if entry.token != completion.token {
                throw BridgeError(.mappingConflict, "The claim on \(completion.key) is held by another token.")
            }
        }
        for record in changes.savedReservations {
            let holder = reservationAnswers[record.key]?.token ?? reservationClaims[record.key]?.token
            guard holder == record.token else {
                throw BridgeError(.leaseLost, "The claim on reservation \(record.key) is no longer held.")
            }
        }
        try inbox.checkLeases(changes)
        for draft in changes.enqueued where idempotencyKeys[draft.idempotencyKey] == nil {
            let id = nextID
            nextID += 1
            let availableAt = draft.availableAt ?? changes.time
            messages[id] = Stored(
                message: OutboxMessage(
                    id: id, destination: draft.destination, topic: draft.topic, idempotencyKey: draft.idempotencyKey,
                    correlationID: draft.correlationID, payload: draft.payload, attempts: 0, createdAt: changes.time,
                    availableAt: availableAt, history: []))
            idempotencyKeys[draft.idempotencyKey] = id
        }
        for lease in changes.acknowledged {
            messages[lease.message.id] = nil
            idempotencyKeys[lease.message.idempotencyKey] = nil
        }
        for (lease, attempt, availableAt) in changes.rescheduled {
            guard var stored = messages[lease.message.id] else { continue }
            stored.message.attempts += 1
            stored.message.history.append(attempt)
            stored.message.availableAt = availableAt
            stored.leaseToken = nil
            stored.leaseExpiresAt = nil
            messages[lease.message.id] = stored
        }
        for (lease, availableAt) in changes.released {
            messages[lease.message.id]?.message.receives -= 1
            messages[lease.message.id]?.message.availableAt = availableAt
            messages[lease.message.id]?.leaseToken = nil
            messages[lease.message.id]?.leaseExpiresAt = nil
        }
        for (lease, attempt) in changes.deadLettered {
            guard var message = messages.removeValue(forKey: lease.message.id)?.message else { continue }
            message.attempts += 1
            message.history.append(attempt)
            deadLetters[message.id] = DeadLetter(message: message, deadLetteredAt: attempt.time, reason: attempt.error)
        }
        for (key, _, targetID) in changes.completedMappings {
            mappings[key]?.targetID = targetID
            reverse[
                ReverseKey(
                    kind: key.kind, sourceSystem: key.sourceSystem, targetSystem: key.targetSystem, targetID: targetID)] =
                key.sourceID
        }
        for checkpoint in changes.checkpoints { checkpoints[checkpoint.name] = checkpoint }
        audit.append(contentsOf: changes.auditRecords)
        for (entity, hash) in changes.contentHashes {
            hashes[HashScope(kind: entity.kind, system: entity.system), default: [:]][entity.key] = hash
        }
        for draft in changes.parked {
            review[nextReviewID] = ReviewItem(id: nextReviewID, createdAt: changes.time, draft: draft)
            nextReviewID += 1
        }
        for record in changes.savedReservations {
            reservationClaims[record.key] = nil
            reservationAnswers[record.key] = record
        }
        for key in changes.forgottenReservations {
            reservationClaims[key] = nil
            reservationAnswers[key] = nil
        }
        for (fingerprint, expiresAt) in changes.echoFingerprints {
            echoes[fingerprint] = max(echoes[fingerprint] ?? expiresAt, expiresAt)
        }
        inbox.apply(changes)
    }

    /// Leases due messages, oldest first, counting a receive on each.
    public func claim(destination: String?, topics: Set<String>?, limit: Int, leaseDuration: Duration, now: Date)
        async throws -> [Lease]
    {
        guard limit > 0 else {
            throw BridgeError(.invalidArgument, "The claim limit must be at least 1, not \(limit).")
        }
        let due = messages.values.filter { stored in
            (destination == nil || stored.message.destination == destination)
                && (topics?.contains(stored.message.topic) ?? true) && stored.message.availableAt <= now
                && (stored.leaseExpiresAt.map { $0 <= now } ?? true)
        }
        .sorted { $0.message.id < $1.message.id }
        .prefix(limit)
        let expiresAt = now.adding(leaseDuration)
        return due.map { stored in
            leaseCounter += 1
            let token = "lease-\(leaseCounter)-\(UUID().uuidString.prefix(8))"
            var leased = stored
            leased.message.receives += 1
            leased.leaseToken = token
            leased.leaseExpiresAt = expiresAt
            messages[stored.message.id] = leased
            return Lease(message: leased.message, token: token, expiresAt: expiresAt)
        }
    }

    /// Extends a lease still held.
    public func extendLease(_ lease: Lease, by duration: Duration, now: Date) async throws -> Lease {
        guard let stored = messages[lease.message.id], stored.leaseToken == lease.token else {
            throw BridgeError(.leaseLost, "The lease on message \(lease.message.id) is no longer held.")
        }
        var extended = lease
        extended.expiresAt = now.adding(duration)
        messages[lease.message.id]?.leaseExpiresAt = extended.expiresAt
        return extended
    }

    /// Counts of waiting, leased and dead-lettered messages.
    public func outboxStatus(now: Date) async throws -> OutboxStatus {
        var pending: [String: Int] = [:]
        for stored in messages.values { pending[stored.message.destination, default: 0] += 1 }
        return OutboxStatus(
            pending: pending, leased: messages.values.filter { ($0.leaseExpiresAt.map { $0 > now } ?? false) }.count,
            deadLettered: deadLetters.count, oldestPending: messages.values.map(\.message.createdAt).min())
    }

    /// Dead letters, oldest first.
    public func deadLetters(limit: Int, offset: Int) async throws -> [DeadLetter] {
        Array(deadLetters.values.sorted { $0.id < $1.id }.dropFirst(max(0, offset)).prefix(max(0, limit)))
    }

    /// One dead letter.
    public func deadLetter(id: Int64) async throws -> DeadLetter? { deadLetters[id] }

    /// Puts dead letters back, with their history and a fresh attempt count.
    public func replayDeadLetters(ids: [Int64], now: Date) async throws {
        for id in ids where deadLetters[id] == nil {
            throw BridgeError(.notFound, "Dead letter \(id) does not exist.")
        }
        for id in ids {
            guard var message = deadLetters.removeValue(forKey: id)?.message else { continue }
            message.attempts = 0
            message.receives = 0
            message.availableAt = now
            messages[id] = Stored(message: message)
        }
    }

    /// Deletes dead letters.
    public func discardDeadLetters(ids: [Int64]) async throws {
        for id in ids where deadLetters[id] == nil {
            throw BridgeError(.notFound, "Dead letter \(id) does not exist.")
        }
        for id in ids {
            if let letter = deadLetters.removeValue(forKey: id) { idempotencyKeys[letter.message.idempotencyKey] = nil }
        }
    }

    /// Claims a mapping key.
    public func claimMapping(_ key: MappingKey, token: String, now: Date) async throws -> MappingState {
        if let entry = mappings[key] {
            return entry.targetID.map { .mapped(targetID: $0) }
                ?? .pending(token: entry.token, claimedAt: entry.claimedAt)
        }
        mappings[key] = MappingEntry(token: token, claimedAt: now)
        return .claimed(token: token)
    }

    /// Where a mapping key stands.
    public func mapping(_ key: MappingKey) async throws -> MappingState? {
        mappings[key].map { entry in
            entry.targetID.map { .mapped(targetID: $0) } ?? .pending(token: entry.token, claimedAt: entry.claimedAt)
        }
    }

    /// The reverse lookup.
    public func sourceID(kind: EntityKind, sourceSystem: SystemID, targetSystem: SystemID, targetID: String)
        async throws
        -> String?
    {
        reverse[ReverseKey(kind: kind, sourceSystem: sourceSystem, targetSystem: targetSystem, targetID: targetID)]
    }

    /// Content hashes of records.
    public func contentHashes(kind: EntityKind, system: SystemID, keys: [String]) async throws -> [String: String] {
        guard let scope = hashes[HashScope(kind: kind, system: system)] else { return [:] }
        var result: [String: String] = [:]
        result.reserveCapacity(Swift.min(keys.count, scope.count))
        for key in keys {
            if let hash = scope[key] { result[key] = hash }
        }
        return result
    }

    /// A checkpoint.
    public func checkpoint(named name: String) async throws -> Checkpoint? { checkpoints[name] }

    /// Every saved checkpoint, by name.
    public func checkpoints() async throws -> [Checkpoint] { checkpoints.values.sorted { $0.name < $1.name } }

    /// Items waiting for review.
    public func reviewItems(limit: Int, offset: Int) async throws -> [ReviewItem] {
        Array(review.values.sorted { $0.id < $1.id }.dropFirst(max(0, offset)).prefix(max(0, limit)))
    }

    /// Removes reviewed items.
    public func resolveReviewItems(ids: [Int64]) async throws {
        for id in ids where review[id] == nil { throw BridgeError(.notFound, "Review item \(id) does not exist.") }
        for id in ids { review[id] = nil }
    }

    /// Audit records of an entity.
    public func auditRecords(for entity: EntityReference) async throws -> [AuditRecord] {
        audit.filter { $0.entity == entity }
    }

    /// Audit records of a correlation id.
    public func auditRecords(correlationID: String) async throws -> [AuditRecord] {
        audit.filter { $0.correlationID == correlationID }
    }

    /// Removes history older than the policy keeps.
    public func purge(_ retention: RetentionPolicy, now: Date) async throws -> PurgeReport {
        var report = PurgeReport()
        echoes = echoes.filter { $0.value > now }
        if let age = retention.auditRecords {
            let cutoff = now.adding(.zero - age)
            report.auditRecords = audit.count
            audit.removeAll { $0.time < cutoff }
            report.auditRecords -= audit.count
        }
        if let age = retention.reviewItems {
            let cutoff = now.adding(.zero - age)
            let old = review.values.filter { $0.createdAt < cutoff }.map(\.id)
            for id in old { review[id] = nil }
            report.reviewItems = old.count
        }
        if let age = retention.deadLetters {
            let cutoff = now.adding(.zero - age)
            let old = deadLetters.values.filter { $0.deadLetteredAt < cutoff }
            for letter in old {
                deadLetters[letter.id] = nil
                idempotencyKeys[letter.message.idempotencyKey] = nil
            }
            report.deadLetters = old.count
        }
        if let age = retention.handledEvents {
            report.inboxEvents = inbox.purge(finishedBefore: now.adding(.zero - age))
        }
        return report
    }

    /// Blanks what the audit trail and the review list hold about `entity` and what mentions its key.
    public func erasePersonalData(of entity: EntityReference) async throws -> ErasureReport {
        let pseudonym = ErasureReport.newPseudonym()
        let key = Self.asciiLowercased(entity.key)
        let distinctive = ErasureReport.isDistinctive(entity.key)
        let encoder = CommerceJSONEncoder()
        func own(_ reference: EntityReference) -> Bool {
            Self.asciiLowercased(reference.key) == key
                && (distinctive || (reference.kind == entity.kind && reference.system == entity.system))
        }
        func mentions(_ values: [JSONValue?], _ texts: [String]) -> Bool {
            guard distinctive else { return false }
            let encoded = values.compactMap {
                $0.flatMap { try? encoder.encode($0) }.map { String(decoding: $0, as: UTF8.self) }
            }
            return (encoded + texts).contains { Self.asciiLowercased($0).contains(key) }
        }
        var report = ErasureReport(records: 0, mentions: 0, pseudonym: pseudonym)
        for index in audit.indices where audit[index].entity.key != pseudonym {
            let record = audit[index]
            let isOwn = own(record.entity)
            guard
                isOwn
                    || mentions(
                        [record.currentValue, record.incomingValue], [record.explanation, record.correlationID])
            else { continue }
            if isOwn { audit[index].entity = EntityReference(record.entity.kind, record.entity.system, pseudonym) }
            audit[index].currentValue = nil
            audit[index].incomingValue = nil
            audit[index].explanation = "erased"
            if isOwn || (distinctive && Self.asciiLowercased(record.correlationID).contains(key)) {
                audit[index].correlationID = pseudonym
            }
            if isOwn { report.records += 1 } else { report.mentions += 1 }
        }
        for (id, item) in review where item.draft.entity.key != pseudonym {
            var draft = item.draft
            let isOwn = own(draft.entity)
            guard isOwn || mentions([draft.currentValue, draft.incomingValue], [draft.reason, draft.correlationID])
            else { continue }
            if isOwn { draft.entity = EntityReference(draft.entity.kind, draft.entity.system, pseudonym) }
            draft.currentValue = nil
            draft.incomingValue = nil
            draft.reason = "erased"
            if isOwn || (distinctive && Self.asciiLowercased(draft.correlationID).contains(key)) {
                draft.correlationID = pseudonym
            }
            review[id] = ReviewItem(id: id, createdAt: item.createdAt, draft: draft)
            if isOwn { report.records += 1 } else { report.mentions += 1 }
        }
        for mapping in mappings.keys
        where mapping.targetSystem.rawValue.hasPrefix("review.")
            && Self.asciiLowercased(mapping.sourceID).hasPrefix(key + "|")
            && (distinctive || (mapping.kind == entity.kind && mapping.sourceSystem == entity.system))
        {
            mappings[mapping] = nil
            for (reverseKey, sourceID) in reverse
            where reverseKey.targetSystem == mapping.targetSystem && sourceID == mapping.sourceID {
                reverse[reverseKey] = nil
            }
        }
        for fingerprint in echoes.keys where own(fingerprint.entity) { echoes[fingerprint] = nil }
        return report
    }

    // MARK: Shared by every worker

    /// Claims a scheduled job's run for a period.
    public func claimScheduledRun(job: String, period: Date, holder: String, leaseDuration: Duration, now: Date)
        async throws -> ScheduledRunClaim
    {
        let expiresAt = now.adding(leaseDuration)
        let (run, finished) = scheduledRuns[job] ?? (ScheduledRunRules.neverRun(job: job), true)
        switch ScheduledRunRules.decide(
            held: run, finished: finished, period: period, holder: holder, expiresAt: expiresAt, now: now)
        {
        case .answer(let claim):
            return claim
        case .take(let taken):
            scheduledRuns[job] = (taken, false)
            return .claimed(taken)
        }
    }

    /// Ends a scheduled run.
    public func endScheduledRun(_ run: ScheduledRun, finished: Bool, now: Date) async throws {
        guard let held = scheduledRuns[run.job], !held.finished, held.run.fencingToken == run.fencingToken else {
            throw BridgeError(
                .leaseLost, "The run of \(run.job) with fencing token \(run.fencingToken) is no longer held.")
        }
        var ended = held.run
        if !finished { ended.expiresAt = now }
        scheduledRuns[run.job] = (ended, finished)
    }

    /// Claims a reservation's decision.
    public func claimReservation(key: String, token: String, leaseDuration: Duration, now: Date) async throws
        -> ReservationClaim
    {
        if let answer = reservationAnswers[key] { return .answered(answer) }
        if let claim = reservationClaims[key], claim.until > now, claim.token != token {
            return .pending(until: claim.until)
        }
        reservationClaims[key] = (token, now.adding(leaseDuration))
        return .claimed(token: token)
    }

    /// An answered reservation.
    public func reservation(key: String) async throws -> ReservationRecord? { reservationAnswers[key] }

    /// Answered reservations expiring by a date.
    public func reservations(expiringBy date: Date, limit: Int) async throws -> [ReservationRecord] {
        Array(
            reservationAnswers.values.filter { $0.expiresAt <= date }
                .sorted { ($0.expiresAt, $0.key) < ($1.expiresAt, $1.key) }
                .prefix(max(0, limit)))
    }

    /// Takes a token from a shared bucket.
    public func reserveRateToken(key: String, limit: RateLimit, now: Date) async throws -> Duration {
        var bucket = rateBuckets[key] ?? (Double(limit.burst), now)
        let elapsed = max(0, now.timeIntervalSince(bucket.updated))
        bucket.tokens = min(Double(limit.burst), bucket.tokens + elapsed * limit.requestsPerSecond) - 1
        bucket.updated = max(bucket.updated, now)
        rateBuckets[key] = bucket
        return RateBudgetRules.wait(tokens: bucket.tokens, limit: limit)
    }

    /// The bridge's own writes among the fingerprints.
    public func echoes(among fingerprints: [EchoFingerprint], now: Date) async throws -> Set<EchoFingerprint> {
        Set(fingerprints.filter { (echoes[$0] ?? .distantPast) > now })
    }

    // MARK: Inbox

    /// Receives events, deduplicated by event id; see ``ConnectorStore/receiveEvents(_:now:)``.
    public func receiveEvents(_ drafts: [InboxEvent.Draft], now: Date) async throws -> [InboxAcceptance] {
        inbox.receive(drafts, now: now)
    }

    /// Leases due events, one per entity, in order; see ``ConnectorStore/claimEvents(limit:leaseDuration:now:)``.
    public func claimEvents(limit: Int, leaseDuration: Duration, now: Date) async throws -> [InboxLease] {
        try inbox.claim(limit: limit, leaseDuration: leaseDuration, now: now)
    }

    /// Inbox events after a position.
    public func inboxEvents(states: Set<InboxEvent.StateKind>?, after position: Int64, limit: Int) async throws
        -> [InboxEvent]
    {
        inbox.list(states: states, after: position, limit: limit)
    }

    /// How the inbox stands.
    public func inboxStatus(now: Date) async throws -> InboxStatus { inbox.status(now: now) }

    /// Replays handled and dead-lettered events from a position.
    public func replayEvents(from position: Int64, source: String?, now: Date) async throws -> Int {
        inbox.replay(from: position, source: source, now: now)
    }

    /// Replays chosen handled or dead-lettered events.
    public func replayEvents(ids: [Int64], now: Date) async throws { try inbox.replay(ids: ids, now: now) }

    /// Lower case for ASCII letters only, as SQLite's `lower()` folds.
    private static func asciiLowercased(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { ("A"..."Z").contains($0) ? Unicode.Scalar($0.value + 32)! : $0 }))
    }
}
