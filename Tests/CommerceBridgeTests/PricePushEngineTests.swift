import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgeTesting
import Foundation
import Synchronization
import Testing

/// Commerce that saves the `lose`-th price-storage call and then loses its answer, as a crash or a timeout after
/// Magento committed would.
final class LosesPriceAnswer: HTTPTransport {
    let base: FakeCommerce
    let lose: Int
    private let count = Mutex(0)
    init(_ base: FakeCommerce, lose: Int) {
        self.base = base
        self.lose = lose
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response = try await base.send(request)
        guard request.url.path.contains("/V1/products/") else { return response }
        let call = count.withLock { count in
            count += 1
            return count
        }
        if call == lose { throw CommerceError(code: .connectionFailed, message: "connection reset after the save") }
        return response
    }
}

struct PricePushEngineTests {
    private let clock = ManualClock()
    private static let start = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01 00:00:00 UTC
    private static let end = Date(timeIntervalSince1970: 1_769_904_000)  // 2026-02-01 00:00:00 UTC

    private func engine(
        _ commerce: FakeCommerce, _ erp: FakeERP, store: InMemoryConnectorStore,
        transport: (any HTTPTransport)? = nil, ownership: OwnershipRules = .seedDefaults,
        configure: (inout PricePushEngine.Configuration) -> Void = { _ in }
    ) -> PricePushEngine {
        var configuration = PricePushEngine.Configuration()
        configure(&configuration)
        var client = commerce.makeClient { $0.retry = .none }
        if let transport {
            client = AdobeCommerceClient(configuration: client.configuration, transport: transport)
        }
        return PricePushEngine(
            commerce: client, list: erp, store: store, ownership: ownership, configuration: configuration,
            time: clock.timeSource())
    }

    private func setUp(products: Int = 30, inputLimits: Bool = false) throws -> (
        FakeCommerce, FakeERP, InMemoryConnectorStore
    ) {
        var options = FakeCommerce.Options()
        options.inputLimits = inputLimits
        let commerce = FakeCommerce(options: options)
        try commerce.seedCatalog(productCount: products)
        return (commerce, FakeERP(time: clock.timeSource()), InMemoryConnectorStore())
    }

    private static func sku(_ index: Int) -> String { "SKU-" + String(format: "%06d", index) }

    @Test("Each kind reaches its route: base, special with dates, fixed, percentage and group tiers, cost")
    func everyKind() async throws {
        let (commerce, erp, store) = try setUp()
        await erp.setPriceRows([
            .base(sku: Self.sku(1), price: 34),
            .special(sku: Self.sku(1), price: 29.5, from: Self.start, to: Self.end),
            .tier(sku: Self.sku(1), quantity: 10, price: 31, customerGroup: "Wholesale"),
            .tier(sku: Self.sku(1), quantity: 50, discountPercent: 12),
            .groupPrice(sku: Self.sku(1), customerGroup: "Retailer", price: 32),
            .cost(sku: Self.sku(1), cost: 17.25),
        ])
        let report = try await engine(commerce, erp, store: store).fullPass()
        #expect(report.pushed == [.base: 1, .special: 1, .tier: 3, .cost: 1], "\(report)")
        #expect(report.calls == 4 && report.minimumCalls == 4 && report.failed == 0)
        #expect(commerce.basePrice(sku: Self.sku(1)) == 34)
        let special = try #require(commerce.specialPrice(sku: Self.sku(1)))
        #expect(special.price == 29.5 && special.priceFrom?.rawValue == "2026-01-01 00:00:00")
        #expect(special.priceTo?.rawValue == "2026-02-01 00:00:00")
        let tiers = commerce.tierPrices(sku: Self.sku(1))
        #expect(tiers.count == 3)
        #expect(tiers.contains { $0.customerGroup == "ALL GROUPS" && $0.priceType == "discount" && $0.price == 12 })
        #expect(tiers.contains { $0.customerGroup == "Retailer" && $0.quantity == 1 && $0.price == 32 })
        #expect(commerce.cost(sku: Self.sku(1)) == 17.25)
    }

    @Test("Under the website price scope each website's prices go through its own store view")
    func perWebsite() async throws {
        let (commerce, erp, store) = try setUp()
        commerce.setPriceScope(perWebsite: true)
        let europe = commerce.addWebsite(code: "eu", storeCode: "eu_en")
        await erp.setPriceRows([
            .base(sku: Self.sku(2), price: 10),
            .base(sku: Self.sku(2), price: 12, website: europe.websiteID),
            .special(sku: Self.sku(2), price: 9, website: europe.websiteID),
            .tier(sku: Self.sku(2), quantity: 5, price: 11, website: europe.websiteID),
        ])
        let prices = engine(commerce, erp, store: store) { $0.priceScope = .website }
        let report = try await prices.fullPass()
        #expect(report.pushedTotal == 4 && report.failed == 0, "\(report)")
        #expect(commerce.basePrice(sku: Self.sku(2), storeID: 0) == 10)
        #expect(commerce.basePrice(sku: Self.sku(2), storeID: 1) == 10, "the main website keeps the global price")
        #expect(commerce.basePrice(sku: Self.sku(2), storeID: europe.storeID) == 12)
        #expect(commerce.specialPrice(sku: Self.sku(2), storeID: europe.storeID)?.price == 9)
        #expect(commerce.specialPrice(sku: Self.sku(2), storeID: 0) == nil)
        #expect(commerce.tierPrices(sku: Self.sku(2)).first?.websiteID == europe.websiteID)
    }

    @Test("Under the global price scope a website's row is parked once, not written over every website")
    func websiteRowUnderGlobalScope() async throws {
        let (commerce, erp, store) = try setUp()
        await erp.setPriceRows([.base(sku: Self.sku(3), price: 10), .base(sku: Self.sku(3), price: 12, website: 1)])
        let prices = engine(commerce, erp, store: store)
        let first = try await prices.fullPass()
        #expect(first.pushed == [.base: 1] && first.rejected == 1 && first.parked == 1, "\(first)")
        #expect(commerce.basePrice(sku: Self.sku(3)) == 10)
        let second = try await prices.fullPass()
        #expect(second.rejected == 1 && second.parked == 0 && second.calls == 0, "parked once: \(second)")
        let review = try await store.reviewItems(limit: 10, offset: 0)
        #expect(review.count == 1 && review[0].draft.reason.contains("the price scope is global"))
    }

    @Test("A second run sends nothing; one changed row sends one row in one call")
    func delta() async throws {
        let (commerce, erp, store) = try setUp()
        await erp.setPriceRows(
            (1...30).flatMap { index in
                [
                    PriceListRow.base(sku: Self.sku(index), price: Decimal(index)),
                    .tier(sku: Self.sku(index), quantity: 10, price: Decimal(index) - 1),
                ]
            })
        let prices = engine(commerce, erp, store: store)
        let first = try await prices.fullPass()
        #expect(first.pushed == [.base: 30, .tier: 30] && first.calls == 4, "\(first)")
        let second = try await prices.fullPass()
        #expect(second.calls == 0 && second.pushedTotal == 0 && second.unchanged == 60, "\(second)")
        await erp.setPriceRows([.tier(sku: Self.sku(7), quantity: 10, price: 4.5)])
        let third = try await prices.fullPass()
        #expect(third.pushed == [.tier: 1] && third.calls == 1 && third.unchanged == 59, "\(third)")
        #expect(commerce.tierPrices(sku: Self.sku(7)).map(\.price) == [4.5], "updated in place, not added")
    }

    @Test("Special and tier prices the ERP dropped are deleted, in a full pass and from a change feed")
    func droppedRows() async throws {
        let (commerce, erp, store) = try setUp()
        await erp.setPriceRows([
            .base(sku: Self.sku(4), price: 20),
            .special(sku: Self.sku(4), price: 15, from: Self.start),
            .tier(sku: Self.sku(4), quantity: 10, price: 18),
            .tier(sku: Self.sku(4), quantity: 20, price: 17),
            .tier(sku: Self.sku(5), quantity: 3, discountPercent: 5, customerGroup: "General"),
        ])
        let prices = engine(commerce, erp, store: store)
        _ = try await prices.fullPass()
        await erp.removePriceRow(key: PriceListRow.tier(sku: Self.sku(4), quantity: 20, price: 17).key)
        await erp.removePriceRow(key: PriceListRow.special(sku: Self.sku(4), price: 15).key)
        let full = try await prices.fullPass()
        #expect(full.deleted == [.special: 1, .tier: 1] && full.calls == 2 && full.unchanged == 3, "\(full)")
        #expect(commerce.specialPrice(sku: Self.sku(4)) == nil)
        #expect(commerce.tierPrices(sku: Self.sku(4)).map(\.quantity) == [10])
        #expect(try await prices.fullPass().calls == 0, "a deletion is recorded")

        clock.advance(by: .seconds(600))
        await erp.removePriceRow(
            key: PriceListRow.tier(sku: Self.sku(5), quantity: 3, discountPercent: 5, customerGroup: "General").key)
        let delta = try await prices.sync()
        #expect(delta.deleted == [.tier: 1] && delta.calls == 1, "the change feed's removal: \(delta)")
        #expect(commerce.tierPrices(sku: Self.sku(5)).isEmpty)
    }

    @Test("Each PriceUpdateResult is mapped to its row, parked once; the rest of the call is recorded")
    func perItemErrors() async throws {
        let (commerce, erp, store) = try setUp()
        await erp.setPriceRows([
            .tier(sku: Self.sku(6), quantity: 10, price: 8),
            .tier(sku: Self.sku(6), quantity: 20, price: 7, customerGroup: "Distributors"),
            .tier(sku: Self.sku(7), quantity: 10, price: 8),
            .base(sku: "NOT-IN-COMMERCE", price: 5),
            .base(sku: Self.sku(6), price: 9),
        ])
        let prices = engine(commerce, erp, store: store)
        let first = try await prices.fullPass()
        #expect(first.failed == 2 && first.parked == 2 && first.pushed == [.base: 1, .tier: 2], "\(first)")
        #expect(commerce.tierPrices(sku: Self.sku(6)).map(\.quantity) == [10])
        let reasons = try await store.reviewItems(limit: 10, offset: 0).map(\.draft.reason).sorted()
        #expect(
            reasons == [
                "Invalid attribute SKU = NOT-IN-COMMERCE.",
                "No such entity with Customer Group = %customerGroup. Row ID: SKU = %SKU, Website ID: %websiteId, "
                    + "Customer Group: %customerGroup, Quantity: %qty. (\(Self.sku(6)), 0, Distributors, 20)",
            ])
        let second = try await prices.fullPass()
        #expect(second.failed == 2 && second.parked == 0 && second.calls == 2, "resent, not parked again: \(second)")
        #expect(try await store.reviewItems(limit: 10, offset: 0).count == 2)
    }

    @Test("The pattern refuses what Magento would, before a call: a negative price, a period ending before it starts")
    func validation() async throws {
        let (commerce, erp, store) = try setUp()
        await erp.setPriceRows([
            .base(sku: Self.sku(8), price: -1),
            .special(sku: Self.sku(8), price: 5, from: Self.end, to: Self.start),
            .tier(sku: Self.sku(8), quantity: 1, discountPercent: 120),
        ])
        let report = try await engine(commerce, erp, store: store).fullPass()
        #expect(report.rejected == 3 && report.parked == 3 && report.calls == 0, "\(report)")
        let reasons = try await store.reviewItems(limit: 10, offset: 0).map(\.draft.reason)
        #expect(
            reasons.contains { $0.contains("price_to: is 2026-01-01 00:00:00, before price_from 2026-02-01 00:00:00") })
        #expect(reasons.contains { $0.contains("Magento takes at most 100 % off") })
    }

    @Test("Prices the origin does not own are not pushed, and the refusal is audited")
    func ownership() async throws {
        let (commerce, erp, store) = try setUp()
        await erp.setPriceRows([.base(sku: Self.sku(9), price: 3), .cost(sku: Self.sku(9), cost: 1)])
        let rules = OwnershipRules.seedDefaults.overriding(.price, field: "cost", owner: .pim)
        let report = try await engine(commerce, erp, store: store, ownership: rules).fullPass()
        #expect(report.pushed == [.base: 1] && report.notOwned == 1, "\(report)")
        #expect(commerce.cost(sku: Self.sku(9)) == nil)
        let audit = try await store.auditRecords(for: EntityReference(.price, .erp, "cost/*"))
        #expect(audit.first?.action == "ownership.reject")
    }

    @Test("A crash after Magento saved a chunk but before the store recorded it: the retry resends it, nothing lost")
    func crashAfterSave() async throws {
        let (commerce, erp, store) = try setUp(products: 60)
        await erp.setPriceRows((1...60).map { PriceListRow.base(sku: Self.sku($0), price: Decimal($0) + 0.5) })
        let crashing = engine(
            commerce, erp, store: store, transport: LosesPriceAnswer(commerce, lose: 2)
        ) { $0.rowsPerCommit = 20 }
        await #expect(throws: CommerceError.self) { try await crashing.fullPass() }
        #expect(commerce.basePrice(sku: Self.sku(40)) == 40.5, "Magento saved the second chunk")
        let retry = engine(commerce, erp, store: store) { $0.rowsPerCommit = 20 }
        let report = try await retry.fullPass()
        #expect(report.unchanged == 20 && report.pushed == [.base: 40] && report.calls == 2, "\(report)")
        #expect((1...60).allSatisfy { commerce.basePrice(sku: Self.sku($0)) == Decimal($0) + 0.5 })
        #expect(try await retry.fullPass().calls == 0, "everything is recorded now")
    }

    @Test("Chunks keep to the input limit: 130 rows in the fewest calls, and a chunk over it is Magento's refusal")
    func chunking() async throws {
        let (commerce, erp, store) = try setUp(products: 50, inputLimits: true)
        await erp.setPriceRows(
            (1...50).map { PriceListRow.base(sku: Self.sku($0), price: 10) }
                + (1...50).map { PriceListRow.tier(sku: Self.sku($0), quantity: 2, price: 9) }
                + (1...30).map { PriceListRow.cost(sku: Self.sku($0), cost: 4) })
        let prices = engine(commerce, erp, store: store)
        var events: [SyncProgress] = []
        let report = try await prices.fullPass()
        #expect(report.calls == 3 + 3 + 2 && report.calls == report.minimumCalls && report.pushedTotal == 130)
        let priceCalls = commerce.requests.filter { $0.target.contains("/V1/products/") }
        #expect(priceCalls.count == 8 && priceCalls.allSatisfy { $0.status == 200 })
        for await event in prices.progress {
            events.append(event)
            if event.phase == "full" { break }
        }
        #expect(events.last?.processed == 130 && events.last?.total == 130)

        let (commerce2, erp2, store2) = try setUp(products: 50, inputLimits: true)
        await erp2.setPriceRows((1...21).map { PriceListRow.base(sku: Self.sku($0), price: 10) })
        let tooMany = engine(commerce2, erp2, store: store2) { $0.itemsPerRequest = 21 }
        let error = await #expect(throws: CommerceError.self) { try await tooMany.fullPass() }
        #expect(error?.code == .badRequest)
        #expect(error?.message.contains("Maximum items of type") == true, "\(String(describing: error))")
    }

    @Test("Magento's results are mapped by the values they name, not by position")
    func attribution() async throws {
        let (commerce, erp, store) = try setUp()
        await erp.setPriceRows([
            .tier(sku: Self.sku(10), quantity: 1, price: 5, customerGroup: "Wholesale"),
            .tier(sku: Self.sku(10), quantity: 1, price: 5, customerGroup: "Nobody"),
            .tier(sku: Self.sku(10), quantity: 2, price: 4, customerGroup: "Nobody"),
        ])
        let report = try await engine(commerce, erp, store: store).fullPass()
        #expect(report.failed == 2 && report.pushed == [.tier: 1], "\(report)")
        #expect(commerce.tierPrices(sku: Self.sku(10)).map(\.customerGroup) == ["Wholesale"])
        let parked = try await store.reviewItems(limit: 10, offset: 0).map(\.draft.entity.key).sorted()
        #expect(parked == ["tier/0/\(Self.sku(10))/nobody/1", "tier/0/\(Self.sku(10))/nobody/2"])
    }

    @Test("The FakeERP price list keeps the adapter contract")
    func conformance() async throws {
        let erp = FakeERP(time: clock.timeSource())
        await erp.setPriceRows((1...40).map { PriceListRow.base(sku: Self.sku($0), price: 1) })
        clock.advance(by: .seconds(5))
        await erp.repriceRows(stride: 4, by: 1)
        await erp.removePriceRow(key: PriceListRow.base(sku: Self.sku(2), price: 1).key)
        try await AdapterConformance.priceList(erp)
    }
}
