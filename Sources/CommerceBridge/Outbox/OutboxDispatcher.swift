public import AdobeCommerce
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Delivers the outbox: claims due messages of its topics, hands each to the topic's handler, and acknowledges,
/// retries or dead-letters it, with a retry schedule, rate limit, concurrency budget and circuit breaker per
/// destination.
///
/// Delivery is at least once: a worker killed after the effect and before the acknowledgement leaves the
/// message to be delivered again when its lease expires. Make the effect idempotent with the message's
/// ``OutboxMessage/idempotencyKey``; together that is exactly one effect. Several dispatchers (engines, worker
/// processes) share one store safely: each claims only the topics it has handlers for, claims no more than it
/// can start at once, and extends its leases while a delivery runs.
///
/// ```swift
/// let dispatcher = OutboxDispatcher(store: store, time: .system, handlers: [
///     "order.export": { message, changes in
///         let envelope = try CommerceJSONDecoder().decode(Envelope.self, from: message.payload)
///         let number = try await erp.createOrder(envelope, idempotencyKey: message.idempotencyKey)
///         changes.completeMapping(key, token: message.idempotencyKey, targetID: number)   // lands with the ack
///     },
/// ])
/// try await dispatcher.run()
/// ```
public struct OutboxDispatcher: Sendable {
    /// Delivers one message; add changes that must land with its acknowledgement to `changes`. Throw to fail
    /// the attempt: a ``RetryClassifiable`` or `CommerceError` says whether to retry; other errors are
    /// retried until the last attempt.
    public typealias Handler = @Sendable (OutboxMessage, inout StoreChanges) async throws -> Void

    /// How one destination is treated.
    public struct DestinationPolicy: Sendable {
        /// The retry schedule; after `maximumAttempts` the message goes to the dead-letter queue.
        public var retry: RetryPolicy
        /// A request budget, or `nil` for none.
        public var rateLimit: RateLimit?
        /// Whether ``rateLimit`` is one budget for every worker on the store (kept in it:
        /// ``ConnectorStore/reserveRateToken(key:limit:now:)`` under the key `outbox:<destination>`), as a destination
        /// such as Magento limits an integration rather than a worker; or each worker's own. When the store cannot
        /// be reached, a delivery waits on the worker's own budget instead.
        public var sharesRateLimit: Bool
        /// Deliveries in flight at once.
        public var maximumConcurrency: Int
        /// When to stop calling it.
        public var circuitBreaker: CircuitBreaker.Configuration

        /// Creates a policy: 8 attempts from 1 s up to 10 min apart, no rate limit (shared by every worker when
        /// set), 4 at once, a breaker that opens after 5 consecutive failures for 30 s.
        public init(
            retry: RetryPolicy = RetryPolicy(
                maximumAttempts: 8, initialDelay: .seconds(1), maximumDelay: .seconds(600)),
            rateLimit: RateLimit? = nil,
            sharesRateLimit: Bool = true,
            maximumConcurrency: Int = 4,
            circuitBreaker: CircuitBreaker.Configuration = CircuitBreaker.Configuration()
        ) {
            self.retry = retry
            self.rateLimit = rateLimit
            self.sharesRateLimit = sharesRateLimit
            self.maximumConcurrency = max(1, maximumConcurrency)
            self.circuitBreaker = circuitBreaker
        }
    }

    /// How the dispatcher works.
    public struct Configuration: Sendable {
        /// The most messages claimed at a time; a claim never takes more than the largest destination concurrency,
        /// so that every claimed message can start at once.
        public var batchSize: Int = 32
        /// How long a claimed message is reserved for this worker.
        public var leaseDuration: Duration = .seconds(60)
        /// Whether a delivery extends its lease while it waits and runs (every third of ``leaseDuration``), so a slow
        /// handler keeps its message; a worker that dies stops extending, and the message returns when the lease
        /// runs out.
        public var extendsLeases = true
        /// How many receives without an outcome a message may have before it is dead-lettered without another
        /// delivery: a message that crashes or stalls its workers would otherwise come back forever, since only a
        /// delivery that ends counts an attempt. Receives ended by an attempt do not count, and releases (an open
        /// breaker, an unknown topic) give their receive back. A message suspected this way is delivered alone, so
        /// a crash it causes does not take its neighbours' receives.
        public var maximumReceives = 10
        /// The longest one delivery may take: then its handler is cancelled and the attempt fails as retryable, so
        /// a call that never returns cannot hold its lease (extended by the heartbeat) and its slot forever.
        /// `nil` for no limit.
        public var maximumDeliveryTime: Duration? = .seconds(600)
        /// The wait between polls when the outbox is empty.
        public var pollInterval: Duration = .seconds(1)
        /// The policy for destinations not listed in ``destinations``.
        public var defaultPolicy = DestinationPolicy()
        /// Policies by destination.
        public var destinations: [String: DestinationPolicy] = [:]
        /// Told when a destination is paused because it refused the connector itself
        /// (`CommerceEvent.destinationPaused`).
        public var observer: any CommerceObserver = NoOpObserver()

        /// The defaults.
        public init() {}

        func policy(for destination: String) -> DestinationPolicy { destinations[destination] ?? defaultPolicy }
    }

    /// What one pass did.
    public struct Report: Sendable, Hashable {
        /// Acknowledged.
        public var delivered = 0
        /// Failed and rescheduled.
        public var retried = 0
        /// Moved to the dead-letter queue.
        public var deadLettered = 0
        /// Given back unattempted because the destination's breaker was open, or because the destination refused
        /// the connector itself (see ``isDestinationWide(_:)``).
        public var deferred = 0
        /// Delivered, but the lease had been lost: it will be delivered again.
        public var leaseLost = 0
        /// Delivered or failed, but the outcome could not be committed (the store was busy, full or failing): it
        /// will be delivered again when its lease runs out.
        public var uncommitted = 0
        /// Given back by their handlers to wait for something they depend on (``OutboxPostponement``), without
        /// spending an attempt.
        public var postponed = 0

        /// An empty report.
        public init() {}

        mutating func add(_ other: Report) {
            delivered += other.delivered
            retried += other.retried
            deadLettered += other.deadLettered
            deferred += other.deferred
            leaseLost += other.leaseLost
            uncommitted += other.uncommitted
            postponed += other.postponed
        }
    }

    /// The store.
    public let store: any ConnectorStore
    /// The configuration.
    public let configuration: Configuration
    private let time: TimeSource
    private let handlers: [String: Handler]
    private let catchAll: Handler?
    private let random: @Sendable () -> Double
    private let destinations: DestinationRegistry

    /// Creates a dispatcher that delivers the messages of the given topics, each with its own handler; it never
    /// claims another topic's messages, so several dispatchers can share one store.
    /// - Parameters:
    ///   - store: The outbox.
    ///   - configuration: Batch size, lease, polling and per-destination policies.
    ///   - time: The clock.
    ///   - random: The jitter source, a value in `0 ..< 1`.
    ///   - handlers: The handler of each topic.
    public init(
        store: any ConnectorStore,
        configuration: Configuration = Configuration(),
        time: TimeSource,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        handlers: [String: Handler]
    ) {
        self.store = store
        self.configuration = configuration
        self.time = time
        self.handlers = handlers
        self.catchAll = nil
        self.random = random
        self.destinations = DestinationRegistry(configuration: configuration, time: time)
    }

    /// Creates a dispatcher that delivers every message in the store, of any topic, with one handler. Use it when
    /// one dispatcher owns the whole outbox; give engines that share a store handlers by topic instead.
    /// - Parameters:
    ///   - store: The outbox.
    ///   - configuration: Batch size, lease, polling and per-destination policies.
    ///   - time: The clock.
    ///   - random: The jitter source, a value in `0 ..< 1`.
    ///   - handler: Delivers one message.
    public init(
        store: any ConnectorStore,
        configuration: Configuration = Configuration(),
        time: TimeSource,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        handler: @escaping Handler
    ) {
        self.store = store
        self.configuration = configuration
        self.time = time
        self.handlers = [:]
        self.catchAll = handler
        self.random = random
        self.destinations = DestinationRegistry(configuration: configuration, time: time)
    }

    /// The topics this dispatcher claims, or `nil` for every topic.
    public var topics: Set<String>? { catchAll == nil ? Set(handlers.keys) : nil }

    /// The most messages one claim takes: no more than can start at once.
    private var claimLimit: Int {
        let widest = configuration.destinations.values.map(\.maximumConcurrency)
            .reduce(configuration.defaultPolicy.maximumConcurrency, max)
        return max(1, min(configuration.batchSize, widest))
    }

    /// The breaker of a destination, to inspect or share.
    public func circuitBreaker(for destination: String) async -> CircuitBreaker {
        await destinations.entry(for: destination).breaker
    }

    /// Delivers every message of its topics that is due now, then returns what it did.
    /// - Throws: The store's error when a claim fails (nothing is lost: claimed messages return when their leases
    ///   run out), or `CancellationError`.
    public func drain() async throws -> Report {
        var report = Report()
        while !Task.isCancelled {
            let leases = try await store.claim(
                destination: nil, topics: topics, limit: claimLimit, leaseDuration: configuration.leaseDuration,
                now: time.now())
            if leases.isEmpty { break }
            var batchLeases = leases
            // A message received again and again without an outcome may be what crashes the worker: deliver it
            // alone, and give its neighbours back untouched (a release returns their receive).
            if leases.count > 1, let suspect = leases.first(where: { $0.message.receives - $0.message.attempts >= 2 }) {
                var changes = StoreChanges(time: time.now())
                for lease in leases where lease != suspect { changes.release(lease, availableAt: time.now()) }
                _ = await commitTolerantly(changes, report: &report)
                batchLeases = [suspect]
            }
            let batch = try await withThrowingTaskGroup(of: Report.self) { group in
                for lease in batchLeases { group.addTask { try await deliver(lease) } }
                var batch = Report()
                for try await outcome in group { batch.add(outcome) }
                return batch
            }
            report.add(batch)
            // Everything was given back unattempted (an open breaker, a paused destination): the rest would be too.
            if batch.deferred == batchLeases.count { break }
        }
        return report
    }

    /// Drains, waits ``Configuration/pollInterval``, and again, until the task is cancelled.
    ///
    /// On a ``NotifyingConnectorStore`` the wait ends early when messages are enqueued (by any worker), so an idle
    /// worker starts at once; it still polls every ``Configuration/pollInterval`` for messages that fall due later.
    ///
    /// A store that is busy, full or failing (``BridgeError/Code/databaseLocked``, ``BridgeError/Code/diskFull``,
    /// ``BridgeError/Code/storageFailed``) does not stop it: it waits longer after each failed pass (up to a minute)
    /// and carries on.
    /// - Throws: A store error that waiting cannot mend (a foreign or too-new database, a file that is not a
    ///   database), after the deliveries in hand have finished.
    public func run() async throws {
        var failedPasses = 0
        while !Task.isCancelled {
            var wait = configuration.pollInterval
            var wakesOnEnqueue = false
            do {
                let report = try await drain()
                failedPasses = 0
                // A pass that only deferred (an open breaker) waits its interval: new messages would be deferred too.
                wakesOnEnqueue = report.deferred == 0
            } catch let error as BridgeError where Self.isTransientStoreError(error) {
                failedPasses += 1
                wait = min(configuration.pollInterval * (1 << min(failedPasses, 6)), .seconds(60))
            } catch is CancellationError where Task.isCancelled {
                return
            }
            if wakesOnEnqueue, let notifying = store as? any NotifyingConnectorStore {
                await notifying.waitForWork(timeout: wait)
                if Task.isCancelled { return }
                continue
            }
            do { try await time.sleep(for: wait) } catch { return }
        }
    }

    /// Whether a store error may pass by waiting: busy, full, or an I/O failure.
    static func isTransientStoreError(_ error: BridgeError) -> Bool {
        error.code == .databaseLocked || error.code == .diskFull || error.code == .storageFailed
    }

    private func deliver(_ claimed: Lease) async throws -> Report {
        var report = Report()
        var lease = claimed
        let message = lease.message
        guard let handler = catchAll ?? handlers[message.topic] else {
            // Only a store that ignores the topic filter hands over such a message: give it back untouched.
            var changes = StoreChanges(time: time.now())
            changes.release(lease, availableAt: time.now())
            if await commitTolerantly(changes, report: &report) { report.deferred += 1 }
            return report
        }
        if message.receives - message.attempts > configuration.maximumReceives {
            await deadLetter(
                lease, rule: "maximumReceives",
                error: "received \(message.receives) times, \(message.receives - message.attempts) of them without an "
                    + "outcome (more than \(configuration.maximumReceives)): a worker may crash or stall on it",
                retryable: false, report: &report)
            return report
        }
        let destination = message.destination
        let policy = configuration.policy(for: destination)
        let entry = await destinations.entry(for: destination)
        let heartbeat = LeaseHeartbeat(lease: lease)
        return try await withHeartbeat(heartbeat) { () async throws -> Report in
            try await entry.budget.acquire()
            // Ask the breaker when the call is about to be made, not before waiting for the budget: earlier
            // deliveries in the queue may have opened it meanwhile.
            guard await entry.breaker.permit() else {
                await entry.budget.release()
                var changes = StoreChanges(time: time.now())
                changes.release(
                    heartbeat.current, availableAt: await entry.breaker.reopensAt ?? time.now().adding(.seconds(1)))
                if await commitTolerantly(changes, report: &report) { report.deferred += 1 }
                return report
            }
            let outcome: Result<StoreChanges, any Error>
            do {
                if let buckets = entry.buckets {
                    let wait = await rateWait(destination: destination, policy: policy, local: buckets)
                    if wait > .zero { try await time.sleep(for: wait) }
                }
                lease = heartbeat.current
                guard try await holdsEnough(&lease) else {
                    await entry.budget.release()
                    await entry.breaker.recordUnrelatedOutcome()
                    report.leaseLost += 1
                    return report
                }
                heartbeat.current = lease
                outcome = .success(try await handle(message, with: handler))
            } catch {
                outcome = .failure(error)
            }
            await entry.budget.release()
            switch outcome {
            case .success(var changes):
                await entry.breaker.recordSuccess()
                changes.time = time.now()
                changes.acknowledge(heartbeat.current)
                if await commitTolerantly(changes, report: &report) { report.delivered += 1 }
            case .failure(let error):
                if Task.isCancelled {
                    await entry.breaker.recordUnrelatedOutcome()
                    throw CancellationError()
                }
                if let postponement = error as? OutboxPostponement {
                    // Waiting for something else to happen: no attempt spent, the receive given back.
                    await entry.breaker.recordUnrelatedOutcome()
                    var changes = StoreChanges(time: time.now())
                    changes.release(heartbeat.current, availableAt: time.now().adding(postponement.delay))
                    if await commitTolerantly(changes, report: &report) { report.postponed += 1 }
                    return report
                }
                await recordFailure(
                    error, of: heartbeat.current, policy: policy, breaker: entry.breaker, report: &report)
            }
            return report
        }
    }

    /// How long to wait for a token of the destination's budget: the store's, shared by every worker, or this
    /// worker's own when the policy says so or the store fails.
    private func rateWait(destination: String, policy: DestinationPolicy, local: TokenBuckets) async -> Duration {
        if policy.sharesRateLimit, let limit = policy.rateLimit {
            do {
                return try await store.reserveRateToken(key: "outbox:\(destination)", limit: limit, now: time.now())
            } catch {
                // The store is busy or down: keep within this worker's own budget rather than stop delivering.
            }
        }
        return await local.reserve(host: destination)
    }

    /// Runs the handler within ``Configuration/maximumDeliveryTime``.
    private func handle(_ message: OutboxMessage, with handler: @escaping Handler) async throws -> StoreChanges {
        let now = time.now()
        guard let limit = configuration.maximumDeliveryTime else {
            var changes = StoreChanges(time: now)
            try await handler(message, &changes)
            return changes
        }
        let changes = try await time.race(limit) {
            var changes = StoreChanges(time: now)
            try await handler(message, &changes)
            return changes
        }
        guard let changes else { throw DeliveryTimedOut(limit: limit) }
        return changes
    }

    /// Whether the lease has at least a quarter of its duration left, extending it when not.
    private func holdsEnough(_ lease: inout Lease) async throws -> Bool {
        let quarter = configuration.leaseDuration / 4
        guard lease.expiresAt < time.now().adding(quarter) else { return true }
        do {
            lease = try await store.extendLease(lease, by: configuration.leaseDuration, now: time.now())
            return true
        } catch let error as BridgeError where error.code == .leaseLost {
            return false
        } catch let error as BridgeError where Self.isTransientStoreError(error) {
            return lease.expiresAt > time.now()
        }
    }

    /// Runs `body` while a sibling task extends the lease every third of its duration.
    private func withHeartbeat(
        _ heartbeat: LeaseHeartbeat, _ body: () async throws -> Report
    ) async throws -> Report {
        guard configuration.extendsLeases else { return try await body() }
        let (store, time, duration) = (self.store, self.time, configuration.leaseDuration)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    do { try await time.sleep(for: duration / 3) } catch { return }
                    do {
                        heartbeat.current = try await store.extendLease(
                            heartbeat.current, by: duration, now: time.now())
                    } catch let error as BridgeError where error.code == .leaseLost {
                        return
                    } catch {
                        continue  // a busy store: try again on the next beat
                    }
                }
            }
            defer { group.cancelAll() }
            return try await body()
        }
    }

    private func recordFailure(
        _ error: any Error,
        of lease: Lease,
        policy: DestinationPolicy,
        breaker: CircuitBreaker,
        report: inout Report
    ) async {
        if Self.isDestinationWide(error) {
            // Every message would fail alike: pause the destination, keep the message, tell the operator once.
            // One step on the breaker: of several deliveries failing at once, only the one that opened it tells.
            let opened = await breaker.trip()
            let until = await breaker.reopensAt ?? time.now()
            if opened {
                configuration.observer.record(
                    .destinationPaused(
                        destination: lease.message.destination, until: until, reason: String(describing: error)))
            }
            var changes = StoreChanges(time: time.now())
            changes.release(lease, availableAt: until)
            if await commitTolerantly(changes, report: &report) { report.deferred += 1 }
            return
        }
        let retryable = Self.isRetryable(error)
        // Every permitted call records an outcome, so a half-open breaker's probe is never left hanging.
        if retryable { await breaker.recordFailure() } else { await breaker.recordUnrelatedOutcome() }
        let number = lease.message.attempts + 1
        guard retryable, number < policy.retry.maximumAttempts else {
            await deadLetter(
                lease, rule: retryable ? "retriesExhausted" : "notRetryable", error: String(describing: error),
                retryable: retryable, report: &report)
            return
        }
        let now = time.now()
        let attempt = DeliveryAttempt(
            number: number, time: now, error: Redactor.redact(String(describing: error)), retryable: retryable)
        var changes = StoreChanges(time: now)
        // The destination's own `Retry-After` wins when it asks for longer than the backoff.
        let delay = max(policy.retry.backoff(forRetry: number, random: random()), Self.retryAfter(of: error) ?? .zero)
        changes.reschedule(lease, attempt: attempt, availableAt: now.adding(delay))
        if await commitTolerantly(changes, report: &report) { report.retried += 1 }
    }

    private func deadLetter(_ lease: Lease, rule: String, error: String, retryable: Bool, report: inout Report) async {
        let now = time.now()
        let number = lease.message.attempts + 1
        let attempt = DeliveryAttempt(number: number, time: now, error: Redactor.redact(error), retryable: retryable)
        var changes = StoreChanges(time: now)
        changes.deadLetter(lease, attempt: attempt)
        changes.audit(
            AuditRecord(
                entity: EntityReference(
                    EntityKind(rawValue: lease.message.topic), SystemID(rawValue: lease.message.destination),
                    lease.message.idempotencyKey),
                action: "deadLetter", rule: rule,
                explanation: "message \(lease.message.id) after \(number) attempt(s): \(attempt.error)",
                correlationID: lease.message.correlationID, time: now))
        if await commitTolerantly(changes, report: &report) { report.deadLettered += 1 }
    }

    /// Commits; a lost lease or a failing store is counted, not thrown: the message comes back to whoever holds
    /// it, or when its lease runs out.
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

    /// The delay a failure says the destination asked for.
    static func retryAfter(of error: any Error) -> Duration? {
        switch error {
        case let error as CommerceError: error.retryAfter
        case let error as AdapterError: error.retryAfter
        default: nil
        }
    }

    /// Whether a failure says the destination refused the connector itself rather than the message: its credentials
    /// (401, a refused token), permissions (403), two-factor sign-in, or a route that does not exist (Magento's
    /// "Request does not match any route"), or an ``AdapterError`` with ``AdapterError/Code/unauthorized``. Such a
    /// failure pauses the destination instead of spending the message's attempts.
    public static func isDestinationWide(_ error: any Error) -> Bool {
        switch error {
        case let error as CommerceError:
            [.unauthorized, .forbidden, .authenticationFailed, .twoFactorRequired].contains(error.code)
                || (error.code == .notFound && error.message.contains("does not match any route"))
        case let error as AdapterError: error.code == .unauthorized
        default: false
        }
    }

    /// Whether a delivery failure is worth retrying.
    public static func isRetryable(_ error: any Error) -> Bool {
        switch error {
        case let error as any RetryClassifiable: error.isRetryable
        case let error as CommerceError: error.isRetryable
        case let error as BridgeError: isTransientStoreError(error) || error.code == .circuitOpen
        default: true
        }
    }
}

/// A delivery that outlasted ``OutboxDispatcher/Configuration/maximumDeliveryTime``: its handler was cancelled.
struct DeliveryTimedOut: RetryClassifiable, CustomStringConvertible {
    var limit: Duration
    var isRetryable: Bool { true }
    var description: String { "no outcome within \(limit); the delivery was cancelled" }
}

/// The lease a delivery holds, as its heartbeat extends it.
final class LeaseHeartbeat: Sendable {
    private let lease: Mutex<Lease>

    init(lease: Lease) { self.lease = Mutex(lease) }

    var current: Lease {
        get { lease.withLock { $0 } }
        set { lease.withLock { $0 = newValue } }
    }
}

/// The breakers, budgets and buckets of each destination, made on first use.
actor DestinationRegistry {
    struct Entry: Sendable {
        let breaker: CircuitBreaker
        let budget: ConcurrencyBudget
        let buckets: TokenBuckets?
    }

    private let configuration: OutboxDispatcher.Configuration
    private let time: TimeSource
    private var entries: [String: Entry] = [:]

    init(configuration: OutboxDispatcher.Configuration, time: TimeSource) {
        self.configuration = configuration
        self.time = time
    }

    func entry(for destination: String) -> Entry {
        if let entry = entries[destination] { return entry }
        let policy = configuration.policy(for: destination)
        let entry = Entry(
            breaker: CircuitBreaker(configuration: policy.circuitBreaker, time: time),
            budget: ConcurrencyBudget(limit: policy.maximumConcurrency),
            buckets: policy.rateLimit.map { TokenBuckets(limit: $0, time: time) })
        entries[destination] = entry
        return entry
    }
}
