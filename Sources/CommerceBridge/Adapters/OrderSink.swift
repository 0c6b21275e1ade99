/// Receives orders: creates each once (by idempotency key) and reports its status.
public protocol OrderSink: Sendable {
    /// Creates the order, or returns the number of the one already created with this key.
    /// - Returns: The ERP's order number.
    func createOrder(_ order: ERPOrderRequest, idempotencyKey: String) async throws -> String
    /// The ERP's status of an order, such as `open`, `released`, `shipped`, `cancelled`.
    func orderStatus(erpOrderNumber: String) async throws -> String
}
