public import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The steps of pushing one price-list row to Commerce. Conform for your ERP and override only what differs;
/// ``PricePushEngine`` runs validate, map and before-send per changed row, sends the rows of each kind together in
/// chunks (the send step is the engine's, so chunking and mapping Magento's per-item answers back to rows stay in
/// one place), and runs after-send with the rows Commerce saved.
///
/// ```swift
/// struct NetPrices: PricePushPattern {
///     func beforeSend(_ price: PricePushItem, row: PriceListRow) async throws -> PricePushItem {
///         guard case .base(var base) = price else { return price }
///         base.price = (row.amount * 100 / 119).rounded(scale: 2)   // the ERP lists gross prices
///         return .base(base)
///     }
/// }
/// ```
public protocol PricePushPattern: Sendable {
    /// Refuses rows that must not be sent; a refused row is parked for review once. Default:
    /// ``PricePushMapping/validate(_:)``.
    func validate(_ row: PriceListRow) throws
    /// Maps the row to the Commerce price. `storeID` is the store view that carries the row's website (`0` for
    /// every website). Default: ``PricePushMapping/item(for:storeID:)``.
    func map(_ row: PriceListRow, storeID: Int) throws -> PricePushItem
    /// Adjusts the price just before it is sent. Default: unchanged.
    func beforeSend(_ price: PricePushItem, row: PriceListRow) async throws -> PricePushItem
    /// Runs after Commerce saved `prices` (one call's worth, one kind). Default: nothing.
    func afterSend(_ prices: [PricePushItem]) async throws
}

extension PricePushPattern {
    /// Validates with ``PricePushMapping/validate(_:)``.
    public func validate(_ row: PriceListRow) throws { try PricePushMapping.validate(row) }

    /// Maps with ``PricePushMapping/item(for:storeID:)``.
    public func map(_ row: PriceListRow, storeID: Int) throws -> PricePushItem {
        PricePushMapping.item(for: row, storeID: storeID)
    }

    /// Unchanged.
    public func beforeSend(_ price: PricePushItem, row: PriceListRow) async throws -> PricePushItem { price }

    /// Nothing.
    public func afterSend(_ prices: [PricePushItem]) async throws {}
}

/// Every step at its default.
public struct DefaultPricePush: PricePushPattern {
    /// Creates the default pattern.
    public init() {}
}

/// A price on its way to Commerce, in the price-storage API's own model.
///
/// Equal items are equal in every member; the hash covers the kind and the SKU only (the generated price models are
/// `Equatable`, not `Hashable`).
public enum PricePushItem: Sendable, Hashable {
    /// For `/V1/products/base-prices`.
    case base(BasePrice)
    /// For `/V1/products/special-price`.
    case special(SpecialPrice)
    /// For `/V1/products/tier-prices`.
    case tier(TierPrice)
    /// For `/V1/products/cost`.
    case cost(Cost)

    /// Hashes the kind and the SKU.
    public func hash(into hasher: inout Hasher) {
        let (kind, sku) =
            switch self {
            case .base(let price): (0, price.sku)
            case .special(let price): (1, price.sku)
            case .tier(let price): (2, price.sku)
            case .cost(let cost): (3, cost.sku)
            }
        hasher.combine(kind)
        hasher.combine(sku)
    }
}

/// The default price mapping and checks, reusable in custom patterns.
public enum PricePushMapping {
    /// Refuses what Magento would refuse, before a call is spent on it: a blank SKU, a negative amount, a discount
    /// over 100 %, a tier quantity not above zero, a blank customer group, a special price whose period ends before
    /// it starts.
    /// - Throws: ``MappingError`` naming the field.
    public static func validate(_ row: PriceListRow) throws {
        let record = "\(row.kind) price \"\(row.key)\""
        if row.sku.allSatisfy(\.isWhitespace) {
            throw MappingError(record: record, field: "sku", message: "is blank")
        }
        if row.amount < 0 {
            throw MappingError(
                record: record, field: row.kind == .cost ? "cost" : "price",
                message: "is negative (\(row.amount)); Magento refuses a price below zero")
        }
        if row.website < 0 {
            throw MappingError(record: record, field: "website", message: "is negative (\(row.website))")
        }
        switch row.kind {
        case .tier:
            if row.isDiscount, row.amount > 100 {
                throw MappingError(
                    record: record, field: "price",
                    message: "is a discount of \(row.amount) %; Magento takes at most 100 % off")
            }
            if row.quantity <= 0 {
                throw MappingError(
                    record: record, field: "quantity", message: "is \(row.quantity); a tier starts above zero")
            }
            if row.customerGroup.allSatisfy(\.isWhitespace) {
                throw MappingError(
                    record: record, field: "customer_group", message: "is blank; use \"\(PriceListRow.allGroups)\"")
            }
        case .special:
            if let from = row.activeFrom, let to = row.activeTo, to < from {
                throw MappingError(
                    record: record, field: "price_to",
                    message: "is \(MagentoDate(to).rawValue), before price_from \(MagentoDate(from).rawValue): the "
                        + "special price would end before it starts")
            }
        case .base, .cost:
            break
        }
    }

    /// The Commerce price for `row` in the store view `storeID` (tier prices take the row's website).
    public static func item(for row: PriceListRow, storeID: Int) -> PricePushItem {
        switch row.kind {
        case .base:
            return .base(BasePrice(sku: row.sku, price: row.amount, storeID: storeID))
        case .special:
            var special = SpecialPrice(
                sku: row.sku, price: row.amount, storeID: storeID, priceFrom: MagentoDate(rawValue: ""),
                priceTo: MagentoDate(rawValue: ""))
            special.priceFrom = row.activeFrom.map(MagentoDate.init)
            special.priceTo = row.activeTo.map(MagentoDate.init)
            return .special(special)
        case .tier:
            return .tier(
                TierPrice(
                    sku: row.sku, price: row.amount, priceType: row.isDiscount ? "discount" : "fixed",
                    websiteID: row.website, customerGroup: row.customerGroup, quantity: row.quantity))
        case .cost:
            return .cost(Cost(sku: row.sku, cost: row.amount, storeID: storeID))
        }
    }
}
