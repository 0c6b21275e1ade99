import AdobeCommerce
import Foundation

/// A configurable product's option and the simple products it selects.
struct FakeConfigurable: Codable {
    struct Variant: Codable {
        var productID: Int
        var label: String
        var valueIndex: Int
    }

    var attributeID: Int
    var attributeCode: String
    var label: String
    var variants: [Variant]

    /// Magento's uid of an option value: base64 of `configurable/<attribute id>/<value index>`.
    func valueUID(_ valueIndex: Int) -> String {
        Data("configurable/\(attributeID)/\(valueIndex)".utf8).base64EncodedString()
    }
}

/// A quote: lines, addresses, methods and coupon, until it is placed.
struct FakeCart: Codable {
    /// The carrier and method chosen.
    struct ShippingChoice: Codable {
        var carrier: String
        var method: String
    }

    struct Item: Codable {
        var uid: String
        var productID: Int
        var parentID: Int?
        var quantity: Decimal
        var price: Decimal
        var optionLabel: String?
        var valueLabel: String?
        var valueUID: String?
    }

    /// The masked id the storefront uses (`cartId`).
    var id: String
    /// Magento's numeric quote id (`quote.entity_id`): what webhook payloads call `quote_id`, and the placed order's
    /// `quote_id`. `nil` only in a snapshot written before carts had one.
    var quoteID: Int?
    var customerID: Int?
    var email: String?
    var items: [Item] = []
    var shippingAddress: JSONObject?
    var billingAddress: JSONObject?
    var shippingMethod: ShippingChoice?
    var paymentMethod: String?
    var coupon: String?
    var active = true
    var nextItem = 1

    /// `quote_id` as webhook payloads carry it: the numeric quote id.
    var quoteIDJSON: JSONValue { quoteID.map { .number(Decimal($0)) } ?? .string(id) }

    var subtotal: Decimal { items.reduce(0) { $0 + $1.price * $1.quantity } }
    var quantity: Decimal { items.reduce(0) { $0 + $1.quantity } }

    /// `SAVE10`: 10% off the subtotal, rounded to the cent.
    var discount: Decimal {
        guard coupon != nil else { return 0 }
        var exact = subtotal / 10
        var rounded = Decimal()
        NSDecimalRound(&rounded, &exact, 2, .plain)
        return rounded
    }

    /// Flat rate: 5.00 per unit; free shipping from a 100.00 subtotal.
    var shippingMethods:
        [(carrier: String, method: String, carrierTitle: String, methodTitle: String, amount: Decimal, available: Bool)]
    {
        [
            ("flatrate", "flatrate", "Flat Rate", "Fixed", 5 * quantity, true),
            ("freeshipping", "freeshipping", "Free Shipping", "Free", 0, subtotal >= 100),
        ]
    }

    var shippingAmount: Decimal {
        guard let shippingMethod else { return 0 }
        return shippingMethods.first { $0.carrier == shippingMethod.carrier && $0.method == shippingMethod.method }?
            .amount ?? 0
    }

    var grandTotal: Decimal { subtotal - discount + shippingAmount }
}
