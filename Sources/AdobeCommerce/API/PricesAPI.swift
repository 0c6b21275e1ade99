/// Prices in bulk through the price-storage API: `client.prices`.
///
/// Updates answer with the items Magento refused; an empty list means every price was saved. The prices read are the
/// generated models with every member Magento sent (``BasePrice``, ``SpecialPrice``, ``TierPrice``, ``Cost``); a
/// refusal's placeholder values are in its `parameters` as sent, and as text in
/// ``CommerceSchema/CatalogPriceUpdateResult/parameterTexts``.
public struct PricesAPI: Sendable {
    let client: AdobeCommerceClient

    /// Base prices of `skus` (`POST /V1/products/base-prices-information`).
    public func basePrices(skus: [String]) async throws -> [BasePrice] {
        try await client.call(.basePricesGet, body: ["skus": skus])
    }

    /// Saves base prices (`POST /V1/products/base-prices`).
    public func updateBasePrices(_ prices: [BasePrice]) async throws -> [PriceUpdateResult] {
        try await client.call(.basePricesUpdate, body: ["prices": prices])
    }

    /// Special prices of `skus` (`POST /V1/products/special-price-information`).
    public func specialPrices(skus: [String]) async throws -> [SpecialPrice] {
        try await client.call(.specialPricesGet, body: ["skus": skus])
    }

    /// Saves special prices (`POST /V1/products/special-price`).
    public func updateSpecialPrices(_ prices: [SpecialPrice]) async throws -> [PriceUpdateResult] {
        try await client.call(.specialPricesUpdate, body: ["prices": prices])
    }

    /// Deletes special prices (`POST /V1/products/special-price-delete`).
    public func deleteSpecialPrices(_ prices: [SpecialPrice]) async throws -> [PriceUpdateResult] {
        try await client.call(.specialPricesDelete, body: ["prices": prices])
    }

    /// Tier prices of `skus` (`POST /V1/products/tier-prices-information`).
    public func tierPrices(skus: [String]) async throws -> [TierPrice] {
        try await client.call(.tierPricesGet, body: ["skus": skus])
    }

    /// Adds or updates tier prices (`POST /V1/products/tier-prices`).
    public func updateTierPrices(_ prices: [TierPrice]) async throws -> [PriceUpdateResult] {
        try await client.call(.tierPricesUpdate, body: ["prices": prices])
    }

    /// Replaces every tier price of the SKUs given (`PUT /V1/products/tier-prices`).
    public func replaceTierPrices(_ prices: [TierPrice]) async throws -> [PriceUpdateResult] {
        try await client.call(.tierPricesReplace, body: ["prices": prices])
    }

    /// Deletes tier prices (`POST /V1/products/tier-prices-delete`).
    public func deleteTierPrices(_ prices: [TierPrice]) async throws -> [PriceUpdateResult] {
        try await client.call(.tierPricesDelete, body: ["prices": prices])
    }

    /// Costs of `skus` (`POST /V1/products/cost-information`).
    public func costs(skus: [String]) async throws -> [Cost] {
        try await client.call(.costsGet, body: ["skus": skus])
    }

    /// Saves costs (`POST /V1/products/cost`).
    public func updateCosts(_ costs: [Cost]) async throws -> [PriceUpdateResult] {
        try await client.call(.costsUpdate, body: ["prices": costs])
    }

    /// Deletes the costs of `skus` (`POST /V1/products/cost-delete`).
    @discardableResult
    public func deleteCosts(skus: [String]) async throws -> Bool {
        try await client.call(.costsDelete, body: ["skus": skus])
    }
}
