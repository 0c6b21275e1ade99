import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgeTesting
import Foundation
import Synchronization
import Testing

/// Full loads through Magento's import routes: chunking, Magento's row errors mapped back to records, stop and skip,
/// the allowed error count, the REST fallback of a store without the routes, a lost answer, volume, and that the
/// incremental engines have nothing left to send after a batch load.
struct BatchImportEngineTests {
    private let clock = ManualClock()

    private func sku(_ index: Int) -> String {
        let number = String(index)
        return "SKU-" + String(repeating: "0", count: max(0, 6 - number.count)) + number
    }

    private func engine(
        _ fake: FakeCommerce, _ store: InMemoryConnectorStore, client: AdobeCommerceClient? = nil,
        configure: (inout BatchImportEngine.Configuration) -> Void = { _ in }
    ) -> BatchImportEngine {
        var configuration = BatchImportEngine.Configuration()
        configuration.chunkSize = 10
        configure(&configuration)
        return BatchImportEngine(
            commerce: client ?? fake.makeClient(), store: store, configuration: configuration, time: clock.timeSource())
    }

    private func importRequests(_ fake: FakeCommerce) -> Int {
        fake.requestCount(for: CommerceSchema.Operations.Import.postImportCsvOperation)
            + fake.requestCount(for: CommerceSchema.Operations.Import.postImportJsonOperation)
    }

    @Test(arguments: [BatchImportEngine.Configuration.Format.csv, .json])
    func theFullInventoryGoesInChunksAndTheIncrementalPassHasNothingLeft(format: BatchImportEngine.Configuration.Format)
        async throws
    {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 25)
        let erp = FakeERP(time: clock.timeSource())
        for index in 1...25 { await erp.setOnHand(sku: sku(index), quantity: Decimal(index) + Decimal(string: "0.5")!) }
        let store = InMemoryConnectorStore()
        let batch = engine(fake, store) { $0.format = format }
        let report = try await batch.importInventory(from: erp)
        #expect(report.read == 25 && report.rowsSent == 25 && report.imported == 25, "\(report)")
        #expect(report.chunks == 3 && report.requests == 3 && importRequests(fake) == 3)
        #expect(fake.sourceQuantity(sku: sku(7)) == Decimal(string: "7.5"))
        #expect(fake.requestCount(for: .sourceItemsSave) == 0)

        let incremental = InventorySyncEngine(
            commerce: fake.makeClient().scoped(to: .all), source: erp, store: store, time: clock.timeSource())
        let delta = try await incremental.sync()
        #expect(delta.read == 25 && delta.pushed == 0 && delta.requests == 0, "the import's hashes are the REST path's")
        let again = try await batch.importInventory(from: erp)
        #expect(again.unchanged == 25 && again.rowsSent == 0 && importRequests(fake) == 3)
        await erp.setOnHand(sku: sku(3), quantity: 99)
        let changed = try await batch.importInventory(from: erp)
        #expect(changed.rowsSent == 1 && changed.imported == 1 && fake.sourceQuantity(sku: sku(3)) == 99)
    }

    @Test(arguments: [BatchImportEngine.Configuration.Format.csv, .json])
    func rowErrorsAcrossChunksAreMappedToTheirRecordsParkedOnceAndTheRestImported(
        format: BatchImportEngine.Configuration.Format
    ) async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 30)
        let erp = FakeERP(time: clock.timeSource())
        for index in 1...30 {
            // Records 4 and 17 (row 4 of chunk 1, row 7 of chunk 2) name a source Commerce does not have.
            await erp.setOnHand(sku: sku(index), sourceCode: [4, 17].contains(index) ? "wh-9" : "default", quantity: 5)
        }
        let store = InMemoryConnectorStore()
        let batch = engine(fake, store) { $0.format = format }
        let report = try await batch.importInventory(from: erp)
        #expect(report.rowsSent == 30 && report.imported == 28 && report.failed == 2 && report.parked == 2, "\(report)")
        #expect(report.chunks == 3 && report.resubmissions == 2 && report.requests == 5)
        let review = try await store.reviewItems(limit: 10, offset: 0)
        #expect(Set(review.map(\.draft.entity.key)) == ["\(sku(4))@wh-9", "\(sku(17))@wh-9"])
        let second = try #require(review.first { $0.draft.entity.key.hasPrefix(sku(17)) })
        #expect(second.draft.reason == "Magento's import refused the row: Source code \"wh-9\" does not exists")
        #expect(second.draft.incomingValue?["record"]?.intValue == 17)
        #expect(
            second.draft.incomingValue?["chunk"]?.intValue == 2 && second.draft.incomingValue?["row"]?.intValue == 7)
        #expect(fake.sourceQuantity(sku: sku(16)) == 5 && fake.sourceQuantity(sku: sku(18)) == 5)

        let again = try await batch.importInventory(from: erp)
        #expect(again.rowsSent == 2 && again.failed == 2 && again.parked == 0, "parked once: \(again)")
        #expect(try await store.reviewItems(limit: 10, offset: 0).count == 2)
    }

    @Test func skipErrorsImportsTheValidRowsButRecordsNothingItCannotConfirm() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 6)
        let erp = FakeERP(time: clock.timeSource())
        for index in 1...6 {
            await erp.setOnHand(sku: sku(index), sourceCode: index == 2 ? "wh-9" : "default", quantity: 8)
        }
        await erp.setOnHand(sku: sku(1), sourceCode: "wh-8", quantity: 1)
        let store = InMemoryConnectorStore()
        let batch = engine(fake, store) {
            $0.validationStrategy = .skipErrors
            $0.chunkSize = 3
        }
        let report = try await batch.importInventory(from: erp)
        // Chunk 1: SKU-000001@default, SKU-000001@wh-8, SKU-000002@wh-9: two invalid, one valid, skipped silently.
        #expect(report.unconfirmed == 7 && report.imported == 0 && report.failed == 0, "\(report)")
        #expect(fake.sourceQuantity(sku: sku(1)) == 8 && fake.sourceQuantity(sku: sku(6)) == 8)
        let incremental = InventorySyncEngine(
            commerce: fake.makeClient().scoped(to: .all), source: erp, store: store, time: clock.timeSource())
        let delta = try await incremental.sync()
        #expect(delta.pushed == 5 && delta.parked == 2, "REST sends what the import could not confirm: \(delta)")
    }

    @Test func rowsLeftUnvalidatedByTheErrorLimitAreSentAgain() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 10)
        let erp = FakeERP(time: clock.timeSource())
        for index in 1...10 {
            await erp.setOnHand(sku: sku(index), sourceCode: index % 3 == 0 ? "wh-\(index)" : "default", quantity: 2)
        }
        let store = InMemoryConnectorStore()
        let batch = engine(fake, store) {
            $0.allowedErrorCount = 1
            $0.maximumRounds = 5
        }
        let report = try await batch.importInventory(from: erp)
        // Magento stops validating at the first error: each round names one more bad row.
        #expect(report.failed == 3 && report.imported == 7 && report.requests == 4 && report.resubmissions == 3)
        #expect(fake.sourceQuantity(sku: sku(10)) == 2)

        let fake2 = FakeCommerce()
        try fake2.seedCatalog(productCount: 10)
        let limitedReport = try await engine(fake2, InMemoryConnectorStore()) {
            $0.allowedErrorCount = 1
            $0.maximumRounds = 2
        }.importInventory(from: erp)
        // After two rounds the rest goes through REST, which parks the third bad source with its own message.
        #expect(limitedReport.requests == 2 && limitedReport.restWritten == 7 && limitedReport.failed == 3)
        #expect(fake2.requestCount(for: .sourceItemsSave) >= 1)
    }

    @Test func aChunkRefusedAsAWholeGoesThroughRESTItemByItem() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 4)
        let erp = FakeERP(time: clock.timeSource())
        for index in 1...4 { await erp.setOnHand(sku: sku(index), quantity: 3) }
        await erp.setOnHand(sku: "NOT-IN-COMMERCE", quantity: 1)
        let store = InMemoryConnectorStore()
        let report = try await engine(fake, store).importInventory(from: erp)
        #expect(report.requests == 1 && report.imported == 0 && report.restWritten == 4 && report.failed == 1)
        let review = try await store.reviewItems(limit: 10, offset: 0)
        #expect(
            review.map(\.draft.reason) == ["Validation Failed Product with SKU \"NOT-IN-COMMERCE\" does not exist."])
        #expect(fake.sourceQuantity(sku: sku(4)) == 3)
    }

    @Test func aStoreWithoutTheImportRoutesFallsBackToRESTOnce() async throws {
        var options = FakeCommerce.Options()
        options.importModulesInstalled = false
        let fake = FakeCommerce(options: options)
        try fake.seedCatalog(productCount: 25)
        let erp = FakeERP(time: clock.timeSource())
        for index in 1...25 { await erp.setOnHand(sku: sku(index), quantity: 4) }
        let store = InMemoryConnectorStore()
        let report = try await engine(fake, store).importInventory(from: erp)
        #expect(report.fallbacks == 1 && report.requests == 1 && report.restWritten == 25, "\(report)")
        #expect(importRequests(fake) == 1, "the route is tried once per run")
        #expect(fake.sourceQuantity(sku: sku(25)) == 4)
        let delta = try await InventorySyncEngine(
            commerce: fake.makeClient().scoped(to: .all), source: erp, store: store, time: clock.timeSource()
        ).sync()
        #expect(delta.pushed == 0)

        let rows = [BatchImportRow(entity: EntityReference(.customer, .erp, "a@example.com"), columns: ["email": "a"])]
        let error = await #expect(throws: CommerceError.self) {
            try await engine(fake, store).importRows(rows, entity: .customer)
        }
        #expect(error?.code == .notFound)
    }

    @Test func theCatalogFallsBackToTheBulkRESTPathOnAStoreWithoutTheRoutes() async throws {
        var options = FakeCommerce.Options()
        options.importModulesInstalled = false
        let fake = FakeCommerce(options: options)
        try fake.seedCatalog(productCount: 3)
        let erp = FakeERP(time: clock.timeSource())
        for index in 1...3 { await erp.setProduct(sku: sku(index), attributes: ["name": "Fallback \(index)"]) }
        let store = InMemoryConnectorStore()
        let report = try await BatchImportEngine(
            commerce: fake.makeClient(), store: store, time: clock.timeSource()
        ).importCatalog(from: erp)
        #expect(report.fallbacks == 1 && report.restWritten == 3 && report.imported == 0, "\(report)")
        #expect(fake.product(sku: sku(2))?.name == "Fallback 2")
        let delta = try await CatalogSyncEngine(
            commerce: fake.makeClient(), source: erp, store: store, time: clock.timeSource()
        ).sync()
        #expect(delta.changed == 0)
    }

    @Test func inventoryFromASystemThatDoesNotOwnItIsRefusedAndAudited() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 2)
        let erp = FakeERP(time: clock.timeSource())
        await erp.setOnHand(sku: sku(1), quantity: 70)
        let store = InMemoryConnectorStore()
        let report = try await engine(fake, store).importInventory(from: erp, origin: .pim)
        #expect(report.notOwned == 1 && report.rowsSent == 0 && importRequests(fake) == 0)
        #expect(fake.sourceQuantity(sku: sku(1)) != 70)
        let audit = try await store.auditRecords(correlationID: "batch-import")
        #expect(audit.count == 1 && audit.first?.entity == EntityReference(.inventory, .pim, "*"))
    }

    @Test func anAnswerLostAfterMagentoImportedIsSentAgainAndRecordedOnce() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 12)
        let erp = FakeERP(time: clock.timeSource())
        for index in 1...12 { await erp.setOnHand(sku: sku(index), quantity: 6) }
        let losing = AnswerLosingTransport(fake: fake, losses: 1)
        let client = AdobeCommerceClient(
            configuration: AdobeCommerceConfiguration(
                baseURL: fake.baseURL, authentication: .integration(fake.options.integration)),
            transport: losing)
        let store = InMemoryConnectorStore()
        let report = try await engine(fake, store, client: client).importInventory(from: erp)
        #expect(report.resends == 1 && report.imported == 12 && report.chunks == 2, "\(report)")
        #expect(importRequests(fake) == 3, "the first chunk reached Magento twice")
        #expect(fake.sourceQuantity(sku: sku(1)) == 6)
        #expect(try await store.reviewItems(limit: 10, offset: 0).isEmpty)
        let hashes = try await store.contentHashes(
            kind: .inventory, system: .erp, keys: (1...12).map { "\(sku($0))@default" })
        #expect(hashes.count == 12 && Set(hashes.values) == ["6"])
    }

    @Test func aCrashBetweenTheImportAndTheRecordIsRepairedByTheNextRun() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 12)
        let erp = FakeERP(time: clock.timeSource())
        for index in 1...12 { await erp.setOnHand(sku: sku(index), quantity: 9) }
        let store = InMemoryConnectorStore()
        // The second chunk's answer never arrives and the engine may not resend: the process "dies" there.
        let losing = AnswerLosingTransport(fake: fake, losses: 1, skipping: 1)
        let client = AdobeCommerceClient(
            configuration: AdobeCommerceConfiguration(
                baseURL: fake.baseURL, authentication: .integration(fake.options.integration)),
            transport: losing)
        let crashed = engine(fake, store, client: client) { $0.resendsAfterLostAnswer = 0 }
        await #expect(throws: CommerceError.self) { try await crashed.importInventory(from: erp) }
        #expect(fake.sourceQuantity(sku: sku(12)) == 9, "Magento imported the chunk whose answer was lost")

        let restarted = engine(fake, store)
        let report = try await restarted.importInventory(from: erp)
        #expect(report.unchanged == 10 && report.rowsSent == 2 && report.imported == 2, "\(report)")
        let hashes = try await store.contentHashes(
            kind: .inventory, system: .erp, keys: (1...12).map { "\(sku($0))@default" })
        #expect(hashes.count == 12)
    }

    @Test func tenThousandLevelsInSeveralChunks() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 10_200)
        let erp = FakeERP(time: clock.timeSource())
        for index in 1...10_200 {
            await erp.setOnHand(sku: sku(index), quantity: Decimal(index % 40) + Decimal(string: "0.25")!)
        }
        await erp.setOnHand(sku: sku(5_001), sourceCode: "wh-missing", quantity: 1)
        let store = InMemoryConnectorStore()
        let batch = engine(fake, store) { $0.chunkSize = 2_500 }
        let progress = Task { await batch.progress.prefix(5).reduce(into: [String]()) { $0.append($1.phase) } }
        let report = try await batch.importInventory(from: erp)
        #expect(report.rowsSent == 10_201 && report.imported == 10_200 && report.failed == 1, "\(report)")
        #expect(report.chunks == 5 && report.requests == 6)
        #expect(fake.sourceQuantity(sku: sku(10_200)) == Decimal(string: "0.25"))
        #expect(fake.requestCount(for: .sourceItemsSave) == 0)
        #expect(await progress.value == ["chunk 1", "chunk 2", "chunk 3", "chunk 4", "chunk 5"])
        let delta = try await InventorySyncEngine(
            commerce: fake.makeClient().scoped(to: .all), source: erp, store: store, time: clock.timeSource()
        ).sync()
        #expect(delta.read == 10_201 && delta.pushed == 0, "only the parked level is tried again: \(delta)")
    }

    @Test(arguments: [BatchImportEngine.Configuration.Format.csv, .json])
    func theCatalogImportLeavesTheStateTheRESTPathLeaves(format: BatchImportEngine.Configuration.Format) async throws {
        let erp = FakeERP(time: clock.timeSource())
        for index in 1...12 {
            await erp.setProduct(
                sku: index == 12 ? "NEW, \"odd\" ü" : sku(index),
                attributes: [
                    "name": "Name \(index), \"quoted\"\nsecond line", "price": "\(index).5", "weight": "2",
                    "description": "Déjà vu \(index)", "status": index == 3 ? "2" : "1",
                ])
        }
        let viaREST = FakeCommerce()
        try viaREST.seedCatalog(productCount: 11)
        let viaImport = FakeCommerce()
        try viaImport.seedCatalog(productCount: 11)
        let restStore = InMemoryConnectorStore()
        let rest = CatalogSyncEngine(
            commerce: viaREST.makeClient(), source: erp, origin: .erp, store: restStore,
            ownership: OwnershipRules([OwnershipRules.Rule(.product, owner: .erp)]), time: clock.timeSource())
        _ = try await rest.fullPass(detectDrift: false)

        let store = InMemoryConnectorStore()
        var configuration = BatchImportEngine.Configuration()
        configuration.format = format
        configuration.chunkSize = 5
        let batch = BatchImportEngine(
            commerce: viaImport.makeClient(), store: store,
            ownership: OwnershipRules([OwnershipRules.Rule(.product, owner: .erp)]),
            configuration: configuration, time: clock.timeSource())
        let report = try await batch.importCatalog(from: erp, origin: .erp)
        #expect(report.imported == 12 && report.chunks == 3 && report.failed == 0, "\(report)")
        for sku in (1...11).map(sku) + ["NEW, \"odd\" ü"] {
            let expected = try #require(viaREST.product(sku: sku))
            let actual = try #require(viaImport.product(sku: sku))
            #expect(actual.name == expected.name && actual.price == expected.price && actual.weight == expected.weight)
            #expect(actual.status == expected.status && actual.typeID == expected.typeID)
            #expect(actual.customAttribute("description") == expected.customAttribute("description"))
        }
        let incremental = CatalogSyncEngine(
            commerce: viaImport.makeClient(), source: erp, origin: .erp, store: store,
            ownership: OwnershipRules([OwnershipRules.Rule(.product, owner: .erp)]), time: clock.timeSource())
        let delta = try await incremental.sync()
        #expect(delta.read == 12 && delta.changed == 0 && delta.bulkRequests == 0, "\(delta)")
    }

    @Test func theCatalogImportRefusesReplaceAndParksMagentosRefusals() async throws {
        let fake = FakeCommerce()
        let erp = FakeERP(time: clock.timeSource())
        await erp.setProduct(sku: "NEW-1", attributes: ["name": "One", "price": "1"])
        await erp.setProduct(sku: "NEW-2", attributes: ["price": "2"])  // no name: Magento cannot create it
        let store = InMemoryConnectorStore()
        let replacing = engine(fake, store) { $0.behavior = .replace }
        let error = await #expect(throws: BridgeError.self) { try await replacing.importCatalog(from: erp) }
        #expect(error?.code == .invalidArgument)

        // With the seed defaults the ERP owns prices: the PIM's rows carry none, and Magento cannot create products
        // without one.
        let seeded = try await BatchImportEngine(
            commerce: fake.makeClient(), store: store, ownership: .seedDefaults, time: clock.timeSource()
        ).importCatalog(from: erp)
        #expect(seeded.failed == 2 && seeded.imported == 0)
        let pimOwnsAll = OwnershipRules([OwnershipRules.Rule(.product, owner: .pim)])
        let pimStore = InMemoryConnectorStore()
        let batch = BatchImportEngine(
            commerce: fake.makeClient(), store: pimStore, ownership: pimOwnsAll, time: clock.timeSource())
        let report = try await batch.importCatalog(from: erp)
        #expect(report.imported == 1 && report.failed == 1 && report.resubmissions == 1, "\(report)")
        let seededReview = try await store.reviewItems(limit: 10, offset: 0)
        #expect(
            seededReview.allSatisfy { $0.draft.reason.contains("Please make sure attribute \"price\" is not empty.") })
        let review = try await pimStore.reviewItems(limit: 10, offset: 0)
        #expect(
            review.map(\.draft.reason) == [
                "Magento's import refused the row: Please make sure attribute \"name\" is not empty."
            ])
        #expect(review.first?.draft.incomingValue?["row"]?.intValue == 2)
        #expect(fake.product(sku: "NEW-1")?.name == "One")
    }

    @Test func replaceAndDeleteThroughTheEngine() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 4)
        let erp = FakeERP(time: clock.timeSource())
        for index in 1...4 { await erp.setOnHand(sku: sku(index), quantity: 11) }
        let store = InMemoryConnectorStore()
        let replaced = try await engine(fake, store) { $0.behavior = .replace }.importInventory(from: erp)
        #expect(replaced.imported == 4 && fake.sourceQuantity(sku: sku(4)) == 11)
        let deleted = try await engine(fake, store) { $0.behavior = .delete }.importInventory(from: erp)
        #expect(deleted.imported == 4 && deleted.unchanged == 0, "delete does not skip what is unchanged")
        #expect(fake.sourceQuantity(sku: sku(1)) == nil && fake.sourceQuantity(sku: sku(4)) == nil)
        let delta = try await InventorySyncEngine(
            commerce: fake.makeClient().scoped(to: .all), source: erp, store: store, time: clock.timeSource()
        ).sync()
        #expect(delta.pushed == 4, "a deleted item is not recorded as holding its quantity")

        let rows = [sku(2), "GONE"].map {
            BatchImportRow(entity: EntityReference(.product, .erp, $0), columns: ["sku": $0])
        }
        let products = try await engine(fake, store) { $0.behavior = .delete }.importRows(rows, entity: .catalogProduct)
        #expect(products.imported == 1 && products.failed == 1 && products.resubmissions == 1, "\(products)")
        #expect(fake.product(sku: sku(2)) == nil && fake.product(sku: sku(3)) != nil)
        let review = try await store.reviewItems(limit: 10, offset: 0)
        #expect(
            review.map(\.draft.reason) == ["Magento's import refused the row: Product with specified SKU not found"])
    }

    @Test func thePatternsHooksRunInOrder() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 3)
        let erp = FakeERP(time: clock.timeSource())
        for index in 1...3 { await erp.setOnHand(sku: sku(index), sourceCode: "01", quantity: 1) }
        let recording = RecordingImportPattern()
        let store = InMemoryConnectorStore()
        let batch = BatchImportEngine(
            commerce: fake.makeClient(), store: store, pattern: recording, time: clock.timeSource())
        let report = try await batch.importInventory(from: erp)
        #expect(report.imported == 2 && report.rejected == 1 && report.parked == 1, "\(report)")
        #expect(
            recording.steps.withLock { $0 } == ["validate", "map", "validate", "map", "validate", "before", "after"])
        #expect(
            fake.sourceQuantity(sku: sku(1)) == 1 && fake.sourceQuantity(sku: sku(3)) == 103,
            "the refused row is not sent")
    }

    @Test("A multiselect held as a list goes to the import as its values joined by Magento's separator")
    func aListValuedAttributeIsJoined() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 2)
        let erp = FakeERP(time: clock.timeSource())
        for index in 1...2 {
            await erp.setProduct(sku: sku(index), attributes: ["name": "Name \(index)", "price": "5"])
        }
        let rows = RowRecordingImportPattern()
        let batch = BatchImportEngine(
            commerce: fake.makeClient(), store: InMemoryConnectorStore(),
            ownership: OwnershipRules([OwnershipRules.Rule(.product, owner: .erp)]), pattern: rows,
            time: clock.timeSource())
        _ = try await batch.importCatalog(from: erp, origin: .erp, catalogPattern: ColorsCatalogPattern())
        let sent = rows.rows.withLock { $0 }
        #expect(sent.count == 2)
        #expect(sent.allSatisfy { $0.columns["color_ids"] == "11,12" && $0.columns["material"] == "4" }, "\(sent)")
    }

    @Test func csvQuotesWhatItMust() {
        let document = BatchImportCSV.document(
            header: ["sku", "name", "price"],
            rows: [
                ["A,1", "Say \"hi\"\nthere", BatchImportCSV.decimal(Decimal(string: "1234567.0100")!)],
                ["B", " pad", "0.000001"],
            ])
        #expect(document == "sku,name,price\n\"A,1\",\"Say \"\"hi\"\"\nthere\",1234567.01\nB,\" pad\",0.000001\n")
        #expect(BatchImportCSV.decimal(Decimal(string: "1e-7")!) == "0.0000001")
        #expect(BatchImportCSV.decimal(Decimal(string: "25e5")!) == "2500000")
    }

    @Test(arguments: [UInt64(1), 7, 42])
    func randomTextSurvivesTheCSVRoundTripThroughMagentosReader(seed: UInt64) async throws {
        var random = SeededRandomNumberGenerator(seed: seed)
        let alphabet: [Character] = Array("ab ,\"\n\r;'\\é€ü中🙂\t=") + ["\r\n"]
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 40)
        let erp = FakeERP(time: clock.timeSource())
        var expected: [String: String] = [:]
        for index in 1...40 {
            let length = Int.random(in: 1...24, using: &random)
            var name = String((0..<length).map { _ in alphabet.randomElement(using: &random)! })
            // Magento trims nothing, but a name of blanks alone is an absent value, as an empty cell is.
            if name.allSatisfy(\.isWhitespace) { name = "x" + name }
            expected[sku(index)] = name
            await erp.setProduct(sku: sku(index), attributes: ["name": name, "price": "\(index).05"])
        }
        let batch = BatchImportEngine(
            commerce: fake.makeClient(), store: InMemoryConnectorStore(),
            ownership: OwnershipRules([OwnershipRules.Rule(.product, owner: .pim)]), time: clock.timeSource())
        let report = try await batch.importCatalog(from: erp)
        #expect(report.imported == 40 && report.failed == 0, "\(report)")
        for (sku, name) in expected {
            #expect(fake.product(sku: sku)?.name == name, "\(sku)")
            #expect(fake.product(sku: sku)?.price == Decimal(string: "\(sku.suffix(2)).05"))
        }
    }

    @Test func answersAreRead() {
        let imported = ImportAnswer(messages: ["Entities Processed: 12"])
        #expect(imported.isImported && imported.processedEntities == 12)
        let refused = ImportAnswer(messages: ["Row 3: SKU is empty", "Row 12: Product weight is invalid"])
        #expect(!refused.isImported && refused.rowErrors.map(\.row) == [3, 12])
        #expect(refused.rowErrors.last?.message == "Product weight is invalid")
        let whole = ImportAnswer(messages: ["Maximum error count has been reached or system error is occurred!"])
        #expect(!whole.isImported && whole.rowErrors.isEmpty && whole.fileMessages.count == 1)
    }
}

/// A transport that passes requests to the fake and loses the answer of some import requests, as a dropped
/// connection does after Magento did the work.
private final class AnswerLosingTransport: HTTPTransport {
    let fake: FakeCommerce
    let plan: Mutex<(skip: Int, lose: Int)>

    init(fake: FakeCommerce, losses: Int, skipping: Int = 0) {
        self.fake = fake
        self.plan = Mutex((skipping, losses))
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response = try await fake.send(request)
        guard request.url.path.contains("/V1/import/") else { return response }
        let lose = plan.withLock { plan -> Bool in
            if plan.skip > 0 {
                plan.skip -= 1
                return false
            }
            guard plan.lose > 0 else { return false }
            plan.lose -= 1
            return true
        }
        if lose { throw CommerceError(code: .connectionFailed, message: "The connection was reset.") }
        return response
    }
}

/// Records the hooks it runs; maps warehouse `01` to `default` and refuses SKU-000003.
private final class RecordingImportPattern: BatchImportPattern, Sendable {
    let steps = Mutex<[String]>([])

    func validate(_ row: BatchImportRow) throws {
        steps.withLock { $0.append("validate") }
        if row.columns["sku"] == "SKU-000003" {
            throw MappingError(record: "row \(row.entity)", field: "sku", message: "is blocked")
        }
    }

    func map(_ row: BatchImportRow) throws -> BatchImportRow {
        steps.withLock { $0.append("map") }
        var row = row
        if row.columns["source_code"] == "01" { row.columns["source_code"] = "default" }
        return row
    }

    func beforeSend(_ rows: [BatchImportRow], entity: ImportEntity) async throws -> [BatchImportRow] {
        steps.withLock { $0.append("before") }
        return rows
    }

    func afterSend(_ rows: [BatchImportRow], entity: ImportEntity) async throws {
        steps.withLock { $0.append("after") }
    }
}

/// Gives every product a multiselect sent as a list and a number-valued attribute.
private struct ColorsCatalogPattern: CatalogSyncPattern {
    func map(_ product: SourceProduct, ownedAttributes: [String: String]) throws -> Product {
        var mapped = try DefaultCatalogSync().map(product, ownedAttributes: ownedAttributes)
        mapped.setCustomAttribute("color_ids", to: ["11", "12"])
        mapped.setCustomAttribute("material", to: JSONValue.number(4))
        return mapped
    }
}

/// Records the rows the engine is about to send.
private final class RowRecordingImportPattern: BatchImportPattern, Sendable {
    let rows = Mutex<[BatchImportRow]>([])

    func beforeSend(_ rows: [BatchImportRow], entity: ImportEntity) async throws -> [BatchImportRow] {
        self.rows.withLock { $0 += rows }
        return rows
    }
}
