public import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Handles the inbox: claims due events, hands each to the handler of its type, and acknowledges, retries or
/// dead-letters it, committing the handler's changes (outbox messages, mappings, checkpoints) with the outcome.
///
/// Events of one entity are handled one at a time and in order (``ConnectorStore/claimEvents(limit:leaseDuration:now:)``
/// guarantees it across every worker on the store); events of different entities run concurrently, up to
/// ``Configuration/maximumConcurrency``. Handling is at least once: a worker killed after the effect and before the
/// commit leaves the event to be handled again when its lease runs out, so make the effect idempotent (the event's
/// ``InboxEvent/eventID`` is a ready idempotency key) or commit it with the acknowledgement, as an outbox message.
///
/// An event whose type has no handler (and no fallback was given) is **acknowledged as ignored**: it becomes
/// ``InboxEvent/State-swift.enum/handled(at:)``, so it no longer holds its entity's later events back, and an
/// ``AuditRecord`` with action `inbox.ignored` (entity kind `inboxEvent`, system the event's source, key its event id)
/// records that nothing was done; ``Report/ignored`` counts them. Replay such events
/// (``ConnectorStore/replayEvents(ids:now:)``) once a handler exists. Give every processor on a store the same
/// handlers: the inbox is not split by type.
///
/// A handler that throws fails the attempt: a ``RetryClassifiable`` or `CommerceError` says whether to retry, other
/// errors are retried, with ``Configuration/retry``'s backoff, until its last attempt; then the event is
/// dead-lettered. An event received more than ``Configuration/maximumReceives`` times — its workers crashed or stalled
/// on it — is dead-lettered without being handled again (a poison event).
///
/// ```swift
/// let processor = InboxProcessor(store: store, time: .system, handlers: [
///     "com.adobe.commerce.observer.sales_order_save_commit_after": { event, changes in
///         let order = try OrderEvent(payload: event.payload)
///         changes.enqueue(try OutboxMessage.Draft(destination: "erp", topic: "order.export", envelope: order.envelope))
///     },
/// ])
/// await processor.run()   // until the task is cancelled
/// ```
public struct InboxProcessor: Sendable {
    /// Handles one event; add the changes that must land with its acknowledgement to `changes`. Throw to fail the
    /// attempt.
    public typealias Handler = @Sendable (InboxEvent, inout StoreChanges) async throws -> Void

    /// How the processor works.
    public struct Configuration: Sendable {
        /// Events handled at once (of different entities); also the most events one claim takes.
        public var maximumConcurrency = 8
        /// How long a claimed event is reserved for this worker; a handler must finish well within it. Keep it above
        /// ``maximumHandlingTime`` plus the store's busy timeout (SQLite), so that an outcome whose commit waited for the
        /// write lock still lands under its lease.
        public var leaseDuration: Duration = .seconds(60)
        /// The longest one handling may take: then the handler is cancelled and the attempt fails as retryable, so the
        /// lease cannot run out under it. `nil` for no limit.
        public var maximumHandlingTime: Duration? = .seconds(30)
        /// The retry schedule; after `maximumAttempts` failed attempts the event is dead-lettered.
        public var retry = RetryPolicy(maximumAttempts: 8, initialDelay: .seconds(1), maximumDelay: .seconds(300))
        /// How many times an event may be received (claimed, counting claims whose worker crashed or stalled) before
        /// it is dead-lettered without being handled again. An event received again without an outcome is handled
        /// alone, so a crash it causes does not take its neighbours' receives.
        public var maximumReceives = 10
        /// The wait between passes when nothing is due. On a ``NotifyingConnectorStore`` the wait ends early when events
        /// are received by any worker; elsewhere this is how late a new event may start, so keep it short.
        public var pollInterval: Duration = .milliseconds(100)

        /// The defaults: 8 at once, 60 s leases, 30 s per handling, 8 attempts from 1 s up to 5 min apart, 10
        /// receives, 100 ms polls.
        public init() {}
    }

    /// What a pass did.
    public struct Report: Sendable, Hashable {
        /// Handled and acknowledged.
        public var handled = 0
        /// Acknowledged without a handler for their type (see ``InboxProcessor``).
        public var ignored = 0
        /// Failed and rescheduled.
        public var retried = 0
        /// Dead-lettered: failed for good, out of attempts, or received too often.
        public var deadLettered = 0
        /// Handled or failed, but the lease had been lost (another worker has the event now), or claimed with a lease
        /// that had already run out when the claim returned, and released unhandled.
        public var leaseLost = 0
        /// Handled or failed, but the outcome could not be committed (the store was busy, full or failing): the event
        /// comes back when its lease runs out.
        public var uncommitted = 0

        /// An empty report.
        public init() {}

        mutating func add(_ other: Report) {
            handled += other.handled
            ignored += other.ignored
            retried += other.retried
            deadLettered += other.deadLettered
            leaseLost += other.leaseLost
            uncommitted += other.uncommitted
        }
    }

    /// The store.
    public let store: any ConnectorStore
    /// The configuration.
    public let configuration: Configuration
    private let time: TimeSource
    private let handlers: [String: Handler]
    private let fallback: Handler?
    private let random: @Sendable () -> Double

    /// Creates a processor.
    /// - Parameters:
    ///   - store: The inbox.
    ///   - time: The clock.
    ///   - handlers: The handler of each event type.
    ///   - fallback: The handler of the types not in `handlers`; without one, such events are acknowledged as
    ///     ignored.
    ///   - configuration: Concurrency, leases, retries and polling.
    ///   - random: The jitter source, a value in `0 ..< 1`.
    public init(
        store: any ConnectorStore,
        time: TimeSource,
        handlers: [String: Handler],
        fallback: Handler? = nil,
        configuration: Configuration = Configuration(),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.store = store
        self.time = time
        self.handlers = handlers
        self.fallback = fallback
        self.configuration = configuration
        self.random = random
    }

    /// Handles every event that is due now (and those that fall due meanwhile), then returns what it did.
    /// A lease that has already run out when its claim returns (the claim waited for the store longer than
    /// ``Configuration/leaseDuration``) is released unhandled and counted as ``Report/leaseLost``: another worker may
    /// hold the event by then; after three such claims in a row the pass ends.
    /// - Throws: The store's error when the pass's first claim fails (nothing is lost: claimed events return when their
    ///   leases run out), or `CancellationError`. When a later claim fails, the pass ends and returns what it did, so
    ///   that the outcomes already committed or lost are reported.
    public func processAvailable() async throws -> Report {
        var report = Report()
        let limit = max(1, configuration.maximumConcurrency)
        var claimed = false
        var expiredClaims = 0
        while !Task.isCancelled {
            let claim: [InboxLease]
            do {
                claim = try await store.claimEvents(
                    limit: limit, leaseDuration: configuration.leaseDuration, now: time.now())
            } catch let error where claimed && !(error is CancellationError) {
                // The outcomes so far are committed or counted: report them. The store's failure shows again at the
                // next pass's first claim.
                return report
            }
            if claim.isEmpty { break }
            claimed = true
            let leases = await dropExpired(claim, report: &report)
            if leases.isEmpty {
                // A store that keeps answering slower than the lease would keep this pass going round forever.
                expiredClaims += 1
                if expiredClaims == Self.expiredClaimsPerPass { break }
                continue
            }
            expiredClaims = 0
            var batch = leases
            // An event received again without an outcome may be what crashes the worker: handle it alone, and give
            // its neighbours back untouched (a release returns their receive).
            if leases.count > 1, let suspect = leases.first(where: { $0.event.receives - $0.event.attempts >= 2 }) {
                var changes = StoreChanges(time: time.now())
                for lease in leases where lease != suspect { changes.releaseEvent(lease, availableAt: time.now()) }
                await commitTolerantly(changes, report: &report)
                batch = [suspect]
            }
            let outcome = try await withThrowingTaskGroup(of: Report.self) { group in
                for lease in batch { group.addTask { try await process(lease) } }
                var outcome = Report()
                for try await one in group { outcome.add(one) }
                return outcome
            }
            report.add(outcome)
        }
        if Task.isCancelled { throw CancellationError() }
        return report
    }

    /// Processes what is available, waits, and again, until the task is cancelled.
    ///
    /// On a ``NotifyingConnectorStore`` (PostgreSQL) the wait ends as soon as any worker receives events; otherwise
    /// it polls every ``Configuration/pollInterval``. A store error does not stop it: it waits longer after each
    /// failed pass (up to a minute) and carries on.
    public func run() async {
        var failedPasses = 0
        while !Task.isCancelled {
            var wait = configuration.pollInterval
            do {
                _ = try await processAvailable()
                failedPasses = 0
            } catch is CancellationError where Task.isCancelled {
                return
            } catch {
                failedPasses += 1
                wait = min(
                    max(configuration.pollInterval, .milliseconds(100)) * (1 << min(failedPasses, 10)), .seconds(60))
            }
            if failedPasses == 0, let notifying = store as? any NotifyingConnectorStore {
                await notifying.waitForWork(timeout: wait)
                continue
            }
            do { try await time.sleep(for: wait) } catch { return }
        }
    }

    /// How many claims in a row may come back with every lease already run out before a pass ends (the next pass
    /// tries again).
    static let expiredClaimsPerPass = 3

    /// The leases that have not yet run out. A claim that waited for the store (SQLite's write lock, for up to its busy
    /// timeout) longer than the lease can return leases that are already free for another worker to claim: handling
    /// one would run its handler beside that worker's. They are released (giving their receive back) unhandled, and
    /// counted as ``Report/leaseLost``.
    private func dropExpired(_ leases: [InboxLease], report: inout Report) async -> [InboxLease] {
        let now = time.now()
        let expired = leases.filter { $0.expiresAt <= now }
        guard !expired.isEmpty else { return leases }
        report.leaseLost += expired.count
        var changes = StoreChanges(time: now)
        for lease in expired { changes.releaseEvent(lease, availableAt: now) }
        var ignored = Report()  // another worker may have claimed them meanwhile: that is the expected case
        await commitTolerantly(changes, report: &ignored)
        return leases.filter { $0.expiresAt > now }
    }

    private func process(_ lease: InboxLease) async throws -> Report {
        var report = Report()
        let event = lease.event
        if event.receives > configuration.maximumReceives {
            await deadLetter(
                lease, rule: "maximumReceives",
                error: "received \(event.receives) times (more than \(configuration.maximumReceives)) after "
                    + "\(event.attempts) failed attempt(s): a worker may crash or stall on it",
                retryable: false, report: &report)
            return report
        }
        guard let handler = handlers[event.type] ?? fallback else {
            var changes = StoreChanges(time: time.now())
            changes.acknowledgeEvent(lease)
            changes.audit(
                AuditRecord(
                    entity: Self.auditEntity(of: event), action: "inbox.ignored", rule: "noHandler",
                    explanation: "inbox event \(event.id) of type \(event.type) has no handler; acknowledged unhandled",
                    correlationID: event.eventID, time: changes.time))
            if await commitTolerantly(changes, report: &report) { report.ignored += 1 }
            return report
        }
        let outcome: Result<StoreChanges, any Error>
        do {
            outcome = .success(try await handle(event, with: handler))
        } catch {
            outcome = .failure(error)
        }
        switch outcome {
        case .success(var changes):
            changes.time = time.now()
            changes.acknowledgeEvent(lease)
            if await commitTolerantly(changes, report: &report) { report.handled += 1 }
        case .failure(let error):
            if Task.isCancelled { throw CancellationError() }
            let retryable = OutboxDispatcher.isRetryable(error)
            let number = event.attempts + 1
            guard retryable, number < configuration.retry.maximumAttempts else {
                await deadLetter(
                    lease, rule: retryable ? "retriesExhausted" : "notRetryable", error: String(describing: error),
                    retryable: retryable, report: &report)
                return report
            }
            let now = time.now()
            let attempt = DeliveryAttempt(
                number: number, time: now, error: Redactor.redact(String(describing: error)), retryable: true)
            let delay = max(
                configuration.retry.backoff(forRetry: number, random: random()),
                OutboxDispatcher.retryAfter(of: error) ?? .zero)
            var changes = StoreChanges(time: now)
            changes.rescheduleEvent(lease, attempt: attempt, availableAt: now.adding(delay))
            if await commitTolerantly(changes, report: &report) { report.retried += 1 }
        }
        return report
    }

    /// Runs the handler within ``Configuration/maximumHandlingTime``.
    private func handle(_ event: InboxEvent, with handler: @escaping Handler) async throws -> StoreChanges {
        let now = time.now()
        guard let limit = configuration.maximumHandlingTime else {
            var changes = StoreChanges(time: now)
            try await handler(event, &changes)
            return changes
        }
        let changes = try await time.race(limit) {
            var changes = StoreChanges(time: now)
            try await handler(event, &changes)
            return changes
        }
        guard let changes else { throw DeliveryTimedOut(limit: limit) }
        return changes
    }

    private func deadLetter(_ lease: InboxLease, rule: String, error: String, retryable: Bool, report: inout Report)
        async
    {
        let now = time.now()
        let event = lease.event
        let attempt = DeliveryAttempt(
            number: event.attempts + 1, time: now, error: Redactor.redact(error), retryable: retryable)
        var changes = StoreChanges(time: now)
        changes.deadLetterEvent(lease, attempt: attempt)
        changes.audit(
            AuditRecord(
                entity: Self.auditEntity(of: event), action: "inbox.deadLetter", rule: rule,
                explanation: "inbox event \(event.id) of type \(event.type) after \(attempt.number) attempt(s): "
                    + attempt.error,
                correlationID: event.eventID, time: now))
        if await commitTolerantly(changes, report: &report) { report.deadLettered += 1 }
    }

    /// The audit trail's name for an inbox event: kind `inboxEvent`, the source as system, the event id as key.
    static func auditEntity(of event: InboxEvent) -> EntityReference {
        EntityReference(EntityKind(rawValue: "inboxEvent"), SystemID(rawValue: event.source), event.eventID)
    }

    /// Commits; a lost lease or a failing store is counted, not thrown.
    /// - Returns: Whether the changes landed.
    @discardableResult
    private func commitTolerantly(_ changes: StoreChanges, report: inout Report) async -> Bool {
        do {
            try await store.commit(changes)
            return true
        } catch let error as BridgeError where error.code == .leaseLost {
            report.leaseLost += 1
        } catch {
            report.uncommitted += 1
        }
        return false
    }
}
