import CommerceCodegen
import Foundation
import Testing

/// The generator on small documents: names, types, recursion, operations, and the errors a bad document gets.
struct CodeGeneratorTests {
    private static let document = """
        {
          "swagger": "2.0",
          "info": {"title": "Test", "version": "1"},
          "paths": {
            "/V1/orders/{id}": {
              "get": {
                "operationId": "GetV1OrdersId",
                "description": "Loads a specified order.",
                "parameters": [{"name": "id", "in": "path", "required": true, "type": "integer"}],
                "responses": {"200": {"schema": {"$ref": "#/definitions/sales-data-order-interface"}}}
              }
            },
            "/V1/orders": {
              "get": {
                "parameters": [
                  {"name": "searchCriteria[filterGroups][0][filters][0][field]", "in": "query", "type": "string"},
                  {"name": "searchCriteria[pageSize]", "in": "query", "type": "integer"},
                  {"name": "searchCriteria[requestName]", "in": "query", "type": "string"}
                ],
                "responses": {"200": {"schema": {"type": "array", "items": {"$ref": "#/definitions/sales-data-order-interface"}}}}
              }
            },
            "/V1/orders/{id}/hold": {
              "post": {
                "parameters": [
                  {"name": "id", "in": "path", "required": true, "type": "integer"},
                  {"name": "body", "in": "body", "schema": {"type": "object", "required": ["default"],
                    "properties": {"default": {"type": "boolean"}, "id": {"type": "string"}}}}
                ],
                "responses": {"401": {"description": "Unauthorized"}}
              }
            }
          },
          "definitions": {
            "sales-data-order-interface": {
              "type": "object",
              "required": ["entity_id"],
              "properties": {
                "entity_id": {"type": "integer", "description": "Order ID."},
                "base_grand_total": {"type": "number"},
                "class": {"type": "string"},
                "items": {"type": "array", "items": {"$ref": "#/definitions/sales-data-order-item-interface"}},
                "extension_attributes": {"$ref": "#/definitions/sales-data-order-extension-interface"}
              }
            },
            "sales-data-order-item-interface": {
              "type": "object",
              "properties": {"parent_item": {"$ref": "#/definitions/sales-data-order-item-interface"}}
            },
            "sales-data-order-extension-interface": {"type": "object", "properties": {}},
            "sales-order-extension-interface": {"type": "object", "properties": {"x": {"type": "object"}}}
          }
        }
        """

    private func generate(_ json: String = Self.document) throws -> [String: String] {
        let document = try SwaggerDocument(data: Data(json.utf8))
        return try CodeGenerator(document: document, options: .init(namespace: "TestSchema", accessor: "test"))
            .files()
    }

    @Test("Definitions become structures with every property, Magento's keys, Decimal for number, each optional")
    func models() throws {
        let files = try generate()
        let sales = try #require(files["Models/SalesModels.swift"])
        #expect(sales.contains("public struct SalesOrder: SchemaModel {"))
        // Required members are optional too (Magento sends null for some), documented and listed as required.
        #expect(sales.contains("/// Order ID. Required by the schema.\n        public var entityID: Int?\n"))
        #expect(sales.contains("public static let requiredKeys: Set<String> = [\"entity_id\"]"))
        #expect(sales.contains("public var baseGrandTotal: Decimal?"))
        #expect(sales.contains("public var `class`: String?"), "a keyword is written in backquotes")
        #expect(sales.contains("public var items: [SalesOrderItem]?"))
        #expect(sales.contains("try container.decodeMember(Int.self, forKey: \"entity_id\", unreadable: &unreadable)"))
        #expect(
            sales.contains(
                "try container.decodeMember(Decimal.self, forKey: \"base_grand_total\", unreadable: &unreadable)"))
        #expect(sales.contains("public var additionalFields: [String: JSONValue]"))
        #expect(sales.contains("import AdobeCommerce"), "outside the SDK the files import it")
        #expect(sales.contains("// swift-format-ignore-file"))
    }

    @Test("A structure that holds itself holds it through a box, and exposes the value")
    func recursion() throws {
        let sales = try #require(try generate()["Models/SalesModels.swift"])
        #expect(sales.contains("public var parentItem: SalesOrderItem? {"))
        #expect(sales.contains("private var _parentItem: SchemaBox<SalesOrderItem>?"))
    }

    @Test("Names that would collide keep their data words; the result is the same on every run")
    func collisions() throws {
        let names = SwiftNamesProbe.typeNames([
            "sales-data-order-extension-interface", "sales-order-extension-interface",
            "customer-data-customer-interface",
            "error-response",
        ])
        #expect(names["customer-data-customer-interface"] == "Customer", "a repeated word is said once")
        #expect(names["error-response"] == "ErrorResponse")
        #expect(names["sales-data-order-extension-interface"] == "SalesDataOrderExtension")
        #expect(names["sales-order-extension-interface"] == "SalesOrderExtension")
        #expect(try generate() == generate(), "byte for byte the same")
    }

    @Test("Operations: path, query and body parameters, searchCriteria as SearchCriteria, the response model")
    func operations() throws {
        let files = try generate()
        let orders = try #require(files["Operations/OrdersOperations.swift"])
        #expect(
            orders.contains(
                "public func getOrdersByID(\n            id: Int\n        ) async throws -> TestSchema.SalesOrder {"))
        #expect(orders.contains("path: [\"id\": String(describing: id)]"))
        #expect(orders.contains("searchCriteria: SearchCriteria = SearchCriteria()"))
        #expect(orders.contains("searchCriteriaRequestName: String? = nil"), "a member beside the criteria stays")
        #expect(orders.contains("-> [TestSchema.SalesOrder]"))
        // The body's `id` collides with the path's: it is renamed, its JSON key is not.
        #expect(orders.contains("`default`: Bool,"))
        #expect(orders.contains("id2: String? = nil"))
        #expect(orders.contains("body[\"id\"] = id2"))
        #expect(
            orders.contains("try await client.perform(Self.postOrdersByIDHoldOperation"), "no 200 answer: nothing read")
        let index = try #require(files["Operations/Operations.swift"])
        #expect(index.contains("public var test: TestSchema.Operations"))
        #expect(index.contains("OrdersOperations") == false && index.contains("Orders.getOrdersByIDOperation,"))
    }

    @Test("A model writes its kept members, then each property through SchemaObjectWriter, in one pass")
    func writer() throws {
        let json = #"""
            {"swagger": "2.0", "paths": {}, "definitions": {"shelf-data-shelf-interface": {"type": "object",
              "properties": {"label": {"type": "string"}, "grid": {"type": "array", "items": {"type": "array",
                "items": {"type": "string"}}}, "sizes": {"type": "array", "items": {"type": "number"}},
                "parent": {"$ref": "#/definitions/shelf-data-shelf-interface"}, "created_at": {"type": "string"},
                "bins": {"type": "array", "items": {"$ref": "#/definitions/shelf-data-bin-interface"}}}},
              "shelf-data-bin-interface": {"type": "object", "properties": {}}}}
            """#
        let shelf = try #require(try generate(json)["Models/ShelfModels.swift"])
        #expect(
            shelf.contains(
                """
                        /// Writes ``additionalFields``, then every member that has a value, in one pass.
                        public func write(to writer: inout SchemaObjectWriter) throws {
                            try writer.write(additionalFields: self.additionalFields, typedMembers: 6)
                            try writer.write(self.bins, "bins")
                            try writer.write(self.createdAt, "created_at")
                            try writer.writeEncoded(self.grid, "grid")
                            try writer.write(self.label, "label")
                            try writer.write(self.parent, "parent")
                            try writer.write(self.sizes, "sizes")
                        }
                """), "a list of lists goes through encode(to:); the boxed parent is written as the value")
        #expect(
            shelf.contains(
                """
                        public func write(to writer: inout SchemaObjectWriter) throws {
                            try writer.write(additionalFields: self.additionalFields, typedMembers: 0)
                        }
                """), "a definition without properties writes its kept members")
    }

    @Test("A body member named `items` keeps its name (POST /V1/invoice/{invoiceId}/refund sends `items`)")
    func itemsKeepsItsName() throws {
        let json = #"""
            {"swagger": "2.0", "paths": {"/V1/invoice/{invoiceId}/refund": {"post": {"parameters": [
              {"name": "invoiceId", "in": "path", "required": true, "type": "integer"},
              {"name": "body", "in": "body", "schema": {"type": "object",
                "properties": {"items": {"type": "array", "items": {"type": "integer"}}}}}],
              "responses": {"200": {"schema": {"type": "integer"}}}}}}}
            """#
        let files = try generate(json)
        let invoice = try #require(files["Operations/InvoiceOperations.swift"])
        #expect(invoice.contains("items: [Int]? = nil"))
        #expect(invoice.contains("body[\"items\"] = items"))
        #expect(!invoice.contains("items2"))
    }

    @Test("Initialisms are capitals after the first word, camel-case keys split, and times are MagentoDate")
    func initialismsAndTimes() throws {
        let json = #"""
            {"swagger": "2.0", "paths": {"/V1/products/{sku}/media/{entryId}": {"delete": {"parameters": [
              {"name": "sku", "in": "path", "required": true, "type": "string"},
              {"name": "entryId", "in": "path", "required": true, "type": "integer"}],
              "responses": {"200": {"schema": {"type": "boolean"}}}}}},
             "definitions": {"store-data-store-config-interface": {"type": "object", "properties": {
              "id": {"type": "integer"}, "website_ids": {"type": "array", "items": {"type": "integer"}},
              "secure_base_url": {"type": "string"}, "bulk_uuid": {"type": "string"}, "cartId": {"type": "integer"},
              "linked_product_sku": {"type": "string"}, "identifier": {"type": "string"},
              "created_at": {"type": "string"}, "price_from": {"type": "string"}, "low_stock_date": {"type": "string"},
              "update_time": {"type": "string"}, "flat_at": {"type": "integer"}, "status": {"type": "string"}}}}}
            """#
        let files = try generate(json)
        let store = try #require(files["Models/StoreModels.swift"])
        for declaration in [
            "public var id: Int?", "public var websiteIDs: [Int]?", "public var secureBaseURL: String?",
            "public var bulkUUID: String?", "public var cartID: Int?", "public var linkedProductSKU: String?",
            "public var identifier: String?", "public var createdAt: MagentoDate?",
            "public var priceFrom: MagentoDate?", "public var lowStockDate: MagentoDate?",
            "public var updateTime: MagentoDate?",
            "public var flatAt: Int?", "public var status: String?",
        ] {
            #expect(store.contains(declaration), "\(declaration)")
        }
        let products = try #require(files["Operations/ProductsOperations.swift"])
        #expect(products.contains("public func deleteProductsBySKUMediaByEntryID("))
        #expect(products.contains("entryID: Int"))
        #expect(products.contains("path: [\"sku\": sku, \"entryId\": String(describing: entryID)]"))
    }

    @Test("An adopter's files import AdobeCommerce where they use it; the namespace's file imports nothing")
    func adopterImports() throws {
        let files = try generate()
        #expect(files["TestSchema.swift"]?.contains("import") == false)
        #expect(files["Models/SalesModels.swift"]?.contains("public import AdobeCommerce\n") == true)
        #expect(files["Operations/OrdersOperations.swift"]?.contains("public import AdobeCommerce\n") == true)
    }

    @Test("A bad document is refused with the place of the problem")
    func refusals() {
        func location(_ json: String) -> String? {
            do {
                _ = try SwaggerDocument(data: Data(json.utf8))
                return nil
            } catch {
                return error.location
            }
        }
        #expect(location("{not json") == "#")
        #expect(location(#"{"openapi": "3.0.0"}"#) == "#/swagger")
        #expect(location(#"{"swagger": "2.0", "definitions": {"a": {"type": "string"}}}"#) == "#/definitions/a/type")
        #expect(
            location(##"{"swagger": "2.0", "definitions": {"a": {"properties": {"b": {"$ref": "#/definitions/c"}}}}}"##)
                == "#/definitions/a/properties/b")
        #expect(
            location(##"{"swagger": "2.0", "definitions": {"a": {"properties": {"b": {"$ref": "other.json#/x"}}}}}"##)
                == "#/definitions/a/properties/b/$ref")
        #expect(
            location(
                #"{"swagger": "2.0", "paths": {"/V1/x": {"get": {"parameters": [{"name": "a", "in": "header"}]}}}}"#)
                == "#/paths/~1V1~1x/get/parameters/0/in")
    }

    @Test("A type the generator cannot map becomes JSONValue with a warning naming it")
    func unmappable() throws {
        let json = #"{"swagger": "2.0", "definitions": {"a": {"properties": {"b": {"type": "file"}}}}}"#
        let document = try SwaggerDocument(data: Data(json.utf8))
        #expect(document.warnings.count == 1 && document.warnings[0].hasPrefix("#/definitions/a/properties/b"))
        let files = try CodeGenerator(document: document, options: .init(namespace: "X")).files()
        #expect(files["Models/AModels.swift"]?.contains("public var b: JSONValue?") == true)
    }

    @Test("Magento's `unstructured-array` (a PHP array: a list or a map) is read and written as JSONValue")
    func unstructuredArray() throws {
        let json = #"""
            {"swagger": "2.0", "definitions": {
              "import-json-source": {"type": "object", "properties": {"items": {"$ref": "#/definitions/unstructured-array"}}},
              "unstructured-array": {"type": "object", "description": ""}}}
            """#
        let files = try CodeGenerator(
            document: try SwaggerDocument(data: Data(json.utf8)), options: .init(namespace: "X")
        )
        .files()
        let model = try #require(files.values.first { $0.contains("struct ImportJsonSource") })
        #expect(model.contains("public var items: JSONValue?"))
        #expect(!model.contains("UnstructuredArray?"))
    }

    @Test(
        "Members Magento fills with mixed JSON (a custom attribute's value, a price refusal's parameters) are JSONValue",
        arguments: [
            ("framework-attribute-interface", "value", "public var value: JSONValue?"),
            ("catalog-data-price-update-result-interface", "parameters", "public var parameters: [JSONValue]?"),
        ])
    func mixedJSON(definition: String, key: String, declaration: String) throws {
        let type = key == "parameters" ? #"{"type": "array", "items": {"type": "string"}}"# : #"{"type": "string"}"#
        let json = """
            {"swagger": "2.0", "definitions": {
              "\(definition)": {"type": "object", "properties": {"\(key)": \(type), "label": \(type)}},
              "other-data-thing-interface": {"type": "object", "properties": {"\(key)": \(type)}}}}
            """
        let files = try generate(json)
        let model = try #require(files.values.first { $0.contains("schemaDefinition = \"\(definition)\"") })
        #expect(model.contains(declaration))
        #expect(
            model.contains(
                "try reader.value(\(declaration.hasSuffix("[JSONValue]?") ? "[JSONValue]" : "JSONValue").self"))
        #expect(!model.contains("public var label: JSONValue?") && !model.contains("public var label: [JSONValue]?"))
        let other = try #require(files["Models/OtherModels.swift"])
        #expect(!other.contains("JSONValue?"), "keyed by the definition's name, not the key alone")
    }

    @Test("A namespace that is not a Swift identifier is refused")
    func badNamespace() throws {
        let document = try SwaggerDocument(data: Data(#"{"swagger": "2.0"}"#.utf8))
        #expect(throws: CodegenError.self) {
            try CodeGenerator(document: document, options: .init(namespace: "my-schema"))
        }
        #expect(throws: CodegenError.self) { try CodeGenerator(document: document, options: .init(namespace: "class")) }
    }

    @Test("Route tables give ACL resources and service contracts by method and {placeholder} path")
    func routeTable() throws {
        let table = """
            METHOD\tURL\tSERVICE\tACL_RESOURCES
            GET\t/V1/orders/:id\tMagento\\Sales\\Api\\OrderRepositoryInterface::get\tMagento_Sales::actions_view
            POST\t/V1/import/csv\t?\tMagento_ImportExport::import_api

            """
        #expect(
            try RouteTable.routes(tsv: table) == [
                "GET /V1/orders/{}": .init(
                    aclResource: "Magento_Sales::actions_view",
                    serviceContract: #"Magento\Sales\Api\OrderRepositoryInterface::get"#),
                "POST /V1/import/csv": .init(aclResource: "Magento_ImportExport::import_api"),
            ])
        let odd = "METHOD\tURL\tACL_RESOURCES\nPOST\t/V1/orders/\tMagento_Sales::create\nGET\t/V1/tfa/x\t?\n"
        #expect(
            try RouteTable.routes(tsv: odd) == ["POST /V1/orders": .init(aclResource: "Magento_Sales::create")],
            "a trailing slash is the same route; `?` is not a resource; no SERVICE column, no service contracts")
        #expect(throws: CodegenError.self) { try RouteTable.routes(tsv: "METHOD\tPATH\n") }
    }
}

extension CodeGeneratorTests {
    @Test("Retries and async follow what a route does, not only its method")
    func traits() throws {
        let json = """
            {"swagger": "2.0", "paths": {
              "/V1/carts/mine/order": {"put": {"responses": {"200": {"schema": {"type": "integer"}}}}},
              "/V1/products/base-prices-information": {"post": {"responses": {}}},
              "/V1/integration/admin/token": {"post": {"responses": {"200": {"schema": {"type": "string"}}}}},
              "/V1/products/{sku}": {"put": {"responses": {}}},
              "/V1/customers/{customerId}/billingAddress": {"get": {"parameters": [
                {"name": "customerId", "in": "path", "type": "integer"}],
                "responses": {"200": {"schema": {"type": "string"}}}}}
            }}
            """
        let files = try CodeGenerator(
            document: try SwaggerDocument(data: Data(json.utf8)), options: .init(namespace: "T")
        ).files()
        let carts = try #require(files["Operations/CartsOperations.swift"])
        #expect(carts.contains("isIdempotent: false, isAsyncCapable: false"), "placing an order is never resent")
        let products = try #require(files["Operations/ProductsOperations.swift"])
        #expect(
            products.contains(
                "path: \"/V1/products/base-prices-information\", aclResource: \"\", isIdempotent: true, isAsyncCapable: false"
            ))
        #expect(
            products.contains(
                "path: \"/V1/products/{sku}\", aclResource: \"\", isIdempotent: true, isAsyncCapable: true"))
        let integration = try #require(files["Operations/IntegrationOperations.swift"])
        #expect(integration.contains("isIdempotent: false, isAsyncCapable: false"), "a token's answer is the point")
        let customers = try #require(files["Operations/CustomersOperations.swift"])
        #expect(customers.contains(") async throws -> String? {"), "no default address: the store answers null")
    }
}

/// Reaches the naming rules through the generator's output, as users see them.
enum SwiftNamesProbe {
    static func typeNames(_ definitions: [String]) -> [String: String] {
        SwiftNames.typeNames(definitions: definitions)
    }
}
