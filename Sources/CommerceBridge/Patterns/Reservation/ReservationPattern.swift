#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The steps of holding stock for one checkout. Conform for your ERP or WMS and override only what differs;
/// ``ReservationEngine`` validates the cart's lines, maps them to what the ERP reserves, runs before-send,
/// asks the ``ReservationService`` under its timeout (or decides from cached stock), and runs after-send with
/// the decision.
///
/// ```swift
/// struct Kits: ReservationPattern {
///     // The ERP holds components, not the kit a shopper buys.
///     func map(_ lines: [ERPOrderRequest.Line], key: String) throws -> [ERPOrderRequest.Line] {
///         lines.flatMap { $0.sku == "KIT-1" ? [.init(sku: "PART-A", quantity: $0.quantity, unitPrice: 0),
///                                               .init(sku: "PART-B", quantity: $0.quantity, unitPrice: 0)] : [$0] }
///     }
/// }
/// ```
public protocol ReservationPattern: Sendable {
    /// Refuses a cart that cannot be reserved; the coordinator throws the error to the caller. Default: at least
    /// one line, each with a SKU that is not blank and a quantity above zero.
    func validate(_ lines: [ERPOrderRequest.Line], key: String) throws
    /// The lines the ERP holds. Default: unchanged.
    func map(_ lines: [ERPOrderRequest.Line], key: String) throws -> [ERPOrderRequest.Line]
    /// Adjusts the lines just before the service is asked. Default: unchanged.
    func beforeSend(_ lines: [ERPOrderRequest.Line], key: String) async throws -> [ERPOrderRequest.Line]
    /// Runs with the decision (reserved, insufficient or a cached-stock fallback). Default: nothing.
    func afterSend(_ decision: ReservationEngine.Decision, key: String) async throws
}

extension ReservationPattern {
    /// Requires at least one line, each with a SKU that is not blank and a quantity above zero.
    public func validate(_ lines: [ERPOrderRequest.Line], key: String) throws {
        guard !lines.isEmpty else {
            throw MappingError(record: "reservation \(key)", field: "lines", message: "is empty; nothing to reserve")
        }
        for (index, line) in lines.enumerated() {
            if line.sku.allSatisfy(\.isWhitespace) {
                throw MappingError(record: "reservation \(key)", field: "lines[\(index)].sku", message: "is blank")
            }
            if line.quantity <= 0 {
                throw MappingError(
                    record: "reservation \(key)", field: "lines[\(index)].quantity",
                    message: "must be above zero, not \(line.quantity)")
            }
        }
    }

    /// Unchanged.
    public func map(_ lines: [ERPOrderRequest.Line], key: String) throws -> [ERPOrderRequest.Line] { lines }

    /// Unchanged.
    public func beforeSend(_ lines: [ERPOrderRequest.Line], key: String) async throws -> [ERPOrderRequest.Line] {
        lines
    }

    /// Nothing.
    public func afterSend(_ decision: ReservationEngine.Decision, key: String) async throws {}
}

/// Every step at its default.
public struct DefaultReservation: ReservationPattern {
    /// Creates the default pattern.
    public init() {}
}
