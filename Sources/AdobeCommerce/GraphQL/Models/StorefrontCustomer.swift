#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// The signed-in customer (GraphQL `Customer`).
public struct StorefrontCustomer: Codable, Sendable, Hashable {
    /// An address-book entry.
    public struct Address: Codable, Sendable, Hashable {
        /// The region.
        public struct Region: Codable, Sendable, Hashable {
            /// The name.
            public var region: String?
            /// The code.
            public var regionCode: String?
            /// The id.
            public var regionId: Int?
        }

        /// The id.
        public var id: Int?
        /// The first name.
        public var firstname: String?
        /// The last name.
        public var lastname: String?
        /// The street lines.
        public var street: [String]?
        /// The city.
        public var city: String?
        /// The region.
        public var region: Region?
        /// The postcode.
        public var postcode: String?
        /// The country code.
        public var countryCode: String?
        /// The phone.
        public var telephone: String?
        /// Whether it is the default billing address.
        public var defaultBilling: Bool?
        /// Whether it is the default shipping address.
        public var defaultShipping: Bool?
    }

    /// The first name.
    public var firstname: String?
    /// The last name.
    public var lastname: String?
    /// The e-mail.
    public var email: String?
    /// Whether they receive the newsletter.
    public var isSubscribed: Bool?
    /// The address book.
    public var addresses: [Address]?
}

/// A page of the customer's orders (GraphQL `CustomerOrders`).
public struct StorefrontOrderPage: Codable, Sendable, Hashable {
    /// An order.
    public struct Order: Codable, Sendable, Hashable {
        /// The totals.
        public struct Total: Codable, Sendable, Hashable {
            /// The grand total.
            public var grandTotal: Money?
        }

        /// A line.
        public struct Item: Codable, Sendable, Hashable {
            /// The SKU.
            public var productSku: String?
            /// The name.
            public var productName: String?
            /// The quantity.
            public var quantityOrdered: Decimal?
        }

        /// The order number.
        public var number: String?
        /// When it was placed.
        public var orderDate: String?
        /// The status label.
        public var status: String?
        /// The totals.
        public var total: Total?
        /// The lines.
        public var items: [Item]?
    }

    /// All the customer's orders.
    public var totalCount: Int?
    /// Paging facts.
    public var pageInfo: StorefrontProductPage.PageInfo?
    /// The orders on this page.
    public var items: [Order]?
}
