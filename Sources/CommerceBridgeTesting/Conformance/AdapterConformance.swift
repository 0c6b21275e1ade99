import AdobeCommerce
public import CommerceBridge

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// The behaviour every adapter must have, one suite per protocol, for your own ERP, CRM or PIM adapter
/// (against a sandbox) and for test doubles. Like ``ConnectorStoreConformance`` it needs no test framework:
/// a failed check throws ``ConnectorStoreConformance/Failure``.
///
/// Each suite takes the adapter and the data it needs to exist in the system (a SKU with stock, a priced SKU …).
///
/// ```swift
/// @Test func orderSinkConforms() async throws {
///     try await AdapterConformance.orderSink(MySAPOrderSink(sandbox), sku: "TEST-1")
/// }
/// ```
public enum AdapterConformance {
    private static func expect(_ condition: Bool, _ check: String, _ message: String) throws {
        if !condition { throw ConnectorStoreConformance.Failure(check: check, message: message) }
    }

    /// A keyset-paged feed keeps its contract: records come in feed order, each after the cursor asked for, within
    /// the limit; and reading it a few records at a time lists exactly what one large read lists, none skipped and
    /// none twice, however many share a change time.
    /// - Returns: Every record, read in one large page.
    @discardableResult
    static func feed<Record: FeedRecord>(
        _ check: String, _ fetch: (FeedCursor, Int) async throws -> [Record]
    ) async throws -> [Record] {
        var all: [Record] = []
        var cursor = FeedCursor.beginning
        while true {
            let page = try await fetch(cursor, 1_000)
            all += page
            guard page.count == 1_000, let last = page.last?.feedPosition, cursor < last else { break }
            cursor = last
        }
        let positions = all.map(\.feedPosition)
        try expect(positions == positions.sorted(), check, "records come in feed order (change time, then key)")
        try expect(Set(positions).count == positions.count, check, "no record is listed twice")
        // A feed that compares times alone (`updated_at > t`) skips the records sharing the cursor's time.
        for record in all.prefix(25) {
            let sameTime = try await fetch(FeedCursor(time: record.feedPosition.time), 1_000)
            try expect(
                sameTime.contains { $0.feedPosition == record.feedPosition }, check,
                "a cursor at a record's time with an empty key lists that record (compare (time, key), not time)")
        }
        for limit in [1, 3] where positions.count <= 5_000 {
            var paged: [FeedCursor] = []
            var cursor = FeedCursor.beginning
            while true {
                let page = try await fetch(cursor, limit)
                try expect(page.count <= limit, check, "a page holds at most \(limit), got \(page.count)")
                try expect(
                    page.allSatisfy { cursor < $0.feedPosition }, check, "every record is after the cursor \(cursor)")
                paged += page.map(\.feedPosition)
                guard page.count == limit, let last = page.last?.feedPosition else { break }
                cursor = last
            }
            try expect(
                paged == positions, check,
                "reading \(limit) at a time lists the same \(positions.count) records, got \(paged.count)")
        }
        return all
    }

    /// An `OrderSink` creates an order once per idempotency key and reports a status for it.
    /// - Parameters:
    ///   - sink: The sink under test.
    ///   - sku: A SKU the sink accepts in an order.
    public static func orderSink(_ sink: any OrderSink, sku: String) async throws {
        let key = "conformance-\(UUID().uuidString)"
        let order = ERPOrderRequest(
            commerceOrderNumber: "CONF-\(key.suffix(6))", customerEmail: "conformance@example.com",
            lines: [.init(sku: sku, quantity: 1, unitPrice: 1)], grandTotal: 1, currency: "USD")
        let first = try await sink.createOrder(order, idempotencyKey: key)
        try expect(!first.isEmpty, "orderSink", "createOrder returns the ERP's order number")
        let again = try await sink.createOrder(order, idempotencyKey: key)
        try expect(
            again == first, "orderSink", "the same idempotency key returns the same order, got \(again) and \(first)")
        let other = try await sink.createOrder(order, idempotencyKey: key + "-2")
        try expect(other != first, "orderSink", "another key creates another order")
        let status = try await sink.orderStatus(erpOrderNumber: first)
        try expect(!status.isEmpty, "orderSink", "a created order has a status")
        do {
            _ = try await sink.orderStatus(erpOrderNumber: "NO-SUCH-ORDER-\(key)")
            throw ConnectorStoreConformance.Failure(check: "orderSink", message: "an unknown order number is an error")
        } catch let error as AdapterError {
            try expect(error.code == .notFound, "orderSink", "an unknown order is notFound, got \(error.code)")
        }
    }

    /// An `OrderLedger` lists an order the sink created, with its Commerce number and total, and leaves it out of
    /// a window that starts after it.
    /// - Parameters:
    ///   - ledger: The ledger under test.
    ///   - sink: The same system's order sink, to create the order listed.
    ///   - sku: A SKU the sink accepts in an order.
    public static func orderLedger(_ ledger: any OrderLedger, sink: any OrderSink, sku: String) async throws {
        let key = "conformance-\(UUID().uuidString)"
        let order = ERPOrderRequest(
            commerceOrderNumber: "CONF-\(key.suffix(6))", customerEmail: "conformance@example.com",
            lines: [.init(sku: sku, quantity: 1, unitPrice: 3)], grandTotal: 3, currency: "USD")
        let number = try await sink.createOrder(order, idempotencyKey: key)
        let listed = try await ledger.orders(createdSince: .distantPast).filter { $0.erpOrderNumber == number }
        try expect(listed.count == 1, "orderLedger", "a created order is listed once, found \(listed.count)")
        try expect(
            listed.first?.commerceOrderNumber == order.commerceOrderNumber, "orderLedger",
            "the listed order carries the Commerce order number it was created with")
        try expect(listed.first?.grandTotal == 3, "orderLedger", "the listed order carries its grand total")
        let later = try await ledger.orders(createdSince: .distantFuture)
        try expect(
            !later.contains { $0.erpOrderNumber == number }, "orderLedger",
            "an order created before the window's start is not listed")
    }

    /// A `ERPPriceSource` prices a known SKU and refuses an unknown one as not found.
    public static func priceSource(_ engine: any ERPPriceSource, pricedSKU: String) async throws {
        let price = try await engine.price(for: PricingContext(sku: pricedSKU))
        try expect(price >= 0, "pricingEngine", "a price is not negative, got \(price)")
        let again = try await engine.price(for: PricingContext(sku: pricedSKU))
        try expect(again == price, "pricingEngine", "the same context gets the same price")
        do {
            _ = try await engine.price(for: PricingContext(sku: "NO-SUCH-SKU-\(UUID().uuidString)"))
            throw ConnectorStoreConformance.Failure(check: "pricingEngine", message: "an unknown SKU is an error")
        } catch let error as AdapterError {
            try expect(error.code == .notFound, "priceSource", "an unknown SKU is notFound, got \(error.code)")
        }
    }

    /// An `ERPInventorySource` reports on-hand for a stocked SKU, includes it in the snapshot, and keeps the feed's
    /// keyset contract.
    /// - Parameters:
    ///   - source: The source under test.
    ///   - sku: A SKU with stock at `sourceCode`.
    ///   - sourceCode: The source (warehouse) code.
    public static func erpInventorySource(_ source: any ERPInventorySource, sku: String, sourceCode: String = "default")
        async throws
    {
        let quantity = try await source.onHand(sku: sku, sourceCode: sourceCode)
        let snapshot = try await source.inventorySnapshot()
        let level = snapshot.first { $0.sku == sku && $0.sourceCode == sourceCode }
        try expect(level?.quantity == quantity, "inventorySource", "the snapshot agrees with onHand for \(sku)")
        let all = try await feed("inventorySource") { try await source.inventoryChanges(after: $0, limit: $1) }
        try expect(all.contains { $0.sku == sku }, "inventorySource", "changes since the beginning include \(sku)")
    }

    /// A `ReservationService` reserves idempotently by key, refuses more than is available, releases and confirms
    /// (each twice harmlessly), and keeps confirmed stock allocated.
    /// - Parameters:
    ///   - service: The service under test.
    ///   - sku: A SKU with exactly `available` units free to reserve.
    ///   - available: The units free to reserve.
    public static func reservationService(_ service: any ReservationService, sku: String, available: Decimal)
        async throws
    {
        let deadline = TimeSource.system.now().addingTimeInterval(600)
        let key = "conformance-\(UUID().uuidString)"
        let line = ERPOrderRequest.Line(sku: sku, quantity: available, unitPrice: 1)
        try expect(
            try await service.reserve(key: key, lines: [line], until: deadline), "reservationService",
            "all \(available) can be reserved")
        try expect(
            try await service.reserve(key: key, lines: [line], until: deadline), "reservationService",
            "the same key is granted again")
        let more = try await service.reserve(
            key: key + "-2", lines: [.init(sku: sku, quantity: 1, unitPrice: 1)], until: deadline)
        try expect(!more, "reservationService", "nothing is left for another key")
        try await service.release(key: key)
        try await service.release(key: key)
        try expect(
            try await service.reserve(key: key + "-3", lines: [line], until: deadline), "reservationService",
            "a released hold frees the stock")
        try await service.confirm(key: key + "-3", erpOrderNumber: "CONFORMANCE-1")
        try await service.confirm(key: key + "-3", erpOrderNumber: "CONFORMANCE-1")
        let afterConfirm = try await service.reserve(
            key: key + "-4", lines: [.init(sku: sku, quantity: 1, unitPrice: 1)], until: deadline)
        try expect(
            !afterConfirm, "reservationService", "confirmed stock (confirmed twice) stays allocated to the order")
    }

    /// A `CustomerMaster` upserts idempotently by key and by e-mail, lists the change, and keeps the feed's keyset
    /// contract.
    public static func customerMaster(_ master: any CustomerMaster) async throws {
        let email = "conformance-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let customer = MasterCustomer(
            masterID: nil, email: email, fields: ["firstname": "Con", "lastname": "Formance"],
            updatedAt: TimeSource.system.now())
        let id = try await master.upsertCustomer(customer, idempotencyKey: "k-\(email)")
        try expect(!id.isEmpty, "customerMaster", "an upsert returns the master id")
        try expect(
            try await master.upsertCustomer(customer, idempotencyKey: "k-\(email)") == id, "customerMaster",
            "the same key returns the same id")
        var renamed = customer
        renamed.fields["lastname"] = "Renamed"
        try expect(
            try await master.upsertCustomer(renamed, idempotencyKey: "k2-\(email)") == id, "customerMaster",
            "an upsert by the same e-mail updates the same customer")
        let changes = try await feed("customerMaster") { try await master.customerChanges(after: $0, limit: $1) }
        try expect(
            changes.contains { $0.email.lowercased() == email && $0.fields["lastname"] == "Renamed" }, "customerMaster",
            "the change is listed with its latest fields")
        let everyone = try await master.allCustomers()
        try expect(
            everyone.filter { $0.email.lowercased() == email }.map(\.fields["lastname"]) == ["Renamed"],
            "customerMaster", "allCustomers() lists the customer once, with its latest fields")
    }

    /// A `FulfillmentSource` lists shipments and invoices, each feed keeping its keyset contract.
    /// - Parameters:
    ///   - source: The source under test.
    ///   - expectsRecords: Whether the source has at least one shipment and one invoice.
    public static func fulfillmentSource(_ source: any FulfillmentSource, expectsRecords: Bool) async throws {
        let shipments = try await feed("fulfillmentSource.shipments") {
            try await source.shipments(after: $0, limit: $1)
        }
        let invoices = try await feed("fulfillmentSource.invoices") { try await source.invoices(after: $0, limit: $1) }
        if expectsRecords {
            try expect(
                !shipments.isEmpty && !invoices.isEmpty, "fulfillmentSource", "shipments and invoices are listed")
        }
        try expect(
            shipments.allSatisfy { !$0.trackingNumber.isEmpty }, "fulfillmentSource",
            "every shipment has a tracking number")
    }

    /// A `ProductInformationSource` lists a known product and keeps the feed's keyset contract.
    public static func productInformationSource(_ source: any ProductInformationSource, sku: String) async throws {
        let all = try await feed("productInformationSource") { try await source.productChanges(after: $0, limit: $1) }
        try expect(
            all.contains { $0.sku == sku }, "productInformationSource", "changes since the beginning include \(sku)")
    }
}
