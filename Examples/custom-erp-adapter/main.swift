// custom-erp-adapter: how to connect your own ERP, and how to test the connection without a server.
//
//   swift run custom-erp-adapter
//
// AcmeERP.swift stands in for your ERP's API; AcmeAdapter.swift conforms to CommerceBridge's adapter protocols
// (ERPInventorySource and OrderSink here: implement only what you use); AcmeOrderExport.swift customises the
// order-export steps. This file checks all three the way your unit tests would: the adapter against the
// conformance suites, the mapping against FakeCommerce orders with FakeERP as the other side, then one pass of
// the real engines from FakeCommerce into the adapter.
import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgeTesting
import Foundation

var failures = 0
@MainActor func check(_ name: String, _ body: () async throws -> Void) async {
    do {
        try await body()
        print("  ✓ \(name)")
    } catch {
        failures += 1
        print("  ✗ \(name): \(error)")
    }
}
struct Mismatch: Error, CustomStringConvertible { var description: String }
func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw Mismatch(description: message()) }
}

let acme = AcmeERP()
await acme.setStock(itemNo: "SKU-000001", whse: "W1", qty: 40)
await acme.setStock(itemNo: "SKU-000002", whse: "W1", qty: 0)
await acme.setStock(itemNo: "SKU-000003", whse: "W9", qty: 5)  // a warehouse Commerce does not sell from
let adapter = AcmeAdapter(erp: acme)

print("1. The adapter passes CommerceBridge's conformance suites")
await check("ERPInventorySource") { try await AdapterConformance.erpInventorySource(adapter, sku: "SKU-000001") }
await check("OrderSink: idempotent by key, numbers back, unknown orders are notFound") {
    try await AdapterConformance.orderSink(adapter, sku: "SKU-000001")
}
await check("Acme's 503 becomes a retryable AdapterError") {
    await acme.setMaintenance(true)
    do {
        _ = try await adapter.inventorySnapshot()
        throw Mismatch(description: "expected an error during maintenance")
    } catch let error as AdapterError {
        try require(error.isRetryable && error.code == .unavailable, "got \(error)")
    }
}
await acme.setMaintenance(false)

print("2. The order mapping, on FakeCommerce orders, with FakeERP as the other side (no I/O)")
let commerce = FakeCommerce()
try commerce.seedCatalog(productCount: 3)
var giftCard = Product(sku: "GIFT-25")
giftCard.name = "Gift card"
giftCard.price = 25
giftCard.attributeSetID = 4
try commerce.add(giftCard)
let order = try commerce.placeOrder(
    customerEmail: "ann@example.com",
    lines: [.init(sku: "SKU-000001", quantity: 2), .init(sku: "GIFT-25", quantity: 1)])
let pattern = AcmeOrderExport()
await check("maps number, e-mail, lines and total; drops the gift card before sending") {
    let request = try await pattern.beforeSend(try pattern.map(order), order: order)
    try require(request.commerceOrderNumber == order.incrementID, "number \(request.commerceOrderNumber)")
    try require(request.lines.map(\.sku) == ["SKU-000001"], "lines \(request.lines.map(\.sku))")
    try require(request.grandTotal == order.grandTotal, "total \(request.grandTotal)")
}
await check("refuses an order billed in France, naming the field") {
    var french = order
    french.billingAddress?.countryID = "FR"
    do {
        try pattern.validate(french)
        throw Mismatch(description: "expected a MappingError")
    } catch let error as MappingError {
        try require(error.field == "billing_address.country_id", "field \(error.field)")
    }
}
await check("the dual-write engine exports through the pattern into FakeERP exactly once") {
    let erp = FakeERP(time: .system)
    let engine = DualWriteOrderEngine(
        commerce: commerce.makeClient().scoped(to: .all), sink: erp, fulfillment: nil,
        store: InMemoryConnectorStore(), pattern: pattern, time: .system)
    let report = try await engine.sync()
    _ = try await engine.sync()
    let received = await erp.orders
    try require(report.export.delivered == 1 && received.count == 1, "report \(report)")
    try require(received.values.first?.lines.map(\.sku) == ["SKU-000001"], "FakeERP got the gift card")
}

print("3. The engines, from FakeCommerce into the Acme adapter")
await check("inventory: Acme's W1 stock lands on Commerce's default source; W9 is not synced") {
    let engine = InventorySyncEngine(
        commerce: commerce.makeClient().scoped(to: .all), source: adapter, store: InMemoryConnectorStore(),
        time: .system)
    let report = try await engine.sync()
    try require(report.pushed == 2, "pushed \(report.pushed)")
    try require(
        commerce.sourceQuantity(sku: "SKU-000001") == 40,
        "quantity \(String(describing: commerce.sourceQuantity(sku: "SKU-000001")))")
}
await check("orders: exported to Acme once, its document number written back to Commerce") {
    let store = InMemoryConnectorStore()
    let engine = DualWriteOrderEngine(
        commerce: commerce.makeClient().scoped(to: .all), sink: adapter, fulfillment: nil, store: store,
        pattern: pattern, time: .system)
    _ = try await engine.sync()
    let salesOrders = await acme.salesOrders.values.filter { $0.custRef == order.incrementID }
    try require(salesOrders.count == 1, "\(salesOrders.count) sales orders")
    let comments = commerce.order(id: order.entityID ?? 0)?.statusHistories?.compactMap(\.comment) ?? []
    try require(comments.contains("Exported to ERP as \(salesOrders[0].docNo)"), "comments \(comments)")
}

print(failures == 0 ? "All checks passed." : "\(failures) check(s) failed.")
exit(failures == 0 ? 0 : 1)
