public import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Full loads through Magento's import routes (`POST /V1/import/csv`, `POST /V1/import/json`, Adobe Commerce
/// 2.4.7 and later): the daily full inventory and the periodic full catalog in chunks of thousands of rows, one
/// request a chunk, where the REST path needs one request per 20 source items or one bulk operation per product.
///
/// The records go through the same steps as on the REST path (``InventorySyncPattern``, ``CatalogSyncPattern``,
/// the ownership rules), so Commerce ends in the same state; the rows made from them go through the
/// ``BatchImportPattern``. The engine records the same content hashes and echo fingerprints as
/// ``InventorySyncEngine`` and ``CatalogSyncEngine``, so their next incremental pass does not send again what the
/// import wrote, and it skips records whose hash is unchanged.
///
/// Each chunk's answer is read (``ImportAnswer``): Magento's row errors (`Row N: …`, counted within the chunk) are
/// mapped back to their source records and parked once, and with ``ImportValidationStrategy/stopOnErrors`` the rest
/// of the chunk is sent again. A chunk Magento refuses as a whole (a save failure such as `Validation Failed`)
/// goes through the REST path item by item, which parks each refused record with REST's own message. An answer
/// lost on the way back (connection dropped, timeout, 5xx) is sent again: append and replace are idempotent.
/// When the store lacks the import modules (Magento answers 404 "Request does not match any route."), the run
/// falls back once to the engines' REST path, and the report says so.
///
/// ```swift
/// var configuration = BatchImportEngine.Configuration()
/// configuration.chunkSize = 5_000
/// let batch = BatchImportEngine(commerce: client, store: store, configuration: configuration, time: .system)
/// let report = try await batch.importInventory(from: erp)     // the daily full inventory
/// print(report)   // 10,000 rows in 2 chunks: 9,998 imported, 2 parked
/// ```
public struct BatchImportEngine: Sendable {
    /// The import settings, chunking and fallback.
    public struct Configuration: Sendable {
        /// The route a chunk is sent to.
        public enum Format: String, Sendable {
            /// `POST /V1/import/csv`: a base64 CSV document (Magento_ImportCsvApi).
            case csv
            /// `POST /V1/import/json`: the rows as JSON objects (Magento_ImportJsonApi).
            case json
        }

        /// The route; CSV by default.
        public var format = Format.csv
        /// The behaviour; `append` (add and update) by default.
        public var behavior = ImportBehavior.append
        /// The validation strategy; stop on errors by default, the one whose answer names every refused row.
        public var validationStrategy = ImportValidationStrategy.stopOnErrors
        /// The allowed error count Magento is told; with stop-on-errors, validation stops once it is reached.
        public var allowedErrorCount = 100
        /// Rows per import request.
        public var chunkSize = 5_000
        /// Requests per chunk while Magento keeps naming refused rows (the refused rows are parked and the rest
        /// sent again); what is left after that goes through the REST path.
        public var maximumRounds = 4
        /// Times a chunk is sent again when its answer was lost (not for `delete`, which is not idempotent).
        public var resendsAfterLostAnswer = 1
        /// Whether records whose content hash is unchanged since Commerce last received them are left out.
        public var skipsUnchanged = true
        /// Whether a store without the import routes gets the REST path instead of an error.
        public var fallsBackToREST = true
        /// Columns every catalog row carries unless the row has them: what Magento requires to create a product
        /// (`attribute_set_code`, `product_type`) and the website the REST path assigns new products to.
        public var catalogDefaults: [String: String] = [
            "attribute_set_code": "Default", "product_type": "simple", "product_websites": "base",
        ]
        /// Rows read from the product source per page.
        public var catalogPageSize = 10_000
        /// The REST path for inventory (fallback and chunks refused as a whole).
        public var inventory = InventorySyncEngine.Configuration()
        /// The REST path for the catalog (fallback).
        public var catalog = CatalogSyncEngine.Configuration()

        /// The defaults.
        public init() {}
    }

    /// What one run did.
    public struct Report: Sendable, Hashable, CustomStringConvertible {
        /// Records read from the source.
        public var read = 0
        /// Records left out because Commerce already has their content.
        public var unchanged = 0
        /// Records or rows the patterns refused, parked for review.
        public var rejected = 0
        /// Records refused because the origin does not own them.
        public var notOwned = 0
        /// Rows sent (each once, however many rounds its chunk took).
        public var rowsSent = 0
        /// Rows Magento confirmed imported.
        public var imported = 0
        /// Rows Magento (or the REST path after a whole-chunk refusal) refused.
        public var failed = 0
        /// Review items parked in this run (a record already parked for the same reason is not parked again).
        public var parked = 0
        /// Rows sent under skip-errors whose outcome Magento's answer does not tell; they are not recorded, so the
        /// next incremental pass sends them through REST.
        public var unconfirmed = 0
        /// Chunks sent.
        public var chunks = 0
        /// Import requests made.
        public var requests = 0
        /// Chunks sent again without the rows Magento refused.
        public var resubmissions = 0
        /// Chunks sent again after their answer was lost.
        public var resends = 0
        /// Runs that fell back to the REST path because the store has no import route (0 or 1).
        public var fallbacks = 0
        /// Records the REST path wrote (after a fallback or a whole-chunk refusal).
        public var restWritten = 0

        /// A one-line summary.
        public var description: String {
            "\(rowsSent) rows in \(chunks) chunks (\(requests) requests): \(imported) imported, \(failed) failed, "
                + "\(parked) parked, \(unchanged) unchanged, \(unconfirmed) unconfirmed, \(fallbacks) fallbacks, "
                + "\(restWritten) written through REST"
        }

        mutating func add(fallbackInventory other: InventorySyncEngine.Report) {
            restWritten += other.pushed
            parked += other.parked + other.rejected
            rejected += other.rejected
            notOwned += other.notOwned
        }

        mutating func add(fallbackCatalog other: CatalogSyncEngine.Report) {
            restWritten += other.completed
            rejected += other.rejected
            parked += other.rejected
        }
    }

    /// What the engine writes when Magento imported a row: the same records the REST engines keep.
    enum Applied: Sendable {
        case level(InventoryLevel, SourceItem)
        case product(sku: String, hash: String, product: Product, version: Date, known: Int64?)
        case row
    }

    /// A row ready to send and what it stands for.
    struct Prepared: Sendable {
        var row: BatchImportRow
        /// The record's position in the run, from 1.
        var number: Int
        var applied: Applied
    }

    /// The store has no import route: Magento's 404 "Request does not match any route.".
    struct RouteMissing: Error {}

    /// The configuration.
    public let configuration: Configuration
    /// Progress events of every run: one per chunk, and one at the end.
    public var progress: AsyncStream<SyncProgress> { channel.stream }
    private let channel = ProgressChannel(engine: "batchImport")
    private let commerce: AdobeCommerceClient
    private let store: any ConnectorStore
    private let ownership: OwnershipRules
    private let pattern: any BatchImportPattern
    private let time: TimeSource

    /// Creates the engine.
    /// - Parameters:
    ///   - commerce: The Commerce client; imports and REST writes go through the `all` scope.
    ///   - store: Content hashes, echo fingerprints, review queue and audit.
    ///   - ownership: Who owns inventory and which product fields.
    ///   - pattern: The per-row and per-chunk steps.
    ///   - configuration: Import settings, chunking and fallback.
    ///   - time: The clock.
    public init(
        commerce: AdobeCommerceClient,
        store: any ConnectorStore,
        ownership: OwnershipRules = .seedDefaults,
        pattern: any BatchImportPattern = DefaultBatchImport(),
        configuration: Configuration = Configuration(),
        time: TimeSource
    ) {
        self.commerce = commerce.scoped(to: .all)
        self.store = store
        self.ownership = ownership
        self.pattern = pattern
        self.configuration = configuration
        self.time = time
    }

    // MARK: Inventory

    /// Imports every stock level of `source` as `stock_sources` rows (`sku`, `source_code`, `quantity`,
    /// `status`), the daily full inventory.
    /// - Parameters:
    ///   - source: The owner of stock levels.
    ///   - origin: The system `source` speaks for; ownership is checked against it.
    ///   - inventoryPattern: The per-level steps, the same as ``InventorySyncEngine``'s.
    /// - Returns: What the run did.
    /// - Throws: `CommerceError` when Commerce fails in a way a resend does not cure, or the store's error.
    public func importInventory(
        from source: any ERPInventorySource,
        origin: SystemID = .erp,
        inventoryPattern: any InventorySyncPattern = DefaultInventorySync()
    ) async throws -> Report {
        var report = Report()
        let levels = try await source.inventorySnapshot()
        report.read = levels.count
        let verdict = ownership.evaluate(kind: .inventory, fields: ["quantity"], origin: origin)
        guard verdict.disposition == .apply else {
            report.notOwned = levels.count
            var changes = StoreChanges(time: time.now())
            changes.audit(
                AuditRecord(
                    ownership: verdict, entity: EntityReference(.inventory, origin, "*"), incoming: nil,
                    correlationID: "batch-import", time: time.now()))
            try await store.commit(changes)
            return report
        }
        var newest: [String: InventoryLevel] = [:]
        for level in levels {
            let key = InventorySyncEngine.entityKey(level)
            if let known = newest[key], known.updatedAt > level.updatedAt { continue }
            newest[key] = level
        }
        if configuration.skipsUnchanged, configuration.behavior != .delete {
            let pushed = try await store.contentHashes(kind: .inventory, system: origin, keys: Array(newest.keys))
            let before = newest.count
            newest = newest.filter { pushed[$0.key] != "\($0.value.quantity)" }
            report.unchanged = before - newest.count
        }
        var prepared: [Prepared] = []
        var changes = StoreChanges(time: time.now())
        for (index, level) in newest.values.sorted(by: { ($0.sku, $0.sourceCode) < ($1.sku, $1.sourceCode) })
            .enumerated()
        {
            let entity = EntityReference(.inventory, origin, InventorySyncEngine.entityKey(level))
            do {
                try inventoryPattern.validate(level)
                let item = try await inventoryPattern.beforeSend(try inventoryPattern.map(level), level: level)
                let row = try mapRow(Self.inventoryRow(item, entity: entity, behavior: configuration.behavior))
                prepared.append(Prepared(row: row, number: index + 1, applied: .level(level, item)))
            } catch let error as MappingError {
                report.rejected += 1
                if try await park(entity, reason: error.description, rule: "batchImport", into: &changes) {
                    report.parked += 1
                }
            }
        }
        try await store.commit(changes)
        do {
            try await send(prepared, entity: .stockSources, origin: origin, report: &report)
        } catch is RouteMissing {
            report.fallbacks = 1
            let rest = InventorySyncEngine(
                commerce: commerce, source: source, origin: origin, store: store, ownership: ownership,
                configuration: configuration.inventory, pattern: inventoryPattern, time: time)
            report.add(fallbackInventory: try await rest.fullPass())
        }
        finish(report)
        return report
    }

    // MARK: Catalog

    /// Imports every product of `source` as `catalog_product` rows with the attributes the origin owns, the
    /// periodic full catalog.
    ///
    /// Only ``ImportBehavior/append`` is accepted: `replace` deletes each product and creates it from the row, so
    /// the fields other systems own would be lost, and `delete` is a decision this pass does not take (send those
    /// rows with ``importRows(_:entity:)``).
    /// - Parameters:
    ///   - source: The owner of product information.
    ///   - origin: The system `source` speaks for (the PIM by default).
    ///   - catalogPattern: The per-product steps, the same as ``CatalogSyncEngine``'s.
    /// - Returns: What the run did.
    /// - Throws: `BridgeError` with `invalidArgument` for another behaviour; `CommerceError` when Commerce fails in
    ///   a way a resend does not cure; the store's error.
    public func importCatalog(
        from source: any ProductInformationSource,
        origin: SystemID = .pim,
        catalogPattern: any CatalogSyncPattern = DefaultCatalogSync()
    ) async throws -> Report {
        guard configuration.behavior == .append else {
            throw BridgeError(
                .invalidArgument,
                "The catalog import takes the append behaviour, not \"\(configuration.behavior)\": replace would "
                    + "delete the product fields other systems own, and delete is not a full-load decision.",
                recoverySuggestion: "Set configuration.behavior to .append, or send explicit rows with importRows.")
        }
        var report = Report()
        var newest: [String: SourceProduct] = [:]
        try await DeltaWindow.read(from: .beginning, pageSize: configuration.catalogPageSize) { cursor, limit in
            try await source.productChanges(after: cursor, limit: limit)
        } page: { products in
            for product in products where Date.distantPast <= product.updatedAt {
                if let known = newest[product.sku], known.updatedAt > product.updatedAt { continue }
                newest[product.sku] = product
            }
            report.read += products.count
            return products.count
        }
        let skus = newest.keys.sorted()
        let known = try await store.contentHashes(kind: .product, system: origin, keys: skus)
        let versions = try await store.contentHashes(kind: CatalogSyncEngine.versionKind, system: origin, keys: skus)
        var prepared: [Prepared] = []
        var changes = StoreChanges(time: time.now())
        for sku in skus {
            let product = newest[sku]!
            let owned = product.attributes.filter { ownership.owner(of: .product, field: $0.key) == origin }
            var members = owned.map { (key: $0.key, value: $0.value) }
            let hash = CanonicalJSON.hash(stringMembers: &members)
            if configuration.skipsUnchanged, known[sku] == hash {
                report.unchanged += 1
                continue
            }
            let entity = EntityReference(.product, origin, sku)
            do {
                try catalogPattern.validate(product)
                let mapped = try await catalogPattern.beforeSend(
                    try catalogPattern.map(product, ownedAttributes: owned), source: product)
                let row = try mapRow(Self.catalogRow(mapped, entity: entity, defaults: configuration.catalogDefaults))
                prepared.append(
                    Prepared(
                        row: row, number: prepared.count + report.rejected + 1,
                        applied: .product(
                            sku: sku, hash: hash, product: mapped, version: product.updatedAt,
                            known: versions[sku].flatMap { Int64($0) })))
            } catch let error as MappingError {
                report.rejected += 1
                if try await park(entity, reason: error.description, rule: "batchImport", into: &changes) {
                    report.parked += 1
                }
            }
        }
        try await store.commit(changes)
        do {
            try await send(prepared, entity: .catalogProduct, origin: origin, report: &report)
        } catch is RouteMissing {
            report.fallbacks = 1
            let rest = CatalogSyncEngine(
                commerce: commerce, source: source, origin: origin, store: store, ownership: ownership,
                pattern: catalogPattern, configuration: configuration.catalog, time: time)
            report.add(fallbackCatalog: try await rest.fullPass(detectDrift: false))
        }
        finish(report)
        return report
    }

    // MARK: Any entity

    /// Imports rows of any entity (customers, advanced pricing, product deletions…) with the configured behaviour:
    /// the same chunking, row-error mapping and parking, without the REST engines' records.
    /// - Parameters:
    ///   - rows: The rows, in the order their row numbers count.
    ///   - entity: The entity code.
    /// - Returns: What the run did.
    /// - Throws: `CommerceError` (with `notFound`, "Request does not match any route.", when the store has no
    ///   import route: there is no REST path to fall back to for arbitrary rows); the store's error.
    public func importRows(_ rows: [BatchImportRow], entity: ImportEntity) async throws -> Report {
        var report = Report()
        report.read = rows.count
        var prepared: [Prepared] = []
        var changes = StoreChanges(time: time.now())
        for (index, row) in rows.enumerated() {
            do {
                prepared.append(Prepared(row: try mapRow(row), number: index + 1, applied: .row))
            } catch let error as MappingError {
                report.rejected += 1
                if try await park(row.entity, reason: error.description, rule: "batchImport", into: &changes) {
                    report.parked += 1
                }
            }
        }
        try await store.commit(changes)
        do {
            try await send(prepared, entity: entity, origin: .erp, report: &report)
        } catch is RouteMissing {
            throw CommerceError(
                code: .notFound, message: "Request does not match any route.", httpStatus: 404)
        }
        finish(report)
        return report
    }

    // MARK: Sending

    private func mapRow(_ row: BatchImportRow) throws -> BatchImportRow {
        try pattern.validate(row)
        return try pattern.map(row)
    }

    private func finish(_ report: Report) {
        channel.report(
            "done", processed: report.imported + report.restWritten, total: report.rowsSent,
            errors: report.failed + report.rejected)
    }

    /// Sends `prepared` chunk by chunk, committing each chunk's records.
    private func send(_ prepared: [Prepared], entity: ImportEntity, origin: SystemID, report: inout Report)
        async throws
    {
        let size = max(1, configuration.chunkSize)
        for start in stride(from: 0, to: prepared.count, by: size) {
            var chunk = Array(prepared[start..<min(start + size, prepared.count)])
            let rows = try await pattern.beforeSend(chunk.map(\.row), entity: entity)
            guard rows.count == chunk.count else {
                throw BridgeError(
                    .invalidArgument,
                    "beforeSend returned \(rows.count) rows for a chunk of \(chunk.count): row numbers would no "
                        + "longer point at their records.",
                    recoverySuggestion: "Return one row per row given, in order; refuse rows in validate instead.")
            }
            for index in chunk.indices { chunk[index].row = rows[index] }
            report.chunks += 1
            report.rowsSent += chunk.count
            var changes = StoreChanges(time: time.now())
            try await sendChunk(
                chunk, number: report.chunks, entity: entity, origin: origin, report: &report,
                changes: &changes)
            try await store.commit(changes)
            channel.report(
                "chunk \(report.chunks)", processed: report.imported + report.restWritten, total: prepared.count,
                errors: report.failed)
        }
    }

    private func sendChunk(
        _ chunk: [Prepared], number: Int, entity: ImportEntity, origin: SystemID, report: inout Report,
        changes: inout StoreChanges
    ) async throws {
        var live = chunk
        var rounds = 0
        var resends = 0
        while !live.isEmpty {
            let answer: ImportAnswer
            do {
                answer = try await post(live.map(\.row), entity: entity)
                report.requests += 1
            } catch let error as CommerceError
                where error.code == .notFound && error.message.contains("does not match any route")
            {
                report.requests += 1
                guard configuration.fallsBackToREST else { throw error }
                throw RouteMissing()
            } catch let error as CommerceError where Self.answerMayBeLost(error) {
                report.requests += 1
                guard resends < configuration.resendsAfterLostAnswer, configuration.behavior != .delete else {
                    throw error
                }
                resends += 1
                report.resends += 1
                continue
            }
            rounds += 1
            if answer.isImported {
                if configuration.validationStrategy == .skipErrors {
                    // Magento imported the valid rows and does not say which it skipped.
                    report.unconfirmed += live.count
                } else {
                    report.imported += live.count
                    for entry in live { record(entry, origin: origin, into: &changes) }
                    try await pattern.afterSend(live.map(\.row), entity: entity)
                }
                return
            }
            if !answer.rowErrors.isEmpty {
                var messages: [Int: [String]] = [:]
                for error in answer.rowErrors where error.row >= 1 && error.row <= live.count {
                    messages[error.row - 1, default: []].append(error.message)
                }
                for (index, texts) in messages.sorted(by: { $0.key < $1.key }) {
                    let entry = live[index]
                    // The reason stays the same from run to run (parked once); where the row was goes beside it.
                    let position: JSONValue = .object([
                        "record": .number(Decimal(entry.number)), "chunk": .number(Decimal(number)),
                        "row": .number(Decimal(index + 1)),
                        "columns": .object(entry.row.columns.mapValues(JSONValue.string)),
                    ])
                    if try await park(
                        entry.row.entity, reason: "Magento's import refused the row: " + texts.joined(separator: " "),
                        rule: "batchImport", incoming: position, into: &changes)
                    {
                        report.parked += 1
                    }
                }
                report.failed += messages.count
                live = live.enumerated().filter { messages[$0.offset] == nil }.map(\.element)
                guard !live.isEmpty else { return }
                // Rows Magento did not name were not imported either (stop-on-errors, or no valid row).
                if messages.isEmpty || rounds >= configuration.maximumRounds {
                    try await writeThroughREST(
                        live, reason: answer.messages.joined(separator: " "), origin: origin, report: &report,
                        changes: &changes)
                    return
                }
                report.resubmissions += 1
                continue
            }
            // The file as a whole was refused (a save failure, the error limit, an empty file).
            try await writeThroughREST(
                live, reason: answer.messages.joined(separator: " "), origin: origin, report: &report,
                changes: &changes)
            return
        }
    }

    /// Whether Magento may have imported a chunk whose answer did not arrive.
    static func answerMayBeLost(_ error: CommerceError) -> Bool {
        [.connectionFailed, .timedOut, .serverError, .htmlResponse, .emptyBody, .malformedResponse].contains(
            error.code)
    }

    /// One import request.
    private func post(_ rows: [BatchImportRow], entity: ImportEntity) async throws -> ImportAnswer {
        let header = Self.header(of: rows)
        switch configuration.format {
        case .csv:
            let csv = BatchImportCSV.document(
                header: header, rows: rows.map { row in header.map { row.columns[$0] ?? "" } })
            let source = CommerceSchema.ImportCsvLocalizedSource(
                allowedErrorCount: String(configuration.allowedErrorCount),
                behavior: configuration.behavior.rawValue, csvData: Data(csv.utf8).base64EncodedString(),
                entity: entity.rawValue, validationStrategy: configuration.validationStrategy.rawValue)
            return ImportAnswer(messages: try await commerce.operations.import.postImportCsv(source: source))
        case .json:
            // The schema types `items` as an object (`unstructured-array`); Magento reads a list of row objects.
            let items = JSONValue.array(rows.map { .object($0.columns.mapValues(JSONValue.string)) })
            let source: JSONValue = .object([
                "entity": .string(entity.rawValue), "behavior": .string(configuration.behavior.rawValue),
                "validation_strategy": .string(configuration.validationStrategy.rawValue),
                "allowed_error_count": .string(String(configuration.allowedErrorCount)), "items": items,
            ])
            var body = SchemaRequestBody()
            body["source"] = source
            let messages: [String] = try await commerce.send(
                CommerceSchema.Operations.Import.postImportJsonOperation, body: body)
            return ImportAnswer(messages: messages)
        }
    }

    /// The columns of `rows`: the key columns first, then the others by name.
    static func header(of rows: [BatchImportRow]) -> [String] {
        var names: Set<String> = []
        for row in rows { names.formUnion(row.columns.keys) }
        let leading = ["sku", "source_code", "email", "_website", "attribute_set_code", "product_type"]
        return leading.filter { names.contains($0) } + names.subtracting(leading).sorted()
    }

    /// The `stock_sources` row of a source item; `delete` needs only the keys.
    static func inventoryRow(_ item: SourceItem, entity: EntityReference, behavior: ImportBehavior) -> BatchImportRow {
        var columns = ["sku": item.sku ?? "", "source_code": item.sourceCode ?? ""]
        if behavior != .delete {
            if let quantity = item.quantity { columns["quantity"] = BatchImportCSV.decimal(quantity) }
            if let status = item.stockStatus { columns["status"] = status == .inStock ? "1" : "0" }
        }
        return BatchImportRow(entity: entity, columns: columns)
    }

    /// The `catalog_product` row of a product: `name`, `price`, `weight`, `product_online` (from the status),
    /// `product_type` (from the type), and each custom attribute as its own column (a list joined by `,`).
    static func catalogRow(_ product: Product, entity: EntityReference, defaults: [String: String]) -> BatchImportRow {
        var columns = ["sku": product.sku ?? entity.key]
        if let name = product.name { columns["name"] = name }
        if let price = product.price { columns["price"] = BatchImportCSV.decimal(price) }
        if let weight = product.weight { columns["weight"] = BatchImportCSV.decimal(weight) }
        if let status = product.productStatus { columns["product_online"] = status == .enabled ? "1" : "0" }
        if let type = product.typeID { columns["product_type"] = type }
        for attribute in product.customAttributes ?? [] {
            guard let code = attribute.attributeCode else { continue }
            columns[code] =
                switch product.customAttribute(code) {
                // A multiselect sent as a list: Magento's import reads the values joined by its default multiple
                // value separator.
                case .array(let values)?: values.compactMap(\.stringValue).joined(separator: ",")
                case let value?: value.stringValue ?? ""
                case nil: ""
                }
        }
        for (column, value) in defaults where columns[column] == nil { columns[column] = value }
        return BatchImportRow(entity: entity, columns: columns)
    }

    // MARK: Records

    /// Records what Commerce now holds, as the REST engines do.
    private func record(_ entry: Prepared, origin: SystemID, into changes: inout StoreChanges) {
        switch entry.applied {
        case .level(let level, let item):
            let entity = EntityReference(.inventory, origin, InventorySyncEngine.entityKey(level))
            guard configuration.behavior != .delete else {
                changes.recordContentHash("deleted", for: entity)
                return
            }
            changes.recordContentHash("\(level.quantity)", for: entity)
            guard level.sourceCode == "default" else { return }
            var fields: [String: JSONValue] = [:]
            if let quantity = item.quantity { fields["qty"] = .number(quantity) }
            if let status = item.stockStatus { fields["is_in_stock"] = .number(status == .inStock ? 1 : 0) }
            changes.recordEcho(
                .commerceWrite(kind: "stock", sku: level.sku, fields: fields),
                until: changes.time.addingTimeInterval(EchoFingerprint.commerceEventWindow.seconds))
        case .product(let sku, let hash, let product, let version, let known):
            var written: [String: JSONValue] = [:]
            if let name = product.name { written["name"] = .string(name) }
            if let price = product.price { written["price"] = .number(price) }
            changes.recordEcho(
                .commerceWrite(kind: "product", sku: sku, fields: written),
                until: changes.time.addingTimeInterval(EchoFingerprint.commerceEventWindow.seconds))
            CatalogSyncEngine.recordApplied(
                sku, hash: hash, version: version, over: known, origin: origin, into: &changes)
        case .row:
            break
        }
    }

    /// Writes rows Magento's import refused as a whole through the REST routes, one record at a time where a batch
    /// is refused, and parks what REST refuses with its own message.
    private func writeThroughREST(
        _ entries: [Prepared], reason: String, origin: SystemID, report: inout Report, changes: inout StoreChanges
    ) async throws {
        var items: [(entry: Prepared, item: SourceItem)] = []
        for entry in entries {
            switch entry.applied {
            case .level(_, let item) where configuration.behavior != .delete:
                items.append((entry, item))
            case .product(_, _, let product, _, _) where configuration.behavior == .append:
                do {
                    try await commerce.products.update(product)
                    report.restWritten += 1
                    record(entry, origin: origin, into: &changes)
                } catch let error as CommerceError where error.code == .badRequest || error.code == .notFound {
                    try await refuse(entry, reason: Self.describe(error), report: &report, changes: &changes)
                }
            default:
                try await refuse(
                    entry, reason: "Magento's import refused the chunk: \(reason)", report: &report, changes: &changes)
            }
        }
        let size = max(1, configuration.inventory.itemsPerRequest)
        for start in stride(from: 0, to: items.count, by: size) {
            let batch = items[start..<min(start + size, items.count)]
            do {
                try await commerce.inventory.sourceItems.save(batch.map(\.item))
                report.restWritten += batch.count
                for entry in batch { record(entry.entry, origin: origin, into: &changes) }
            } catch let error as CommerceError where error.code == .badRequest {
                for entry in batch {
                    do {
                        try await commerce.inventory.sourceItems.save([entry.item])
                        report.restWritten += 1
                        record(entry.entry, origin: origin, into: &changes)
                    } catch let itemError as CommerceError where itemError.code == .badRequest {
                        try await refuse(
                            entry.entry, reason: Self.describe(itemError), report: &report, changes: &changes)
                    }
                }
            }
        }
    }

    private func refuse(_ entry: Prepared, reason: String, report: inout Report, changes: inout StoreChanges)
        async throws
    {
        report.failed += 1
        if try await park(entry.row.entity, reason: reason, rule: "batchImport", into: &changes) {
            report.parked += 1
        }
    }

    private static func describe(_ error: CommerceError) -> String {
        ([error.message] + error.details).joined(separator: " ")
    }

    /// Parks a record once per reason; returns whether it was parked now.
    private func park(
        _ entity: EntityReference, reason: String, rule: String, incoming: JSONValue? = nil,
        into changes: inout StoreChanges
    ) async throws -> Bool {
        try await store.parkOnce(
            ReviewItem.Draft(
                entity: entity, reason: reason, rule: rule, incomingValue: incoming, correlationID: "batch-import"),
            into: &changes)
    }
}
