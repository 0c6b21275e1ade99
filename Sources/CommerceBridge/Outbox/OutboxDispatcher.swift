public import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Delivers the outbox: claims due messages, hands each to your handler, and acknowledges, retries or
/// dead-letters it, with a retry schedule, rate limit, concurrency budget and circuit breaker per
/// destination.
///
/// Delivery is at least once: a worker killed after the effect and before the acknowledgement leaves the
/// message to be delivered again when its lease expires. Make the effect idempotent with the message's
/// ``OutboxMessage/idempotencyKey``; together that is exactly one effect.
///
/// ```swift
/// let dispatcher = OutboxDispatcher(store: store, time: .system) { message, changes in
///     let envelope = try JSONDecoder().decode(Envelope.self, from: message.payload)
///     let number = try await erp.createOrder(envelope, idempotencyKey: message.idempotencyKey)
///     changes.completeMapping(key, token: message.idempotencyKey, targetID: number)   // lands with the ack
/// }
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
        /// Deliveries in flight at once.
        public var maximumConcurrency: Int
        /// When to stop calling it.
        public var circuitBreaker: CircuitBreaker.Configuration

        /// Creates a policy: 8 attempts from 1 s up to 10 min apart, no rate limit, 4 at once, a breaker that
        /// opens after 5 consecutive failures for 30 s.
        public init(
            retry: RetryPolicy = RetryPolicy(
                maximumAttempts: 8, initialDelay: .seconds(1), maximumDelay: .seconds(600)),
            rateLimit: RateLimit? = nil,
            maximumConcurrency: Int = 4,
            circuitBreaker: CircuitBreaker.Configuration = CircuitBreaker.Configuration()
        ) {
            self.retry = retry
            self.rateLimit = rateLimit
            self.maximumConcurrency = max(1, maximumConcurrency)
            self.circuitBreaker = circuitBreaker
        }
    }

    /// How the dispatcher works.
    public struct Configuration: Sendable {
        /// Messages claimed at a time.
        public var batchSize: Int = 32
        /// How long a claimed message is reserved for this worker.
        public var leaseDuration: Duration = .seconds(60)
        /// The wait between polls when the outbox is empty.
        public var pollInterval: Duration = .seconds(1)
        /// The policy for destinations not listed in ``destinations``.
        public var defaultPolicy = DestinationPolicy()
        /// Policies by destination.
        public var destinations: [String: DestinationPolicy] = [:]

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
        /// Given back unattempted because the destination's breaker was open.
        public var deferred = 0
        /// Delivered, but the lease had been lost: it will be delivered again.
        public var leaseLost = 0

        /// An empty report.
        public init() {}

        mutating func add(_ other: Report) {
            delivered += other.delivered
            retried += other.retried
            deadLettered += other.deadLettered
            deferred += other.deferred
            leaseLost += other.leaseLost
        }
    }

    /// The store.
    public let store: any ConnectorStore
    /// The configuration.
    public let configuration: Configuration
    private let time: TimeSource
    private let handler: Handler
    private let random: @Sendable () -> Double
    private let destinations: DestinationRegistry

    /// Creates a dispatcher.
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
        self.handler = handler
        self.random = random
        self.destinations = DestinationRegistry(configuration: configuration, time: time)
    }

    /// The breaker of a destination, to inspect or share.
    public func circuitBreaker(for destination: String) async -> CircuitBreaker {
        await destinations.entry(for: destination).breaker
    }

    /// Delivers every message that is due now, then returns what it did.
    public func drain() async throws -> Report {
        var report = Report()
        while !Task.isCancelled {
            let leases = try await store.claim(
                destination: nil, limit: configuration.batchSize, leaseDuration: configuration.leaseDuration,
                now: time.now())
            if leases.isEmpty { break }
            let batch = try await withThrowingTaskGroup(of: Report.self) { group in
                for lease in leases { group.addTask { try await deliver(lease) } }
                var batch = Report()
                for try await outcome in group { batch.add(outcome) }
                return batch
            }
            report.add(batch)
        }
        return report
    }

    /// Drains, waits ``Configuration/pollInterval``, and again, until the task is cancelled.
    public func run() async throws {
        while !Task.isCancelled {
            _ = try await drain()
            do { try await time.sleep(for: configuration.pollInterval) } catch { return }
        }
    }

    private func deliver(_ lease: Lease) async throws -> Report {
        var report = Report()
        let destination = lease.message.destination
        let policy = configuration.policy(for: destination)
        let entry = await destinations.entry(for: destination)
        try await entry.budget.acquire()
        // Ask the breaker when the call is about to be made, not before waiting for the budget: earlier
        // deliveries in the queue may have opened it meanwhile.
        guard await entry.breaker.permit() else {
            await entry.budget.release()
            var changes = StoreChanges(time: time.now())
            changes.release(lease, availableAt: await entry.breaker.reopensAt ?? time.now().adding(.seconds(1)))
            try await commitTolerantly(changes, report: &report)
            report.deferred += 1
            return report
        }
        let outcome: Result<StoreChanges, any Error>
        do {
            if let buckets = entry.buckets {
                let wait = await buckets.reserve(host: destination)
                if wait > .zero { try await time.sleep(for: wait) }
            }
            var changes = StoreChanges(time: time.now())
            try await handler(lease.message, &changes)
            outcome = .success(changes)
        } catch {
            outcome = .failure(error)
        }
        await entry.budget.release()
        switch outcome {
        case .success(var changes):
            await entry.breaker.recordSuccess()
            changes.time = time.now()
            changes.acknowledge(lease)
            try await commitTolerantly(changes, report: &report)
            if report.leaseLost == 0 { report.delivered += 1 }
        case .failure(let error):
            if error is CancellationError || Task.isCancelled { throw error }
            try await recordFailure(error, of: lease, policy: policy, breaker: entry.breaker, report: &report)
        }
        return report
    }

    private func recordFailure(
        _ error: any Error,
        of lease: Lease,
        policy: DestinationPolicy,
        breaker: CircuitBreaker,
        report: inout Report
    ) async throws {
        let retryable = Self.isRetryable(error)
        if retryable { await breaker.recordFailure() }
        let now = time.now()
        let number = lease.message.attempts + 1
        let attempt = DeliveryAttempt(
            number: number, time: now, error: Redactor.redact(String(describing: error)), retryable: retryable)
        var changes = StoreChanges(time: now)
        if retryable, number < policy.retry.maximumAttempts {
            let delay = policy.retry.backoff(forRetry: number, random: random())
            changes.reschedule(lease, attempt: attempt, availableAt: now.adding(delay))
            report.retried += 1
        } else {
            changes.deadLetter(lease, attempt: attempt)
            changes.audit(
                AuditRecord(
                    entity: EntityReference(
                        EntityKind(rawValue: lease.message.topic), SystemID(rawValue: lease.message.destination),
                        lease.message.idempotencyKey),
                    action: "deadLetter", rule: retryable ? "retriesExhausted" : "notRetryable",
                    explanation: "message \(lease.message.id) after \(number) attempt(s): \(attempt.error)",
                    correlationID: lease.message.correlationID, time: now))
            report.deadLettered += 1
        }
        try await commitTolerantly(changes, report: &report)
    }

    /// Commits; a lost lease is counted, not thrown (the message will come back to whoever holds it).
    private func commitTolerantly(_ changes: StoreChanges, report: inout Report) async throws {
        do {
            try await store.commit(changes)
        } catch let error as BridgeError where error.code == .leaseLost {
            report.leaseLost += 1
        }
    }

    /// Whether a delivery failure is worth retrying.
    public static func isRetryable(_ error: any Error) -> Bool {
        switch error {
        case let error as any RetryClassifiable: error.isRetryable
        case let error as CommerceError: error.isRetryable
        case let error as BridgeError: error.code == .databaseLocked || error.code == .circuitOpen
        default: true
        }
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
