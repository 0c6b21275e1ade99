import Foundation

/// Stands in for your ERP's API: its own names and shapes (item numbers, warehouses, "quantity on hand",
/// sales orders keyed by the customer's reference), its own errors. In your connector this is the HTTP or SOAP
/// client you already have for the ERP; everything CommerceBridge needs goes through ``AcmeAdapter``.
actor AcmeERP {
    struct StockRow: Sendable {
        var itemNo: String
        var whse: String
        var qtyOnHand: Int
        var changed: Date
    }

    struct SalesOrder: Sendable {
        var docNo: String
        var custRef: String
        var email: String
        var lines: [(itemNo: String, qty: Int, price: Decimal)]
        var total: Decimal
        var state: String
    }

    /// What the ERP answers when it refuses a call.
    struct Fault: Error {
        var httpStatus: Int
        var text: String
    }

    private(set) var stock: [String: StockRow] = [:]
    private(set) var salesOrders: [String: SalesOrder] = [:]
    private var byRequestID: [String: String] = [:]
    private var nextDocument = 50_000
    /// When set, every call fails with 503 (the ERP's nightly batch window).
    var maintenance = false

    func setStock(itemNo: String, whse: String, qty: Int, at date: Date = Date()) {
        stock["\(itemNo)/\(whse)"] = StockRow(itemNo: itemNo, whse: whse, qtyOnHand: qty, changed: date)
    }

    func setMaintenance(_ on: Bool) { maintenance = on }

    func stockRows(changedAfter date: Date) throws(Fault) -> [StockRow] {
        guard !maintenance else { throw Fault(httpStatus: 503, text: "batch window") }
        return stock.values.filter { $0.changed > date }.sorted { $0.changed < $1.changed }
    }

    /// Creates a sales order once per request id (the ERP's own idempotency header).
    func postSalesOrder(_ order: SalesOrder, requestID: String) throws(Fault) -> String {
        guard !maintenance else { throw Fault(httpStatus: 503, text: "batch window") }
        if let known = byRequestID[requestID] { return known }
        guard !order.lines.isEmpty else { throw Fault(httpStatus: 422, text: "a sales order needs lines") }
        for line in order.lines where stock.values.first(where: { $0.itemNo == line.itemNo }) == nil {
            throw Fault(httpStatus: 422, text: "unknown item \(line.itemNo)")
        }
        nextDocument += 1
        var created = order
        created.docNo = "SO\(nextDocument)"
        salesOrders[created.docNo] = created
        byRequestID[requestID] = created.docNo
        return created.docNo
    }

    func salesOrder(_ docNo: String) throws(Fault) -> SalesOrder {
        guard !maintenance else { throw Fault(httpStatus: 503, text: "batch window") }
        guard let order = salesOrders[docNo] else { throw Fault(httpStatus: 404, text: "no document \(docNo)") }
        return order
    }
}
