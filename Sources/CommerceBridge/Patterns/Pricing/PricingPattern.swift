#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// The steps of asking the ERP for one price. Conform for your ERP's pricing and override only what differs;
/// ``PricingEngine`` validates the shopper's context, maps it (the mapped context is also the cache key, so
/// dropping what your ERP ignores raises the hit rate), runs before-send, calls the ERP under its timeout,
/// and runs after-send on the answer before caching it.
///
/// ```swift
/// struct GroupPricing: PricingPattern {
///     // The ERP prices by customer group, never by customer: one cache entry serves the whole group.
///     func map(_ context: PricingContext) throws -> PricingContext {
///         var context = context
///         context.customerID = nil
///         return context
///     }
/// }
/// ```
public protocol PricingPattern: Sendable {
    /// Refuses a context that cannot be priced; the engine throws the error to the caller (no fallback hides
    /// a bad request). Default: a SKU that is not blank, a quantity above zero and a three-letter currency.
    func validate(_ context: PricingContext) throws
    /// The context to price and cache under. Default: unchanged.
    func map(_ context: PricingContext) throws -> PricingContext
    /// Adjusts the context just before the ERP is called (not part of the cache key). Default: unchanged.
    func beforeSend(_ context: PricingContext) async throws -> PricingContext
    /// Checks or adjusts the ERP's price before it is cached and returned; throw to treat the answer as a
    /// failure (the fallback answers). Default: refuses a negative price.
    func afterSend(_ price: Decimal, for context: PricingContext) throws -> Decimal
}

extension PricingPattern {
    /// Requires a SKU that is not blank, a quantity above zero and a three-letter currency code.
    public func validate(_ context: PricingContext) throws {
        var record: String { "price request for \"\(context.sku)\"" }
        if context.sku.isBlank {
            throw MappingError(record: record, field: "sku", message: "is blank")
        }
        if context.quantity <= 0 {
            throw MappingError(
                record: record, field: "quantity", message: "must be above zero, not \(context.quantity)")
        }
        if !context.currency.isThreeASCIILetters {
            throw MappingError(
                record: record, field: "currency",
                message: "\"\(context.currency)\" is not an ISO 4217 code such as USD")
        }
    }

    /// Unchanged.
    public func map(_ context: PricingContext) throws -> PricingContext { context }

    /// Unchanged.
    public func beforeSend(_ context: PricingContext) async throws -> PricingContext { context }

    /// Refuses a negative price.
    public func afterSend(_ price: Decimal, for context: PricingContext) throws -> Decimal {
        guard price >= 0 else {
            throw AdapterError(.rejected, system: .erp, "the ERP priced \(context.sku) at \(price), below zero")
        }
        return price
    }
}

/// Every step at its default.
public struct DefaultPricing: PricingPattern {
    /// Creates the default pattern.
    public init() {}
}

extension String {
    /// Whether every character is white space (an empty string is blank). A first byte that is ASCII and not
    /// white space starts a character that is not, so the common SKU is decided without grapheme breaking.
    fileprivate var isBlank: Bool {
        if let first = utf8.first, first > 0x20, first < 0x7F { return false }
        return allSatisfy(\.isWhitespace)
    }

    /// Whether the string is exactly three ASCII letters (`count == 3` and each an ASCII letter, on bytes).
    fileprivate var isThreeASCIILetters: Bool {
        utf8.count == 3
            && utf8.allSatisfy {
                (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0)
                    || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
            }
    }
}
