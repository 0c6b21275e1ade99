#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// An order to create in the ERP.
public struct ERPOrderRequest: Sendable, Hashable, Codable {
    /// A line.
    public struct Line: Sendable, Hashable, Codable {
        /// The SKU.
        public var sku: String
        /// The quantity.
        public var quantity: Decimal
        /// The unit price charged.
        public var unitPrice: Decimal

        /// Creates a line.
        public init(sku: String, quantity: Decimal, unitPrice: Decimal) {
            self.sku = sku
            self.quantity = quantity
            self.unitPrice = unitPrice
        }
    }

    /// The Commerce order number (`increment_id`).
    public var commerceOrderNumber: String
    /// The customer's e-mail.
    public var customerEmail: String
    /// The lines.
    public var lines: [Line]
    /// The grand total.
    public var grandTotal: Decimal
    /// The currency.
    public var currency: String

    /// Creates a request.
    public init(
        commerceOrderNumber: String, customerEmail: String, lines: [Line], grandTotal: Decimal, currency: String
    ) {
        self.commerceOrderNumber = commerceOrderNumber
        self.customerEmail = customerEmail
        self.lines = lines
        self.grandTotal = grandTotal
        self.currency = currency
    }
}
