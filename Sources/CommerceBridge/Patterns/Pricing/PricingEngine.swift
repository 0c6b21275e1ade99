public import AdobeCommerce
import Synchronization

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Pricing-resolution-on-demand: asks the ERP for a buyer's price synchronously, but never lets a slow
/// ERP slow the storefront.
///
/// Each call is bounded by ``Configuration/timeout`` (250 ms by default). Answers are cached per
/// ``PricingContext`` for ``Configuration/cacheTimeToLive``; concurrent misses for one context share one
/// ERP call; a circuit breaker stops calling an ERP that keeps failing. When the ERP does not answer in
/// time, the last known price for the context is used, then the Commerce base price; every such fallback
/// is counted in ``statistics``.
///
/// A cached answer is served without entering the actor, on the caller's own executor (`nonisolated(nonsending)`:
/// no hop, even from the main actor): the cache and the counters sit behind a lock, so a hit costs a clock read,
/// one hash of the context and one dictionary lookup. Misses go through the actor, which shares one ERP call among
/// concurrent callers.
///
/// ```swift
/// let pricing = PricingEngine(prices: erp, time: .system) { sku in try? await commerce.products.get(sku: sku).price }
/// let quote = try await pricing.price(for: PricingContext(sku: "24-MB01", customerGroupID: 2, quantity: 10))
/// // quote.price, quote.source (.erp, .cache, .lastKnown or .basePrice)
/// ```
public actor PricingEngine {
    /// Limits and policies.
    public struct Configuration: Sendable {
        /// The longest wait for the ERP.
        public var timeout: Duration = .milliseconds(250)
        /// How long an ERP answer is reused for the same context.
        public var cacheTimeToLive: Duration = .seconds(300)
        /// How long an answer is kept as the last known price, the first fallback when the ERP does not answer.
        public var lastKnownTimeToLive: Duration = .seconds(86_400)
        /// The most prices kept; past it, expired ones go first, then the least recently used.
        public var maximumCachedPrices = 10_000
        /// When to stop calling the ERP.
        public var circuitBreaker = CircuitBreaker.Configuration(failureThreshold: 5, openDuration: .seconds(30))

        /// The defaults.
        public init() {}
    }

    /// Where a price came from.
    public enum Source: String, Sendable, Hashable {
        /// The ERP, just now.
        case erp
        /// The ERP, within the cache's time to live.
        case cache
        /// The ERP's last answer for this context, past its time to live: a fallback.
        case lastKnown
        /// Commerce's base price: a fallback.
        case basePrice
    }

    /// A price and its source.
    public struct Quote: Sendable, Hashable {
        /// The unit price.
        public var price: Decimal
        /// Where it came from.
        public var source: Source

        /// Creates a quote.
        public init(price: Decimal, source: Source) {
            self.price = price
            self.source = source
        }
    }

    /// Counters for dashboards and alerts.
    public struct Statistics: Sendable, Hashable {
        /// Prices asked for.
        public var requests = 0
        /// Calls made to the ERP.
        public var erpCalls = 0
        /// Answers from the cache.
        public var cacheHits = 0
        /// ERP calls that did not answer in time.
        public var timeouts = 0
        /// ERP calls that failed.
        public var failures = 0
        /// Answers from a fallback.
        public var fallbacks = 0

        /// The share of requests answered by a fallback.
        public var fallbackRate: Double { requests == 0 ? 0 : Double(fallbacks) / Double(requests) }
    }

    /// The configuration.
    public let configuration: Configuration
    private let prices: any ERPPriceSource
    private let pattern: any PricingPattern
    private let basePrice: @Sendable (String) async -> Decimal?
    private let time: TimeSource
    private let breaker: CircuitBreaker
    /// The cache and the counters, shared by the lock-protected hit path and the actor's miss path.
    private let shared = Mutex(Shared())

    /// What the hit path and the actor share.
    private struct Shared {
        var cache: [PricingContext: CachedPrice] = [:]
        var uses = 0
        var statistics = Statistics()

        /// The fresh cached price for `context`, counted as a hit and marked as just used.
        mutating func hit(_ context: PricingContext, now: Date) -> Decimal? {
            guard let index = cache.index(forKey: context), cache.values[index].fresh > now else { return nil }
            statistics.cacheHits += 1
            uses += 1
            cache.values[index].lastUsed = uses
            return cache.values[index].price
        }
    }

    /// One cached answer.
    private struct CachedPrice {
        var price: Decimal
        var fresh: Date
        var kept: Date
        var lastUsed: Int
    }
    private var inflight: [PricingContext: Task<Decimal, any Error>] = [:]
    /// The running counters.
    public var statistics: Statistics { shared.withLock { $0.statistics } }

    /// Creates the engine.
    /// - Parameters:
    ///   - prices: The ERP's prices.
    ///   - configuration: Timeout, cache and breaker.
    ///   - pattern: The per-request steps.
    ///   - time: The clock.
    ///   - basePrice: The last-resort price of a SKU, usually Commerce's `price`.
    public init(
        prices: any ERPPriceSource,
        configuration: Configuration = Configuration(),
        pattern: any PricingPattern = DefaultPricing(),
        time: TimeSource,
        basePrice: @escaping @Sendable (String) async -> Decimal?
    ) {
        self.prices = prices
        self.pattern = pattern
        self.configuration = configuration
        self.time = time
        self.basePrice = basePrice
        self.breaker = CircuitBreaker(configuration: configuration.circuitBreaker, time: time)
    }

    /// The price for `context`.
    /// - Throws: ``MappingError`` when the pattern refuses the context, and ``AdapterError`` only when the ERP
    ///   fails and there is neither a last known nor a base price.
    public nonisolated(nonsending) func price(for request: PricingContext) async throws -> Quote {
        try pattern.validate(request)
        let context = try pattern.map(request)
        let now = time.now()
        let cached = shared.withLock { shared in
            shared.statistics.requests += 1
            return shared.hit(context, now: now)
        }
        if let cached { return Quote(price: cached, source: .cache) }
        return try await resolve(context)
    }

    /// A miss, on the actor: the cache is read again (a shared call may have answered meanwhile), then the ERP is
    /// asked, then the fallbacks.
    private func resolve(_ context: PricingContext) async throws -> Quote {
        let now = time.now()
        if let cached = shared.withLock({ $0.hit(context, now: now) }) { return Quote(price: cached, source: .cache) }
        do {
            let price = try await fetch(context)
            return Quote(price: price, source: .erp)
        } catch {
            return try await fallback(for: context, error: error)
        }
    }

    /// The ERP's price, sharing one call among concurrent misses for the same context. The shared task is
    /// registered before any suspension, so no second caller can start another.
    private func fetch(_ context: PricingContext) async throws -> Decimal {
        if let shared = inflight[context] { return try await shared.value }
        let (prices, pattern, time, timeout, breaker) = (
            self.prices, self.pattern, self.time, configuration.timeout, self.breaker
        )
        let task = Task {
            guard await breaker.permit() else { throw BreakerOpen() }
            let answer = try await time.race(timeout) {
                let price = try await prices.price(for: try await pattern.beforeSend(context))
                return try pattern.afterSend(price, for: context)
            }
            guard let price = answer else { throw PricingTimeout() }
            return price
        }
        inflight[context] = task
        defer { inflight[context] = nil }
        do {
            let price = try await task.value
            shared.withLock { $0.statistics.erpCalls += 1 }
            remember(price, for: context)
            await breaker.recordSuccess()
            return price
        } catch is BreakerOpen {
            throw AdapterError(.unavailable, system: .erp, "pricing circuit breaker is open")
        } catch {
            shared.withLock { shared in
                shared.statistics.erpCalls += 1
                if error is PricingTimeout {
                    shared.statistics.timeouts += 1
                } else {
                    shared.statistics.failures += 1
                }
            }
            await breaker.recordFailure()
            throw error
        }
    }

    private func fallback(for context: PricingContext, error: any Error) async throws -> Quote {
        let now = time.now()
        let known = shared.withLock { shared -> Decimal? in
            guard let known = shared.cache[context], known.kept > now else { return nil }
            shared.statistics.fallbacks += 1
            return known.price
        }
        if let known { return Quote(price: known, source: .lastKnown) }
        if let base = await basePrice(context.sku) {
            shared.withLock { $0.statistics.fallbacks += 1 }
            return Quote(price: base, source: .basePrice)
        }
        throw error is PricingTimeout
            ? AdapterError(
                .unavailable, system: .erp,
                "no price for \(context.sku) within \(configuration.timeout), and no fallback")
            : error
    }

    /// Caches an answer, keeping the cache within ``Configuration/maximumCachedPrices``.
    private func remember(_ price: Decimal, for context: PricingContext) {
        let now = time.now()
        let (timeToLive, lastKnownTimeToLive, limit) = (
            configuration.cacheTimeToLive, configuration.lastKnownTimeToLive, configuration.maximumCachedPrices
        )
        shared.withLock { shared in
            shared.uses += 1
            shared.cache[context] = CachedPrice(
                price: price, fresh: now.adding(timeToLive), kept: now.adding(lastKnownTimeToLive),
                lastUsed: shared.uses)
            guard shared.cache.count > limit else { return }
            shared.cache = shared.cache.filter { $0.value.kept > now }
            // Evict a tenth below the limit, so a full cache is not swept again on the next miss.
            let evict = min(shared.cache.count - 1, shared.cache.count - max(1, limit * 9 / 10))
            guard evict > 0 else { return }
            for key in shared.cache.sorted(by: { $0.value.lastUsed < $1.value.lastUsed }).prefix(evict).map(\.key) {
                shared.cache[key] = nil
            }
        }
    }

    /// How many prices are cached.
    public var cachedPrices: Int { shared.withLock { $0.cache.count } }

    /// Forgets cached prices (for example after a price-list change); last known prices go too.
    public func invalidate(sku: String? = nil) {
        shared.withLock { shared in
            shared.cache = shared.cache.filter { key, _ in sku.map { key.sku != $0 } ?? false }
        }
    }
}

/// The ERP did not answer within the pricing timeout.
struct PricingTimeout: Error {}

/// The pricing breaker refused the call.
struct BreakerOpen: Error {}
