public import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Inventory sync: pushes the owner's on-hand quantities to Commerce MSI source items, never a salable
/// quantity (Commerce subtracts its own reservations). Run ``sync()`` every 5–15 minutes for deltas and
/// ``fullPass()`` daily.
///
/// Duplicate and out-of-order change feeds are tolerated: the newest level per SKU and source wins. Each level
/// goes through the ``InventorySyncPattern``'s validate, map and before-send steps; a level the pattern refuses is
/// parked for review once. A batch Commerce refuses is retried item by item, and the items it still refuses are
/// parked for review.
///
/// ```swift
/// let inventory = InventorySyncEngine(commerce: client.scoped(to: .all), source: erp, store: store, time: .system)
/// let report = try await inventory.sync()
/// ```
public struct InventorySyncEngine: Sendable {
    /// Paging and batching.
    public struct Configuration: Sendable {
        /// Levels read per delta pass.
        public var pageSize = 1_000
        /// Source items per save request (Magento's synchronous input limit is 20 when limits are on).
        public var itemsPerRequest = 20
        /// How far before the checkpoint each delta pass starts again.
        public var overlap: Duration = .seconds(120)
        /// The checkpoint's name.
        public var checkpointName = "erp.inventory"

        /// The defaults.
        public init() {}
    }

    /// What one pass did.
    public struct Report: Sendable, Hashable {
        /// Levels read from the source (duplicates included).
        public var read = 0
        /// Source items saved in Commerce.
        public var pushed = 0
        /// Save requests made.
        public var requests = 0
        /// Items refused by Commerce and parked for review.
        public var parked = 0
        /// Levels the pattern refused, parked for review.
        public var rejected = 0
        /// Levels refused because the origin does not own inventory.
        public var notOwned = 0

        mutating func add(_ other: Report) {
            read += other.read
            pushed += other.pushed
            requests += other.requests
            parked += other.parked
            rejected += other.rejected
            notOwned += other.notOwned
        }
    }

    /// The configuration.
    public let configuration: Configuration
    /// Progress events of every pass.
    public var progress: AsyncStream<SyncProgress> { channel.stream }
    private let channel = ProgressChannel(engine: "inventory")
    private let commerce: AdobeCommerceClient
    private let source: any ERPInventorySource
    private let store: any ConnectorStore
    private let ownership: OwnershipRules
    private let origin: SystemID
    private let time: TimeSource
    private let pattern: any InventorySyncPattern

    /// Creates the engine.
    /// - Parameters:
    ///   - commerce: The Commerce client.
    ///   - source: The owner of stock levels.
    ///   - origin: The system `source` speaks for (the ERP by default); ownership is checked against it.
    ///   - store: Checkpoints, review queue and audit log.
    ///   - ownership: Who owns inventory.
    ///   - configuration: Paging and batching.
    ///   - pattern: The per-level steps.
    ///   - time: The clock.
    public init(
        commerce: AdobeCommerceClient,
        source: any ERPInventorySource,
        origin: SystemID = .erp,
        store: any ConnectorStore,
        ownership: OwnershipRules = .seedDefaults,
        configuration: Configuration = Configuration(),
        pattern: any InventorySyncPattern = DefaultInventorySync(),
        time: TimeSource
    ) {
        self.commerce = commerce
        self.source = source
        self.origin = origin
        self.store = store
        self.ownership = ownership
        self.configuration = configuration
        self.pattern = pattern
        self.time = time
    }

    /// Pushes the levels changed since the checkpoint (less the overlap), a page at a time until the feed's end,
    /// and advances the checkpoint with each page.
    public func sync() async throws -> Report {
        var window = try await DeltaWindow.open(configuration.checkpointName, overlap: configuration.overlap, in: store)
        var report = Report()
        let source = self.source
        try await DeltaWindow.read(from: window.start, pageSize: configuration.pageSize) { cursor, limit in
            try await source.inventoryChanges(after: cursor, limit: limit)
        } page: { levels in
            var changes = StoreChanges(time: time.now())
            var page = try await push(levels, changes: &changes)
            page.parked += try await window.parkImplausible(
                levels.map { (EntityReference(.inventory, origin, "\($0.sku)@\($0.sourceCode)"), $0.updatedAt) },
                at: time.now(), in: store, into: &changes)
            changes.saveCheckpoint(window.advance(through: levels.map(\.feedPosition), at: time.now()))
            try await store.commit(changes)
            page.read = levels.count
            report.add(page)
            return levels.count
        }
        channel.report("delta", processed: report.pushed, total: report.read, errors: report.parked + report.rejected)
        return report
    }

    /// Passes every `interval` until the task is cancelled; a failed pass is reported and the next one runs.
    public func run(every interval: Duration) async {
        await channel.loop(every: interval, time: time) { _ = try await sync() }
    }

    /// Pushes every level, for the daily full pass; the checkpoint is left as it is.
    public func fullPass() async throws -> Report {
        let levels = try await source.inventorySnapshot()
        var changes = StoreChanges(time: time.now())
        var report = try await push(levels, changes: &changes)
        try await store.commit(changes)
        report.read = levels.count
        channel.report("full", processed: report.pushed, total: levels.count, errors: report.parked + report.rejected)
        return report
    }

    private func push(_ levels: [InventoryLevel], changes: inout StoreChanges) async throws -> Report {
        var report = Report()
        let verdict = ownership.evaluate(kind: .inventory, fields: ["quantity"], origin: origin)
        guard verdict.disposition == .apply else {
            report.notOwned = levels.count
            changes.audit(
                AuditRecord(
                    ownership: verdict, entity: EntityReference(.inventory, origin, "*"), incoming: nil,
                    correlationID: "inventory-sync", time: time.now()))
            return report
        }
        var newest: [String: InventoryLevel] = [:]
        for level in levels {
            let key = "\(level.sku)\u{0}\(level.sourceCode)"
            if let known = newest[key], known.updatedAt > level.updatedAt { continue }
            newest[key] = level
        }
        // The quantity last pushed per SKU and source lives in the store, so the overlap window (and a restart)
        // does not push an unchanged level again.
        let pushed = try await store.contentHashes(
            kind: .inventory, system: origin, keys: newest.values.map(Self.entityKey))
        newest = newest.filter { pushed[Self.entityKey($0.value)] != "\($0.value.quantity)" }
        var sends: [(level: InventoryLevel, item: SourceItem)] = []
        for level in newest.values.sorted(by: { ($0.sku, $0.sourceCode) < ($1.sku, $1.sourceCode) }) {
            do {
                try pattern.validate(level)
                sends.append((level, try await pattern.beforeSend(try pattern.map(level), level: level)))
            } catch let error as MappingError {
                if try await park(level, reason: error.description, into: &changes) { report.rejected += 1 }
            }
        }
        let size = max(1, configuration.itemsPerRequest)
        for start in stride(from: 0, to: sends.count, by: size) {
            let batch = sends[start..<min(start + size, sends.count)]
            do {
                report.requests += 1
                try await commerce.inventory.sourceItems.save(batch.map(\.item))
                report.pushed += batch.count
                for send in batch { remember(send, in: &changes) }
                try await pattern.afterSend(batch.map(\.item))
            } catch let error as CommerceError where error.code == .badRequest {
                for send in batch {
                    do {
                        report.requests += 1
                        try await commerce.inventory.sourceItems.save([send.item])
                        report.pushed += 1
                        remember(send, in: &changes)
                        try await pattern.afterSend([send.item])
                    } catch let itemError as CommerceError where itemError.code == .badRequest {
                        let reason = ([itemError.message] + itemError.details).joined(separator: " ")
                        if try await park(send.level, reason: reason, into: &changes) { report.parked += 1 }
                    }
                }
            }
        }
        return report
    }

    static func entityKey(_ level: InventoryLevel) -> String { "\(level.sku)@\(level.sourceCode)" }

    /// Records the level as pushed and, for the default source (the one Commerce's legacy stock item mirrors), the
    /// echo its stock item event will be.
    private func remember(_ send: (level: InventoryLevel, item: SourceItem), in changes: inout StoreChanges) {
        let level = send.level
        changes.recordContentHash("\(level.quantity)", for: EntityReference(.inventory, origin, Self.entityKey(level)))
        guard level.sourceCode == "default" else { return }
        var fields: [String: JSONValue] = [:]
        if let quantity = send.item.quantity { fields["qty"] = .number(quantity) }
        if let status = send.item.stockStatus { fields["is_in_stock"] = .number(status == .inStock ? 1 : 0) }
        changes.recordEcho(
            .commerceWrite(kind: "stock", sku: level.sku, fields: fields),
            until: changes.time.addingTimeInterval(EchoFingerprint.commerceEventWindow.seconds))
    }

    /// Parks a level once per reason; returns whether it was parked now.
    private func park(_ level: InventoryLevel, reason: String, into changes: inout StoreChanges) async throws -> Bool {
        try await store.parkOnce(
            ReviewItem.Draft(
                entity: EntityReference(.inventory, origin, Self.entityKey(level)), reason: reason,
                rule: "inventorySync", incomingValue: try? JSONValue(encoding: level), correlationID: "inventory-sync"),
            into: &changes)
    }
}
