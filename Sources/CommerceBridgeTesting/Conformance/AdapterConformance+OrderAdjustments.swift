public import CommerceBridge

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension AdapterConformance {
    /// An `OrderAdjustmentSink` cancels an order and records a credit memo once per idempotency key, and its lookups
    /// find what a call whose answer was lost recorded, and nothing else.
    ///
    /// A sink that deduplicates by key (`deduplicatesByKey`, the default) must answer a repeated key with the first
    /// answer; its lookups may answer `nil`. A sink that cannot must answer the lookups instead: after a call (as if its
    /// answer was lost) the lookup returns what the call returned, and the connector never calls again.
    ///
    /// ```swift
    /// @Test func adjustmentsConform() async throws {
    ///     try await AdapterConformance.orderAdjustmentSink(MySAPSink(sandbox), sku: "TEST-1")
    /// }
    /// ```
    /// - Parameters:
    ///   - sink: The sink under test.
    ///   - sku: A SKU the sink accepts in an order.
    ///   - deduplicatesByKey: Whether the sink deduplicates by idempotency key, or relies on its lookups.
    public static func orderAdjustmentSink(_ sink: any OrderAdjustmentSink, sku: String, deduplicatesByKey: Bool = true)
        async throws
    {
        func expect(_ condition: Bool, _ message: String) throws {
            if !condition { throw ConnectorStoreConformance.Failure(check: "orderAdjustmentSink", message: message) }
        }
        let run = UUID().uuidString.lowercased()
        let order = ERPOrderRequest(
            commerceOrderNumber: "CONF-\(run.prefix(8))", customerEmail: "conformance@example.com",
            lines: [.init(sku: sku, quantity: 2, unitPrice: 5)], grandTotal: 10, currency: "USD")
        let erpOrder = try await sink.createOrder(order, idempotencyKey: "conformance-order-\(run)")

        // A credit memo: once per key, or found by its lookup.
        let memo = ERPCreditNoteRequest(
            commerceCreditMemoID: "9\(run.prefix(4).utf8.reduce(0) { $0 + Int($1) })",
            commerceCreditMemoNumber: "CONF-CM-\(run.prefix(8))", commerceOrderNumber: order.commerceOrderNumber,
            erpOrderNumber: erpOrder, lines: [.init(sku: sku, quantity: 1, unitPrice: 5, rowTotal: 5)], subtotal: 5,
            shipping: 0, grandTotal: 5, currency: "USD", createdAt: Date(timeIntervalSince1970: 1_767_225_600))
        try expect(
            try await sink.creditMemoNumber(forCommerceCreditMemo: memo.commerceCreditMemoNumber) == nil,
            "the lookup of a credit memo never recorded answers nil (else a retry would skip a real refund)")
        let key = "conformance-creditmemo-\(run)"
        let number = try await sink.recordCreditMemo(memo, idempotencyKey: key)
        try expect(!number.isEmpty, "recordCreditMemo returns the ERP's credit note number")
        let found = try await sink.creditMemoNumber(forCommerceCreditMemo: memo.commerceCreditMemoNumber)
        if deduplicatesByKey {
            let again = try await sink.recordCreditMemo(memo, idempotencyKey: key)
            try expect(
                again == number, "the same idempotency key answers the same credit note, got \(again) and \(number)")
            try expect(
                found == nil || found == number,
                "the lookup answers nil or the credit note recorded, got \(found ?? "")")
        } else {
            try expect(
                found == number,
                "after a call whose answer was lost, the lookup answers the credit note recorded (\(number)), got "
                    + (found ?? "nil"))
        }

        // A cancellation: once per key, or found by its lookup.
        let cancellation = ERPCancellationRequest(
            erpOrderNumber: erpOrder, commerceOrderNumber: order.commerceOrderNumber, reason: "conformance",
            cancelledAt: Date(timeIntervalSince1970: 1_767_225_600), lines: [.init(sku: sku, quantity: 1)])
        try expect(
            try await sink.cancellationReference(forERPOrder: erpOrder) == nil,
            "the lookup of an order never cancelled answers nil")
        let cancelKey = "conformance-cancel-\(run)"
        let reference = try await sink.cancelOrder(cancellation, idempotencyKey: cancelKey)
        try expect(!reference.isEmpty, "cancelOrder returns the ERP's reference")
        let cancelled = try await sink.cancellationReference(forERPOrder: erpOrder)
        if deduplicatesByKey {
            let again = try await sink.cancelOrder(cancellation, idempotencyKey: cancelKey)
            try expect(again == reference, "the same idempotency key answers the same cancellation, got \(again)")
            try expect(
                cancelled == nil || cancelled == reference,
                "the lookup answers nil or the cancellation made, got \(cancelled ?? "")")
        } else {
            try expect(
                cancelled == reference,
                "after a call whose answer was lost, the lookup answers the cancellation made (\(reference)), got "
                    + (cancelled ?? "nil"))
        }

        // An order the ERP does not have cannot be cancelled.
        var unknown = cancellation
        unknown.erpOrderNumber = "NO-SUCH-ORDER-\(run)"
        do {
            _ = try await sink.cancelOrder(unknown, idempotencyKey: "conformance-cancel-unknown-\(run)")
            try expect(false, "cancelling an order the ERP does not have is an error")
        } catch let error as AdapterError {
            try expect(
                error.code == .notFound || error.code == .rejected,
                "an unknown order is notFound or rejected, got \(error.code)")
        }
    }
}
