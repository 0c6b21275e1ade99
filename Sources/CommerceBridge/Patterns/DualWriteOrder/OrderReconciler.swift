public import AdobeCommerce

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Periodic reconciliation of exported orders: compares Commerce's orders with the ERP's ledger over the ID map,
/// reports what is missing, extra or mismatched, repairs what is safe, and parks the rest for review.
///
/// Safe repairs are two: an order the ERP has never seen is queued for export again (through the same outbox
/// message as ``DualWriteOrderEngine``, so the engine's next pass delivers it once), and an ERP order that
/// carries a Commerce order number the ID map lost is mapped again. Everything that could create an order twice
/// or hide a clerk's change (a mapped order the ERP no longer has, an export left unfinished for longer than
/// `staleAfter` because it was dead-lettered or discarded, totals that differ, two ERP orders for one Commerce
/// order, an ERP order with no Commerce order) goes to the review queue.
///
/// ```swift
/// let report = try await OrderReconciler(commerce: client, ledger: erp, store: store, time: .system)
///     .reconcile(since: Date().addingTimeInterval(-86_400))
/// print(report.missing.count, report.extra.count, report.mismatched.count, report.requeued)
/// ```
public struct OrderReconciler: Sendable {
    /// An order found on one side only, or on both with different values.
    public struct Finding: Sendable, Hashable {
        /// The Commerce order number (`increment_id`).
        public var commerceOrderNumber: String
        /// The ERP order number, when there is one.
        public var erpOrderNumber: String?
        /// Commerce's grand total, when Commerce has the order.
        public var commerceTotal: Decimal?
        /// The ERP's grand total, when the ERP has the order.
        public var erpTotal: Decimal?
        /// What is wrong.
        public var reason: String
    }

    /// What a reconciliation found and did.
    public struct Report: Sendable, Hashable {
        /// Commerce orders the ERP does not have.
        public var missing: [Finding] = []
        /// ERP orders with no Commerce order.
        public var extra: [Finding] = []
        /// Orders on both sides that disagree (totals, or more than one ERP order).
        public var mismatched: [Finding] = []
        /// Orders queued for export again.
        public var requeued = 0
        /// ID-map entries written again from the ERP's ledger.
        public var remapped = 0
        /// Findings parked for review by this pass (one already on the review list is not parked again).
        public var parked = 0
        /// Orders that agree.
        public var matching = 0
    }

    private let commerce: AdobeCommerceClient
    private let ledger: any OrderLedger
    private let store: any ConnectorStore
    private let statuses: [String]
    private let staleAfter: Duration
    private let time: TimeSource

    /// Creates a reconciler.
    /// - Parameters:
    ///   - commerce: The Commerce client.
    ///   - ledger: The ERP's list of orders.
    ///   - store: ID map, outbox, review queue and audit log (the dual-write engine's store).
    ///   - statuses: The Commerce statuses that are exported (the engine's ``DualWriteOrderEngine/Configuration/statuses``);
    ///     an order in another status is compared only when it was exported (it has since shipped, say).
    ///   - staleAfter: How long an export may stay unfinished (retrying in the outbox) before it is reported as
    ///     missing: one that waits this long is in the dead-letter queue or was discarded from it.
    ///   - time: The clock.
    public init(
        commerce: AdobeCommerceClient,
        ledger: any OrderLedger,
        store: any ConnectorStore,
        statuses: [String] = DualWriteOrderEngine.Configuration().statuses,
        staleAfter: Duration = .seconds(3_600),
        time: TimeSource
    ) {
        self.commerce = commerce
        self.ledger = ledger
        self.store = store
        self.statuses = statuses
        self.staleAfter = staleAfter
        self.time = time
    }

    /// Compares the orders both sides created at or after `start`; repairs when `repair` is on.
    /// - Throws: ``AdapterError`` when the ledger cannot be read and `CommerceError` when Commerce cannot. Nothing
    ///   but the re-mappings already made is changed then: the next pass finds the rest again.
    public func reconcile(since start: Date, repair: Bool = true) async throws -> Report {
        var report = Report()
        let erpOrders = try await ledger.orders(createdSince: start)
        let erpByNumber = Dictionary(erpOrders.map { ($0.erpOrderNumber, $0) }, uniquingKeysWith: { first, _ in first })
        let erpByCommerce = Dictionary(grouping: erpOrders, by: \.commerceOrderNumber)
        var accounted: Set<String> = []
        var changes = StoreChanges(time: time.now())
        // Every status: an exported order that has since shipped or completed is compared too.
        let criteria = SearchCriteria()
            .filter("created_at", .gteq, MagentoDate(start).rawValue)
            .sorted(by: "entity_id")
        for try await order in commerce.orders.all(criteria) {
            try await compare(
                order, erpByNumber: erpByNumber, erpByCommerce: erpByCommerce, repair: repair,
                accounted: &accounted, changes: &changes, report: &report)
        }
        for erpOrder in erpOrders where !accounted.contains(erpOrder.erpOrderNumber) {
            // Created in the window but for an older Commerce order: known to the ID map, or found by number.
            if try await store.sourceID(
                kind: .order, sourceSystem: .commerce, targetSystem: .erp, targetID: erpOrder.erpOrderNumber) != nil
            {
                report.matching += 1
                continue
            }
            let byNumber = SearchCriteria().filter("increment_id", .eq, erpOrder.commerceOrderNumber).page(size: 1)
            if let order = try await commerce.orders.search(byNumber).items.first {
                try await compare(
                    order, erpByNumber: erpByNumber, erpByCommerce: erpByCommerce, repair: repair,
                    accounted: &accounted, changes: &changes, report: &report)
                continue
            }
            let finding = Finding(
                commerceOrderNumber: erpOrder.commerceOrderNumber, erpOrderNumber: erpOrder.erpOrderNumber,
                erpTotal: erpOrder.grandTotal, reason: "the ERP has an order Commerce does not")
            report.extra.append(finding)
            try await park(finding, into: &changes, report: &report)
        }
        changes.audit(
            AuditRecord(
                entity: EntityReference(.order, .erp, "*"), action: "reconcile", winner: .commerce,
                rule: "reconciliation",
                explanation:
                    "\(report.missing.count) missing, \(report.extra.count) extra, \(report.mismatched.count) mismatched; \(report.requeued) requeued, \(report.remapped) remapped, \(report.parked) parked",
                correlationID: "reconcile-orders", time: time.now()))
        try await store.commit(changes)
        return report
    }

    /// Classifies one Commerce order and records what to do about it.
    private func compare(
        _ order: Order,
        erpByNumber: [String: ERPOrderSummary],
        erpByCommerce: [String: [ERPOrderSummary]],
        repair: Bool,
        accounted: inout Set<String>,
        changes: inout StoreChanges,
        report: inout Report
    ) async throws {
        let number = order.incrementID ?? String(order.entityID ?? 0)
        let candidates = erpByCommerce[number] ?? []
        accounted.formUnion(candidates.map(\.erpOrderNumber))
        var finding = Finding(commerceOrderNumber: number, commerceTotal: order.grandTotal, reason: "")
        if candidates.count > 1 {
            finding.erpOrderNumber = candidates.map(\.erpOrderNumber).sorted().joined(separator: ", ")
            finding.reason = "the ERP has \(candidates.count) orders for one Commerce order"
            report.mismatched.append(finding)
            return try await park(finding, into: &changes, report: &report)
        }
        let key = DualWriteOrderEngine.key(order)
        switch try await store.mapping(key) {
        case .mapped(let erpNumber)?:
            finding.erpOrderNumber = erpNumber
            accounted.insert(erpNumber)
            guard let erpOrder = erpByNumber[erpNumber] else {
                finding.reason = "the ID map says \(erpNumber), which the ERP no longer has"
                report.missing.append(finding)
                return try await park(finding, into: &changes, report: &report)
            }
            finding.erpTotal = erpOrder.grandTotal
            guard erpOrder.grandTotal == order.grandTotal ?? 0 else {
                finding.reason = "grand totals differ"
                report.mismatched.append(finding)
                return try await park(finding, into: &changes, report: &report)
            }
            report.matching += 1
        case .pending(let token, let claimedAt)? where claimedAt.adding(staleAfter) < time.now():
            if let erpOrder = candidates.first {
                // The ERP created it, then the exporter died before recording the number: record it now.
                finding.erpOrderNumber = erpOrder.erpOrderNumber
                finding.erpTotal = erpOrder.grandTotal
                finding.reason = "the ERP has the order but its export never recorded the number"
                report.mismatched.append(finding)
                guard repair else { return try await park(finding, into: &changes, report: &report) }
                try await store.completeMapping(key, token: token, targetID: erpOrder.erpOrderNumber, now: time.now())
                audit(finding, action: "order.remap", into: &changes)
                report.remapped += 1
                return
            }
            finding.reason =
                "the export began at \(MagentoDate(claimedAt).rawValue) UTC and never finished: "
                + "it is in the dead-letter queue, or was discarded from it"
            report.missing.append(finding)
            return try await park(finding, into: &changes, report: &report)
        case .pending?, .claimed?:
            // An export is in flight; the dispatcher finishes or retries it.
            report.matching += 1
        case nil:
            if let erpOrder = candidates.first {
                finding.erpOrderNumber = erpOrder.erpOrderNumber
                finding.erpTotal = erpOrder.grandTotal
                finding.reason = "the ERP has the order but the ID map does not"
                report.mismatched.append(finding)
                guard repair,
                    case .claimed(let token) = try await store.claimMapping(
                        key, token: "reconcile-\(number)", now: time.now())
                else { return try await park(finding, into: &changes, report: &report) }
                // Recorded at once, not with the pass: a claim left open would look like an export in flight.
                try await store.completeMapping(key, token: token, targetID: erpOrder.erpOrderNumber, now: time.now())
                audit(finding, action: "order.remap", into: &changes)
                report.remapped += 1
            } else if statuses.contains(order.status ?? "") {
                finding.reason = "the ERP does not have the order"
                report.missing.append(finding)
                guard repair else { return try await park(finding, into: &changes, report: &report) }
                changes.enqueue(try DualWriteOrderEngine.exportMessage(for: order))
                audit(finding, action: "order.requeue", into: &changes)
                report.requeued += 1
            }
        // Otherwise it was never exported and is not exportable (cancelled first, say): nothing to compare.
        }
    }

    private func audit(_ finding: Finding, action: String, into changes: inout StoreChanges) {
        changes.audit(
            AuditRecord(
                entity: EntityReference(.order, .commerce, finding.commerceOrderNumber), action: action,
                winner: .commerce, rule: "reconciliation", explanation: finding.reason,
                correlationID: "reconcile-orders", time: changes.time))
    }

    /// Parks a finding unless it is already on the review list from an earlier pass.
    private func park(_ finding: Finding, into changes: inout StoreChanges, report: inout Report) async throws {
        let parked = try await store.parkOnce(
            ReviewItem.Draft(
                entity: EntityReference(.order, .commerce, finding.commerceOrderNumber), reason: finding.reason,
                rule: "orderReconciliation",
                currentValue: finding.commerceTotal.map { .number($0) },
                incomingValue: finding.erpTotal.map { .number($0) },
                correlationID: "reconcile-orders"),
            into: &changes)
        if parked { report.parked += 1 }
    }
}
