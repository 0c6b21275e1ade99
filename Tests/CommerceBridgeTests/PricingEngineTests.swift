import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgeTesting
import Foundation
import Testing

struct PricingEngineTests {
    private let clock = ManualClock()

    private func erp(latency: Duration = .zero) async -> FakeERP {
        var faults = FakeERP.Faults()
        faults.latency = latency...latency
        let erp = FakeERP(faults: faults, time: clock.timeSource())
        await erp.setPrice(sku: "BOLT", price: 10)
        await erp.setPrice(sku: "BOLT", price: 8, group: 2, minimumQuantity: 100)
        return erp
    }

    @Test("Prices are resolved per customer context and cached for the time to live")
    func cachesPerContext() async throws {
        let erp = await erp()
        let pricing = PricingEngine(prices: erp, time: clock.timeSource()) { _ in nil }
        let retail = PricingContext(sku: "BOLT", customerGroupID: 1, quantity: 1)
        let wholesale = PricingContext(sku: "BOLT", customerGroupID: 2, quantity: 100)
        #expect(try await pricing.price(for: retail) == .init(price: 10, source: .erp))
        #expect(try await pricing.price(for: wholesale) == .init(price: 8, source: .erp))
        #expect(try await pricing.price(for: retail) == .init(price: 10, source: .cache))
        #expect(await erp.calls["price"] == 2)
        clock.advance(by: .seconds(301))
        #expect(try await pricing.price(for: retail).source == .erp, "the cache entry expired")
        let stats = await pricing.statistics
        #expect(stats.requests == 4 && stats.cacheHits == 1 && stats.erpCalls == 3 && stats.fallbackRate == 0)
    }

    @Test("The cache is bounded: the least recently used go past the limit, and last known prices expire")
    func boundedCache() async throws {
        let erp = await erp()
        var configuration = PricingEngine.Configuration()
        configuration.maximumCachedPrices = 100
        configuration.lastKnownTimeToLive = .seconds(3_600)
        let pricing = PricingEngine(prices: erp, configuration: configuration, time: clock.timeSource()) { _ in 12 }
        let favourite = PricingContext(sku: "BOLT", customerGroupID: 1, quantity: 1)
        _ = try await pricing.price(for: favourite)
        for quantity in 2...1_000 {
            _ = try await pricing.price(
                for: PricingContext(sku: "BOLT", customerGroupID: 1, quantity: Decimal(quantity)))
            if quantity % 10 == 0 { _ = try await pricing.price(for: favourite) }
        }
        #expect(await pricing.cachedPrices <= 100, "bounded, not one entry per context ever asked")
        #expect(try await pricing.price(for: favourite).source == .cache, "a price in use stays cached")
        var down = FakeERP.Faults()
        down.errorRate = 1
        await erp.setFaults(down)
        clock.advance(by: .seconds(301))
        #expect(try await pricing.price(for: favourite).source == .lastKnown)
        clock.advance(by: .seconds(3_600))
        let late = try await pricing.price(for: favourite)
        #expect(late.source == .basePrice, "a price past its keep time is not offered")
    }

    @Test("A cache of one keeps the price just fetched")
    func cacheOfOne() async throws {
        let erp = await erp()
        var configuration = PricingEngine.Configuration()
        configuration.maximumCachedPrices = 1
        let pricing = PricingEngine(prices: erp, configuration: configuration, time: clock.timeSource()) { _ in nil }
        for quantity in 1...3 {
            let context = PricingContext(sku: "BOLT", customerGroupID: 1, quantity: Decimal(quantity))
            #expect(try await pricing.price(for: context).source == .erp)
            #expect(try await pricing.price(for: context).source == .cache)
        }
        #expect(await pricing.cachedPrices == 1)
    }

    @Test("A slow ERP is cut off at the timeout and the last known price answers; then the base price")
    func timeoutFallsBack() async throws {
        let erp = await erp()
        let pricing = PricingEngine(prices: erp, time: clock.timeSource()) { sku in sku == "BOLT" ? 12 : nil }
        let context = PricingContext(sku: "BOLT")
        _ = try await pricing.price(for: context)
        clock.advance(by: .seconds(301))
        await erp.setFaults(
            {
                var faults = FakeERP.Faults()
                faults.latency = .seconds(10) ... .seconds(10)
                return faults
            }())
        let slow = Task { try await pricing.price(for: context) }
        await clock.waitForSleepers(2)
        clock.advance(by: .milliseconds(249))
        #expect(clock.sleeperCount == 2, "still waiting just before the 250 ms deadline")
        clock.advance(by: .milliseconds(1))
        #expect(
            try await slow.value == .init(price: 10, source: .lastKnown),
            "answered at the deadline, from the last known price")
        let other = Task { try await pricing.price(for: PricingContext(sku: "BOLT", customerGroupID: 3)) }
        await clock.waitForSleepers(2)
        clock.advance(by: .milliseconds(250))
        #expect(try await other.value == .init(price: 12, source: .basePrice))
        let stats = await pricing.statistics
        #expect(stats.requests == 3 && stats.timeouts == 2 && stats.fallbacks == 2 && stats.fallbackRate == 2.0 / 3.0)
    }

    @Test("1,000 concurrent misses for one context make one ERP call")
    func singleFlight() async throws {
        let erp = await erp(latency: .milliseconds(100))
        let pricing = PricingEngine(prices: erp, time: clock.timeSource()) { _ in nil }
        let context = PricingContext(sku: "BOLT", customerGroupID: 2, quantity: 500)
        let prices = try await withThrowingTaskGroup(of: Decimal.self) { group in
            for _ in 0..<1_000 { group.addTask { try await pricing.price(for: context).price } }
            await clock.waitForSleepers(2)
            clock.advance(by: .milliseconds(100))
            return try await group.reduce(into: Set<Decimal>()) { $0.insert($1) }
        }
        #expect(prices == [8])
        #expect(await erp.calls["price"] == 1)
        #expect(await pricing.statistics.erpCalls == 1)
    }

    @Test("A failing ERP opens the breaker: no more calls while it is open, fallbacks answer")
    func breakerStopsCalls() async throws {
        let erp = await erp()
        var faults = FakeERP.Faults()
        faults.errorRate = 1
        await erp.setFaults(faults)
        var configuration = PricingEngine.Configuration()
        configuration.circuitBreaker = .init(failureThreshold: 3, openDuration: .seconds(30))
        let pricing = PricingEngine(prices: erp, configuration: configuration, time: clock.timeSource()) { _ in 11 }
        for group in 0..<10 {
            #expect(
                try await pricing.price(for: PricingContext(sku: "BOLT", customerGroupID: group)).source == .basePrice)
        }
        #expect(await erp.calls["price"] == 3, "the breaker opened after three failures")
        await erp.setFaults(FakeERP.Faults())
        clock.advance(by: .seconds(30))
        #expect(try await pricing.price(for: PricingContext(sku: "BOLT", customerGroupID: 1)).source == .erp)
    }

    @Test("With no fallback, the caller gets a retryable adapter error")
    func noFallback() async {
        let erp = FakeERP(time: clock.timeSource())
        let pricing = PricingEngine(prices: erp, time: clock.timeSource()) { _ in nil }
        await #expect(
            performing: { try await pricing.price(for: PricingContext(sku: "UNKNOWN")) },
            throws: { error in
                (error as? AdapterError)?.code == .notFound
            })
    }

    @Test("A pattern that prices by group serves two customers of one group from one ERP call")
    func groupPattern() async throws {
        let erp = await erp()
        let pricing = PricingEngine(prices: erp, pattern: GroupPricing(), time: clock.timeSource()) { _ in nil }
        let ann = PricingContext(sku: "BOLT", customerID: "1", customerGroupID: 2, quantity: 100)
        let bo = PricingContext(sku: "BOLT", customerID: "2", customerGroupID: 2, quantity: 100)
        #expect(try await pricing.price(for: ann) == .init(price: 8, source: .erp))
        #expect(try await pricing.price(for: bo) == .init(price: 8, source: .cache))
        #expect(await erp.calls["price"] == 1)
    }

    @Test("A request the pattern refuses is an error naming the field, and never reaches the ERP")
    func refusedRequest() async throws {
        let erp = await erp()
        let pricing = PricingEngine(prices: erp, time: clock.timeSource()) { _ in 12 }
        await #expect(
            throws: MappingError(
                record: "price request for \"BOLT\"", field: "quantity", message: "must be above zero, not 0")
        ) {
            try await pricing.price(for: PricingContext(sku: "BOLT", quantity: 0))
        }
        await #expect(throws: MappingError.self) {
            try await pricing.price(for: PricingContext(sku: "BOLT", currency: "dollars"))
        }
        #expect(await erp.calls["price"] == nil)
        #expect(await pricing.statistics.requests == 0)
    }

    @Test("A negative ERP price is treated as a failure: the base price answers")
    func negativePrice() async throws {
        let erp = await erp()
        await erp.setPrice(sku: "BOLT", price: -1)
        let pricing = PricingEngine(prices: erp, time: clock.timeSource()) { _ in 12 }
        #expect(try await pricing.price(for: PricingContext(sku: "BOLT")) == .init(price: 12, source: .basePrice))
        #expect(await pricing.statistics.failures == 1)
    }
}

/// An ERP that prices by customer group only.
private struct GroupPricing: PricingPattern {
    func map(_ context: PricingContext) throws -> PricingContext {
        var context = context
        context.customerID = nil
        return context
    }
}
