import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

/// The fake's price-storage routes validate each row as Magento's `*PriceStorage` and `TierPriceValidator` do and
/// answer the refused ones as `PriceUpdateResult`s with Magento's messages and parameters.
struct FakePriceStorageTests {
    private func setUp(inputLimits: Bool = false) throws -> (FakeCommerce, PricesAPI) {
        var options = FakeCommerce.Options()
        options.inputLimits = inputLimits
        let fake = FakeCommerce(options: options)
        try fake.seedCatalog(productCount: 5)
        return (fake, fake.makeClient().scoped(to: .all).prices)
    }

    private func pairs(_ results: [PriceUpdateResult]) -> [String] {
        results.map { "\($0.message ?? "") \($0.parameterTexts ?? [])" }
    }

    @Test("Base prices: an unknown SKU, a negative price and an unknown store are each answered, the rest saved")
    func basePrices() async throws {
        let (fake, prices) = try setUp()
        let results = try await prices.updateBasePrices([
            BasePrice(sku: "not_existing_sku", price: -9999, storeID: 9999),
            BasePrice(sku: "SKU-000001", price: 12.5),
        ])
        #expect(
            pairs(results) == [
                "Invalid attribute %fieldName = %fieldValue. [\"SKU\", \"not_existing_sku\"]",
                "Invalid attribute %fieldName = %fieldValue. [\"Price\", \"-9999\"]",
                "Requested store is not found. Row ID: SKU = not_existing_sku, Store ID: 9999. "
                    + "[\"not_existing_sku\", \"9999\"]",
            ])
        #expect(fake.basePrice(sku: "SKU-000001") == 12.5)
        let stored = try await prices.basePrices(skus: ["SKU-000001"])
        #expect(stored.map(\.price) == [12.5] && stored.map(\.storeID) == [0])
    }

    @Test("Under the global scope a store's base price is the global price; under the website scope its website's")
    func basePriceScope() async throws {
        let (fake, prices) = try setUp()
        let europe = fake.addWebsite(code: "eu", storeCode: "eu_en")
        _ = try await prices.updateBasePrices([BasePrice(sku: "SKU-000002", price: 7, storeID: europe.storeID)])
        #expect(fake.basePrice(sku: "SKU-000002", storeID: 0) == 7, "Magento writes store 0 under the global scope")
        fake.setPriceScope(perWebsite: true)
        _ = try await prices.updateBasePrices([BasePrice(sku: "SKU-000002", price: 8, storeID: europe.storeID)])
        #expect(fake.basePrice(sku: "SKU-000002", storeID: europe.storeID) == 8)
        #expect(fake.basePrice(sku: "SKU-000002", storeID: 1) == 7)
    }

    @Test("Costs: Magento's rendered messages with the values as parameters")
    func costs() async throws {
        let (fake, prices) = try setUp()
        let results = try await prices.updateCosts([Cost(sku: "SKU-000001", cost: -1, storeID: 42)])
        #expect(
            pairs(results) == [
                "Invalid attribute Cost = -1. Row ID: SKU = SKU-000001, Store ID: 42. [\"-1\", \"SKU-000001\", \"42\"]",
                "Requested store is not found. Row ID: SKU = SKU-000001, Store ID: 42. [\"SKU-000001\", \"42\"]",
            ])
        #expect(try await prices.updateCosts([Cost(sku: "SKU-000001", cost: 3)]).isEmpty)
        #expect(fake.cost(sku: "SKU-000001") == 3)
    }

    @Test("Special prices: dates in Magento's format, store scope, one price per SKU and store, delete by store")
    func specialPrices() async throws {
        let (fake, prices) = try setUp()
        var bad = SpecialPrice(
            sku: "SKU-000003", price: 5, priceFrom: MagentoDate(rawValue: "2026-13-01"),
            priceTo: MagentoDate(rawValue: "2026-02-01 00:00:00"))
        bad.storeID = 1
        let results = try await prices.updateSpecialPrices([bad])
        let tail = "Row ID: SKU = SKU-000003, Store ID: 1, Price From: 2026-13-01, Price To: 2026-02-01 00:00:00."
        let values = "\"SKU-000003\", \"1\", \"2026-13-01\", \"2026-02-01 00:00:00\""
        #expect(
            pairs(results) == [
                "Could not change non global Price when price scope is global. \(tail) [\(values)]",
                "Invalid attribute Price From = 2026-02-01 00:00:00. \(tail) [\"Price From\", \(values)]",
            ])
        let good = SpecialPrice(
            sku: "SKU-000003", price: 5, priceFrom: MagentoDate(rawValue: "2026-01-01 00:00:00"),
            priceTo: MagentoDate(rawValue: "2026-02-01 00:00:00"))
        #expect(try await prices.updateSpecialPrices([good]).isEmpty)
        var later = good
        later.price = 4
        later.priceTo = nil
        #expect(try await prices.updateSpecialPrices([later]).isEmpty)
        let stored = try #require(fake.specialPrice(sku: "SKU-000003"))
        #expect(stored.price == 4 && stored.priceTo?.rawValue == "2026-02-01 00:00:00", "a date not sent is kept")
        #expect(try await prices.deleteSpecialPrices([later]).isEmpty)
        #expect(fake.specialPrice(sku: "SKU-000003") == nil)
    }

    @Test("Tier prices: unknown group, discount over 100 %, zero quantity, website under global scope, duplicates")
    func tierRefusals() async throws {
        let (_, prices) = try setUp()
        let tail = "Row ID: SKU = %SKU, Website ID: %websiteId, Customer Group: %customerGroup, Quantity: %qty."
        let duplicate =
            "We found a duplicate website, tier price, customer group and quantity: Customer Group = %customerGroup, "
            + "Website ID = %websiteId, Quantity = %qty. " + tail
        let results = try await prices.updateTierPrices([
            TierPrice(sku: "SKU-000001", price: 5, customerGroup: "Nobody", quantity: 2),
            TierPrice(sku: "SKU-000001", price: 101, priceType: "discount", quantity: 3),
            TierPrice(sku: "SKU-000001", price: 5, quantity: 0),
            TierPrice(sku: "SKU-000001", price: 5, websiteID: 1, quantity: 4),
            TierPrice(sku: "SKU-000002", price: 5, customerGroup: "wholesale", quantity: 5),
            TierPrice(sku: "SKU-000002", price: 6, customerGroup: "Wholesale", quantity: 5),
        ])
        #expect(
            pairs(results) == [
                "No such entity with Customer Group = %customerGroup. \(tail) [\"SKU-000001\", \"0\", \"Nobody\", \"2\"]",
                "Invalid attribute Price = %price. \(tail) [\"101\", \"SKU-000001\", \"0\", \"ALL GROUPS\", \"3\"]",
                "Invalid attribute Quantity = %qty. \(tail) [\"SKU-000001\", \"0\", \"ALL GROUPS\", \"0\"]",
                "Invalid attribute Website ID = %websiteId. \(tail) [\"SKU-000001\", \"1\", \"ALL GROUPS\", \"4\"]",
                "\(duplicate) [\"SKU-000002\", \"0\", \"Wholesale\", \"5\"]",
                "\(duplicate) [\"SKU-000002\", \"0\", \"wholesale\", \"5\"]",
            ])
        #expect(try await prices.tierPrices(skus: ["SKU-000001", "SKU-000002"]).isEmpty)
    }

    @Test("Tier prices: an update replaces the same website, group and quantity; a delete needs the same value")
    func tierUpdateAndDelete() async throws {
        let (fake, prices) = try setUp()
        #expect(try await prices.updateTierPrices([TierPrice(sku: "SKU-000004", price: 9, quantity: 10)]).isEmpty)
        #expect(try await prices.updateTierPrices([TierPrice(sku: "SKU-000004", price: 8, quantity: 10)]).isEmpty)
        #expect(fake.tierPrices(sku: "SKU-000004").map(\.price) == [8])
        #expect(try await prices.deleteTierPrices([TierPrice(sku: "SKU-000004", price: 9, quantity: 10)]).isEmpty)
        #expect(fake.tierPrices(sku: "SKU-000004").count == 1, "no tier of that value: nothing deleted, no error")
        #expect(try await prices.deleteTierPrices([TierPrice(sku: "SKU-000004", price: 8, quantity: 10)]).isEmpty)
        #expect(fake.tierPrices(sku: "SKU-000004").isEmpty)
    }

    @Test("With input limits on, 21 prices in one call are refused whole")
    func inputLimit() async throws {
        let (_, prices) = try setUp(inputLimits: true)
        let error = await #expect(throws: CommerceError.self) {
            try await prices.updateBasePrices((1...21).map { _ in BasePrice(sku: "SKU-000001", price: 1) })
        }
        #expect(error?.code == .badRequest && error?.message.contains("Maximum items of type") == true)
        #expect(try await prices.updateBasePrices((1...20).map { _ in BasePrice(sku: "SKU-000001", price: 1) }).isEmpty)
    }

    @Test("A tier price without a price is refused with null for the price among its parameters, as Magento sends it")
    func nullParameter() async throws {
        let (_, prices) = try setUp()
        let tier = TierPrice(
            customerGroup: "ALL GROUPS", priceType: "fixed", quantity: 2, sku: "SKU-000001", websiteID: 0)
        let results = try await prices.updateTierPrices([tier])
        #expect(results.map { $0.message?.hasPrefix("Invalid attribute Price = %price.") } == [true])
        #expect(results.first?.parameters == [.null, "SKU-000001", "0", "ALL GROUPS", "2"])
        #expect(results.first?.parameterTexts == ["", "SKU-000001", "0", "ALL GROUPS", "2"])
    }

    @Test("A PriceUpdateResult with numbers and nulls for parameters reads them as sent and writes them back")
    func lenientParameters() throws {
        let json = Data(#"[{"message":"Requested store is not found.","parameters":[null,7,"SKU"]}]"#.utf8)
        let results = try CommerceJSONDecoder().decode([PriceUpdateResult].self, from: json)
        #expect(results.first?.parameters == [.null, 7, "SKU"])
        #expect(results.first?.parameterTexts == ["", "7", "SKU"])
        #expect(results.first?.additionalFields.isEmpty == true)
        #expect(try JSONValue(parsing: CommerceJSONEncoder().encode(results)) == JSONValue(parsing: json))
    }
}
