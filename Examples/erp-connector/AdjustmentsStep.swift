import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import Foundation

/// What the order adjustments step did, for the run report.
struct AdjustmentsSummary: CustomStringConvertible {
    /// Orders cancelled in the store during the step (the fake store only).
    var cancelledInStore = 0
    /// Credit memos made in the store during the step (the fake store only).
    var refundedInStore = 0
    /// Cancellations the ERP took.
    var cancellationsSent = 0
    /// Credit notes the ERP recorded.
    var creditMemosSent = 0
    /// Deliveries that waited for their order to reach the ERP first.
    var waited = 0
    /// Deliveries retried.
    var retried = 0
    /// Documents the ERP or the pattern refused.
    var deadLettered = 0
    /// The ERP's credit notes in all.
    var creditNotesInERP = 0

    var description: String {
        "\(cancelledInStore) cancelled and \(refundedInStore) refunded in the store → \(cancellationsSent) "
            + "cancellation(s) and \(creditMemosSent) credit note(s) in the ERP (\(creditNotesInERP) in all), "
            + "\(waited) wait(s) for the order, \(retried) retried, \(deadLettered) dead-lettered"
    }

    mutating func add(_ report: OrderAdjustmentExportEngine.Report) {
        cancellationsSent += report.cancellationsSent
        creditMemosSent += report.creditMemosSent
        waited += report.delivery.postponed
        retried += report.delivery.retried
        deadLettered += report.delivery.deadLettered
    }
}

/// Step: cancellations and credit memos made in the store reach the ERP, once each and after their order. Run it after
/// the fulfilment step. Against the fake store a shopper's new order is exported and then cancelled by an admin, and
/// the newest complete order gets a credit memo for one unit; against a real store it sends what its admins did.
/// - Parameters:
///   - commerce: The client, scoped to `all`.
///   - fake: The fake store, or `nil` for a real one.
///   - erp: The sample ERP.
///   - orders: The order engine, to export the new order.
///   - store: The connector's store.
///   - time: The clock.
func runAdjustmentsStep(
    commerce: AdobeCommerceClient, fake: FakeCommerce?, erp: SampleERP, orders: DualWriteOrderEngine,
    store: any ConnectorStore, time: TimeSource
) async throws -> AdjustmentsSummary {
    var summary = AdjustmentsSummary()
    var configuration = OrderAdjustmentExportEngine.Configuration()
    configuration.orderWait = .milliseconds(200)
    configuration.dispatcher.defaultPolicy.retry = RetryPolicy(
        maximumAttempts: 5, initialDelay: .milliseconds(200), maximumDelay: .seconds(2))
    let adjustments = OrderAdjustmentExportEngine(
        commerce: commerce, sink: erp, store: store, configuration: configuration, time: time)
    if let fake {
        // A shopper orders; the order reaches the ERP; then an admin cancels it before the warehouse ships it.
        var candidate = 101
        while (fake.sourceQuantity(sku: SampleERP.sku(candidate)) ?? 0) < 1 { candidate += 1 }
        let placed = try fake.placeOrder(
            customerEmail: "shopper4@example.com", lines: [.init(sku: SampleERP.sku(candidate), quantity: 1)])
        for _ in 0..<15 {
            _ = try await orders.sync()
            let key = MappingKey(.order, from: .commerce, String(placed.entityID ?? 0), to: .erp)
            if case .mapped? = try await store.mapping(key) { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        if let id = placed.entityID, try await commerce.orders.cancel(orderID: id) { summary.cancelledInStore += 1 }
        // A customer returns one unit of the newest complete order: a credit memo, refunded offline.
        let complete = try await commerce.orders.search(
            SearchCriteria().filter("state", .eq, "complete").sorted(by: "entity_id", .descending).page(size: 1))
        if let order = complete.items.first, let id = order.entityID, (order.totalRefunded ?? 0) == 0,
            let item = order.items?.first(where: { $0.parentItemID == nil })?.itemID
        {
            _ = try await commerce.orders.refund(
                orderID: id, items: [.init(orderItemID: item, qty: 1)],
                comment: .init(comment: "Customer returned one unit"))
            summary.refundedInStore += 1
        }
    }
    for pass in 0..<15 {
        let report = try await adjustments.sync()
        summary.add(report)
        if report.delivery.postponed == 0, report.delivery.retried == 0 { break }
        if pass > 0 { _ = try await orders.sync() }  // an order export still retrying
        try await Task.sleep(for: .milliseconds(250))
    }
    summary.creditNotesInERP = try await erp.creditNoteCount()
    return summary
}
