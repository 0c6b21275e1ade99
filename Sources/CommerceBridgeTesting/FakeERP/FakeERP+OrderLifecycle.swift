import AdobeCommerce
public import CommerceBridge

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

extension FakeERP: OrderLifecycleSource {
    // MARK: Seeding

    /// Records a comment on an order, optionally with a new status, stamped now.
    @discardableResult
    public func comment(
        erpOrderNumber: String, _ text: String, status: String? = nil, notify: Bool = false,
        visibleOnFront: Bool = false
    ) -> ERPOrderEvent {
        record(erpOrderNumber, .comment(text, status: status, notify: notify, visibleOnFront: visibleOnFront))
    }

    /// Puts an order on hold, stamped now.
    @discardableResult
    public func hold(erpOrderNumber: String) -> ERPOrderEvent { record(erpOrderNumber, .hold) }

    /// Releases an order's hold, stamped now.
    @discardableResult
    public func unhold(erpOrderNumber: String) -> ERPOrderEvent { record(erpOrderNumber, .unhold) }

    /// Cancels an order, stamped now, with an optional reason.
    @discardableResult
    public func cancel(erpOrderNumber: String, reason: String? = nil) -> ERPOrderEvent {
        record(erpOrderNumber, .cancel(reason: reason))
    }

    private func record(_ erpOrderNumber: String, _ action: ERPOrderEvent.Action) -> ERPOrderEvent {
        let event = ERPOrderEvent(
            id: "EV-\(lifecycleEvents.count + 1)", erpOrderNumber: erpOrderNumber, action: action,
            occurredAt: time.now())
        lifecycleEvents.append(event)
        return event
    }

    /// Issues a credit memo, stamped now: of an invoice when `invoiceNumber` is given, else of the order.
    @discardableResult
    public func refund(
        erpOrderNumber: String, invoiceNumber: String? = nil, lines: [ERPShipment.Line], shippingAmount: Decimal = 0,
        adjustmentPositive: Decimal = 0, adjustmentNegative: Decimal = 0, comment: String? = nil, notify: Bool = false
    ) -> ERPCreditMemo {
        let memo = ERPCreditMemo(
            number: "CM-\(creditMemoLog.count + 1)", erpOrderNumber: erpOrderNumber, invoiceNumber: invoiceNumber,
            lines: lines, shippingAmount: shippingAmount, adjustmentPositive: adjustmentPositive,
            adjustmentNegative: adjustmentNegative, comment: comment, notify: notify, issuedAt: time.now())
        creditMemoLog.append(memo)
        return memo
    }

    /// Opens a return, stamped now.
    @discardableResult
    public func openReturn(
        erpOrderNumber: String, lines: [ERPReturn.Line], comment: String? = nil, tracks: [ERPReturn.Track] = []
    ) -> ERPReturn {
        let rma = ERPReturn(
            number: "RMA-\(returnLog.count + 1)", erpOrderNumber: erpOrderNumber, lines: lines, status: "pending",
            tracks: tracks, comment: comment, updatedAt: time.now())
        returnLog[rma.number] = rma
        return rma
    }

    /// Changes a return's status and adds tracking numbers, stamped now.
    @discardableResult
    public func updateReturn(_ number: String, status: String? = nil, addTracks: [ERPReturn.Track] = [])
        -> ERPReturn?
    {
        guard var rma = returnLog[number] else { return nil }
        if let status { rma.status = status }
        rma.tracks += addTracks
        rma.updatedAt = time.now()
        returnLog[number] = rma
        return rma
    }

    // MARK: OrderLifecycleSource

    /// Order events after `cursor`, in feed order.
    public func orderEvents(after cursor: FeedCursor, limit: Int) async throws -> [ERPOrderEvent] {
        try await inject("orderEvents")
        return feed(lifecycleEvents.page(after: cursor, limit: limit))
    }

    /// Credit memos after `cursor`, in feed order.
    public func creditMemos(after cursor: FeedCursor, limit: Int) async throws -> [ERPCreditMemo] {
        try await inject("creditMemos")
        return feed(creditMemoLog.page(after: cursor, limit: limit))
    }

    /// Returns after `cursor`, in feed order, each in its current state.
    public func returns(after cursor: FeedCursor, limit: Int) async throws -> [ERPReturn] {
        try await inject("returns")
        return feed(returnLog.values.page(after: cursor, limit: limit))
    }
}
