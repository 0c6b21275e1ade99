import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension OrderLifecycleEngine {
    /// Creates the credit memo of an ERP credit memo once: an offline refund of its invoice when it names one that
    /// the fulfilment feed brought to Commerce, else of the order.
    ///
    /// Before creating again after an attempt whose outcome is unknown, the order's credit memos are searched: the one
    /// whose comment carries the ERP reference, or, where comments are not returned, one with the same invoice,
    /// quantities, shipping and adjustments that no other ERP credit memo is linked to.
    func sendRefund(_ refund: OrderLifecycleRequest.Refund, key: MappingKey, orderID: Int) async throws
        -> (String, Outcome)
    {
        var invoiceID: Int?
        if let number = refund.erpInvoiceNumber {
            guard
                case .mapped(let id)? = try await store.mapping(MappingKey(.invoice, from: .erp, number, to: .commerce)),
                let value = Int(id)
            else {
                throw Refusal(
                    reason:
                        "ERP invoice \(number) is not in Commerce (the fulfilment feed has not brought it, or parked "
                        + "it): apply the invoice first, then this credit memo")
            }
            invoiceID = value
        }
        let reference = OrderLifecycleMapping.reference(creditMemo: key.sourceID)
        let commerce = commerce
        let (id, created) = try await documents.createOnce(
            key, now: time.now(),
            find: { try await findCreditMemo(refund, orderID: orderID, invoiceID: invoiceID, reference: reference) },
            create: {
                guard let invoiceID else {
                    return String(
                        try await commerce.orders.refund(
                            orderID: orderID, items: refund.items, arguments: refund.arguments, notify: refund.notify,
                            comment: CommerceSchema.SalesCreditmemoCommentCreation(comment: refund.comment)))
                }
                return String(
                    try await commerce.operations.invoice.postInvoiceByInvoiceIDRefund(
                        invoiceID: invoiceID, appendComment: refund.notify,
                        arguments: refund.arguments,
                        comment: CommerceSchema.SalesCreditmemoCommentCreation(
                            comment: refund.comment, isVisibleOnFront: 0),
                        isOnline: false,
                        items: refund.items,
                        notify: refund.notify))
            })
        return (id, created ? .creditMemo : .unchanged)
    }

    private func findCreditMemo(
        _ refund: OrderLifecycleRequest.Refund, orderID: Int, invoiceID: Int?, reference: String
    ) async throws -> String? {
        let creditmemos = commerce.operations.creditmemos
        let existing = try await documents.all(orderID: orderID) { criteria in
            let page = try await creditmemos.getCreditmemos(searchCriteria: criteria)
            return SearchResults(items: page.items ?? [], totalCount: page.totalCount ?? 0)
        }
        if let named = existing.first(where: {
            ($0.comments ?? []).contains { OrderLifecycleMapping.comment($0.comment, carries: reference) }
        }) {
            return named.entityID.map(String.init)
        }
        func quantities(_ pairs: [(Int?, Decimal?)]) -> [Int: Decimal] {
            var result: [Int: Decimal] = [:]
            for (item, qty) in pairs { if let item, let qty, qty != 0 { result[item, default: 0] += qty } }
            return result
        }
        let wanted = quantities(refund.items.map { ($0.orderItemID, $0.qty) })
        for candidate in existing
        where (candidate.comments ?? []).isEmpty && (invoiceID == nil || candidate.invoiceID == invoiceID)
            && (candidate.shippingAmount ?? 0) == (refund.arguments.shippingAmount ?? 0)
            && (candidate.adjustmentPositive ?? 0) == (refund.arguments.adjustmentPositive ?? 0)
            && (candidate.adjustmentNegative ?? 0) == (refund.arguments.adjustmentNegative ?? 0)
            && quantities((candidate.items ?? []).map { ($0.orderItemID, $0.qty) }) == wanted
        {
            guard let id = candidate.entityID, try await !documents.isLinked(Self.creditMemoKind, commerceID: id)
            else { continue }
            return String(id)
        }
        return nil
    }

    /// Creates the RMA of an ERP return once, then brings its status (with its items' quantities) and its tracking
    /// numbers up to the ERP's. The status and tracks are compared with Commerce's before each write, so reading the
    /// return again changes nothing.
    func sendReturn(_ request: OrderLifecycleRequest.Return, key: MappingKey, orderID: Int, report: inout Report)
        async throws -> (String, Outcome)
    {
        let returns = commerce.operations.returns
        let reference = OrderLifecycleMapping.reference(return: key.sourceID)
        let (id, created) = try await documents.createOnce(
            key, now: time.now(),
            find: { try await findReturn(orderID: orderID, reference: reference) },
            create: {
                guard let id = try await returns.postReturns(rmaDataObject: request.rma).entityID else {
                    throw Refusal(reason: "Commerce created an RMA for \(reference) without answering its id")
                }
                return String(id)
            })
        guard let rmaID = Int(id) else { throw Refusal(reason: "\(reference) is mapped to \(id), not an RMA id") }
        var outcome: Outcome = created ? .returnCreated : .unchanged
        var current = try await returns.getReturnsByID(id: rmaID)
        if request.status != "pending", current.status != request.status {
            current.status = request.status
            current.items = (current.items ?? []).map { item in
                guard let itemID = item.orderItemID, let state = request.itemStates[itemID] else { return item }
                var item = item
                item.status = state.status ?? item.status
                item.qtyAuthorized = state.qtyAuthorized ?? item.qtyAuthorized
                item.qtyReturned = state.qtyReturned ?? item.qtyReturned
                item.qtyApproved = state.qtyApproved ?? item.qtyApproved
                return item
            }
            current.comments = nil
            current.tracks = nil
            try await returns.putReturnsByID(id: String(rmaID), rmaDataObject: current)
            report.returnStatusChanges += 1
            if outcome == .unchanged { outcome = .returnUpdated }
        }
        let known = Set(
            (try await returns.getReturnsByIDTrackingNumbers(id: rmaID).items ?? []).compactMap(\.trackNumber))
        for track in request.tracks where !known.contains(track.trackNumber ?? "") {
            try await returns.postReturnsByIDTrackingNumbers(id: rmaID, track: track)
            report.returnTracks += 1
            if outcome == .unchanged { outcome = .returnUpdated }
        }
        return (id, outcome)
    }

    /// The order's RMA an earlier attempt created for this ERP return: the one whose comments carry the reference.
    private func findReturn(orderID: Int, reference: String) async throws -> String? {
        let returns = commerce.operations.returns
        let existing = try await documents.all(orderID: orderID) { criteria in
            let page = try await returns.getReturns(searchCriteria: criteria)
            return SearchResults(items: page.items ?? [], totalCount: page.totalCount ?? 0)
        }
        for candidate in existing {
            guard let id = candidate.entityID else { continue }
            var comments = candidate.comments ?? []
            if comments.isEmpty { comments = try await returns.getReturnsByIDComments(id: id).items ?? [] }
            if comments.contains(where: { OrderLifecycleMapping.comment($0.comment, carries: reference) }) {
                return String(id)
            }
        }
        return nil
    }
}
