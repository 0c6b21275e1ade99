#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// One row of the ERP's price list: a base price, a special price, a tier (or customer-group) price or a cost of
/// one SKU in one website.
///
/// The row's identity is its ``key``: the SKU, the kind and the website, and for a tier price the customer group
/// and the quantity. Everything else is its content, compared with what was pushed last to decide what changed.
///
/// ```swift
/// let rows = [
///     PriceListRow.base(sku: "24-MB01", price: 34),
///     PriceListRow.special(sku: "24-MB01", price: 29, from: start, to: end, website: 1),
///     PriceListRow.tier(sku: "24-MB01", quantity: 10, price: 31, customerGroup: "Wholesale"),
///     PriceListRow.tier(sku: "24-MB01", quantity: 50, discountPercent: 12),
///     PriceListRow.groupPrice(sku: "24-MB01", customerGroup: "Retailer", price: 32),
///     PriceListRow.cost(sku: "24-MB01", cost: 17.5),
/// ]
/// ```
public struct PriceListRow: Sendable, Hashable, Codable {
    /// Which price a row sets; each goes through its own price route.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
        /// The product's price (`/V1/products/base-prices`).
        case base
        /// A special price with optional from and to dates (`/V1/products/special-price`).
        case special
        /// A tier or customer-group price (`/V1/products/tier-prices`).
        case tier
        /// The product's cost (`/V1/products/cost`).
        case cost

        /// The raw value.
        public var description: String { rawValue }
    }

    /// The customer group code Magento reads as every group.
    public static let allGroups = "ALL GROUPS"

    /// The SKU.
    public var sku: String
    /// The kind of price.
    public var kind: Kind
    /// The website id, `0` for every website (the only one Magento takes when the price scope is global).
    public var website: Int
    /// The price, the cost, or for a ``isDiscount`` tier the percentage off.
    public var amount: Decimal
    /// A special price's first day, if it has one.
    public var activeFrom: Date?
    /// A special price's last day, if it has one.
    public var activeTo: Date?
    /// A tier price's minimum quantity.
    public var quantity: Decimal
    /// A tier price's customer group code, or ``allGroups``.
    public var customerGroup: String
    /// Whether a tier price is a percentage discount (`discount`) rather than a fixed price (`fixed`).
    public var isDiscount: Bool
    /// Whether the row was removed from the price list: a delta feed reports removals this way; a full read
    /// simply leaves removed rows out.
    public var isRemoved: Bool
    /// When the ERP last changed the row.
    public var updatedAt: Date

    /// Creates a row; the static factories read better for each kind.
    public init(
        sku: String, kind: Kind, website: Int = 0, amount: Decimal, activeFrom: Date? = nil, activeTo: Date? = nil,
        quantity: Decimal = 1, customerGroup: String = PriceListRow.allGroups, isDiscount: Bool = false,
        isRemoved: Bool = false, updatedAt: Date = Date(timeIntervalSince1970: 0)
    ) {
        self.sku = sku
        self.kind = kind
        self.website = website
        self.amount = amount
        self.activeFrom = activeFrom
        self.activeTo = activeTo
        self.quantity = quantity
        self.customerGroup = customerGroup
        self.isDiscount = isDiscount
        self.isRemoved = isRemoved
        self.updatedAt = updatedAt
    }

    /// A base price.
    public static func base(
        sku: String, price: Decimal, website: Int = 0, updatedAt: Date = .init(timeIntervalSince1970: 0)
    )
        -> PriceListRow
    {
        PriceListRow(sku: sku, kind: .base, website: website, amount: price, updatedAt: updatedAt)
    }

    /// A special price, optionally limited to a period.
    public static func special(
        sku: String, price: Decimal, from: Date? = nil, to: Date? = nil, website: Int = 0,
        updatedAt: Date = .init(timeIntervalSince1970: 0)
    ) -> PriceListRow {
        PriceListRow(
            sku: sku, kind: .special, website: website, amount: price, activeFrom: from, activeTo: to,
            updatedAt: updatedAt)
    }

    /// A fixed tier price from `quantity` on, for a customer group (every group by default).
    public static func tier(
        sku: String, quantity: Decimal, price: Decimal, customerGroup: String = PriceListRow.allGroups,
        website: Int = 0, updatedAt: Date = .init(timeIntervalSince1970: 0)
    ) -> PriceListRow {
        PriceListRow(
            sku: sku, kind: .tier, website: website, amount: price, quantity: quantity, customerGroup: customerGroup,
            updatedAt: updatedAt)
    }

    /// A tier price taking `discountPercent` off the price from `quantity` on.
    public static func tier(
        sku: String, quantity: Decimal, discountPercent: Decimal, customerGroup: String = PriceListRow.allGroups,
        website: Int = 0, updatedAt: Date = .init(timeIntervalSince1970: 0)
    ) -> PriceListRow {
        PriceListRow(
            sku: sku, kind: .tier, website: website, amount: discountPercent, quantity: quantity,
            customerGroup: customerGroup, isDiscount: true, updatedAt: updatedAt)
    }

    /// A customer-group price: in Magento, a tier price from quantity 1 for that group.
    public static func groupPrice(
        sku: String, customerGroup: String, price: Decimal, website: Int = 0,
        updatedAt: Date = .init(timeIntervalSince1970: 0)
    ) -> PriceListRow {
        tier(sku: sku, quantity: 1, price: price, customerGroup: customerGroup, website: website, updatedAt: updatedAt)
    }

    /// A cost.
    public static func cost(
        sku: String, cost: Decimal, website: Int = 0, updatedAt: Date = .init(timeIntervalSince1970: 0)
    )
        -> PriceListRow
    {
        PriceListRow(sku: sku, kind: .cost, website: website, amount: cost, updatedAt: updatedAt)
    }

    /// The row's identity: `<kind>/<website>/<sku>`, and for a tier `…/<group>/<quantity>` (the group in lower
    /// case, as Magento compares group codes).
    public var key: String {
        switch kind {
        case .tier: "tier/\(website)/\(sku)/\(customerGroup.lowercased())/\(quantity)"
        default: "\(kind.rawValue)/\(website)/\(sku)"
        }
    }
}

extension PriceListRow: FeedRecord {
    /// `updatedAt`, keyed by ``key``.
    public var feedPosition: FeedCursor { FeedCursor(time: updatedAt, key: key) }
}
