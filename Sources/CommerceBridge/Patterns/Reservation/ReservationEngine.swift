public import AdobeCommerce

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Reservation-and-confirm: holds ERP stock for a checkout, confirms it on the placed order, and releases it
/// on cancel, failure or expiry.
///
/// ``reserve(key:lines:)`` asks the ERP to hold the lines until a deadline (the TTL). When the ERP is slower
/// than ``Configuration/timeout`` or unavailable, the decision falls back to cached stock (the lookup you
/// supply, such as the last inventory snapshot or Commerce's salable quantity) and is audited; the checkout
/// is not blocked. Every call is idempotent by the reservation key (use the cart id).
///
/// The holds and their answers live in the store, so any number of workers (processes, hosts) behave as one: the
/// first worker asked for a checkout claims it in the store and asks the ERP; another asked meanwhile waits for that
/// answer (polling every ``Configuration/answerPollInterval``) and gives the same one; a worker that dies while
/// deciding loses its claim after ``Configuration/claimDuration`` and another decides instead. ``releaseExpired()``
/// on any worker releases every hold whose TTL has passed, whichever worker made it, and survives restarts.
///
/// ```swift
/// let reservations = ReservationEngine(service: erp, store: store, time: .system) { sku in cachedStock[sku] }
/// switch try await reservations.reserve(key: cartID, lines: lines) { … }
/// // The placed order: `DualWriteOrderEngine(…, reservations: reservations)` confirms its lines' holds when the ERP
/// // acknowledges the export; orders that reach the ERP another way confirm by hand:
/// try await reservations.confirm(key: cartID, erpOrderNumber: erpNumber)
/// ```
public actor ReservationEngine {
    /// Limits.
    public struct Configuration: Sendable {
        /// How long a reservation holds stock without a placed order.
        public var timeToLive: Duration = .seconds(900)
        /// The longest wait for the ERP before falling back to cached stock.
        public var timeout: Duration = .milliseconds(500)
        /// How often ``run()`` releases expired reservations.
        public var sweepInterval: Duration = .seconds(60)
        /// How long a worker deciding a checkout holds it: another worker asked for the same checkout meanwhile waits
        /// for its answer, and takes over after this when the first worker died. Keep it above ``timeout`` plus the
        /// time your pattern's hooks and the cached-stock lookup take.
        public var claimDuration: Duration = .seconds(10)
        /// How often a worker waiting for another worker's answer looks for it.
        public var answerPollInterval: Duration = .milliseconds(50)

        /// The defaults.
        public init() {}
    }

    /// What a reservation request decided.
    public enum Decision: Sendable, Hashable, Codable {
        /// The ERP holds the stock until the date.
        case reserved(until: Date)
        /// The ERP does not have the stock.
        case insufficient
        /// The ERP did not answer in time; cached stock decided whether the checkout may go on.
        case fallback(available: Bool, reason: String)
    }

    /// The configuration.
    public let configuration: Configuration
    private let service: any ReservationService
    private let pattern: any ReservationPattern
    private let store: any ConnectorStore
    private let time: TimeSource
    private let cachedStock: @Sendable (String) async -> Decimal?
    /// Keys this engine is deciding now, with the callers in this process waiting for the answer.
    private var deciding: [String: [CheckedContinuation<Void, Never>]] = [:]

    /// Creates a coordinator.
    /// - Parameters:
    ///   - service: The ERP's reservations.
    ///   - store: Where holds and their answers are kept (shared by every worker) and fallback decisions audited.
    ///   - configuration: TTL, timeout, sweep interval and the claim's duration.
    ///   - pattern: The per-checkout steps.
    ///   - time: The clock.
    ///   - cachedStock: The last known available quantity of a SKU, for the fallback.
    public init(
        service: any ReservationService,
        store: any ConnectorStore,
        configuration: Configuration = Configuration(),
        pattern: any ReservationPattern = DefaultReservation(),
        time: TimeSource,
        cachedStock: @escaping @Sendable (String) async -> Decimal?
    ) {
        self.service = service
        self.pattern = pattern
        self.store = store
        self.configuration = configuration
        self.time = time
        self.cachedStock = cachedStock
    }

    /// Reserves the lines for the checkout `key`, or repeats the earlier answer for the same key (given by any
    /// worker on the store, until the answer expires).
    /// - Throws: ``MappingError`` when the pattern refuses the lines, an ``AdapterError`` the service throws
    ///   that is not retryable (a retryable one, or no answer in time, falls back to cached stock), and the store's
    ///   `BridgeError`.
    public func reserve(key: String, lines cart: [ERPOrderRequest.Line]) async throws -> Decision {
        try pattern.validate(cart, key: key)
        var lines: [ERPOrderRequest.Line]?
        while true {
            try Task.checkCancellation()
            let token = "reservation-\(UUID().uuidString.lowercased())"
            let now = time.now()
            switch try await store.claimReservation(
                key: key, token: token, leaseDuration: configuration.claimDuration, now: now)
            {
            case .answered(let record):
                if record.expiresAt > now { return try Self.decode(record) }
                // The answer lapsed before the sweep released it: release it, then ask afresh.
                try await forget(record)
            case .pending(let until):
                if deciding[key] != nil {
                    await withCheckedContinuation { deciding[key, default: []].append($0) }
                } else {
                    let left = Duration.milliseconds(max(0, until.millisecondsSince1970 - now.millisecondsSince1970))
                    try await time.sleep(for: max(.milliseconds(1), min(configuration.answerPollInterval, left)))
                }
            case .claimed(let token):
                if lines == nil {
                    do {
                        lines = try await pattern.beforeSend(try pattern.map(cart, key: key), key: key)
                    } catch {
                        await abandon(key)
                        throw error
                    }
                }
                deciding[key] = deciding[key] ?? []
                defer {
                    for waiter in deciding.removeValue(forKey: key) ?? [] { waiter.resume() }
                }
                do {
                    return try await decide(key: key, lines: lines ?? [], token: token)
                } catch let error as BridgeError where error.code == .leaseLost {
                    continue  // another worker took the claim over: its answer is the answer
                }
            }
        }
    }

    /// Asks the ERP (or cached stock) under the claim `token`, and saves the answer for every worker.
    private func decide(key: String, lines: [ERPOrderRequest.Line], token: String) async throws -> Decision {
        let deadline = time.now().adding(configuration.timeToLive)
        let (service, time, timeout) = (self.service, self.time, configuration.timeout)
        let outcome: Result<Bool, any Error>
        do {
            let answer = try await time.race(timeout) {
                try await service.reserve(key: key, lines: lines, until: deadline)
            }
            outcome =
                answer.map { .success($0) }
                ?? .failure(AdapterError(.unavailable, system: .erp, "no answer within \(timeout)"))
        } catch {
            outcome = .failure(error)
        }
        let decision: Decision
        var changes = StoreChanges(time: time.now())
        switch outcome {
        case .success(true):
            decision = .reserved(until: deadline)
        case .success(false):
            decision = .insufficient
        case .failure(let error):
            if let adapter = error as? AdapterError, !adapter.isRetryable {
                await abandon(key)
                throw error
            }
            var available = true
            for line in lines {
                let stock = await cachedStock(line.sku) ?? 0
                if stock < line.quantity { available = false }
            }
            let reason =
                "ERP reservation unavailable (\(error)); cached stock says \(available ? "available" : "not available")"
            decision = .fallback(available: available, reason: reason)
            changes.audit(
                AuditRecord(
                    entity: EntityReference(.inventory, .commerce, key), action: "reservation.fallback",
                    incomingValue: try? JSONValue(encoding: lines), winner: .commerce, rule: "cachedStock",
                    explanation: reason,
                    correlationID: key, time: time.now()))
        }
        let holds = if case .reserved = decision { true } else { false }
        let record = ReservationRecord(
            key: key, token: token, answer: try Self.encode(decision), holdsStock: holds, expiresAt: deadline)
        changes.saveReservation(record)
        try await store.commit(changes)
        // The answer as every other worker reads it back (dates to the millisecond).
        let saved = try Self.decode(record)
        try await pattern.afterSend(saved, key: key)
        return saved
    }

    /// Confirms the reservation of a placed order; a key never reserved (a fallback), already confirmed, released or
    /// expired is a no-op, so confirming twice asks the ERP once. The answer is kept until its TTL, so a repeated
    /// request for the checkout still gets it.
    ///
    /// `DualWriteOrderEngine` calls this for every line of an order it exports when it is given this engine; call it
    /// yourself only when orders reach the ERP another way.
    public func confirm(key: String, erpOrderNumber: String?) async throws {
        _ = try await confirmHold(key: key, erpOrderNumber: erpOrderNumber)
    }

    /// What confirming one key found.
    enum Confirmation: Sendable, Hashable {
        /// The ERP held stock under the key and now allocates it to the order.
        case confirmed
        /// The key's answer held no stock: confirmed before, or decided from cached stock.
        case notHeld
        /// No answer under the key: never reserved, released, or expired and swept before the order reached the ERP.
        case unknown
    }

    /// ``confirm(key:erpOrderNumber:)``, telling what it found.
    func confirmHold(key: String, erpOrderNumber: String?) async throws -> Confirmation {
        guard var record = try await store.reservation(key: key) else { return .unknown }
        guard record.holdsStock else { return .notHeld }
        try await service.confirm(key: key, erpOrderNumber: erpOrderNumber)
        record.holdsStock = false
        var changes = StoreChanges(time: time.now())
        changes.saveReservation(record)
        do {
            try await store.commit(changes)
        } catch let error as BridgeError where error.code == .leaseLost {
            return .confirmed  // the key was decided again meanwhile: the new answer stands
        }
        return .confirmed
    }

    /// The held answers among `keys`, kept until `until` instead of their TTL: saved with an order's export
    /// acknowledgement (in the same commit), so ``releaseExpired()`` does not release the stock of a placed order while
    /// its confirmation waits in the outbox. A confirmation clears the hold; an answer already kept longer is left.
    func placedHolds(_ keys: [String], until: Date) async throws -> [ReservationRecord] {
        var kept: [ReservationRecord] = []
        for key in keys {
            guard var record = try await store.reservation(key: key), record.holdsStock, record.expiresAt < until
            else { continue }
            record.expiresAt = until
            kept.append(record)
        }
        return kept
    }

    /// Releases a reservation (cancel or failed checkout) and forgets its answer; releasing twice is harmless.
    public func release(key: String) async throws {
        if let record = try await store.reservation(key: key) {
            try await forget(record)
        } else {
            var changes = StoreChanges(time: time.now())
            changes.forgetReservation(key: key)
            try await store.commit(changes)
        }
    }

    /// Releases every reservation whose TTL has passed, made by any worker, and forgets expired answers; returns
    /// the keys whose stock was released.
    @discardableResult
    public func releaseExpired() async throws -> [String] {
        var released: [String] = []
        while true {
            let expired = try await store.reservations(expiringBy: time.now(), limit: 200)
            for record in expired {
                try await forget(record)
                if record.holdsStock { released.append(record.key) }
            }
            if expired.count < 200 { return released.sorted() }
        }
    }

    /// Checkouts whose stock the ERP holds now (reserved, not yet confirmed, released or expired), on any worker.
    public var activeKeys: [String] {
        get async throws {
            let now = time.now()
            return try await store.reservations(expiringBy: .distantFuture, limit: .max)
                .filter { $0.holdsStock && $0.expiresAt > now }.map(\.key).sorted()
        }
    }

    /// Releases expired reservations every ``Configuration/sweepInterval`` until cancelled.
    public func run() async throws {
        while !Task.isCancelled {
            _ = try await releaseExpired()
            do { try await time.sleep(for: configuration.sweepInterval) } catch { return }
        }
    }

    /// Gives up a claim that got no answer (the pattern or the ERP refused the request): nothing is held, so the next
    /// request for the key may ask again at once rather than wait for the claim to lapse.
    private func abandon(_ key: String) async {
        var changes = StoreChanges(time: time.now())
        changes.forgetReservation(key: key)
        try? await store.commit(changes)
    }

    /// Releases the ERP's hold when there is one, then forgets the record.
    private func forget(_ record: ReservationRecord) async throws {
        if record.holdsStock { try await service.release(key: record.key) }
        var changes = StoreChanges(time: time.now())
        changes.forgetReservation(key: record.key)
        try await store.commit(changes)
    }

    private static func encode(_ decision: Decision) throws -> String {
        String(decoding: try CommerceJSONEncoder().encodeBytes(decision), as: UTF8.self)
    }

    private static func decode(_ record: ReservationRecord) throws -> Decision {
        do {
            return try CommerceJSONDecoder().decode(Decision.self, from: Data(record.answer.utf8))
        } catch {
            throw BridgeError(
                .storageFailed, "The stored answer of reservation \(record.key) is not a ReservationEngine decision.",
                recoverySuggestion: "Release the reservation (it is asked afresh), or check no other program writes "
                    + "reservations under the same keys.")
        }
    }
}
