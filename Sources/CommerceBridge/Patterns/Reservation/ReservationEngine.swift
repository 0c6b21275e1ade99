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
/// ```swift
/// let reservations = ReservationEngine(service: erp, store: store, time: .system) { sku in cachedStock[sku] }
/// switch try await reservations.reserve(key: cartID, lines: lines) { … }
/// try await reservations.confirm(key: cartID, erpOrderNumber: nil)       // on the placed order
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

        /// The defaults.
        public init() {}
    }

    /// What a reservation request decided.
    public enum Decision: Sendable, Hashable {
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
    private var held: [String: Date] = [:]
    private var answers: [String: Decision] = [:]

    /// Creates a coordinator.
    /// - Parameters:
    ///   - service: The ERP's reservations.
    ///   - store: Where fallback decisions are audited.
    ///   - configuration: TTL, timeout and sweep interval.
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

    /// Reserves the lines for the checkout `key`, or repeats the earlier answer for the same key.
    /// - Throws: ``MappingError`` when the pattern refuses the lines, and an ``AdapterError`` the service throws
    ///   that is not retryable (a retryable one, or no answer in time, falls back to cached stock).
    public func reserve(key: String, lines cart: [ERPOrderRequest.Line]) async throws -> Decision {
        if let answer = answers[key] { return answer }
        try pattern.validate(cart, key: key)
        let lines = try await pattern.beforeSend(try pattern.map(cart, key: key), key: key)
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
        switch outcome {
        case .success(true):
            held[key] = deadline
            decision = .reserved(until: deadline)
        case .success(false):
            decision = .insufficient
        case .failure(let error):
            if let adapter = error as? AdapterError, !adapter.isRetryable { throw error }
            var available = true
            for line in lines {
                let stock = await cachedStock(line.sku) ?? 0
                if stock < line.quantity { available = false }
            }
            let reason =
                "ERP reservation unavailable (\(error)); cached stock says \(available ? "available" : "not available")"
            decision = .fallback(available: available, reason: reason)
            var changes = StoreChanges(time: time.now())
            changes.audit(
                AuditRecord(
                    entity: EntityReference(.inventory, .commerce, key), action: "reservation.fallback",
                    incomingValue: try? JSONValue(encoding: lines), winner: .commerce, rule: "cachedStock",
                    explanation: reason,
                    correlationID: key, time: time.now()))
            try await store.commit(changes)
        }
        answers[key] = decision
        try await pattern.afterSend(decision, key: key)
        return decision
    }

    /// Confirms the reservation of a placed order; a key never reserved (a fallback) is confirmed as a no-op.
    public func confirm(key: String, erpOrderNumber: String?) async throws {
        guard held[key] != nil else { return }
        try await service.confirm(key: key, erpOrderNumber: erpOrderNumber)
        held[key] = nil
    }

    /// Releases a reservation (cancel or failed checkout); releasing twice is harmless.
    public func release(key: String) async throws {
        answers[key] = nil
        guard held[key] != nil else { return }
        try await service.release(key: key)
        held[key] = nil
    }

    /// Releases every reservation whose TTL has passed; returns their keys.
    @discardableResult
    public func releaseExpired() async throws -> [String] {
        let now = time.now()
        let expired = held.filter { $0.value <= now }.map(\.key).sorted()
        for key in expired { try await release(key: key) }
        return expired
    }

    /// Reservations held now.
    public var activeKeys: [String] { held.keys.sorted() }

    /// Releases expired reservations every ``Configuration/sweepInterval`` until cancelled.
    public func run() async throws {
        while !Task.isCancelled {
            _ = try await releaseExpired()
            do { try await time.sleep(for: configuration.sweepInterval) } catch { return }
        }
    }
}
