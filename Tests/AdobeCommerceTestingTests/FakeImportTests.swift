import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

/// The fake's Magento_ImportCsvApi and Magento_ImportJsonApi routes: Magento's validation messages with row numbers,
/// stop-on-errors and skip-errors, the allowed error count, the behaviours, and a store without the modules.
struct FakeImportTests {
    private func csv(
        _ client: AdobeCommerceClient, _ entity: String, _ document: String, behavior: String = "append",
        strategy: String = "validation-stop-on-errors", allowed: Int = 10
    ) async throws -> [String] {
        try await client.operations.import.postImportCsv(
            source: CommerceSchema.ImportCsvLocalizedSource(
                allowedErrorCount: String(allowed), behavior: behavior,
                csvData: Data(document.utf8).base64EncodedString(), entity: entity, validationStrategy: strategy))
    }

    private func seeded() throws -> FakeCommerce {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 5)
        return fake
    }

    @Test func stockSourcesAppendWritesSourceItemsAsTheRESTRouteDoes() async throws {
        let fake = try seeded()
        let answer = try await csv(
            fake.makeClient(), "stock_sources",
            "sku,source_code,quantity,status\nSKU-000001,default,12.5,1\nSKU-000002,default,0,0\n")
        #expect(answer == ["Entities Processed: 2"])
        #expect(fake.sourceQuantity(sku: "SKU-000001") == Decimal(string: "12.5"))
        #expect(fake.sourceQuantity(sku: "SKU-000002") == 0)
        let salable = try await fake.makeClient().inventory.salableQuantity(sku: "SKU-000001", stockID: 1)
        #expect(salable == Decimal(string: "12.5"))
    }

    @Test func stopOnErrorsNamesEveryBadRowAndImportsNothing() async throws {
        let fake = try seeded()
        let answer = try await csv(
            fake.makeClient(), "stock_sources",
            "sku,source_code,quantity\nSKU-000001,default,7\nSKU-000002,nowhere,8\nSKU-000003,default,9\n"
                + "SKU-000004,elsewhere,1\n")
        #expect(
            answer == [
                "Row 2: Source code \"nowhere\" does not exists", "Row 4: Source code \"elsewhere\" does not exists",
            ])
        #expect(fake.sourceQuantity(sku: "SKU-000001") != 7, "nothing is imported")
    }

    @Test func skipErrorsImportsTheValidRowsWithoutNamingTheOthers() async throws {
        let fake = try seeded()
        let answer = try await csv(
            fake.makeClient(), "stock_sources",
            "sku,source_code,quantity\nSKU-000001,default,7\nSKU-000002,nowhere,8\n",
            strategy: "validation-skip-errors")
        #expect(answer == ["Entities Processed: 2"])
        #expect(fake.sourceQuantity(sku: "SKU-000001") == 7)
        let none = try await csv(
            fake.makeClient(), "stock_sources", "sku,source_code,quantity\nSKU-000002,nowhere,8\n",
            strategy: "validation-skip-errors")
        #expect(none == ["Row 1: Source code \"nowhere\" does not exists"], "no valid row: the errors are answered")
    }

    @Test func validationStopsAtTheAllowedErrorCount() async throws {
        let fake = try seeded()
        let rows = (1...5).map { "SKU-00000\($0),bad\($0),1" }.joined(separator: "\n")
        let answer = try await csv(
            fake.makeClient(), "stock_sources", "sku,source_code,quantity\n" + rows + "\n", allowed: 2)
        #expect(answer.count == 2 && answer.first == "Row 1: Source code \"bad1\" does not exists")
    }

    @Test func aSaveFailureRefusesTheFileAsAWhole() async throws {
        let fake = try seeded()
        let answer = try await csv(
            fake.makeClient(), "stock_sources", "sku,source_code,quantity\nSKU-000001,default,3\nNOPE,default,4\n")
        #expect(answer == ["Validation Failed"], "an unknown SKU fails SourceItemsSave, not the row validators")
        #expect(fake.sourceQuantity(sku: "SKU-000001") != 3)
        let missing = try await csv(fake.makeClient(), "stock_sources", "sku,source_code\nSKU-000001,default\n")
        #expect(missing == ["Row 1: Missing required column \"quantity\""])
    }

    @Test func catalogProductValidationUsesMagentosMessages() async throws {
        let fake = try seeded()
        let answer = try await csv(
            fake.makeClient(), "catalog_product",
            "sku,name,price,weight,attribute_set_code,product_type\n"
                + ",Nameless,1,1,Default,simple\n"  // row 1
                + "NEW-1,New,abc,1,Default,simple\n"  // row 2
                + "NEW-2,,5,1,Nope,kit\n"  // row 3
                + "SKU-000001,Renamed,,x,,\n")  // row 4: existing, only the weight is wrong
        #expect(
            answer == [
                "Row 1: SKU is empty",
                "Row 2: Value for 'price' attribute contains incorrect value, acceptable values are in decimal format",
                "Row 3: Invalid value for Attribute Set column (set doesn't exist?)",
                "Row 3: Product type is invalid or not supported",
                "Row 3: Please make sure attribute \"name\" is not empty.",
                "Row 4: Product weight is invalid",
            ])
    }

    @Test func catalogProductBehaviours() async throws {
        let fake = try seeded()
        let client = fake.makeClient()
        let appended = try await csv(
            client, "catalog_product",
            "sku,name,price,attribute_set_code,product_type,product_websites,color\n"
                + "\"NEW, 1\",\"Bag \"\"Joust\"\"\nline two\",19.90,Default,simple,base,Blau\n"
                + "SKU-000001,Renamed,,,,,\n")
        #expect(appended == ["Entities Processed: 2"])
        let created = try #require(fake.product(sku: "NEW, 1"))
        #expect(created.name == "Bag \"Joust\"\nline two" && created.price == Decimal(string: "19.90"))
        #expect(created.customAttribute("color") == .string("Blau"))
        let renamed = try #require(fake.product(sku: "SKU-000001"))
        #expect(renamed.name == "Renamed" && renamed.price == Decimal(string: "11.99"), "append keeps other values")
        #expect(renamed.customAttribute("description") == .string("Description of product 1."))

        let replaced = try await csv(
            client, "catalog_product",
            "sku,name,price,attribute_set_code,product_type\nSKU-000002,Fresh,3,Default,simple\n",
            behavior: "replace")
        #expect(replaced == ["Entities Processed: 1"])
        let fresh = try #require(fake.product(sku: "SKU-000002"))
        #expect(
            fresh.name == "Fresh" && fresh.customAttribute("description") == nil, "replace drops what the row lacks")

        let deleted = try await csv(client, "catalog_product", "sku\nSKU-000003\nGONE\n", behavior: "delete")
        #expect(deleted == ["Row 2: Product with specified SKU not found"])
        let deletedNow = try await csv(client, "catalog_product", "sku\nSKU-000003\n", behavior: "delete")
        #expect(deletedNow == ["Entities Processed: 1"] && fake.product(sku: "SKU-000003") == nil)
    }

    @Test func jsonItemsAndTheStockBehaviours() async throws {
        let fake = try seeded()
        let client = fake.makeClient()
        func json(_ items: [[String: JSONValue]], behavior: String) async throws -> [String] {
            var body = SchemaRequestBody()
            body["source"] = JSONValue.object([
                "entity": "stock_sources", "behavior": .string(behavior),
                "validation_strategy": "validation-stop-on-errors", "allowed_error_count": "0",
                "items": .array(items.map(JSONValue.object)),
            ])
            return try await client.send(CommerceSchema.Operations.Import.postImportJsonOperation, body: body)
        }
        let appended = try await json(
            [["sku": "SKU-000004", "source_code": "default", "quantity": .number(42), "status": .number(1)]],
            behavior: "append")
        #expect(appended == ["Entities Processed: 1"] && fake.sourceQuantity(sku: "SKU-000004") == 42)
        let deleted = try await json([["sku": "SKU-000004", "source_code": "default"]], behavior: "delete")
        #expect(deleted == ["Entities Processed: 1"] && fake.sourceQuantity(sku: "SKU-000004") == nil)
        let unknown = try await json([["sku": "SKU-000004", "source_code": "default"]], behavior: "upsert")
        #expect(unknown == ["There is no command registered for behavior \"upsert\"."])
    }

    @Test func fileLevelAnswers() async throws {
        let fake = try seeded()
        let client = fake.makeClient()
        #expect(
            try await csv(client, "stock_sources", "sku,source_code,quantity\n") == [
                "This file is empty. Please try another one."
            ])
        #expect(try await csv(client, "stock_things", "sku\nA\n") == ["Please enter a correct entity model."])
        #expect(
            try await csv(client, "stock_sources", "sku\nA\n", strategy: "validation-maybe")
                == ["ImportExport: Import Data validation - Validation strategy not found"])
    }

    @Test func eachRouteNeedsItsModulesACLResource() async throws {
        var options = FakeCommerce.Options()
        options.integrationResources = ["Magento_ImportCsvApi::import_api"]
        let fake = FakeCommerce(options: options)
        try fake.seedCatalog(productCount: 1)
        let client = fake.makeClient()
        let answer = try await csv(client, "stock_sources", "sku,source_code,quantity\nSKU-000001,default,2\n")
        #expect(answer == ["Entities Processed: 1"])
        var body = SchemaRequestBody()
        body["source"] = JSONValue.object([
            "entity": "stock_sources", "behavior": "append", "validation_strategy": "validation-stop-on-errors",
            "allowed_error_count": "0", "items": .array([]),
        ])
        let error = await #expect(throws: CommerceError.self) {
            let _: [String] = try await client.send(
                CommerceSchema.Operations.Import.postImportJsonOperation, body: body)
        }
        #expect(error?.httpStatus == 401)
        #expect(error?.message == "The consumer isn't authorized to access Magento_ImportJsonApi::import_api.")
    }

    @Test func aStoreWithoutTheModulesHasNoRoute() async throws {
        var options = FakeCommerce.Options()
        options.importModulesInstalled = false
        let fake = FakeCommerce(options: options)
        try fake.seedCatalog(productCount: 1)
        let error = await #expect(throws: CommerceError.self) {
            try await csv(fake.makeClient(), "stock_sources", "sku,source_code,quantity\nSKU-000001,default,1\n")
        }
        #expect(error?.code == .notFound && error?.httpStatus == 404)
        #expect(error?.message == "Request does not match any route.")
    }
}
