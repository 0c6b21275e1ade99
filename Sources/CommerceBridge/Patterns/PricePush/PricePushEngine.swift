public import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Price push: the ERP's price list (base, special, tier and customer-group prices, cost) pushed to Commerce through
/// the price-storage routes, per website where the catalog's price scope is website.
///
/// Each run reads the whole list (``fullPass()``), or only its changes when the list has a change feed
/// (``sync()`` with an ``ERPPriceListChanges``). What was pushed last is kept in the connector store per row
/// (SKU, kind, website, and group and quantity for a tier), so only changed rows are sent, and a special or tier
/// price the ERP dropped is deleted through the delete routes. Rows go through the ``PricePushPattern``'s validate,
/// map and before-send steps, are sent per kind in chunks of ``Configuration/itemsPerRequest`` (Magento's input
/// limit for a synchronous call), and every `PriceUpdateResult` Magento answers is mapped back to the row it names:
/// that row is parked for review once and not recorded, so it is sent again next run; the others are recorded.
///
/// Prices are idempotent upserts, so a run that stops between Commerce's answer and the store's commit (a crash, a
/// lost answer) sends those rows again on the next run and nothing is lost or doubled.
///
/// ```swift
/// var configuration = PricePushEngine.Configuration()
/// configuration.priceScope = .website
/// let prices = PricePushEngine(commerce: client, list: erp, store: store, configuration: configuration, time: .system)
/// let report = try await prices.fullPass()
/// print(report)   // pushed base 120, tier 40 …, 2 parked, 9 calls
/// ```
public struct PricePushEngine: Sendable {
    /// Magento's catalog price scope (`catalog/price/scope`).
    public enum PriceScope: Sendable, Hashable {
        /// One price for every website: only website `0` rows are sent.
        case global
        /// A price per website: a row's website selects the store view its base, special and cost prices are
        /// written through.
        case website
    }

    /// Scope, chunking and paging.
    public struct Configuration: Sendable {
        /// The store's price scope; rows for a website other than `0` are refused (parked) under `.global`, where
        /// Magento would apply them to every website.
        public var priceScope = PriceScope.global
        /// Prices per call: Magento's input limit for an array of a synchronous call is 20 when input limits are on.
        public var itemsPerRequest = 20
        /// Rows recorded in the store per commit (a crash resends at most this many).
        public var rowsPerCommit = 1_000
        /// Rows read from a change feed per page.
        public var pageSize = 10_000
        /// How far before the checkpoint each delta pass starts again.
        public var overlap: Duration = .seconds(120)
        /// The checkpoint's name.
        public var checkpointName = "erp.prices"

        /// The defaults.
        public init() {}
    }

    /// What one pass did.
    public struct Report: Sendable, Hashable, CustomStringConvertible {
        /// Rows read from the list (duplicates included).
        public var read = 0
        /// Rows Commerce saved, per kind.
        public var pushed: [PriceListRow.Kind: Int] = [:]
        /// Special and tier prices deleted because the ERP dropped them, per kind.
        public var deleted: [PriceListRow.Kind: Int] = [:]
        /// Rows skipped because Commerce already has their content.
        public var unchanged = 0
        /// Rows Commerce refused in this pass (each named by a `PriceUpdateResult`).
        public var failed = 0
        /// Review items created in this pass (a row refused again with the same reason is not parked twice).
        public var parked = 0
        /// Rows the pattern or the engine refused before sending (bad values, a website under global scope).
        public var rejected = 0
        /// Rows of a kind the origin does not own.
        public var notOwned = 0
        /// Price-storage calls made.
        public var calls = 0
        /// The fewest calls the input limit allows for the rows sent: for each route, ceil(rows / limit).
        public var minimumCalls = 0

        /// Rows saved, every kind.
        public var pushedTotal: Int { pushed.values.reduce(0, +) }

        /// `read 12, pushed base 3 tier 2, deleted tier 1, unchanged 6, failed 1, parked 1, calls 4 (minimum 4)`.
        public var description: String {
            func kinds(_ counts: [PriceListRow.Kind: Int]) -> String {
                PriceListRow.Kind.allCases.compactMap { kind in counts[kind].map { "\(kind) \($0)" } }
                    .joined(separator: " ")
            }
            return "read \(read), pushed \(kinds(pushed).isEmpty ? "0" : kinds(pushed)), deleted "
                + "\(kinds(deleted).isEmpty ? "0" : kinds(deleted)), unchanged \(unchanged), failed \(failed), "
                + "parked \(parked), rejected \(rejected), not owned \(notOwned), calls \(calls) "
                + "(minimum \(minimumCalls))"
        }

        mutating func add(_ other: Report) {
            read += other.read
            pushed.merge(other.pushed, uniquingKeysWith: +)
            deleted.merge(other.deleted, uniquingKeysWith: +)
            unchanged += other.unchanged
            failed += other.failed
            parked += other.parked
            rejected += other.rejected
            notOwned += other.notOwned
            calls += other.calls
            minimumCalls += other.minimumCalls
        }
    }

    /// Where the content last pushed is kept, per ``PriceListRow/key``.
    static let rowKind = EntityKind(rawValue: "price.row")
    /// Where the special and tier rows in Commerce are listed, per SKU, so a row the ERP drops can be deleted.
    static let indexKind = EntityKind(rawValue: "price.rows")

    /// The configuration.
    public let configuration: Configuration
    /// Progress events of every pass.
    public var progress: AsyncStream<SyncProgress> { channel.stream }
    let channel = ProgressChannel(engine: "prices")
    let commerce: AdobeCommerceClient
    let list: any ERPPriceList
    let origin: SystemID
    let store: any ConnectorStore
    let ownership: OwnershipRules
    let pattern: any PricePushPattern
    let time: TimeSource

    /// Creates the engine.
    /// - Parameters:
    ///   - commerce: The Commerce client; the price routes are global (`all`), the row's store id scopes them.
    ///   - list: The owner's price list.
    ///   - origin: The system `list` speaks for (the ERP by default); ownership of `price` is checked against it.
    ///   - store: What was pushed, review queue, audit and checkpoint.
    ///   - ownership: Who owns prices (field `base`, `special`, `tier` or `cost` of kind `price`).
    ///   - pattern: The per-row steps.
    ///   - configuration: Scope, chunking and paging.
    ///   - time: The clock.
    public init(
        commerce: AdobeCommerceClient,
        list: any ERPPriceList,
        origin: SystemID = .erp,
        store: any ConnectorStore,
        ownership: OwnershipRules = .seedDefaults,
        pattern: any PricePushPattern = DefaultPricePush(),
        configuration: Configuration = Configuration(),
        time: TimeSource
    ) {
        self.commerce = commerce.scoped(to: .all)
        self.list = list
        self.origin = origin
        self.store = store
        self.ownership = ownership
        self.pattern = pattern
        self.configuration = configuration
        self.time = time
    }

    /// Pushes what changed: the change feed since the checkpoint (less the overlap) when the list has one, a page
    /// at a time with the checkpoint advanced per page; otherwise the whole list, as ``fullPass()``.
    public func sync() async throws -> Report {
        guard let feed = list as? any ERPPriceListChanges else { return try await fullPass() }
        var window = try await DeltaWindow.open(configuration.checkpointName, overlap: configuration.overlap, in: store)
        var report = Report()
        try await DeltaWindow.read(from: window.start, pageSize: configuration.pageSize) { cursor, limit in
            try await feed.priceChanges(after: cursor, limit: limit)
        } page: { rows in
            var page = try await push(rows, complete: false)
            var changes = StoreChanges(time: time.now())
            page.rejected += try await window.parkImplausible(
                rows.map { (EntityReference(.price, origin, $0.key), $0.updatedAt) }, at: time.now(), in: store,
                into: &changes)
            changes.saveCheckpoint(window.advance(through: rows.map(\.feedPosition), at: time.now()))
            try await store.commit(changes)
            report.add(page)
            return rows.count
        }
        channel.report("delta", processed: report.pushedTotal, total: report.read, errors: report.failed)
        return report
    }

    /// Reads the whole list and pushes what changed since the last pass, deleting the special and tier prices the
    /// ERP dropped (for the SKUs still in the list).
    public func fullPass() async throws -> Report {
        let rows = try await list.priceList()
        let report = try await push(rows, complete: true)
        channel.report("full", processed: report.pushedTotal, total: report.read, errors: report.failed)
        return report
    }

    /// Passes (``sync()``) every `interval` until the task is cancelled; a failed pass is reported and the next one
    /// runs.
    public func run(every interval: Duration) async {
        await channel.loop(every: interval, time: time) { _ = try await sync() }
    }
}
