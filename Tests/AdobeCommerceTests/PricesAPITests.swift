import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

@testable import AdobeCommerce

struct PricesAPITests {
    private func client() throws -> (FakeCommerce, AdobeCommerceClient) {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 3)
        return (fake, fake.makeClient())
    }

    @Test("Base prices update in bulk; an unknown SKU is reported, not thrown, and the rest are saved")
    func basePrices() async throws {
        let (fake, client) = try client()
        let failures = try await client.prices.updateBasePrices([
            BasePrice(sku: "SKU-000001", price: Decimal(string: "19.99")!), BasePrice(sku: "NOPE", price: 5),
        ])
        #expect(failures.count == 1)
        #expect(failures.first?.message == "Invalid attribute %fieldName = %fieldValue.")
        #expect(failures.first?.parameters == ["SKU", "NOPE"], "Magento names the field, then the value")
        #expect(fake.product(sku: "SKU-000001")?.price == Decimal(string: "19.99"))
        let read = try await client.prices.basePrices(skus: ["SKU-000001"])
        #expect(read.map(\.price) == [Decimal(string: "19.99")])
        await #expect(
            performing: { try await client.prices.basePrices(skus: ["NOPE"]) },
            throws: { error in
                (error as? CommerceError)?.message == "Requested products don't exist: NOPE"
            })
    }

    @Test("Special, tier and cost prices are saved, read back and deleted")
    func otherPrices() async throws {
        let (_, client) = try client()
        let special = SpecialPrice(
            sku: "SKU-000002", price: Decimal(string: "9.5")!, priceFrom: MagentoDate(rawValue: "2026-12-01 00:00:00"),
            priceTo: MagentoDate(rawValue: "2026-12-31 23:59:59"))
        #expect(try await client.prices.updateSpecialPrices([special]).isEmpty)
        #expect(try await client.prices.specialPrices(skus: ["SKU-000002"]).map(\.price) == [Decimal(string: "9.5")])
        #expect(try await client.prices.deleteSpecialPrices([special]).isEmpty)
        #expect(try await client.prices.specialPrices(skus: ["SKU-000002"]).isEmpty)

        let tier = TierPrice(sku: "SKU-000003", price: 8, quantity: 10)
        #expect(
            try await client.prices.updateTierPrices([tier, TierPrice(sku: "SKU-000003", price: 7, quantity: 20)])
                .isEmpty)
        #expect(try await client.prices.tierPrices(skus: ["SKU-000003"]).count == 2)
        #expect(
            try await client.prices.replaceTierPrices([TierPrice(sku: "SKU-000003", price: 6, quantity: 50)]).isEmpty)
        #expect(try await client.prices.tierPrices(skus: ["SKU-000003"]).map(\.quantity) == [50])

        #expect(try await client.prices.updateCosts([Cost(sku: "SKU-000001", cost: Decimal(string: "3.3")!)]).isEmpty)
        #expect(try await client.prices.costs(skus: ["SKU-000001"]).first?.cost == Decimal(string: "3.3"))
        #expect(try await client.prices.deleteCosts(skus: ["SKU-000001"]))
        #expect(try await client.prices.costs(skus: ["SKU-000001"]).isEmpty)
    }

    @Test("A negative price is reported as Magento does: the field and the value, the placeholders left in")
    func negativePrice() async throws {
        let (_, client) = try client()
        let failures = try await client.prices.updateBasePrices([BasePrice(sku: "SKU-000001", price: -2)])
        #expect(failures.count == 1)
        #expect(failures.first?.message == "Invalid attribute %fieldName = %fieldValue.")
        #expect(failures.first?.parameters == ["Price", "-2"])
    }
}
