import AdobeCommerce
import Foundation
import Testing

/// Generated models written by `CommerceJSONEncoder` through their one-pass `write(to:)`: the same bytes as their
/// `encode(to:)`, also nested in hand-written wrappers, and the same errors. (Every Adobe sample and every model
/// filled with every property are compared in `GeneratedSchemaTests`.)
struct SchemaEncodingTests {
    private typealias Order = CommerceSchema.SalesOrder
    private typealias Item = CommerceSchema.SalesOrderItem

    private static func text(_ value: some Encodable) throws -> String {
        String(decoding: try CommerceJSONEncoder().encodeBytes(value), as: UTF8.self)
    }

    @Test("A typed value replaces a kept member of the same name; a nil one leaves it; nil members are left out")
    func typedOverKept() throws {
        var order = Order(entityID: 5, grandTotal: Decimal(string: "12.50"))
        order.additionalFields = ["grand_total": "kept", "increment_id": .null, "x_module": ["a": [1, .null]]]
        let expected = #"{"entity_id":5,"grand_total":12.5,"increment_id":null,"x_module":{"a":[1,null]}}"#
        #expect(try Self.text(order) == expected)
        #expect(try GeneratedSchemaTests.writersAgree(order))
        #expect(try Self.text(Order()) == "{}", "no member, no kept field: an empty object")
    }

    @Test("A boxed member (an item's parent item) is written as the nested item, to any depth")
    func boxedMembers() throws {
        let grandparent = Item(itemID: 1, sku: "KIT")
        let parent = Item(itemID: 2, parentItem: grandparent, rowTotal: Decimal(string: "0.1000"), sku: "KIT-A")
        let child = Item(itemID: 3, parentItem: parent, sku: "KIT-A-1")
        #expect(
            try Self.text(child)
                == #"{"item_id":3,"parent_item":{"item_id":2,"parent_item":{"item_id":1,"sku":"KIT"},"row_total":0.1,"#
                + #""sku":"KIT-A"},"sku":"KIT-A-1"}"#)
        #expect(try GeneratedSchemaTests.writersAgree(child))
    }

    @Test("Lists of models, of numbers, of strings and of any JSON, nested in models, in lists and in wrappers")
    func nestedLists() throws {
        let items = [Item(itemID: 1, sku: "A"), Item(itemID: 2, parentItem: Item(itemID: 1), sku: "B")]
        let assignment = CommerceSchema.SalesShippingAssignment(items: items, stockID: 2)
        var order = Order(
            entityID: 7,
            extensionAttributes: .init(shippingAssignments: [assignment, .init(items: [])]),
            items: items)
        order.additionalFields["items"] = "replaced by the typed list"
        let product = CommerceSchema.CatalogProduct(
            extensionAttributes: .init(websiteIDs: [1, 2]), sku: "S", typeID: "simple")
        let refusal = CommerceSchema.CatalogPriceUpdateResult(message: "%1 at %2", parameters: [.null, 7, "SKU"])
        #expect(try Self.text(refusal) == #"{"message":"%1 at %2","parameters":[null,7,"SKU"]}"#)
        #expect(
            try Self.text(product) == #"{"extension_attributes":{"website_ids":[1,2]},"sku":"S","type_id":"simple"}"#)
        #expect(try GeneratedSchemaTests.writersAgree(order))
        #expect(try GeneratedSchemaTests.writersAgree([[order], [], [order, order]]))
        #expect(try GeneratedSchemaTests.writersAgree(["first": order, "second": Order()]))
        #expect(try GeneratedSchemaTests.writersAgree(SearchResults(items: [order, order], totalCount: 9)))
        #expect(try GeneratedSchemaTests.writersAgree([product]) && GeneratedSchemaTests.writersAgree(refusal))
        var body = SchemaRequestBody()
        body["entity"] = order
        body["product"] = product
        #expect(try GeneratedSchemaTests.writersAgree(body))
        let written = try JSONValue(parsing: CommerceJSONEncoder().encode(order))
        #expect(written["items"]?.arrayValue?.count == 2)
        #expect(written["extension_attributes"]?["shipping_assignments"]?.arrayValue?.last == ["items": []])
    }

    @Test("A NaN amount is refused as it is through encode(to:), with the same coding path, nested or not")
    func notANumber() throws {
        let order = Order(items: [Item(sku: "A"), Item(rowTotal: .nan, sku: "B")])
        var codable = CommerceJSONEncoder()
        codable.writesSchemaObjects = false
        func path(_ encode: () throws -> [UInt8]) -> [String] {
            do {
                _ = try encode()
                return []
            } catch EncodingError.invalidValue(_, let context) {
                return context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            } catch {
                return ["\(error)"]
            }
        }
        let page = SearchResults(items: [order], totalCount: 1)
        #expect(path { try CommerceJSONEncoder().encodeBytes(order) } == ["items", "1", "row_total"])
        #expect(path { try codable.encodeBytes(order) } == ["items", "1", "row_total"])
        #expect(path { try CommerceJSONEncoder().encodeBytes(page) } == ["items", "0", "items", "1", "row_total"])
        #expect(path { try codable.encodeBytes(page) } == ["items", "0", "items", "1", "row_total"])
        let kept = Order(additionalFields: ["grand_total": .number(.nan)])
        #expect(try Self.text(kept) == #"{"grand_total":null}"#, "a kept NaN is written as null, as before")
    }

    @Test("An adopter's type writes scalars, dates, lists of numbers and flags, and other types through encode(to:)")
    func adopterType() throws {
        let shelf = Shelf(
            label: "Aisle \"3\"", opened: MagentoDate(rawValue: "2026-11-22 20:41:26"), weights: [1.5, 0],
            flags: [true, false], grid: [["a"], []], extra: ["extra": true])
        let expected =
            #"{"extra":true,"flags":[true,false],"grid":[["a"],[]],"label":"Aisle \"3\"","opened":"2026-11-22 20:41:26","#
            + #""weights":[1.5,0]}"#
        #expect(try Self.text(shelf) == expected)
        #expect(try Self.text(ShelfViaCodable(shelf: shelf)) == expected)
        let bad = Shelf(label: nil, opened: nil, weights: [1, .nan], flags: nil, grid: nil, extra: [:])
        let error = #expect(throws: EncodingError.self) { try CommerceJSONEncoder().encodeBytes([bad]) }
        guard case .invalidValue(_, let context)? = error else { return }
        #expect(context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue } == ["0", "weights", "1"])
    }
}

/// A hand-written model as an adopter's module would write one, with the members the generated ones do not have.
private struct Shelf: SchemaObjectEncodable {
    var label: String?
    var opened: MagentoDate?
    var weights: [Decimal]?
    var flags: [Bool]?
    var grid: [[String]]?
    var extra: [String: JSONValue]

    func write(to writer: inout SchemaObjectWriter) throws {
        try writer.write(additionalFields: extra, typedMembers: 5)
        try writer.write(label, "label")
        try writer.write(opened, "opened")
        try writer.write(weights, "weights")
        try writer.write(flags, "flags")
        try writer.writeEncoded(grid, "grid")
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: SchemaCodingKey.self)
        try container.encodeAdditionalFields(extra)
        try container.encodeIfPresent(label, forKey: "label")
        try container.encodeIfPresent(opened, forKey: "opened")
        try container.encodeIfPresent(weights, forKey: "weights")
        try container.encodeIfPresent(flags, forKey: "flags")
        try container.encodeIfPresent(grid, forKey: "grid")
    }
}

/// A ``Shelf`` written through its `encode(to:)`: the wrapper is not `SchemaObjectEncodable`.
private struct ShelfViaCodable: Encodable {
    let shelf: Shelf

    func encode(to encoder: any Encoder) throws { try shelf.encode(to: encoder) }
}
