import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import Foundation
import Testing

struct RecordMapperTests {
    // The library's default line mapping; the order mapping differs in one rule (currency only on create).
    static let blankOrder = OrderExportMapping.blankOrder

    static let orderMapper = RecordMapper<Order, ERPOrderRequest>(
        .required(\.commerceOrderNumber, from: \.incrementID),
        .required(\.customerEmail, from: \.customerEmail),
        .converted(\.grandTotal, from: \.grandTotal) { $0 ?? 0 },
        .onlyOnCreate(.converted(\.currency, from: \.orderCurrencyCode) { $0 ?? "USD" }),
        .children(\.lines, from: \.items, using: OrderExportMapping.lineMapper, blank: OrderExportMapping.blankLine))

    @Test("An order from FakeCommerce maps to an ERP order, lines included, with no I/O")
    func mapsOrder() throws {
        let store = FakeCommerce()
        try store.seedCatalog(productCount: 3)
        let order = try store.placeOrder(
            customerEmail: "a@example.com",
            lines: [.init(sku: "SKU-000001", quantity: 2), .init(sku: "SKU-000003", quantity: 1)])
        let mapped = try Self.orderMapper.map(
            order, into: Self.blankOrder, context: MappingContext(record: "order \(order.incrementID!)"))
        #expect(mapped.commerceOrderNumber == order.incrementID)
        #expect(
            mapped.lines == [
                .init(sku: "SKU-000001", quantity: 2, unitPrice: Decimal(string: "11.99")!),
                .init(sku: "SKU-000003", quantity: 1, unitPrice: Decimal(string: "13.99")!),
            ])
        #expect(mapped.grandTotal == order.grandTotal && mapped.currency == "USD")
    }

    @Test("Errors name the record and the field, down to the child line")
    func namesRecordAndField() throws {
        var order = Order()
        order.incrementID = "000000042"
        order.customerEmail = "a@example.com"
        var line = OrderItem()
        line.sku = "A"
        line.qtyOrdered = 1
        var broken = OrderItem()
        broken.sku = "B"
        broken.qtyOrdered = 0
        order.items = [line, broken]
        #expect(
            throws: MappingError(record: "order 000000042", field: "lines[1].quantity", message: "must be positive")
        ) {
            try Self.orderMapper.map(order, into: Self.blankOrder, context: MappingContext(record: "order 000000042"))
        }
        order.customerEmail = nil
        #expect(
            throws: MappingError(record: "order 000000042", field: "customerEmail", message: "is required but missing")
        ) {
            try Self.orderMapper.map(order, into: Self.blankOrder, context: MappingContext(record: "order 000000042"))
        }
    }

    @Test("Only-on-create and only-when-changed rules skip what they should")
    func conditionalRules() throws {
        var order = Order()
        order.incrementID = "1"
        order.customerEmail = "a@example.com"
        order.orderCurrencyCode = "EUR"
        order.grandTotal = 5
        var existing = Self.blankOrder
        existing.currency = "USD"
        let update = try Self.orderMapper.map(
            order, into: existing, context: MappingContext(record: "order 1", isCreate: false))
        #expect(update.currency == "USD", "currency is set only on create")
        let mapper = RecordMapper<Order, ERPOrderRequest>(
            .onlyWhenChanged(["grand_total"], .converted(\.grandTotal, from: \.grandTotal) { $0 ?? 0 }))
        #expect(
            try mapper.map(order, into: existing, context: MappingContext(record: "o", changedFields: ["status"]))
                .grandTotal == 0)
        #expect(
            try mapper.map(order, into: existing, context: MappingContext(record: "o", changedFields: ["grand_total"]))
                .grandTotal == 5)
        #expect(
            try mapper.map(order, into: existing, context: MappingContext(record: "o")).grandTotal == 5,
            "unknown changes map everything")
    }
}
