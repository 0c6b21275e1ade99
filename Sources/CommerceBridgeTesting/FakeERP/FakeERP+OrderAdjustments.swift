public import CommerceBridge

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension FakeERP: OrderAdjustmentSink {
    /// What the ERP recorded of cancellations and credit memos, and how it takes them.
    ///
    /// Every effect is recorded, a duplicate included, so a test sees one made twice. With ``deduplicatesByKey`` off
    /// the ERP is one that cannot deduplicate by idempotency key: only the lookups
    /// (``FakeERP/cancellationReference(forERPOrder:)``, ``FakeERP/creditMemoNumber(forCommerceCreditMemo:)``), when
    /// ``answersLookups`` is on, keep a retry from recording a document twice.
    ///
    /// ```swift
    /// await erp.configureAdjustments { $0.deduplicatesByKey = false; $0.answersLost = 1 }
    /// ```
    public struct Adjustments: Sendable {
        /// A cancellation as recorded.
        public struct Cancellation: Sendable, Hashable {
            /// The ERP's reference.
            public var reference: String
            /// What was sent.
            public var cancellation: ERPCancellationRequest
            /// The idempotency key it came with.
            public var idempotencyKey: String
        }

        /// A credit note as recorded.
        public struct CreditNote: Sendable, Hashable {
            /// The ERP's number.
            public var number: String
            /// What was sent.
            public var creditMemo: ERPCreditNoteRequest
            /// The idempotency key it came with.
            public var idempotencyKey: String
        }

        /// Every cancellation recorded, in order, duplicates included.
        public internal(set) var cancellations: [Cancellation] = []
        /// Every credit note recorded, in order, duplicates included.
        public internal(set) var creditNotes: [CreditNote] = []
        /// Whether a repeated idempotency key returns the first answer instead of recording again (default `true`).
        public var deduplicatesByKey = true
        /// Whether the lookups answer (default `true`); off, they answer `nil` as a sink without them does.
        public var answersLookups = true
        /// The next calls that fail with `unavailable` before doing anything.
        public var failures = 0
        /// The next calls that record the document and then fail with `unavailable`, as a connection reset after the
        /// ERP committed (the answer is lost).
        public var answersLost = 0
        /// ERP orders that refuse cancellation, with the ERP's reason (they have shipped, say).
        public var refusedCancellations: [String: String] = [:]

        /// Nothing recorded, deduplicating, no faults.
        public init() {}
    }

    /// Changes how the ERP takes cancellations and credit memos.
    public func configureAdjustments(_ change: @Sendable (inout Adjustments) -> Void) {
        change(&adjustments)
    }

    /// The cancellations recorded for an ERP order (more than one is a duplicate).
    public func cancellations(ofERPOrder erpOrderNumber: String) -> [Adjustments.Cancellation] {
        adjustments.cancellations.filter { $0.cancellation.erpOrderNumber == erpOrderNumber }
    }

    /// The credit notes recorded for a Commerce credit memo number (more than one is a duplicate).
    public func creditNotes(forCommerceCreditMemo number: String) -> [Adjustments.CreditNote] {
        adjustments.creditNotes.filter { $0.creditMemo.commerceCreditMemoNumber == number }
    }

    /// Applies the adjustment faults: the common ones (latency, errors, outages, hangs), then `failures`.
    private func injectAdjustment(_ operation: String) async throws {
        try await inject(operation)
        if adjustments.failures > 0 {
            adjustments.failures -= 1
            throw AdapterError(.unavailable, system: .erp, "\(operation): injected failure")
        }
    }

    /// Throws the lost answer when one is due, after the effect.
    private func loseAnswerIfDue(_ operation: String) throws {
        guard adjustments.answersLost > 0 else { return }
        adjustments.answersLost -= 1
        throw AdapterError(.unavailable, system: .erp, "\(operation): connection reset after the ERP committed")
    }

    /// Cancels the ERP order once per key (or every time, with ``Adjustments/deduplicatesByKey`` off).
    /// - Throws: `notFound` for an unknown order, `rejected` for one in ``Adjustments/refusedCancellations``.
    public func cancelOrder(_ cancellation: ERPCancellationRequest, idempotencyKey: String) async throws -> String {
        try await injectAdjustment("cancelOrder")
        if adjustments.deduplicatesByKey,
            let existing = adjustments.cancellations.first(where: { $0.idempotencyKey == idempotencyKey })
        {
            return existing.reference
        }
        guard orders[cancellation.erpOrderNumber] != nil else {
            throw AdapterError(.notFound, system: .erp, "no order \(cancellation.erpOrderNumber)")
        }
        if let reason = adjustments.refusedCancellations[cancellation.erpOrderNumber] {
            throw AdapterError(.rejected, system: .erp, "order \(cancellation.erpOrderNumber): \(reason)")
        }
        let reference = "CX-\(adjustments.cancellations.count + 1)"
        adjustments.cancellations.append(
            .init(reference: reference, cancellation: cancellation, idempotencyKey: idempotencyKey))
        try loseAnswerIfDue("cancelOrder")
        return reference
    }

    /// Records the credit note once per key (or every time, with ``Adjustments/deduplicatesByKey`` off).
    /// - Throws: `notFound` for an unknown order, `rejected` for a negative total or lines without a SKU.
    public func recordCreditMemo(_ creditMemo: ERPCreditNoteRequest, idempotencyKey: String) async throws -> String {
        try await injectAdjustment("recordCreditMemo")
        if adjustments.deduplicatesByKey,
            let existing = adjustments.creditNotes.first(where: { $0.idempotencyKey == idempotencyKey })
        {
            return existing.number
        }
        guard orders[creditMemo.erpOrderNumber] != nil else {
            throw AdapterError(.notFound, system: .erp, "no order \(creditMemo.erpOrderNumber)")
        }
        guard creditMemo.grandTotal >= 0, creditMemo.lines.allSatisfy({ !$0.sku.isEmpty }) else {
            throw AdapterError(
                .rejected, system: .erp,
                "credit memo \(creditMemo.commerceCreditMemoNumber): a negative total or a line without a SKU")
        }
        let number = "CN-\(adjustments.creditNotes.count + 1)"
        adjustments.creditNotes.append(.init(number: number, creditMemo: creditMemo, idempotencyKey: idempotencyKey))
        try loseAnswerIfDue("recordCreditMemo")
        return number
    }

    /// The reference of the ERP order's cancellation, when ``Adjustments/answersLookups`` is on.
    public func cancellationReference(forERPOrder erpOrderNumber: String) async throws -> String? {
        try await injectAdjustment("cancellationReference")
        guard adjustments.answersLookups else { return nil }
        return adjustments.cancellations.first { $0.cancellation.erpOrderNumber == erpOrderNumber }?.reference
    }

    /// The number of the credit note of a Commerce credit memo, when ``Adjustments/answersLookups`` is on.
    public func creditMemoNumber(forCommerceCreditMemo commerceCreditMemoNumber: String) async throws -> String? {
        try await injectAdjustment("creditMemoNumber")
        guard adjustments.answersLookups else { return nil }
        return adjustments.creditNotes.first { $0.creditMemo.commerceCreditMemoNumber == commerceCreditMemoNumber }?
            .number
    }
}
