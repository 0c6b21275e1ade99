import CommerceBridge
import Foundation

/// The adapter: the two capabilities this connector uses (stock and orders), translated between Acme's shapes
/// and CommerceBridge's, with Acme's failures turned into `AdapterError`s that say whether to retry.
struct AcmeAdapter: ERPInventorySource, OrderSink {
    let erp: AcmeERP

    /// Acme's warehouse codes and the Commerce MSI sources they are.
    static let sources = ["W1": "default", "W2": "eu_warehouse"]

    // MARK: ERPInventorySource

    func onHand(sku: String, sourceCode: String) async throws -> Decimal {
        let rows = try await call { try await erp.stockRows(changedAfter: .distantPast) }
        guard let row = rows.first(where: { $0.itemNo == sku && Self.sources[$0.whse] == sourceCode }) else {
            throw AdapterError(.notFound, system: .erp, "Acme has no stock row for \(sku) at \(sourceCode)")
        }
        return Decimal(row.qtyOnHand)
    }

    /// Acme can only list rows changed after a time, so the adapter asks from just before the cursor's time and
    /// pages the answer itself: records sharing that time are then neither skipped nor repeated.
    func inventoryChanges(after cursor: FeedCursor, limit: Int) async throws -> [InventoryLevel] {
        try await levels(changedAfter: cursor.time.addingTimeInterval(-0.001)).page(after: cursor, limit: limit)
    }

    func inventorySnapshot() async throws -> [InventoryLevel] { try await levels(changedAfter: .distantPast) }

    private func levels(changedAfter date: Date) async throws -> [InventoryLevel] {
        try await call { try await erp.stockRows(changedAfter: date) }.compactMap { row in
            // Warehouses Commerce does not sell from are not synced.
            Self.sources[row.whse].map {
                InventoryLevel(
                    sku: row.itemNo, sourceCode: $0, quantity: Decimal(row.qtyOnHand), updatedAt: row.changed)
            }
        }
    }

    // MARK: OrderSink

    func createOrder(_ order: ERPOrderRequest, idempotencyKey: String) async throws -> String {
        var lines: [(itemNo: String, qty: Int, price: Decimal)] = []
        for line in order.lines {
            guard let quantity = Int(exactly: NSDecimalNumber(decimal: line.quantity).doubleValue) else {
                throw AdapterError(
                    .rejected, system: .erp, "Acme takes whole quantities; \(line.sku) has \(line.quantity)")
            }
            lines.append((line.sku, quantity, line.unitPrice))
        }
        let salesOrder = AcmeERP.SalesOrder(
            docNo: "", custRef: order.commerceOrderNumber, email: order.customerEmail, lines: lines,
            total: order.grandTotal, state: "Released")
        return try await call { try await erp.postSalesOrder(salesOrder, requestID: idempotencyKey) }
    }

    func orderStatus(erpOrderNumber: String) async throws -> String {
        try await call { try await erp.salesOrder(erpOrderNumber) }.state
    }

    /// Runs an Acme call; 5xx and 429 are worth retrying, 404 is not found, the rest are refusals.
    private func call<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as AcmeERP.Fault {
            switch error.httpStatus {
            case 429, 500...599:
                throw AdapterError(.unavailable, system: .erp, "Acme \(error.httpStatus): \(error.text)")
            case 404: throw AdapterError(.notFound, system: .erp, "Acme 404: \(error.text)")
            default: throw AdapterError(.rejected, system: .erp, "Acme \(error.httpStatus): \(error.text)")
            }
        }
    }
}
