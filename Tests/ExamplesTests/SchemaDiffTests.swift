import AdobeCommerce
import Testing

@testable import commerce_bridge

/// The doctor's comparison of a store's live schema with the SDK's, on documents written here.
struct SchemaDiffTests {
    private let order = CommerceSchema.SalesOrder.self

    private func document(paths: [String: [String]], definitions: [String: [String]]) -> JSONValue {
        var pathObject: [String: JSONValue] = [:]
        for (path, methods) in paths {
            var item: [String: JSONValue] = [:]
            for method in methods { item[method] = ["responses": [:]] }
            pathObject[path] = .object(item)
        }
        var definitionObject: [String: JSONValue] = [:]
        for (name, keys) in definitions {
            var properties: [String: JSONValue] = [:]
            for key in keys { properties[key] = [:] }
            definitionObject[name] = ["type": "object", "properties": .object(properties)]
        }
        return ["swagger": "2.0", "paths": .object(pathObject), "definitions": .object(definitionObject)]
    }

    @Test("A custom module's route, a model's extension attribute and an unknown definition are reported")
    func storeHasMore() throws {
        let keys = Array(order.schemaKeys) + ["x_erp_number"]
        let diff = try SchemaDiff(
            document: document(
                paths: ["/V1/orders/{orderId}": ["get"], "/V1/acme/erp-sync/{id}": ["post", "get"]],
                definitions: [order.schemaDefinition: keys, "acme-erp-sync-interface": ["id"]]))
        #expect(diff.storeRouteCount == 3)
        #expect(diff.missingInSDK.map(\.description) == ["GET /V1/acme/erp-sync/{id}", "POST /V1/acme/erp-sync/{id}"])
        #expect(diff.extraKeys.count == 1)
        #expect(diff.extraKeys.first?.definition == order.schemaDefinition)
        #expect(diff.extraKeys.first?.keys == ["x_erp_number"])
        #expect(diff.unknownDefinitions == ["acme-erp-sync-interface"])
        // `GET /V1/orders/{id}` in the SDK is the same route whatever its placeholder is called.
        #expect(!diff.missingInStore.map(\.description).contains("GET /V1/orders/{id}"))
        #expect(diff.missingInStore.count == CommerceSchema.Operations.all.count - 1)
    }

    @Test("A document that is not Swagger 2.0 is refused with the reason")
    func notSwagger() {
        #expect(throws: SchemaDiff.Invalid.self) { try SchemaDiff(document: ["openapi": "3.0.0", "paths": [:]]) }
    }
}
