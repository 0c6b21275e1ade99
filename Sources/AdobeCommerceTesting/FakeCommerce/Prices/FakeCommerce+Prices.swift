public import AdobeCommerce
import Synchronization

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

extension FakeCommerce {
    /// Sets the catalog price scope (`catalog/price/scope`): global (the default of a fresh install) or per website.
    ///
    /// Under the global scope Magento refuses a special price for a store other than `0` and a tier price for a
    /// website other than `0`, and saves a base price sent for any store as the global price.
    public func setPriceScope(perWebsite: Bool) {
        state.withLock { $0.priceScopeIsWebsite = perWebsite }
    }

    /// Adds a website with one store group and one store view.
    /// - Parameters:
    ///   - code: The website code.
    ///   - storeCode: The store view code.
    /// - Returns: The new website's and store view's ids.
    @discardableResult
    public func addWebsite(code: String, storeCode: String) -> (websiteID: Int, storeID: Int) {
        state.withLock { state in
            let website = (state.websites.compactMap { $0["id"]?.intValue }.max() ?? 0) + 1
            let store = (state.storeViews.compactMap { $0["id"]?.intValue }.max() ?? 0) + 1
            state.websites.append([
                "id": .int(website), "code": .string(code), "name": .string(code.capitalized),
                "default_group_id": .int(website),
            ])
            state.storeViews.append([
                "id": .int(store), "code": .string(storeCode), "name": .string(storeCode.capitalized),
                "website_id": .int(website), "store_group_id": .int(website), "is_active": .int(1),
            ])
            return (website, store)
        }
    }

    /// The base price of a SKU as a store view sees it (`0`: the global price).
    public func basePrice(sku: String, storeID: Int = 0) -> Decimal? {
        state.withLock { state in
            guard let id = state.skuIndex[FakeState.key(sku)] else { return nil }
            let code = state.storeViews.first { $0["id"]?.intValue == storeID }?["code"]?.stringValue
            if storeID != 0, let code, let price = state.storeValues[code]?[id]?["price"] { return price.decimalValue }
            return state.products[id]?["price"]?.decimalValue
        }
    }

    /// The special price of a SKU in a store, if it has one.
    public func specialPrice(sku: String, storeID: Int = 0) -> SpecialPrice? {
        state.withLock { state in
            state.specialPrices[FakeState.key(sku)]?.first { $0["store_id"]?.intValue == storeID }
                .flatMap { try? JSONValue.object($0).decode(SpecialPrice.self) }
        }
    }

    /// The tier prices of a SKU, every website, as stored.
    public func tierPrices(sku: String) -> [TierPrice] {
        state.withLock { state in
            (state.tierPrices[FakeState.key(sku)] ?? []).compactMap { try? JSONValue.object($0).decode(TierPrice.self) }
        }
    }

    /// The cost of a SKU, if it has one.
    public func cost(sku: String) -> Decimal? {
        state.withLock { $0.costs[FakeState.key(sku)] }
    }
}
