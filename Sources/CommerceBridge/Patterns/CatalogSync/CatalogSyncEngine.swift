public import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Catalog sync from the PIM (or ERP): an initial full load, then deltas only.
///
/// Only the attributes the source owns (per the ownership rules) are sent. A content hash per SKU over
/// those attributes decides what changed; changed products go through the async bulk API in chunks
/// (`AdobeCommerceConfiguration.bulkChunkSize`) with global (`all`) scope, and the bulk status is polled.
/// Operations Commerce fails are queued in the outbox and retried one by one; those it refuses outright end
/// in the dead-letter queue. ``fullPass(detectDrift:)`` also compares Commerce's current values and overwrites drift:
/// the catalog is read-only in Commerce for fields the source owns. A ``CatalogSyncPattern`` adapts the steps
/// per product (validate, map, before-send, after-send); a product it refuses is parked for review.
///
/// ```swift
/// let catalog = CatalogSyncEngine(commerce: client, source: pim, store: store, time: .system)
/// let report = try await catalog.sync()      // deltas since the checkpoint
/// ```
public struct CatalogSyncEngine: Sendable {
    /// Paging, overlap and polling.
    public struct Configuration: Sendable {
        /// Products read from the source per pass.
        public var pageSize = 10_000
        /// How far before the checkpoint each delta pass starts again.
        public var overlap: Duration = .seconds(300)
        /// The wait between bulk status polls.
        public var pollInterval: Duration = .seconds(2)
        /// Polls before a bulk is left to the next pass.
        public var maximumPolls = 150
        /// The outbox that retries failed operations.
        public var retries = OutboxDispatcher.Configuration()

        /// The defaults.
        public init() {}
    }

    /// What one pass did.
    public struct Report: Sendable, Hashable {
        /// Products read from the source.
        public var read = 0
        /// Products whose owned content changed (or drifted) and were sent.
        public var changed = 0
        /// Products skipped because their content hash is unchanged.
        public var unchanged = 0
        /// Products whose Commerce values had drifted from the source (full pass only).
        public var drifted = 0
        /// Bulk requests made.
        public var bulkRequests = 0
        /// Operations completed by Commerce.
        public var completed = 0
        /// Operations that failed and were queued for retry.
        public var queuedForRetry = 0
        /// Products the pattern refused, parked for review.
        public var rejected = 0
        /// Outbox results for the retries.
        public var retries = OutboxDispatcher.Report()
        /// What the product structure engine did after the products, when the catalog sync has one.
        public var structure: ProductStructureEngine.Report?

        mutating func add(_ other: Report) {
            read += other.read
            changed += other.changed
            unchanged += other.unchanged
            drifted += other.drifted
            bulkRequests += other.bulkRequests
            completed += other.completed
            queuedForRetry += other.queuedForRetry
            rejected += other.rejected
            retries.add(other.retries)
            if let more = other.structure {
                var merged = structure ?? ProductStructureEngine.Report()
                merged.add(more)
                structure = merged
            }
        }
    }

    static let topic = "catalog.update"

    /// The configuration.
    public let configuration: Configuration
    /// Progress events of every pass.
    public var progress: AsyncStream<SyncProgress> { channel.stream }
    private let channel = ProgressChannel(engine: "catalog")
    private let commerce: AdobeCommerceClient
    private let source: any ProductInformationSource
    private let origin: SystemID
    private let store: any ConnectorStore
    private let ownership: OwnershipRules
    private let pattern: any CatalogSyncPattern
    private let time: TimeSource
    private let dispatcher: OutboxDispatcher
    private let structure: ProductStructureEngine?

    /// Creates the engine.
    /// - Parameters:
    ///   - commerce: The Commerce client; writes go through the `all` scope.
    ///   - source: The owner of product information.
    ///   - origin: The system `source` speaks for (the PIM by default).
    ///   - store: Checkpoint, content hashes, outbox and audit.
    ///   - ownership: Which product fields the origin owns.
    ///   - pattern: The per-product steps.
    ///   - configuration: Paging, overlap, polling and retries.
    ///   - structure: The variant families to make configurable products of after each pass's products, if any
    ///     (``ProductStructureEngine``): ``sync()`` runs its ``ProductStructureEngine/sync()`` and ``fullPass(detectDrift:)``
    ///     its ``ProductStructureEngine/fullPass()``.
    ///   - time: The clock.
    public init(
        commerce: AdobeCommerceClient,
        source: any ProductInformationSource,
        origin: SystemID = .pim,
        store: any ConnectorStore,
        ownership: OwnershipRules = .seedDefaults,
        pattern: any CatalogSyncPattern = DefaultCatalogSync(),
        configuration: Configuration = Configuration(),
        structure: ProductStructureEngine? = nil,
        time: TimeSource
    ) {
        self.commerce = commerce.scoped(to: .all)
        self.source = source
        self.origin = origin
        self.store = store
        self.ownership = ownership
        self.pattern = pattern
        self.configuration = configuration
        self.structure = structure
        self.time = time
        let writer = self.commerce
        dispatcher = OutboxDispatcher(
            store: store, configuration: configuration.retries, time: time,
            handlers: [
                Self.topic: { message, changes in
                    let update = try CommerceJSONDecoder().decode(PendingUpdate.self, from: message.payload)
                    let origin = SystemID(rawValue: update.origin)
                    // A retry or a replayed dead letter older than what Commerce already has would revert it; one of
                    // the same time is stale only when it is the same content.
                    let applied = try await Self.appliedVersion(of: update.sku, origin: origin, in: store)
                    if let version = update.version?.millisecondsSince1970, let applied,
                        applied.version > version || (applied.version == version && applied.hash == update.hash)
                    {
                        changes.audit(
                            AuditRecord(
                                entity: EntityReference(.product, origin, update.sku), action: "catalog.staleUpdate",
                                winner: origin, rule: "newestVersion",
                                explanation: "dropped the update of \(version): a newer version is already in Commerce",
                                correlationID: message.correlationID, time: changes.time))
                        return
                    }
                    try await writer.products.update(update.product)
                    try await pattern.afterSend(update.product)
                    Self.recordApplied(
                        update.sku, hash: update.hash, version: update.version, over: applied?.version, origin: origin,
                        into: &changes)
                }
            ])
    }

    private var checkpointName: String { "\(origin).products" }

    /// Where the source version last applied to Commerce is kept, per SKU (milliseconds since 1970).
    static let versionKind = EntityKind(rawValue: "product.version")

    /// The source version (milliseconds since 1970) and content hash of the SKU Commerce last received.
    static func appliedVersion(of sku: String, origin: SystemID, in store: any ConnectorStore) async throws
        -> (version: Int64, hash: String?)?
    {
        guard
            let version = try await store.contentHashes(kind: versionKind, system: origin, keys: [sku])[sku]
                .flatMap({ Int64($0) })
        else { return nil }
        return (version, try await store.contentHashes(kind: .product, system: origin, keys: [sku])[sku])
    }

    /// Records that Commerce has this content and source version of a SKU; the recorded version only rises.
    static func recordApplied(
        _ sku: String, hash: String, version: Date?, over known: Int64?, origin: SystemID,
        into changes: inout StoreChanges
    ) {
        changes.recordContentHash(hash, for: EntityReference(.product, origin, sku))
        if let version = version?.millisecondsSince1970, version > known ?? .min {
            changes.recordContentHash(String(version), for: EntityReference(versionKind, origin, sku))
        }
    }

    /// Delivers this engine's outbox (product updates waiting for a retry) without reading the feed: for workers that
    /// only deliver, beside the one that runs ``sync()``.
    public func deliver() async throws -> OutboxDispatcher.Report {
        try await dispatcher.drain()
    }

    /// Sends the products changed since the checkpoint (less the overlap) whose owned content changed, a page at a
    /// time until the feed's end, advancing the checkpoint with each page.
    public func sync() async throws -> Report {
        var window = try await DeltaWindow.open(checkpointName, overlap: configuration.overlap, in: store)
        var report = Report()
        let source = self.source
        try await DeltaWindow.read(from: window.start, pageSize: configuration.pageSize) { cursor, limit in
            try await source.productChanges(after: cursor, limit: limit)
        } page: { products in
            var page = try await push(products, detectDrift: false)
            var changes = StoreChanges(time: time.now())
            page.rejected += try await window.parkImplausible(
                products.map { (EntityReference(.product, origin, $0.sku), $0.updatedAt) }, at: time.now(), in: store,
                into: &changes)
            changes.saveCheckpoint(window.advance(through: products.map(\.feedPosition), at: time.now()))
            try await store.commit(changes)
            report.add(page)
            return products.count
        }
        report.retries = try await dispatcher.drain()
        channel.report("delta", processed: report.completed, total: report.changed, errors: report.queuedForRetry)
        // The structure after the products: a configurable's children may be products this pass sent.
        report.structure = try await structure?.sync()
        return report
    }

    /// Passes every `interval` until the task is cancelled; a failed pass is reported and the next one runs.
    public func run(every interval: Duration) async {
        await channel.loop(every: interval, time: time) { _ = try await sync() }
    }

    /// Reads every product and sends those whose owned content changed; with `detectDrift`, also compares
    /// Commerce's current values and overwrites drift.
    public func fullPass(detectDrift: Bool = true) async throws -> Report {
        var report = Report()
        let source = self.source
        try await DeltaWindow.read(from: .beginning, pageSize: configuration.pageSize) { cursor, limit in
            try await source.productChanges(after: cursor, limit: limit)
        } page: { products in
            report.add(try await push(products, detectDrift: detectDrift))
            return products.count
        }
        report.retries = try await dispatcher.drain()
        channel.report("full", processed: report.completed, total: report.changed, errors: report.queuedForRetry)
        report.structure = try await structure?.fullPass()
        return report
    }

    /// The attributes of `product` the origin owns.
    func ownedAttributes(_ product: SourceProduct) -> [String: String] {
        product.attributes.filter { ownership.owner(of: .product, field: $0.key) == origin }
    }

    private func push(_ products: [SourceProduct], detectDrift: Bool) async throws -> Report {
        var report = Report()
        report.read = products.count
        // The newest version of each SKU in the page, in SKU order: the page's indexes sorted by SKU, then of each
        // run the one with the latest time, the later in the page among equal times.
        var byName = Array(products.indices)
        byName.sort { products[$0].sku < products[$1].sku }
        var ordered: [(sku: String, index: Int)] = []
        ordered.reserveCapacity(products.count)
        for index in byName {
            let product = products[index]
            if let last = ordered.last, last.sku == product.sku {
                // The latest time wins; of equal times, the later in the page (the sort need not be stable).
                let current = products[last.index].updatedAt
                if current < product.updatedAt || (current == product.updatedAt && last.index < index) {
                    ordered[ordered.count - 1].index = index
                }
            } else if Date.distantPast <= product.updatedAt {
                ordered.append((product.sku, index))
            }
        }
        let known = try await store.contentHashes(kind: .product, system: origin, keys: ordered.map(\.sku))
        var drifted: Set<String> = []
        if detectDrift {
            drifted = try await driftedSKUs(
                Dictionary(ordered.map { ($0.sku, products[$0.index]) }, uniquingKeysWith: { $1 }))
        }
        var pending: [(sku: String, hash: String, product: Product, version: Date)] = []
        var changes = StoreChanges(time: time.now())
        // Whether the origin owns a field, decided once per field name rather than once per product (a short list:
        // products share a handful of field names, and equal strings compare faster than they hash).
        var ownsField: [(field: String, owned: Bool)] = []
        var members: [(key: String, value: String)] = []
        for (sku, index) in ordered {
            let source = products[index]
            members.removeAll(keepingCapacity: true)
            for (field, value) in source.attributes {
                let owned: Bool
                if let decided = ownsField.first(where: { $0.field == field }) {
                    owned = decided.owned
                } else {
                    owned = ownership.owner(of: .product, field: field) == origin
                    if ownsField.count < 64 { ownsField.append((field, owned)) }
                }
                if owned { members.append((field, value)) }
            }
            // The same hash as CanonicalJSON.hash(.object(owned.mapValues(JSONValue.string))), built directly.
            let hash = CanonicalJSON.hash(stringMembers: &members)
            guard known[sku] != hash || drifted.contains(sku) else {
                report.unchanged += 1
                continue
            }
            let owned = [String: String](uniqueKeysWithValues: members)
            do {
                try pattern.validate(source)
                let product = try await pattern.beforeSend(
                    try pattern.map(source, ownedAttributes: owned), source: source)
                pending.append((sku, hash, product, source.updatedAt))
            } catch let error as MappingError {
                let parked = try await store.parkOnce(
                    ReviewItem.Draft(
                        entity: EntityReference(.product, origin, sku), reason: error.description, rule: "catalogSync",
                        incomingValue: .object(owned.mapValues(JSONValue.string)), correlationID: "catalog-\(sku)"),
                    into: &changes)
                if parked { report.rejected += 1 }
            }
        }
        report.changed = pending.count
        report.drifted = drifted.count
        guard !pending.isEmpty else {
            try await store.commit(changes)
            return report
        }
        // Versions matter only for what is sent.
        let appliedVersions = try await store.contentHashes(
            kind: Self.versionKind, system: origin, keys: pending.map(\.sku))
        let items = try pending.map { try BulkItem(path: ["sku": $0.sku], parts: ["product": $0.product]) }
        let submission = try await commerce.bulk.send(.productsUpdate, items: items)
        report.bulkRequests = submission.responses.count
        var outcome: [Int: Bool] = [:]
        for result in submission.items where !result.accepted { outcome[result.index] = false }
        var offset = 0
        for response in submission.responses {
            let count = response.requestItems?.count ?? 0
            defer { offset += count }
            guard let uuid = response.bulkUUID else { continue }
            let status = try await commerce.bulk.waitUntilFinished(
                bulkUUID: uuid, pollInterval: configuration.pollInterval, maximumPolls: configuration.maximumPolls)
            // An operation's id is its element's index in the request (MassSchedule); an element rejected at
            // submission has no operation, so positions in the list are not indexes.
            for operation in status.operationsList ?? [] {
                guard let index = operation.id, index >= 0, index < count, outcome[offset + index] == nil else {
                    continue
                }
                outcome[offset + index] = operation.state == .complete
            }
        }
        for (index, entry) in pending.enumerated() {
            if outcome[index] == true {
                var written: [String: JSONValue] = [:]
                if let name = entry.product.name { written["name"] = .string(name) }
                if let price = entry.product.price { written["price"] = .number(price) }
                changes.recordEcho(
                    .commerceWrite(kind: "product", sku: entry.sku, fields: written),
                    until: changes.time.addingTimeInterval(EchoFingerprint.commerceEventWindow.seconds))
                Self.recordApplied(
                    entry.sku, hash: entry.hash, version: entry.version,
                    over: appliedVersions[entry.sku].flatMap { Int64($0) }, origin: origin, into: &changes)
                try await pattern.afterSend(entry.product)
                report.completed += 1
            } else {
                let update = PendingUpdate(
                    sku: entry.sku, hash: entry.hash, origin: origin.rawValue, product: entry.product,
                    version: entry.version)
                changes.enqueue(
                    OutboxMessage.Draft(
                        destination: SystemID.commerce.rawValue, topic: Self.topic,
                        idempotencyKey: "\(Self.topic):\(entry.sku):\(entry.hash.prefix(16))",
                        correlationID: "catalog-\(entry.sku)",
                        payload: try CommerceJSONEncoder().encode(update)))
                report.queuedForRetry += 1
            }
        }
        try await store.commit(changes)
        return report
    }

    /// SKUs whose owned values in Commerce differ from the source's.
    private func driftedSKUs(_ products: [String: SourceProduct]) async throws -> Set<String> {
        var drifted: Set<String> = []
        let skus = products.keys.sorted()
        for start in stride(from: 0, to: skus.count, by: 100) {
            let chunk = Array(skus[start..<min(start + 100, skus.count)])
            let current = try await commerce.products.search(SearchCriteria().filter("sku", .in, chunk).page(size: 100))
            for product in current.items {
                guard let sku = product.sku,
                    let source = products[sku]
                        ?? products.first(where: { $0.key.lowercased() == sku.lowercased() })?.value
                else { continue }
                guard let mapped = try? pattern.map(source, ownedAttributes: ownedAttributes(source)),
                    let expected = try? await pattern.beforeSend(mapped, source: source)
                else { continue }
                let differs =
                    (expected.name != nil && expected.name != product.name)
                    || (expected.price != nil && expected.price != product.price)
                    || (expected.customAttributes ?? []).compactMap(\.attributeCode).contains {
                        product.customAttribute($0) != expected.customAttribute($0)
                    }
                if differs { drifted.insert(source.sku) }
            }
        }
        return drifted
    }
}

/// A product update waiting in the outbox after its bulk operation failed.
struct PendingUpdate: Codable {
    var sku: String
    var hash: String
    var origin: String
    var product: Product
    /// The source's change time of this version; absent in messages queued before versions were kept.
    var version: Date?
}
