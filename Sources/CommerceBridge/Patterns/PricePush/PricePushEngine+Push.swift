import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension PricePushEngine {
    /// A row on its way to Commerce: to save, or (when ``deleting``) to delete.
    struct Pending {
        var row: PriceListRow
        var fingerprint: String
        var item: PricePushItem
        var deleting: Bool
    }

    /// The routes, in the order a pass calls them: deletions first, so a tier whose key changed is gone before
    /// its successor is added.
    enum Route: CaseIterable {
        case deleteSpecial, deleteTier, base, special, tier, cost
    }

    /// Pushes `incoming`; with `complete`, the list is the whole price list and the special and tier prices of its
    /// SKUs that it no longer holds are deleted.
    func push(_ incoming: [PriceListRow], complete: Bool) async throws -> Report {
        var report = Report()
        report.read = incoming.count
        var changes = StoreChanges(time: time.now())
        var owned: [PriceListRow.Kind: Bool] = [:]
        for kind in PriceListRow.Kind.allCases {
            let verdict = ownership.evaluate(kind: .price, fields: [kind.rawValue], origin: origin)
            owned[kind] = verdict.disposition == .apply
            if verdict.disposition != .apply, incoming.contains(where: { $0.kind == kind }) {
                changes.audit(
                    AuditRecord(
                        ownership: verdict, entity: EntityReference(.price, origin, "\(kind)/*"), incoming: nil,
                        correlationID: "price-push", time: time.now()))
            }
        }
        // The newest row per key; of equal times the later in the list. Each key is built once.
        var newest: [String: Int] = [:]
        newest.reserveCapacity(incoming.count)
        var incomingKeys: [String] = []
        incomingKeys.reserveCapacity(incoming.count)
        for (index, row) in incoming.enumerated() {
            let key = row.key
            incomingKeys.append(key)
            guard owned[row.kind] == true else {
                report.notOwned += 1
                continue
            }
            if let known = newest[key], incoming[known].updatedAt > row.updatedAt { continue }
            newest[key] = index
        }
        let order = newest.values.sorted()
        let rows = order.map { incoming[$0] }
        let rowKeys = order.map { incomingKeys[$0] }
        let skus = Array(Set(rows.map(\.sku)))
        var listed = try await store.contentHashes(kind: Self.indexKind, system: origin, keys: skus)
            .mapValues(Self.indexEntries)
        var dropped: [(sku: String, key: String)] = []
        if complete {
            let present = Set(newest.keys)
            for (sku, keys) in listed {
                for key in keys.sorted() where !present.contains(key) { dropped.append((sku, key)) }
            }
        }
        let known = try await store.contentHashes(
            kind: Self.rowKind, system: origin, keys: rowKeys + dropped.map(\.key))
        var resolver = StoreViewResolver(scope: configuration.priceScope, commerce: commerce)

        var pending: [Route: [Pending]] = [:]
        func enqueue(_ row: PriceListRow, fingerprint: String, deleting: Bool) async throws {
            let item = try await pattern.beforeSend(
                try pattern.map(row, storeID: try await resolver.storeID(for: row)), row: row)
            pending[Self.route(of: item, deleting: deleting), default: []].append(
                Pending(row: row, fingerprint: fingerprint, item: item, deleting: deleting))
        }
        for (sku, key) in dropped {
            guard let fingerprint = known[key], let old = Self.row(fromFingerprint: fingerprint, sku: sku) else {
                continue
            }
            do {
                try await enqueue(old, fingerprint: fingerprint, deleting: true)
            } catch let error as MappingError {
                if try await park(old, reason: error.description, into: &changes) { report.parked += 1 }
                report.rejected += 1
            }
        }
        for (row, key) in zip(rows, rowKeys) {
            do {
                if row.isRemoved {
                    guard row.kind == .special || row.kind == .tier else {
                        throw MappingError(
                            record: "\(row.kind) price \"\(row.key)\"", field: "removed",
                            message: "Magento keeps a \(row.kind) price for every product: send a new one instead")
                    }
                    if let fingerprint = known[key], let old = Self.row(fromFingerprint: fingerprint, sku: row.sku) {
                        try await enqueue(old, fingerprint: fingerprint, deleting: true)
                    }
                    continue
                }
                try resolver.check(row)
                try pattern.validate(row)
                let fingerprint = Self.fingerprint(row)
                if known[key] == fingerprint {
                    report.unchanged += 1
                    continue
                }
                let previous = known[key].flatMap { Self.row(fromFingerprint: $0, sku: row.sku) }
                // Magento's special-price save leaves a date it is not sent: a date the ERP cleared is deleted first.
                if let previous, row.kind == .special,
                    (previous.activeFrom != nil && row.activeFrom == nil)
                        || (previous.activeTo != nil && row.activeTo == nil)
                {
                    try await enqueue(previous, fingerprint: known[key] ?? "", deleting: true)
                }
                try await enqueue(row, fingerprint: fingerprint, deleting: false)
            } catch let error as MappingError {
                if try await park(row, reason: error.description, into: &changes) { report.parked += 1 }
                report.rejected += 1
            }
        }

        let limit = max(1, configuration.itemsPerRequest)
        let total = pending.values.reduce(0) { $0 + $1.count }
        for items in pending.values { report.minimumCalls += (items.count + limit - 1) / limit }
        var dirty: Set<String> = []
        var sinceCommit = 0
        var done = 0
        for route in Route.allCases {
            let items = pending[route] ?? []
            for start in stride(from: 0, to: items.count, by: limit) {
                let chunk = Array(items[start..<min(start + limit, items.count)])
                let results = try await send(route, chunk.map(\.item))
                report.calls += 1
                let failures = Self.attribute(results, to: chunk.map(\.item))
                var saved: [PricePushItem] = []
                for (offset, entry) in chunk.enumerated() {
                    if let reasons = failures[offset] {
                        report.failed += 1
                        let reason = reasons.joined(separator: " ")
                        if try await park(entry.row, reason: reason, into: &changes) { report.parked += 1 }
                        continue
                    }
                    let reference = EntityReference(Self.rowKind, origin, entry.row.key)
                    if entry.deleting {
                        changes.recordContentHash("", for: reference)
                        listed[entry.row.sku, default: []].remove(entry.row.key)
                        report.deleted[entry.row.kind, default: 0] += 1
                    } else {
                        changes.recordContentHash(entry.fingerprint, for: reference)
                        if entry.row.kind == .special || entry.row.kind == .tier {
                            listed[entry.row.sku, default: []].insert(entry.row.key)
                        }
                        report.pushed[entry.row.kind, default: 0] += 1
                        saved.append(entry.item)
                    }
                    dirty.insert(entry.row.sku)
                }
                if !saved.isEmpty { try await pattern.afterSend(saved) }
                sinceCommit += chunk.count
                done += chunk.count
                if sinceCommit >= configuration.rowsPerCommit {
                    try await commit(&changes, index: listed, dirty: &dirty)
                    sinceCommit = 0
                    channel.report("push", processed: done, total: total, errors: report.failed)
                }
            }
        }
        try await commit(&changes, index: listed, dirty: &dirty)
        return report
    }

    /// Commits `changes` with the index of every SKU in `dirty`, and starts afresh.
    private func commit(_ changes: inout StoreChanges, index: [String: Set<String>], dirty: inout Set<String>)
        async throws
    {
        for sku in dirty {
            changes.recordContentHash(
                (index[sku] ?? []).sorted().joined(separator: "\n"), for: EntityReference(Self.indexKind, origin, sku))
        }
        try await store.commit(changes)
        changes = StoreChanges(time: time.now())
        dirty.removeAll(keepingCapacity: true)
    }

    /// Parks a row once per reason; returns whether it was parked now.
    private func park(_ row: PriceListRow, reason: String, into changes: inout StoreChanges) async throws -> Bool {
        try await store.parkOnce(
            ReviewItem.Draft(
                entity: EntityReference(.price, origin, row.key), reason: reason, rule: "pricePush",
                incomingValue: try? JSONValue(encoding: row), correlationID: "price-push"),
            into: &changes)
    }

    static func route(of item: PricePushItem, deleting: Bool) -> Route {
        switch item {
        case .base: .base
        case .special: deleting ? .deleteSpecial : .special
        case .tier: deleting ? .deleteTier : .tier
        case .cost: .cost
        }
    }

    /// One call of `route` with `items` (all of the route's kind).
    private func send(_ route: Route, _ items: [PricePushItem]) async throws -> [PriceUpdateResult] {
        let prices = commerce.prices
        switch route {
        case .base:
            return try await prices.updateBasePrices(items.compactMap { if case .base(let v) = $0 { v } else { nil } })
        case .special:
            return try await prices.updateSpecialPrices(
                items.compactMap { if case .special(let v) = $0 { v } else { nil } })
        case .deleteSpecial:
            return try await prices.deleteSpecialPrices(
                items.compactMap { if case .special(let v) = $0 { v } else { nil } })
        case .tier:
            return try await prices.updateTierPrices(items.compactMap { if case .tier(let v) = $0 { v } else { nil } })
        case .deleteTier:
            return try await prices.deleteTierPrices(items.compactMap { if case .tier(let v) = $0 { v } else { nil } })
        case .cost:
            return try await prices.updateCosts(items.compactMap { if case .cost(let v) = $0 { v } else { nil } })
        }
    }

    // MARK: Content kept per row

    /// What is kept of a pushed row: its whole content (shorter than a hash for a price, and enough to delete it
    /// later), fields separated by U+001F.
    static func fingerprint(_ row: PriceListRow) -> String {
        [
            row.kind.rawValue, String(row.website), row.amount.description,
            row.activeFrom.map { MagentoDate($0).rawValue } ?? "", row.activeTo.map { MagentoDate($0).rawValue } ?? "",
            row.quantity.description, row.customerGroup, row.isDiscount ? "discount" : "fixed",
        ].joined(separator: "\u{1F}")
    }

    /// The row a fingerprint was made of; `nil` for an empty (deleted) or unreadable one.
    static func row(fromFingerprint fingerprint: String, sku: String) -> PriceListRow? {
        let fields = fingerprint.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 8, let kind = PriceListRow.Kind(rawValue: fields[0]), let website = Int(fields[1]),
            let amount = Decimal(string: fields[2], locale: nil), let quantity = Decimal(string: fields[5], locale: nil)
        else { return nil }
        return PriceListRow(
            sku: sku, kind: kind, website: website, amount: amount,
            activeFrom: fields[3].isEmpty ? nil : MagentoDate(rawValue: fields[3]).date,
            activeTo: fields[4].isEmpty ? nil : MagentoDate(rawValue: fields[4]).date, quantity: quantity,
            customerGroup: fields[6], isDiscount: fields[7] == "discount")
    }

    static func indexEntries(_ value: String) -> Set<String> {
        Set(value.split(separator: "\n").map(String.init))
    }
}

/// The store view each website's base, special and cost prices are written through, read once per pass when a row
/// needs one.
struct StoreViewResolver {
    let scope: PricePushEngine.PriceScope
    let commerce: AdobeCommerceClient
    private var stores: [Int: Int]?

    init(scope: PricePushEngine.PriceScope, commerce: AdobeCommerceClient) {
        self.scope = scope
        self.commerce = commerce
    }

    /// Refuses a row for a website when the price scope is global.
    func check(_ row: PriceListRow) throws {
        guard scope == .global, row.website != 0 else { return }
        throw MappingError(
            record: "\(row.kind) price \"\(row.key)\"", field: "website",
            message: "is \(row.website) but the price scope is global, where Magento keeps one price for every "
                + "website: send website 0, or set the catalog price scope to website and configure the engine so")
    }

    /// The store id for `row`: `0` for website 0 and for tier prices (which carry the website themselves), else the
    /// website's first store view.
    mutating func storeID(for row: PriceListRow) async throws -> Int {
        guard row.website != 0, row.kind != .tier else { return 0 }
        if stores == nil {
            var first: [Int: Int] = [:]
            for view in try await commerce.store.storeViews() {
                guard let id = view.id, id != 0, let website = view.websiteID else { continue }
                first[website] = min(first[website] ?? id, id)
            }
            stores = first
        }
        guard let store = stores?[row.website] else {
            throw MappingError(
                record: "\(row.kind) price \"\(row.key)\"", field: "website",
                message: "is \(row.website), a website with no store view in Commerce")
        }
        return store
    }
}
