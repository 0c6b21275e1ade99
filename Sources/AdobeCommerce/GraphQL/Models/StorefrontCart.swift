#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A shopping cart (GraphQL `Cart`).
public struct StorefrontCart: Codable, Sendable, Hashable {
    /// A line of the cart.
    public struct Item: Codable, Sendable, Hashable {
        /// The product.
        public struct Product: Codable, Sendable, Hashable {
            /// Its unique id.
            public var uid: String?
            /// Its SKU.
            public var sku: String?
            /// Its name.
            public var name: String?
        }

        /// The line's prices.
        public struct Prices: Codable, Sendable, Hashable {
            /// The unit price.
            public var price: Money?
            /// The line total.
            public var rowTotal: Money?
        }

        /// A chosen configurable option.
        public struct SelectedOption: Codable, Sendable, Hashable {
            /// The option label, such as `Color`.
            public var optionLabel: String?
            /// The value label, such as `Red`.
            public var valueLabel: String?
            /// The value's unique id.
            public var configurableProductOptionValueUid: String?
        }

        /// The simple product chosen for a configurable line.
        public struct Variant: Codable, Sendable, Hashable {
            /// Its SKU.
            public var sku: String?
        }

        /// `SimpleCartItem`, `ConfigurableCartItem` …
        public var typename: String?
        /// The line's id, for updates and removal.
        public var uid: String?
        /// The quantity.
        public var quantity: Decimal?
        /// The product (the parent, for a configurable line).
        public var product: Product?
        /// The prices.
        public var prices: Prices?
        /// The variant, for a configurable line.
        public var configuredVariant: Variant?
        /// The chosen options, for a configurable line.
        public var configurableOptions: [SelectedOption]?

        enum CodingKeys: String, CodingKey {
            case typename = "__typename"
            case uid, quantity, product, prices, configuredVariant, configurableOptions
        }
    }

    /// The cart's totals.
    public struct Prices: Codable, Sendable, Hashable {
        /// A discount.
        public struct Discount: Codable, Sendable, Hashable {
            /// Its label.
            public var label: String?
            /// Its amount.
            public var amount: Money?
        }

        /// The grand total.
        public var grandTotal: Money?
        /// The subtotal, excluding tax.
        public var subtotalExcludingTax: Money?
        /// The discounts.
        public var discounts: [Discount]?
    }

    /// A country.
    public struct Country: Codable, Sendable, Hashable {
        /// The code.
        public var code: String?
        /// The name.
        public var label: String?
    }

    /// A region.
    public struct Region: Codable, Sendable, Hashable {
        /// The code.
        public var code: String?
        /// The name.
        public var label: String?
    }

    /// A shipping method offered or chosen.
    public struct ShippingMethod: Codable, Sendable, Hashable {
        /// The carrier, such as `flatrate`.
        public var carrierCode: String?
        /// The carrier's name.
        public var carrierTitle: String?
        /// The method, such as `flatrate`.
        public var methodCode: String?
        /// The method's name.
        public var methodTitle: String?
        /// Whether it can be chosen.
        public var available: Bool?
        /// Its cost.
        public var amount: Money?
    }

    /// A shipping address with its methods.
    public struct ShippingAddress: Codable, Sendable, Hashable {
        /// First name.
        public var firstname: String?
        /// Last name.
        public var lastname: String?
        /// Street lines.
        public var street: [String]?
        /// City.
        public var city: String?
        /// Region.
        public var region: Region?
        /// Postcode.
        public var postcode: String?
        /// Phone.
        public var telephone: String?
        /// Country.
        public var country: Country?
        /// Methods that can ship to it.
        public var availableShippingMethods: [ShippingMethod]?
        /// The chosen method.
        public var selectedShippingMethod: ShippingMethod?
    }

    /// The billing address.
    public struct BillingAddress: Codable, Sendable, Hashable {
        /// First name.
        public var firstname: String?
        /// Last name.
        public var lastname: String?
        /// Street lines.
        public var street: [String]?
        /// City.
        public var city: String?
        /// Postcode.
        public var postcode: String?
        /// Phone.
        public var telephone: String?
        /// Country.
        public var country: Country?
    }

    /// A payment method.
    public struct PaymentMethod: Codable, Sendable, Hashable {
        /// The code, such as `checkmo`.
        public var code: String?
        /// The name.
        public var title: String?
    }

    /// A coupon.
    public struct Coupon: Codable, Sendable, Hashable {
        /// The code.
        public var code: String?
    }

    /// The masked cart id.
    public var id: String?
    /// The e-mail, for a guest cart.
    public var email: String?
    /// Whether nothing ships.
    public var isVirtual: Bool?
    /// The number of units.
    public var totalQuantity: Decimal?
    /// The lines.
    public var items: [Item]?
    /// Applied coupons.
    public var appliedCoupons: [Coupon]?
    /// Totals.
    public var prices: Prices?
    /// Shipping addresses.
    public var shippingAddresses: [ShippingAddress]?
    /// The billing address.
    public var billingAddress: BillingAddress?
    /// Payment methods that can be chosen.
    public var availablePaymentMethods: [PaymentMethod]?
    /// The chosen payment method.
    public var selectedPaymentMethod: PaymentMethod?
}

/// A line to add to a cart (GraphQL `CartItemInput`).
public struct CartItemInput: Encodable, Sendable, Hashable {
    /// The SKU (the parent's, for a configurable product).
    public var sku: String
    /// The quantity.
    public var quantity: Decimal
    /// Option value ids, such as a configurable product's `values[].uid`.
    public var selectedOptions: [String]?

    /// Creates a line.
    public init(sku: String, quantity: Decimal, selectedOptions: [String]? = nil) {
        self.sku = sku
        self.quantity = quantity
        self.selectedOptions = selectedOptions
    }

    enum CodingKeys: String, CodingKey {
        case sku, quantity
        case selectedOptions = "selected_options"
    }
}

/// An address to set on a cart (GraphQL `CartAddressInput`).
public struct CartAddressInput: Encodable, Sendable, Hashable {
    /// First name.
    public var firstname: String
    /// Last name.
    public var lastname: String
    /// Street lines.
    public var street: [String]
    /// City.
    public var city: String
    /// Region name or code.
    public var region: String?
    /// Postcode.
    public var postcode: String?
    /// ISO country code.
    public var countryCode: String
    /// Phone.
    public var telephone: String
    /// Company.
    public var company: String?

    /// Creates an address.
    public init(
        firstname: String, lastname: String, street: [String], city: String, region: String? = nil,
        postcode: String? = nil, countryCode: String, telephone: String, company: String? = nil
    ) {
        self.firstname = firstname
        self.lastname = lastname
        self.street = street
        self.city = city
        self.region = region
        self.postcode = postcode
        self.countryCode = countryCode
        self.telephone = telephone
        self.company = company
    }

    enum CodingKeys: String, CodingKey {
        case firstname, lastname, street, city, region, postcode, telephone, company
        case countryCode = "country_code"
    }
}
