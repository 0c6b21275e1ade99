public import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The eventually-consistent customer master: customers are written in Commerce and in the other system
/// (ERP or CRM); each pass reads both sides' changes, orders them per customer, settles differences through
/// the ownership rules and conflict policy (every decision audited), and writes the result to whichever
/// side differs, so both converge.
///
/// ```swift
/// let customers = CustomerMasterEngine(
///     commerce: client, master: crm, masterSystem: .crm, store: store,
///     arbiter: SyncArbiter(ownership: rules, policy: .fieldMerge(rules).then(.lastWriterWins())), time: .system)
/// let report = try await customers.sync()
/// ```
public struct CustomerMasterEngine: Sendable {
    /// What is shared and how far to look back.
    public struct Configuration: Sendable {
        /// The customer fields both systems hold (Commerce keys).
        public var sharedFields = ["firstname", "lastname", "taxvat"]
        /// Records read per side and pass (at most 300: Magento's page-size limit).
        public var pageSize = 200
        /// How far before the checkpoints each pass starts again.
        public var overlap: Duration = .seconds(300)
        /// The Commerce website new customers are created in.
        public var websiteID = 1

        /// The defaults.
        public init() {}
    }

    /// What one pass did.
    public struct Report: Sendable, Hashable {
        /// Customers compared.
        public var compared = 0
        /// Customers written to Commerce (created or updated).
        public var writtenToCommerce = 0
        /// Customers written to the master system.
        public var writtenToMaster = 0
        /// Customers set aside for review.
        public var parked = 0
    }

    /// The configuration.
    public let configuration: Configuration
    /// Progress events of every pass.
    public var progress: AsyncStream<SyncProgress> { channel.stream }
    private let channel = ProgressChannel(engine: "customers")
    private let commerce: AdobeCommerceClient
    private let master: any CustomerMaster
    private let masterSystem: SystemID
    private let store: any ConnectorStore
    private let arbiter: SyncArbiter
    private let time: TimeSource

    /// Creates the engine.
    /// - Parameters:
    ///   - commerce: The Commerce client.
    ///   - master: The other side.
    ///   - masterSystem: Which system `master` is (`.erp` or `.crm`), for ownership and audit.
    ///   - store: Checkpoints, ID map, review queue and audit log.
    ///   - arbiter: Ownership and conflict policy; give customer fields to both systems as you need.
    ///   - configuration: Shared fields, paging and overlap.
    ///   - time: The clock.
    public init(
        commerce: AdobeCommerceClient,
        master: any CustomerMaster,
        masterSystem: SystemID,
        store: any ConnectorStore,
        arbiter: SyncArbiter,
        configuration: Configuration = Configuration(),
        time: TimeSource
    ) {
        self.commerce = commerce
        self.master = master
        self.masterSystem = masterSystem
        self.store = store
        self.arbiter = arbiter
        self.configuration = configuration
        self.time = time
    }

    private var commerceCheckpoint: String { "commerce.customers" }
    private var masterCheckpoint: String { "\(masterSystem).customers" }

    /// One pass over both sides' changes.
    public func sync() async throws -> Report {
        var report = Report()
        let commercePoint = try await store.checkpoint(named: commerceCheckpoint)
        let masterPoint = try await store.checkpoint(named: masterCheckpoint)
        let commerceStart = commercePoint?.windowStart(overlap: configuration.overlap) ?? .distantPast
        let masterStart = masterPoint?.windowStart(overlap: configuration.overlap) ?? .distantPast

        var commerceChanges: [String: Customer] = [:]
        var commerceTimes: [Date] = []
        let criteria = SearchCriteria().filter("updated_at", .gteq, MagentoDate(commerceStart).rawValue).sorted(
            by: "updated_at"
        )
        .page(size: configuration.pageSize)
        for try await customer in commerce.customers.pages(criteria).items {
            guard let email = customer.email?.lowercased() else { continue }
            let time = customer.updatedAt?.date ?? .distantPast
            commerceTimes.append(time)
            if let known = commerceChanges[email], (known.updatedAt?.date ?? .distantPast) > time { continue }
            commerceChanges[email] = customer
        }
        var masterChanges: [String: MasterCustomer] = [:]
        let masterRecords = try await master.customerChanges(since: masterStart, limit: configuration.pageSize)
        for record in masterRecords {
            let email = record.email.lowercased()
            if let known = masterChanges[email], Self.isNewer(known, than: record) { continue }
            masterChanges[email] = record
        }

        var changes = StoreChanges(time: time.now())
        for email in Set(commerceChanges.keys).union(masterChanges.keys).sorted() {
            report.compared += 1
            let commerceSide: Customer?
            if let changed = commerceChanges[email] {
                commerceSide = changed
            } else {
                commerceSide = try await commerce.customers.search(SearchCriteria().filter("email", .eq, email)).items
                    .first
            }
            let masterSide = masterChanges[email]
            try await settle(
                email: email, commerce: commerceSide, master: masterSide, changes: &changes, report: &report)
        }
        changes.saveCheckpoint(
            (commercePoint ?? Checkpoint(name: commerceCheckpoint, position: .distantPast, updatedAt: time.now()))
                .advanced(through: commerceTimes, at: time.now()))
        changes.saveCheckpoint(
            (masterPoint ?? Checkpoint(name: masterCheckpoint, position: .distantPast, updatedAt: time.now()))
                .advanced(through: masterRecords.map(\.updatedAt), at: time.now()))
        try await store.commit(changes)
        channel.report(
            "converge", processed: report.writtenToCommerce + report.writtenToMaster, total: report.compared,
            errors: report.parked)
        return report
    }

    /// Passes every `interval` until the task is cancelled; a failed pass is reported and the next one runs.
    public func run(every interval: Duration) async {
        await channel.loop(every: interval, time: time) { _ = try await sync() }
    }

    private static func isNewer(_ left: MasterCustomer, than right: MasterCustomer) -> Bool {
        if let a = left.version, let b = right.version, a != b { return a > b }
        return left.updatedAt > right.updatedAt
    }

    private func fields(of customer: Customer) -> [String: JSONValue] {
        let values: [String: String?] = [
            "firstname": customer.firstname, "lastname": customer.lastname, "taxvat": customer.taxvat,
        ]
        var result: [String: JSONValue] = [:]
        for field in configuration.sharedFields {
            if let value = values[field] ?? nil { result[field] = .string(value) }
        }
        return result
    }

    private func settle(
        email: String,
        commerce commerceCustomer: Customer?,
        master masterCustomer: MasterCustomer?,
        changes: inout StoreChanges,
        report: inout Report
    ) async throws {
        let entity = EntityReference(.customer, .commerce, email)
        let masterFields = masterCustomer.map { record in
            record.fields.filter { configuration.sharedFields.contains($0.key) }.mapValues(JSONValue.string)
        }
        let correlation = "customer-\(email)"
        var target: [String: JSONValue]
        switch (commerceCustomer, masterFields) {
        case (nil, nil):
            return
        case (nil, let incoming?):
            target = incoming
        case (let customer?, nil):
            target = fields(of: customer)
        case (let customer?, let incoming?):
            let decision = arbiter.decide(
                entity: entity,
                incoming: VersionedRecord(
                    system: masterSystem, fields: incoming, version: nil, timestamp: masterCustomer?.updatedAt),
                current: VersionedRecord(
                    system: .commerce, fields: fields(of: customer), timestamp: customer.updatedAt?.date),
                correlationID: correlation, time: time.now())
            changes.append(decision.changes)
            switch decision.action {
            case .park:
                report.parked += 1
                return
            case .skip:
                target = fields(of: customer)
            case .apply(let resolved):
                target = resolved
            }
        }
        let text = target.compactMapValues(\.stringValue)
        if commerceCustomer.map({ fields(of: $0) }) != target {
            var customer =
                commerceCustomer ?? Customer(email: masterCustomer?.email ?? email, firstname: "", lastname: "")
            customer.firstname = text["firstname"] ?? customer.firstname
            customer.lastname = text["lastname"] ?? customer.lastname
            customer.taxvat = text["taxvat"] ?? customer.taxvat
            if customer.id == nil {
                customer.websiteID = configuration.websiteID
                _ = try await commerce.customers.create(customer)
            } else {
                _ = try await commerce.customers.update(customer)
            }
            report.writtenToCommerce += 1
        }
        if masterFields != target {
            let record = MasterCustomer(
                masterID: masterCustomer?.masterID, email: masterCustomer?.email ?? commerceCustomer?.email ?? email,
                fields: text,
                updatedAt: time.now())
            let key = "customer:\(email):\(CanonicalJSON.hash(.object(target)).prefix(16))"
            let masterID = try await master.upsertCustomer(record, idempotencyKey: key)
            let mappingKey = MappingKey(.customer, from: .commerce, email, to: masterSystem)
            if case .claimed(let token) = try await store.claimMapping(mappingKey, token: key, now: time.now()) {
                changes.completeMapping(mappingKey, token: token, targetID: masterID)
            }
            report.writtenToMaster += 1
        }
    }
}
