public import AdobeCommerce

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Periodic reconciliation of stock: compares every level the owner holds with Commerce's source items,
/// reports what is missing, extra or mismatched, repairs what the ownership rules allow (the owner's
/// quantity is pushed), and parks the rest for review (a source item Commerce has and the owner does not
/// is never deleted automatically).
///
/// ```swift
/// let report = try await InventoryReconciler(commerce: client, source: erp, store: store, time: .system).reconcile()
/// print(report.missing.count, report.mismatched.count, report.extra.count, report.repaired)
/// ```
public struct InventoryReconciler: Sendable {
    /// A record found on one side only, or on both with different quantities.
    public struct Finding: Sendable, Hashable {
        /// The SKU.
        public var sku: String
        /// The source code.
        public var sourceCode: String
        /// The owner's quantity, if it has one.
        public var ownerQuantity: Decimal?
        /// Commerce's quantity, if it has one.
        public var commerceQuantity: Decimal?
    }

    /// What a reconciliation found and did.
    public struct Report: Sendable, Hashable {
        /// Levels the owner has and Commerce does not.
        public var missing: [Finding] = []
        /// Source items Commerce has and the owner does not.
        public var extra: [Finding] = []
        /// Levels on both sides with different quantities.
        public var mismatched: [Finding] = []
        /// Levels repaired in Commerce.
        public var repaired = 0
        /// Findings parked for review by this pass (one already on the review list is not parked again).
        public var parked = 0
        /// Levels that agree.
        public var matching = 0
    }

    private let commerce: AdobeCommerceClient
    private let source: any ERPInventorySource
    private let origin: SystemID
    private let store: any ConnectorStore
    private let ownership: OwnershipRules
    private let time: TimeSource

    /// Creates a reconciler.
    /// - Parameters:
    ///   - commerce: The Commerce client.
    ///   - source: The owner's stock.
    ///   - origin: The system `source` speaks for.
    ///   - store: Review queue and audit log.
    ///   - ownership: Who may repair inventory.
    ///   - time: The clock.
    public init(
        commerce: AdobeCommerceClient,
        source: any ERPInventorySource,
        origin: SystemID = .erp,
        store: any ConnectorStore,
        ownership: OwnershipRules = .seedDefaults,
        time: TimeSource
    ) {
        self.commerce = commerce
        self.source = source
        self.origin = origin
        self.store = store
        self.ownership = ownership
        self.time = time
    }

    /// Compares both sides; repairs in Commerce when `repair` is on and the origin owns inventory.
    public func reconcile(repair: Bool = true) async throws -> Report {
        var report = Report()
        var owner: [String: InventoryLevel] = [:]
        for level in try await source.inventorySnapshot() {
            owner["\(level.sku.lowercased())\u{0}\(level.sourceCode)"] = level
        }
        var commerceItems: [String: SourceItem] = [:]
        for try await item in commerce.inventory.sourceItems.pages(SearchCriteria().sorted(by: "sku").page(size: 300))
            .items
        {
            commerceItems["\((item.sku ?? "").lowercased())\u{0}\(item.sourceCode ?? "")"] = item
        }
        for key in Set(owner.keys).union(commerceItems.keys).sorted() {
            let level = owner[key]
            let item = commerceItems[key]
            let finding = Finding(
                sku: level?.sku ?? item?.sku ?? "", sourceCode: level?.sourceCode ?? item?.sourceCode ?? "",
                ownerQuantity: level?.quantity, commerceQuantity: item?.quantity)
            switch (level, item) {
            case (_?, nil): report.missing.append(finding)
            case (nil, _?): report.extra.append(finding)
            case (let level?, let item?) where level.quantity != item.quantity: report.mismatched.append(finding)
            default: report.matching += 1
            }
        }
        var changes = StoreChanges(time: time.now())
        let mayRepair =
            repair && ownership.evaluate(kind: .inventory, fields: ["quantity"], origin: origin).disposition == .apply
        var repairs: [SourceItem] = []
        for finding in report.missing + report.mismatched {
            if mayRepair, let quantity = finding.ownerQuantity {
                repairs.append(
                    SourceItem(
                        sku: finding.sku, sourceCode: finding.sourceCode, quantity: quantity,
                        status: quantity > 0 ? .inStock : .outOfStock))
            } else {
                try await park(
                    finding, reason: "quantity differs and \(origin) may not repair it", into: &changes, report: &report
                )
            }
        }
        for finding in report.extra {
            try await park(
                finding, reason: "Commerce has a source item \(origin) does not know", into: &changes, report: &report)
        }
        for start in stride(from: 0, to: repairs.count, by: 20) {
            let batch = Array(repairs[start..<min(start + 20, repairs.count)])
            do {
                try await commerce.inventory.sourceItems.save(batch)
                report.repaired += batch.count
            } catch let error as CommerceError where error.code == .badRequest {
                for item in batch {
                    try await park(
                        Finding(
                            sku: item.sku ?? "", sourceCode: item.sourceCode ?? "", ownerQuantity: item.quantity,
                            commerceQuantity: nil),
                        reason: error.message, into: &changes, report: &report)
                }
            }
        }
        changes.audit(
            AuditRecord(
                entity: EntityReference(.inventory, origin, "*"), action: "reconcile", winner: origin,
                rule: "reconciliation",
                explanation:
                    "\(report.missing.count) missing, \(report.extra.count) extra, \(report.mismatched.count) mismatched; \(report.repaired) repaired, \(report.parked) parked",
                correlationID: "reconcile-inventory", time: time.now()))
        try await store.commit(changes)
        return report
    }

    /// Parks a finding unless it is already on the review list from an earlier pass.
    private func park(_ finding: Finding, reason: String, into changes: inout StoreChanges, report: inout Report)
        async throws
    {
        let parked = try await store.parkOnce(
            ReviewItem.Draft(
                entity: EntityReference(.inventory, origin, "\(finding.sku)@\(finding.sourceCode)"), reason: reason,
                rule: "reconciliation",
                currentValue: finding.commerceQuantity.map { .number($0) },
                incomingValue: finding.ownerQuantity.map { .number($0) },
                correlationID: "reconcile-inventory"),
            into: &changes)
        if parked { report.parked += 1 }
    }
}
