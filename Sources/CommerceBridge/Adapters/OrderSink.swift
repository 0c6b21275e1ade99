/// Receives orders: creates each once (by idempotency key) and reports its status.
///
/// An ERP that cannot deduplicate by key implements ``orderNumber(forCommerceOrder:)`` instead: after an attempt
/// whose outcome is unknown (a crash, a lost answer), the engine asks it before creating the order again.
public protocol OrderSink: Sendable {
    /// Creates the order, or returns the number of the one already created with this key.
    /// - Returns: The ERP's order number.
    func createOrder(_ order: ERPOrderRequest, idempotencyKey: String) async throws -> String
    /// The ERP's status of an order, such as `open`, `released`, `shipped`, `cancelled`.
    func orderStatus(erpOrderNumber: String) async throws -> String
    /// The number of the ERP order already made for a Commerce order, or `nil` when there is none. The default
    /// answers `nil`, for sinks that deduplicate by idempotency key.
    func orderNumber(forCommerceOrder commerceOrderNumber: String) async throws -> String?
}

extension OrderSink {
    /// `nil`: the sink deduplicates by idempotency key.
    public func orderNumber(forCommerceOrder commerceOrderNumber: String) async throws -> String? { nil }
}
