public import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The steps of exporting one Commerce order to the ERP. Conform for your ERP and override only what
/// differs; ``DualWriteOrderEngine`` runs the steps in order, inside the outbox's retries.
///
/// ```swift
/// struct MyExport: OrderExportPattern {
///     func beforeSend(_ request: ERPOrderRequest, order: Order) async throws -> ERPOrderRequest {
///         var request = request
///         request.lines.removeAll { $0.sku.hasPrefix("GIFT-") }   // gift cards are not stocked
///         return request
///     }
/// }
/// ```
public protocol OrderExportPattern: Sendable {
    /// Refuses orders that must not be exported. Default: a number and at least one line.
    func validate(_ order: Order) throws
    /// Maps the order. Default: ``OrderExportMapping/mapper``.
    func map(_ order: Order) throws -> ERPOrderRequest
    /// Adjusts the request just before it is sent. Default: unchanged.
    func beforeSend(_ request: ERPOrderRequest, order: Order) async throws -> ERPOrderRequest
    /// Sends it, idempotently by `idempotencyKey`. Default: `sink.createOrder`.
    func send(_ request: ERPOrderRequest, idempotencyKey: String, sink: any OrderSink) async throws -> String
    /// Runs after the ERP accepted the order, in the write-back step that then records the ERP number on the order;
    /// it runs at least once (again when that step is retried), so make it idempotent. Default: nothing.
    func afterSend(erpOrderNumber: String, order: Order) async throws
}

extension OrderExportPattern {
    /// Requires an order number and at least one line.
    public func validate(_ order: Order) throws {
        let record = "order \(order.incrementID ?? String(order.entityID ?? 0))"
        guard order.incrementID?.isEmpty == false else {
            throw MappingError(record: record, field: "increment_id", message: "is required but missing")
        }
        guard order.items?.isEmpty == false else {
            throw MappingError(record: record, field: "items", message: "an order without lines cannot be exported")
        }
    }

    /// Maps with ``OrderExportMapping/mapper``, skipping the parents of configurable lines.
    public func map(_ order: Order) throws -> ERPOrderRequest {
        var shippable = order
        shippable.items = order.items?.filter { $0.productType != "configurable" }
        return try OrderExportMapping.mapper.map(
            shippable, into: OrderExportMapping.blankOrder,
            context: MappingContext(record: "order \(order.incrementID ?? "?")"))
    }

    /// Unchanged.
    public func beforeSend(_ request: ERPOrderRequest, order: Order) async throws -> ERPOrderRequest { request }

    /// `sink.createOrder(request, idempotencyKey:)`.
    public func send(_ request: ERPOrderRequest, idempotencyKey: String, sink: any OrderSink) async throws -> String {
        try await sink.createOrder(request, idempotencyKey: idempotencyKey)
    }

    /// Nothing.
    public func afterSend(erpOrderNumber: String, order: Order) async throws {}
}

/// Every step at its default.
public struct DefaultOrderExport: OrderExportPattern {
    /// Creates the default pattern.
    public init() {}
}

/// The default order mapping, reusable in custom patterns.
public enum OrderExportMapping {
    /// An empty request to map onto.
    public static let blankOrder = ERPOrderRequest(
        commerceOrderNumber: "", customerEmail: "", lines: [], grandTotal: 0, currency: "")
    /// An empty line to map onto.
    public static let blankLine = ERPOrderRequest.Line(sku: "", quantity: 0, unitPrice: 0)

    /// Order lines: SKU, ordered quantity (positive), unit price.
    public static let lineMapper = RecordMapper<OrderItem, ERPOrderRequest.Line>(
        .required(\.sku, from: \.sku),
        .converted(\.quantity, from: \.qtyOrdered) { quantity in
            guard let quantity, quantity > 0 else {
                throw MappingError(record: "", field: "", message: "must be positive")
            }
            return quantity
        },
        .converted(\.unitPrice, from: \.price) { $0 ?? 0 })

    /// Orders: number, e-mail, grand total, currency and lines.
    public static let mapper = RecordMapper<Order, ERPOrderRequest>(
        .required(\.commerceOrderNumber, from: \.incrementID),
        .required(\.customerEmail, from: \.customerEmail),
        .converted(\.grandTotal, from: \.grandTotal) { $0 ?? 0 },
        .converted(\.currency, from: \.orderCurrencyCode) { $0 ?? "USD" },
        .children(\.lines, from: \.items, using: lineMapper, blank: blankLine))
}

extension MappingError: RetryClassifiable {
    /// Bad data does not fix itself: never retried.
    public var isRetryable: Bool { false }
}
