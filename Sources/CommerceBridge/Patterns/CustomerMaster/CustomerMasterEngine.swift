public import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The eventually-consistent customer master: customers are written in Commerce and in the other system
/// (ERP or CRM); each pass reads both sides' changes, orders them per customer, settles differences through
/// the ownership rules and conflict policy (every decision audited), and writes the result to whichever
/// side differs, so both converge. The ``CustomerMasterPattern`` decides how each side's record reads and is
/// written; ``reconcile(repair:)`` compares every customer on both sides over the ID map.
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
        /// Records read per page (at most 300: Magento's page-size limit).
        public var pageSize = 200
        /// The most changes one pass reads from each side; the next pass goes on from where it stopped, so a large
        /// first sync makes progress pass by pass instead of all or nothing.
        public var maximumChangesPerPass = 10_000
        /// How far before the checkpoints each pass starts again.
        public var overlap: Duration = .seconds(300)
        /// The Commerce website new customers are created in.
        public var websiteID = 1
        /// How long a write to either side is recognised as the engine's own when that side's feed reports it back
        /// (by a fingerprint in the store, so on every worker); such an echo is skipped instead of synced back.
        public var echoTimeToLive: Duration = .seconds(86_400)

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
        /// Master records the pattern refused, parked for review.
        public var rejected = 0
        /// Changes that were the engine's own writes reported back (by this worker or another), skipped.
        public var echoes = 0
    }

    /// A customer found on one side only, or on both with different shared fields.
    public struct Finding: Sendable, Hashable {
        /// The e-mail (lower-cased).
        public var email: String
        /// The master's id, when the master or the ID map has one.
        public var masterID: String?
        /// The shared fields that differ (every shared field the present side holds, when one side is missing).
        public var fields: [String]
        /// What is wrong.
        public var reason: String
    }

    /// What a reconciliation found and did.
    public struct Reconciliation: Sendable, Hashable {
        /// Customers Commerce has and the master does not.
        public var missingInMaster: [Finding] = []
        /// Customers the master has and Commerce does not.
        public var missingInCommerce: [Finding] = []
        /// Customers on both sides whose shared fields differ.
        public var mismatched: [Finding] = []
        /// Customers written to one side or the other to repair a finding.
        public var repaired = 0
        /// ID-map entries written again (both sides have the customer, the map did not say so).
        public var remapped = 0
        /// Findings parked for review by this pass (one already on the review list is not parked again).
        public var parked = 0
        /// Customers that agree.
        public var matching = 0
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
    private let pattern: any CustomerMasterPattern
    private let time: TimeSource

    /// Creates the engine.
    /// - Parameters:
    ///   - commerce: The Commerce client.
    ///   - master: The other side.
    ///   - masterSystem: Which system `master` is (`.erp` or `.crm`), for ownership and audit.
    ///   - store: Checkpoints, ID map, review queue and audit log.
    ///   - arbiter: Ownership and conflict policy; give customer fields to both systems as you need.
    ///   - configuration: Shared fields, paging and overlap.
    ///   - pattern: How each side's record is read and written.
    ///   - time: The clock.
    public init(
        commerce: AdobeCommerceClient,
        master: any CustomerMaster,
        masterSystem: SystemID,
        store: any ConnectorStore,
        arbiter: SyncArbiter,
        configuration: Configuration = Configuration(),
        pattern: any CustomerMasterPattern = DefaultCustomerMaster(),
        time: TimeSource
    ) {
        self.commerce = commerce
        self.master = master
        self.masterSystem = masterSystem
        self.store = store
        self.arbiter = arbiter
        self.configuration = configuration
        self.pattern = pattern
        self.time = time
    }

    private var commerceCheckpoint: String { "commerce.customers" }
    private var masterCheckpoint: String { "\(masterSystem).customers" }

    /// One pass over both sides' changes.
    public func sync() async throws -> Report {
        var report = Report()
        var commerceWindow = try await DeltaWindow.open(commerceCheckpoint, overlap: configuration.overlap, in: store)
        var masterWindow = try await DeltaWindow.open(masterCheckpoint, overlap: configuration.overlap, in: store)

        // Both feeds are read to their ends (keyset pages), then every changed customer is settled once.
        var commerceChanges: [String: Customer] = [:]
        var commercePositions: [FeedCursor] = []
        let customers = commerce.customers
        let feed = CommerceChangeFeed<Customer>(
            search: { try await customers.search($0).items },
            position: { customer in
                guard let updated = customer.updatedAt?.date, let id = customer.id else { return nil }
                return (updated, id)
            })
        try await DeltaWindow.read(
            from: commerceWindow.start, pageSize: configuration.pageSize,
            maximumRecords: configuration.maximumChangesPerPass
        ) { cursor, limit in
            try await feed.changes(after: cursor, limit: limit)
        } page: { entries in
            for entry in entries {
                commercePositions.append(entry.feedPosition)
                guard let email = entry.item.email?.lowercased() else { continue }
                let time = entry.feedPosition.time
                if let known = commerceChanges[email], (known.updatedAt?.date ?? .distantPast) > time { continue }
                commerceChanges[email] = entry.item
            }
            return entries.count
        }
        var masterRecords: [MasterCustomer] = []
        let master = self.master
        try await DeltaWindow.read(
            from: masterWindow.start, pageSize: configuration.pageSize,
            maximumRecords: configuration.maximumChangesPerPass
        ) { cursor, limit in
            try await master.customerChanges(after: cursor, limit: limit)
        } page: { records in
            masterRecords += records
            return records.count
        }
        var changes = StoreChanges(time: time.now())
        var masterChanges: [String: MasterCustomer] = [:]
        for record in masterRecords {
            guard try await accepts(record, changes: &changes, rejected: &report.rejected) else { continue }
            let email = record.email.lowercased()
            if let known = masterChanges[email], Self.isNewer(known, than: record) { continue }
            masterChanges[email] = record
        }

        // A change whose content the engine itself wrote to that side (on any worker) is its echo: skip the customer
        // unless the other side changed too.
        let echoes = try await store.echoes(
            among: commerceChanges.map { echoFingerprint($0.key, .commerce, fields(of: $0.value)) }
                + masterChanges.map { echoFingerprint($0.key, masterSystem, fields(of: $0.value)) },
            now: time.now())
        for email in Set(commerceChanges.keys).union(masterChanges.keys).sorted() {
            let commerceEcho = commerceChanges[email].map {
                echoes.contains(echoFingerprint(email, .commerce, fields(of: $0)))
            }
            let masterEcho = masterChanges[email].map {
                echoes.contains(echoFingerprint(email, masterSystem, fields(of: $0)))
            }
            if commerceEcho ?? true, masterEcho ?? true {
                report.echoes += 1
                continue
            }
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
        report.parked += try await masterWindow.parkImplausible(
            masterRecords.map { (EntityReference(.customer, masterSystem, $0.email.lowercased()), $0.updatedAt) },
            at: time.now(), in: store, into: &changes)
        changes.saveCheckpoint(commerceWindow.advance(through: commercePositions, at: time.now()))
        changes.saveCheckpoint(masterWindow.advance(through: masterRecords.map(\.feedPosition), at: time.now()))
        try await store.commit(changes)
        channel.report(
            "converge", processed: report.writtenToCommerce + report.writtenToMaster, total: report.compared,
            errors: report.parked + report.rejected)
        return report
    }

    /// Passes every `interval` until the task is cancelled; a failed pass is reported and the next one runs.
    public func run(every interval: Duration) async {
        await channel.loop(every: interval, time: time) { _ = try await sync() }
    }

    /// Compares every customer on both sides over the ID map and reports what is missing or differs.
    ///
    /// With `repair` on: customers on both sides with different shared fields are settled as a pass would
    /// (ownership, then the conflict policy); a customer one side lacks is created there when the other side may
    /// write every shared field it holds and the ID map never linked it (a linked customer that vanished was
    /// deleted on purpose, and is parked); an ID-map entry that is missing is written again. Everything else is
    /// parked for review once.
    /// - Throws: `CommerceError` or ``AdapterError`` when a side cannot be listed; repairs made before are kept.
    public func reconcile(repair: Bool = true) async throws -> Reconciliation {
        var result = Reconciliation()
        var commerceCustomers: [String: Customer] = [:]
        let everyone = SearchCriteria().sorted(by: "entity_id").page(size: configuration.pageSize)
        for try await customer in commerce.customers.pages(everyone).items {
            if let email = customer.email?.lowercased() { commerceCustomers[email] = customer }
        }
        var changes = StoreChanges(time: time.now())
        var masterCustomers: [String: MasterCustomer] = [:]
        for record in try await master.allCustomers() {
            guard try await accepts(record, changes: &changes, rejected: &result.parked) else { continue }
            masterCustomers[record.email.lowercased()] = record
        }
        var pass = Report()
        for email in Set(commerceCustomers.keys).union(masterCustomers.keys).sorted() {
            let customer = commerceCustomers[email]
            let record = masterCustomers[email]
            let key = MappingKey(.customer, from: .commerce, email, to: masterSystem)
            var linked: String?
            if case .mapped(let id)? = try await store.mapping(key) { linked = id }
            switch (customer, record) {
            case (let customer?, let record?):
                let mine = fields(of: customer)
                let theirs = fields(of: record)
                let differing = Set(mine.keys).union(theirs.keys).filter { mine[$0] != theirs[$0] }.sorted()
                if differing.isEmpty, linked == nil || linked == record.masterID {
                    result.matching += 1
                    if linked == nil, repair, let masterID = record.masterID {
                        try await mapIfAbsent(key, to: masterID, changes: &changes)
                        result.remapped += 1
                    }
                    continue
                }
                let finding =
                    differing.isEmpty
                    ? Finding(
                        email: email, masterID: record.masterID, fields: [],
                        reason: "the ID map links \(linked ?? "") but the master's id is \(record.masterID ?? "none")")
                    : Finding(
                        email: email, masterID: record.masterID, fields: differing,
                        reason: "shared fields differ: \(differing.joined(separator: ", "))")
                result.mismatched.append(finding)
                if repair, !differing.isEmpty {
                    let before = pass
                    try await settle(email: email, commerce: customer, master: record, changes: &changes, report: &pass)
                    if pass.parked > before.parked { result.parked += 1 } else { result.repaired += 1 }
                } else {
                    try await park(finding, into: &changes, result: &result)
                }
            case (let customer?, nil):
                let held = fields(of: customer)
                let finding = Finding(
                    email: email, masterID: linked, fields: held.keys.sorted(),
                    reason: linked == nil
                        ? "the master does not have this Commerce customer"
                        : "the master no longer has customer \(linked ?? ""), which the ID map links")
                result.missingInMaster.append(finding)
                if repair, linked == nil, mayWrite(held, origin: .commerce) {
                    try await settle(email: email, commerce: customer, master: nil, changes: &changes, report: &pass)
                    result.repaired += 1
                } else {
                    try await park(finding, into: &changes, result: &result)
                }
            case (nil, let record?):
                let held = fields(of: record)
                let finding = Finding(
                    email: email, masterID: record.masterID, fields: held.keys.sorted(),
                    reason: linked == nil
                        ? "Commerce does not have this master customer"
                        : "Commerce no longer has this customer, which the ID map links to \(linked ?? "")")
                result.missingInCommerce.append(finding)
                if repair, linked == nil, mayWrite(held, origin: masterSystem) {
                    try await settle(email: email, commerce: nil, master: record, changes: &changes, report: &pass)
                    result.repaired += 1
                } else {
                    try await park(finding, into: &changes, result: &result)
                }
            case (nil, nil):
                continue
            }
        }
        changes.audit(
            AuditRecord(
                entity: EntityReference(.customer, masterSystem, "*"), action: "reconcile", winner: nil,
                rule: "reconciliation",
                explanation:
                    "\(result.missingInMaster.count) missing in \(masterSystem), \(result.missingInCommerce.count) missing in commerce, \(result.mismatched.count) mismatched; \(result.repaired) repaired, \(result.remapped) re-mapped, \(result.parked) parked",
                correlationID: "reconcile-customers", time: time.now()))
        try await store.commit(changes)
        return result
    }

    private func mayWrite(_ fields: [String: JSONValue], origin: SystemID) -> Bool {
        arbiter.ownership.evaluate(kind: .customer, fields: fields.keys.sorted(), origin: origin).disposition == .apply
    }

    private func park(_ finding: Finding, into changes: inout StoreChanges, result: inout Reconciliation) async throws {
        let parked = try await store.parkOnce(
            ReviewItem.Draft(
                entity: EntityReference(.customer, .commerce, finding.email), reason: finding.reason,
                rule: "reconciliation", correlationID: "reconcile-customers"),
            into: &changes)
        if parked { result.parked += 1 }
    }

    private static func isNewer(_ left: MasterCustomer, than right: MasterCustomer) -> Bool {
        if let a = left.version, let b = right.version, a != b { return a > b }
        return left.updatedAt > right.updatedAt
    }

    /// Runs the pattern's validation; a refused record is parked once.
    private func accepts(_ record: MasterCustomer, changes: inout StoreChanges, rejected: inout Int) async throws
        -> Bool
    {
        do {
            try pattern.validate(record)
            return true
        } catch let error as MappingError {
            let parked = try await store.parkOnce(
                ReviewItem.Draft(
                    entity: EntityReference(.customer, masterSystem, record.masterID ?? record.email),
                    reason: error.description, rule: "customerMaster", incomingValue: try? JSONValue(encoding: record),
                    correlationID: "customer-\(record.email.lowercased())"),
                into: &changes)
            if parked { rejected += 1 }
            return false
        }
    }

    private func shared(_ fields: [String: String]) -> [String: JSONValue] {
        fields.filter { configuration.sharedFields.contains($0.key) }.mapValues(JSONValue.string)
    }

    private func fields(of customer: Customer) -> [String: JSONValue] { shared(pattern.fields(of: customer)) }

    private func fields(of record: MasterCustomer) -> [String: JSONValue] { shared(pattern.fields(of: record)) }

    private func settle(
        email: String,
        commerce commerceCustomer: Customer?,
        master masterCustomer: MasterCustomer?,
        changes: inout StoreChanges,
        report: inout Report
    ) async throws {
        let entity = EntityReference(.customer, .commerce, email)
        let masterFields = masterCustomer.map { fields(of: $0) }
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
            var customer = try pattern.map(
                text,
                onto: commerceCustomer ?? Customer(email: masterCustomer?.email ?? email, firstname: "", lastname: ""))
            if customer.id == nil { customer.websiteID = customer.websiteID ?? configuration.websiteID }
            customer = try await pattern.beforeSend(customer)
            if customer.id == nil {
                _ = try await commerce.customers.create(customer)
            } else {
                _ = try await commerce.customers.update(customer)
            }
            try await pattern.afterSend(email: email, fields: text, to: .commerce)
            changes.recordEcho(
                echoFingerprint(email, .commerce, target), until: time.now().adding(configuration.echoTimeToLive))
            report.writtenToCommerce += 1
        }
        let mappingKey = MappingKey(.customer, from: .commerce, email, to: masterSystem)
        if masterFields != target {
            let base =
                masterCustomer
                ?? MasterCustomer(
                    masterID: nil, email: commerceCustomer?.email ?? email, fields: [:], updatedAt: time.now())
            var record = try await pattern.beforeSend(try pattern.map(text, onto: base))
            record.updatedAt = time.now()
            let key = "customer:\(email):\(CanonicalJSON.hash(.object(target)).prefix(16))"
            let masterID = try await master.upsertCustomer(record, idempotencyKey: key)
            if case .claimed(let token) = try await store.claimMapping(mappingKey, token: key, now: time.now()) {
                changes.completeMapping(mappingKey, token: token, targetID: masterID)
            }
            try await pattern.afterSend(email: email, fields: text, to: masterSystem)
            changes.recordEcho(
                echoFingerprint(email, masterSystem, target), until: time.now().adding(configuration.echoTimeToLive))
            report.writtenToMaster += 1
        } else if let masterID = masterCustomer?.masterID {
            try await mapIfAbsent(mappingKey, to: masterID, changes: &changes)
        }
    }

    /// The fingerprint of a customer's shared fields as one side holds them.
    private func echoFingerprint(_ email: String, _ system: SystemID, _ fields: [String: JSONValue]) -> EchoFingerprint
    {
        EchoFingerprint(EntityReference(.customer, system, email), contentHash: CanonicalJSON.hash(.object(fields)))
    }

    /// Maps the customer to `masterID` when the map has no entry for it.
    /// - Returns: The master id the map held before, or `nil` when this call wrote the entry.
    @discardableResult
    private func mapIfAbsent(_ key: MappingKey, to masterID: String, changes: inout StoreChanges) async throws
        -> String?
    {
        switch try await store.claimMapping(key, token: "customer-map:\(masterID)", now: time.now()) {
        case .mapped(let known):
            return known
        case .claimed(let token), .pending(let token, _):
            changes.completeMapping(key, token: token, targetID: masterID)
            return nil
        }
    }
}
