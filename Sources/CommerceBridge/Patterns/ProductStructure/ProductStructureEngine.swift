public import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Product structure from the ERP or PIM: variant families become configurable products with simple children.
///
/// Per family that changed (a content hash over what the origin owns, images by the hash of their bytes), the engine
/// creates the attribute options the variants use when Commerce lacks them, writes the children and the parent
/// (through the `all` scope), adds the parent's configurable options, links the children, assigns websites, uploads
/// images (an unchanged image is never sent again; a changed one replaces its entry), and writes each store view's
/// text through that store view's code only. A variant gone from its family is disabled, unlinked or deleted as
/// ``Configuration/deletion`` says.
///
/// Everything is create-once across crashes: attribute options, configurable options and gallery entries are claimed
/// in the ID map before they are created, and a pending claim is resolved by reading Commerce (the option by its
/// label, the entry by the content hash in its file name); linking a child that is already linked is Magento's refusal
/// "The product is already attached." and counts as done. What Magento refuses is parked once, with its message, and
/// the rest of the family still goes. The ``ProductStructurePattern`` adapts validate, map, before-send and
/// after-send.
///
/// ```swift
/// let structure = ProductStructureEngine(commerce: client, source: erp, origin: .erp, store: store,
///                                        ownership: OwnershipRules.seedDefaults.overriding(.product, owner: .erp),
///                                        time: .system)
/// let report = try await structure.sync()      // families changed since the checkpoint
/// ```
public struct ProductStructureEngine: Sendable {
    /// Paging, overlap and the deletion rule.
    public struct Configuration: Sendable {
        /// Families read from the source per page.
        public var pageSize = 200
        /// How far before the checkpoint each pass starts again.
        public var overlap: Duration = .seconds(300)
        /// What a variant deleted in the source becomes in Commerce.
        public var deletion = VariantDeletionRule.disable

        /// The defaults: pages of 200, five minutes' overlap, deleted variants disabled.
        public init() {}
    }

    /// What one pass did.
    public struct Report: Sendable, Hashable, CustomStringConvertible {
        /// Families read from the source.
        public var read = 0
        /// Families sent because they changed.
        public var changed = 0
        /// Families skipped because their content hash is unchanged.
        public var unchanged = 0
        /// Products (parents and children) written.
        public var productsWritten = 0
        /// Attribute options created.
        public var optionsCreated = 0
        /// Configurable options added to parents.
        public var configurableOptionsCreated = 0
        /// Children linked.
        public var linksCreated = 0
        /// Links Commerce already had (a retry after a crash).
        public var linksAlreadyPresent = 0
        /// Website assignments added or removed.
        public var websiteChanges = 0
        /// Images uploaded for the first time.
        public var imagesUploaded = 0
        /// Images uploaded to replace a changed one.
        public var imagesReplaced = 0
        /// Images removed because the source no longer has them.
        public var imagesRemoved = 0
        /// Store-view writes (one per product and store view whose text changed).
        public var storeViewWrites = 0
        /// Variants disabled because the source deleted them.
        public var variantsDisabled = 0
        /// Variants unlinked because the source deleted them.
        public var variantsUnlinked = 0
        /// Variant products deleted because the source deleted them.
        public var variantsDeleted = 0
        /// Families, products or parts refused (by the pattern or by Magento) and parked for review.
        public var rejected = 0

        /// Creates an empty report.
        public init() {}

        mutating func add(_ other: Report) {
            read += other.read
            changed += other.changed
            unchanged += other.unchanged
            productsWritten += other.productsWritten
            optionsCreated += other.optionsCreated
            configurableOptionsCreated += other.configurableOptionsCreated
            linksCreated += other.linksCreated
            linksAlreadyPresent += other.linksAlreadyPresent
            websiteChanges += other.websiteChanges
            imagesUploaded += other.imagesUploaded
            imagesReplaced += other.imagesReplaced
            imagesRemoved += other.imagesRemoved
            storeViewWrites += other.storeViewWrites
            variantsDisabled += other.variantsDisabled
            variantsUnlinked += other.variantsUnlinked
            variantsDeleted += other.variantsDeleted
            rejected += other.rejected
        }

        /// `12 families read, 3 changed: 40 products, 5 options, 12 links, 3 images, 6 store-view writes, 1 disabled`.
        public var description: String {
            "\(read) families read, \(changed) changed: \(productsWritten) products, \(optionsCreated) options, "
                + "\(configurableOptionsCreated) configurable options, \(linksCreated) links, "
                + "\(imagesUploaded + imagesReplaced) images (\(imagesReplaced) replaced, \(imagesRemoved) removed), "
                + "\(storeViewWrites) store-view writes, \(websiteChanges) website changes, "
                + "\(variantsDisabled) disabled, \(variantsUnlinked) unlinked, \(variantsDeleted) deleted, "
                + "\(rejected) parked"
        }
    }

    /// Where the applied structure of each family is kept (``AppliedStructure``, by parent SKU).
    static let recordKind = EntityKind(rawValue: "productStructure")
    static let attributeOptionKind = EntityKind(rawValue: "attributeOption")
    static let configurableOptionKind = EntityKind(rawValue: "configurableOption")
    static let imageKind = EntityKind(rawValue: "productImage")
    static let rule = "productStructure"

    /// The configuration.
    public let configuration: Configuration
    /// Progress events of every pass.
    public var progress: AsyncStream<SyncProgress> { channel.stream }
    private let channel = ProgressChannel(engine: "structure")
    let commerce: AdobeCommerceClient
    private let source: any ProductStructureSource
    let origin: SystemID
    let store: any ConnectorStore
    let ownership: OwnershipRules
    private let pattern: any ProductStructurePattern
    let time: TimeSource

    /// Creates the engine.
    /// - Parameters:
    ///   - commerce: The Commerce client; global values go through the `all` scope, store-view text through each
    ///     store view's code.
    ///   - source: The owner of the variant families.
    ///   - origin: The system `source` speaks for (the PIM by default, as for ``CatalogSyncEngine``).
    ///   - store: Checkpoint, applied structure, ID map, review queue and audit.
    ///   - ownership: Which product fields (per store view scope for store-view text) the origin owns, and whether it
    ///     owns `status` (needed to disable deleted variants).
    ///   - pattern: The per-family steps.
    ///   - configuration: Paging, overlap and the deletion rule.
    ///   - time: The clock.
    public init(
        commerce: AdobeCommerceClient,
        source: any ProductStructureSource,
        origin: SystemID = .pim,
        store: any ConnectorStore,
        ownership: OwnershipRules = .seedDefaults,
        pattern: any ProductStructurePattern = DefaultProductStructure(),
        configuration: Configuration = Configuration(),
        time: TimeSource
    ) {
        self.commerce = commerce.scoped(to: .all)
        self.source = source
        self.origin = origin
        self.store = store
        self.ownership = ownership
        self.pattern = pattern
        self.configuration = configuration
        self.time = time
    }

    private var checkpointName: String { "\(origin).variantFamilies" }

    /// Sends the families changed since the checkpoint (less the overlap) whose owned content changed, a page at a
    /// time until the feed's end, advancing the checkpoint with each page.
    /// - Throws: The first failure that is not a refusal (Commerce unreachable, a server error, the store): the
    ///   checkpoint stays before the family it happened on, so the next pass starts there.
    public func sync() async throws -> Report {
        var window = try await DeltaWindow.open(checkpointName, overlap: configuration.overlap, in: store)
        return try await pass(from: window.start, force: false) { families, processed, changes in
            changes.saveCheckpoint(
                window.advance(through: families.prefix(processed).map(\.feedPosition), at: time.now()))
            return try await window.parkImplausible(
                families.map { (EntityReference(.product, origin, $0.parentSKU), $0.updatedAt) }, at: time.now(),
                in: store, into: &changes)
        }
    }

    /// Reads every family and sends what differs from what the engine last sent, even for families whose hash is
    /// unchanged: the repair pass after a refusal was fixed in Commerce (an attribute created, a store view added).
    public func fullPass() async throws -> Report {
        try await pass(from: .beginning, force: true) { _, _, _ in 0 }
    }

    /// Passes every `interval` until the task is cancelled; a failed pass is reported and the next one runs.
    public func run(every interval: Duration) async {
        await channel.loop(every: interval, time: time) { _ = try await sync() }
    }

    private func pass(
        from start: FeedCursor, force: Bool,
        afterPage: ([VariantFamily], Int, inout StoreChanges) async throws -> Int
    ) async throws -> Report {
        var report = Report()
        var failure: (any Error)?
        var cache = PassCache()
        let source = self.source
        try await DeltaWindow.read(from: start, pageSize: configuration.pageSize) { cursor, limit in
            try await source.variantFamilyChanges(after: cursor, limit: limit)
        } page: { families in
            var processed = 0
            let records = try await records(for: families.map(\.parentSKU))
            var applied = records
            for family in families {
                do {
                    let outcome = try await send(family, applied: applied[family.parentSKU], force: force, &cache)
                    applied[family.parentSKU] = outcome.record
                    processed += 1
                    report.add(outcome.report)
                } catch {
                    failure = error
                    break
                }
                channel.report("families", processed: report.read + processed, errors: report.rejected)
            }
            report.read += processed
            var changes = StoreChanges(time: time.now())
            report.rejected += try await afterPage(families, processed, &changes)
            try await store.commit(changes)
            return processed
        }
        channel.report(
            force ? "full" : "delta", processed: report.changed, total: report.read, errors: report.rejected)
        if let failure { throw failure }
        return report
    }

    /// The applied structure of each parent SKU the store holds.
    private func records(for skus: [String]) async throws -> [String: AppliedStructure] {
        let stored = try await store.contentHashes(kind: Self.recordKind, system: origin, keys: skus)
        var records: [String: AppliedStructure] = [:]
        for (sku, text) in stored {
            records[sku] = try? CommerceJSONDecoder().decode(AppliedStructure.self, from: Data(text.utf8))
        }
        return records
    }

    /// The family as the origin owns it: attributes (and store-view text, per store view scope) the ownership rules
    /// give to another system are left out.
    func owned(_ family: VariantFamily) -> VariantFamily {
        var owned = family
        if ownership.owner(of: .product, field: "name") != origin { owned.name = "" }
        owned.attributes = ownedAttributes(family.attributes)
        owned.localized = ownedText(family.localized)
        for index in owned.variants.indices {
            owned.variants[index].attributes = ownedAttributes(family.variants[index].attributes)
            owned.variants[index].localized = ownedText(family.variants[index].localized)
        }
        return owned
    }

    private func ownedAttributes(_ attributes: [String: String], scope: String? = nil) -> [String: String] {
        attributes.filter { ownership.owner(of: .product, field: $0.key, scope: scope) == origin }
    }

    private func ownedText(_ localized: [String: LocalizedContent]) -> [String: LocalizedContent] {
        var owned: [String: LocalizedContent] = [:]
        for (code, content) in localized {
            let values = ownedAttributes(content.values, scope: code)
            var text = LocalizedContent(name: values["name"], description: values["description"])
            text.attributes = values.filter { $0.key != "name" && $0.key != "description" }
            if !values.isEmpty { owned[code] = text }
        }
        return owned
    }

    /// The hash of the owned family: its change time left out, images by the hash of their bytes.
    static func hash(of family: VariantFamily) throws -> String {
        var view = family
        view.updatedAt = .distantPast
        func digest(_ images: [ProductImage]) -> [ProductImage] {
            images.map { image in
                var image = image
                image.content = Data(SHA256.hexHash(image.content).utf8)
                return image
            }
        }
        view.images = digest(view.images)
        for index in view.variants.indices { view.variants[index].images = digest(view.variants[index].images) }
        return CanonicalJSON.hash(try JSONValue(encoding: view))
    }

    /// Validates, maps and sends one family; returns what Commerce now holds for it (committed) and what was done.
    private func send(_ family: VariantFamily, applied: AppliedStructure?, force: Bool, _ cache: inout PassCache)
        async throws -> (record: AppliedStructure, report: Report)
    {
        let owned = owned(family)
        let hash = try Self.hash(of: owned)
        var work = FamilyWork(
            parentSKU: family.parentSKU, record: applied ?? AppliedStructure(),
            changes: StoreChanges(time: time.now()))
        if applied?.hash == hash, !force {
            work.report.unchanged = 1
            return (work.record, work.report)
        }
        work.report.changed = 1
        let plan: ProductStructurePlan
        do {
            try pattern.validate(owned)
            plan = try await pattern.beforeSend(try pattern.map(owned), family: owned)
        } catch let error as MappingError {
            try await park(family.parentSKU, error.description, &work)
            try await store.commit(work.changes)
            return (work.record, work.report)
        }
        try await apply(plan, &work, &cache)
        try await pattern.afterSend(plan)
        work.record.hash = hash
        work.changes.recordContentHash(
            String(decoding: try CommerceJSONEncoder().encode(work.record), as: UTF8.self),
            for: EntityReference(Self.recordKind, origin, family.parentSKU))
        work.changes.audit(
            AuditRecord(
                entity: EntityReference(.product, origin, family.parentSKU), action: "productStructure.applied",
                winner: origin, rule: Self.rule, explanation: work.report.description,
                correlationID: "structure-\(family.parentSKU)", time: work.changes.time))
        try await store.commit(work.changes)
        return (work.record, work.report)
    }

    /// Sends a plan: options, products, configurable options, links, deletions, websites, images, store-view text.
    private func apply(_ plan: ProductStructurePlan, _ work: inout FamilyWork, _ cache: inout PassCache) async throws {
        let parentSKU = plan.parentSKU
        // Option ids by attribute code and label; a family whose attributes Commerce refuses goes no further.
        var optionIDs: [String: [String: Int]] = [:]
        for code in plan.configurableAttributes {
            do {
                var labels: [String] = []
                for child in plan.children {
                    if let label = child.options[code], !labels.contains(label) { labels.append(label) }
                }
                for label in labels {
                    optionIDs[code, default: [:]][label] = try await optionID(code, label, &work, &cache)
                }
            } catch let refusal as CommerceError where Self.isRefusal(refusal) {
                try await park(parentSKU, "attribute \"\(code)\": \(refusal.message)", &work)
                return
            }
        }
        var sent: [ProductStructurePlan.Child] = []
        for child in plan.children {
            var product = child.product
            for (code, label) in child.options {
                if let id = optionIDs[code]?[label] { product.setCustomAttribute(code, to: String(id)) }
            }
            if try await write(product, &work) { sent.append(child) }
        }
        guard try await write(plan.parent, &work) else { return }
        do {
            for (position, code) in plan.configurableAttributes.enumerated() where work.record.options[code] == nil {
                let values = Array(Set(optionIDs[code]?.values.map { $0 } ?? [])).sorted()
                try await addConfigurableOption(parentSKU, code, position: position, values: values, &work, &cache)
            }
        } catch let refusal as CommerceError where Self.isRefusal(refusal) {
            try await park(parentSKU, "configurable option: \(refusal.message)", &work)
            return
        }
        for child in sent where !work.record.links.contains(child.sku) {
            try await link(child.sku, to: parentSKU, &work)
        }
        let current = Set(plan.children.map(\.sku))
        for sku in work.record.links where !current.contains(sku) { try await remove(sku, from: parentSKU, &work) }
        for (sku, images, localized) in [(parentSKU, plan.images, plan.localized)]
            + sent.map({ ($0.sku, $0.images, $0.localized) })
        {
            try await assignWebsites(sku, plan.websiteIDs, &work)
            try await sendImages(sku, images, &work)
            try await sendText(sku, localized, &work)
        }
    }

    /// Whether Magento refused the request (a 4xx other than authentication, permission and rate limits): park it,
    /// sending it again unchanged fails again.
    static func isRefusal(_ error: CommerceError) -> Bool {
        guard let status = error.httpStatus else { return false }
        return (400..<500).contains(status) && ![401, 403, 408, 429].contains(status)
    }

    /// Parks a refusal once.
    func park(_ sku: String, _ reason: String, _ work: inout FamilyWork) async throws {
        let draft = ReviewItem.Draft(
            entity: EntityReference(.product, origin, sku), reason: reason, rule: Self.rule,
            correlationID: "structure-\(work.parentSKU)")
        if try await store.parkOnce(draft, into: &work.changes) { work.report.rejected += 1 }
    }
}

/// One family's pass: what Commerce holds, the store changes to commit with it, and the counts.
struct FamilyWork {
    let parentSKU: String
    var record: AppliedStructure
    var changes: StoreChanges
    var report = ProductStructureEngine.Report()
}

/// What one pass learnt of Commerce's attributes: id, label and option ids by upper-cased label, per attribute code.
struct PassCache {
    var attributes: [String: (id: Int, label: String, options: [String: Int])] = [:]
}
