#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// An amount and its currency (GraphQL `Money`).
public struct Money: Codable, Sendable, Hashable {
    /// The amount, decoded without passing through `Double`.
    public var value: Decimal?
    /// The ISO currency code.
    public var currency: String?

    /// Creates an amount.
    public init(value: Decimal?, currency: String?) {
        self.value = value
        self.currency = currency
    }
}

/// A regular price, a final price and the discount between them (GraphQL `ProductPrice`).
public struct StorefrontPrice: Codable, Sendable, Hashable {
    /// The discount.
    public struct Discount: Codable, Sendable, Hashable {
        /// The amount off.
        public var amountOff: Decimal?
        /// The percentage off.
        public var percentOff: Decimal?
    }

    /// The price before discounts.
    public var regularPrice: Money?
    /// The price after catalog discounts.
    public var finalPrice: Money?
    /// The difference.
    public var discount: Discount?
}

/// The lowest and highest price of a product (GraphQL `PriceRange`).
public struct PriceRange: Codable, Sendable, Hashable {
    /// The lowest price.
    public var minimumPrice: StorefrontPrice?
    /// The highest price.
    public var maximumPrice: StorefrontPrice?
}

/// A product as the storefront sees it (GraphQL `ProductInterface`), with configurable options and
/// variants when it is a `ConfigurableProduct`.
public struct StorefrontProduct: Codable, Sendable, Hashable {
    /// An image or video.
    public struct Media: Codable, Sendable, Hashable {
        /// Its URL.
        public var url: String?
        /// Its label.
        public var label: String?
        /// Its position.
        public var position: Int?
        /// Whether it is hidden.
        public var disabled: Bool?
    }

    /// A category the product is in.
    public struct CategorySummary: Codable, Sendable, Hashable {
        /// The category's unique id.
        public var uid: String?
        /// Its name.
        public var name: String?
        /// Its URL path.
        public var urlPath: String?
        /// Its depth.
        public var level: Int?
    }

    /// A configurable attribute and its values.
    public struct ConfigurableOption: Codable, Sendable, Hashable {
        /// A value of the option.
        public struct Value: Codable, Sendable, Hashable {
            /// The id to send as a selected option when adding to the cart.
            public var uid: String?
            /// Its label, such as `Red`.
            public var label: String?
        }

        /// The option's unique id.
        public var uid: String?
        /// The attribute code, such as `color`.
        public var attributeCode: String?
        /// The label.
        public var label: String?
        /// The values.
        public var values: [Value]?
    }

    /// One simple product of a configurable product and the option values that select it.
    public struct Variant: Codable, Sendable, Hashable {
        /// An option value of the variant.
        public struct Attribute: Codable, Sendable, Hashable {
            /// The value's unique id.
            public var uid: String?
            /// The attribute code.
            public var code: String?
            /// The value's label.
            public var label: String?
            /// The value index.
            public var valueIndex: Int?
        }

        /// The simple product.
        public struct Product: Codable, Sendable, Hashable {
            /// Its unique id.
            public var uid: String?
            /// Its SKU.
            public var sku: String?
            /// Its name.
            public var name: String?
            /// `IN_STOCK` or `OUT_OF_STOCK`.
            public var stockStatus: String?
            /// Its prices.
            public var priceRange: PriceRange?
        }

        /// The option values.
        public var attributes: [Attribute]?
        /// The simple product.
        public var product: Product?
    }

    /// `SimpleProduct`, `ConfigurableProduct` …
    public var typename: String?
    /// The unique id.
    public var uid: String?
    /// The SKU.
    public var sku: String?
    /// The name.
    public var name: String?
    /// The URL key.
    public var urlKey: String?
    /// `IN_STOCK` or `OUT_OF_STOCK`.
    public var stockStatus: String?
    /// The quantity left when below the store's threshold.
    public var onlyXLeftInStock: Decimal?
    /// The price range.
    public var priceRange: PriceRange?
    /// Images and videos.
    public var mediaGallery: [Media]?
    /// Categories.
    public var categories: [CategorySummary]?
    /// Options of a configurable product.
    public var configurableOptions: [ConfigurableOption]?
    /// Variants of a configurable product.
    public var variants: [Variant]?

    enum CodingKeys: String, CodingKey {
        case typename = "__typename"
        case uid, sku, name, urlKey, stockStatus, onlyXLeftInStock, priceRange, mediaGallery, categories
        case configurableOptions, variants
    }
}

/// A page of a GraphQL product search (GraphQL `Products`).
public struct StorefrontProductPage: Codable, Sendable, Hashable {
    /// Paging facts.
    public struct PageInfo: Codable, Sendable, Hashable {
        /// The page.
        public var currentPage: Int?
        /// The page size.
        public var pageSize: Int?
        /// The number of pages.
        public var totalPages: Int?
    }

    /// A facet for layered navigation.
    public struct Aggregation: Codable, Sendable, Hashable {
        /// A value of the facet.
        public struct Option: Codable, Sendable, Hashable {
            /// Its label.
            public var label: String?
            /// Its value, to filter by.
            public var value: String?
            /// How many products have it.
            public var count: Int?
        }

        /// The attribute code.
        public var attributeCode: String?
        /// The label.
        public var label: String?
        /// How many options.
        public var count: Int?
        /// The options.
        public var options: [Option]?
    }

    /// All matches.
    public var totalCount: Int?
    /// Paging facts.
    public var pageInfo: PageInfo?
    /// Facets.
    public var aggregations: [Aggregation]?
    /// The products.
    public var items: [StorefrontProduct]?
}

/// The storefront configuration of a store view (GraphQL `StoreConfig`).
public struct StorefrontStoreConfig: Codable, Sendable, Hashable {
    /// The store view code.
    public var storeCode: String?
    /// The store view name.
    public var storeName: String?
    /// The locale.
    public var locale: String?
    /// The base currency.
    public var baseCurrencyCode: String?
    /// The display currency.
    public var defaultDisplayCurrencyCode: String?
    /// The time zone.
    public var timezone: String?
    /// The weight unit.
    public var weightUnit: String?
    /// The base URL.
    public var baseURL: String?
    /// The secure base URL.
    public var secureBaseURL: String?
}
