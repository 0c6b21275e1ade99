import AdobeCommerce
import Foundation

/// Decodes a REST search page of the small catalog, 40 times: 300 products, or 100 orders of 3 lines.
struct DecodePageBenchmark: Benchmark {
    /// The page to decode.
    enum Page {
        /// 300 products as `SearchResults<Product>`, as `client.products.search` reads them (`Product` is the generated
        /// `CommerceSchema.CatalogProduct`, which keeps every member).
        case products
        /// 100 orders as `SearchResults<Order>` (`CommerceSchema.SalesOrder`), as `client.orders.search` reads them.
        case orders
        /// A products search page saved in a file, as `SearchResults<Product>` (`--page-file`: the peer script
        /// decodes the same bytes with Python's json and orjson).
        case productsFile(URL)
        /// 100 copies of Adobe's documented order (299 JSON paths each: every `base_*` amount, tax, payment,
        /// shipping assignments) as `CommerceSchema.SalesOrderSearchResult`.
        case schemaDocumentedOrders
    }

    /// The page this benchmark decodes.
    let page: Page

    var name: String {
        switch page {
        case .products: "decode_products_page_300"
        case .orders: "decode_orders_page_100"
        case .productsFile: "decode_products_page_file"
        case .schemaDocumentedOrders: "decode_schema_documented_orders_page_100"
        }
    }

    var summary: String {
        switch page {
        case .products: "decode a 300-product SearchResults<Product> page, 40 times, beside Foundation's JSONDecoder"
        case .orders: "decode a 100-order SearchResults<Order> page (3 lines each), 40 times, beside Foundation's"
        case .productsFile(let file): "decode the products page in \(file.path), 40 times, beside Foundation's"
        case .schemaDocumentedOrders:
            "decode 100 of Adobe's documented orders into the generated models, 40 times, beside Foundation's"
        }
    }

    func run(_ fixtures: Fixtures) async throws -> [String: Double] {
        if case .productsFile(let file) = page {
            let body = try Data(contentsOf: file)
            let items = try CommerceJSONDecoder().decode(SearchResults<Product>.self, from: body).items.count
            return try compare(SearchResults<Product>.self, body, items: items)
        }
        let catalog = try await fixtures.smallCatalog()
        switch page {
        case .products: return try compare(SearchResults<Product>.self, catalog.productPage, items: 300)
        case .schemaDocumentedOrders:
            return try compare(CommerceSchema.SalesOrderSearchResult.self, try Self.documentedOrdersPage(), items: 100)
        case .orders, .productsFile: return try compare(SearchResults<Order>.self, catalog.orderPage, items: 100)
        }
    }

    /// The SDK's decoder and Foundation's decoding `body` into `type`, 40 times each.
    private func compare<Page: Decodable>(_ type: Page.Type, _ body: Data, items: Int) throws -> [String: Double] {
        let (decoder, foundation) = (CommerceJSONDecoder(), JSONDecoder())
        return try figures(body: body, items: items, iterations: 40) {
            _ = try decoder.decode(Page.self, from: body)
        } foundation: {
            _ = try foundation.decode(Page.self, from: body)
        }
    }

    /// A search page of 100 copies of the order Adobe's REST documentation shows (the test fixture), each with its
    /// own entity id and increment id.
    private static func documentedOrdersPage() throws -> Data {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent(
                "../../Tests/AdobeCommerceTests/Fixtures/AdobeSamples/order.sales-data-order-interface.json")
        guard case .object(let order) = try JSONValue(parsing: Data(contentsOf: fixture.standardized)) else {
            throw CommerceError(code: .decodingFailed, message: "The documented order fixture is not an object.")
        }
        let orders: [JSONValue] = (1...100).map { number in
            var copy = order
            copy["entity_id"] = .number(Decimal(number))
            copy["increment_id"] = .string(String(format: "%09d", number))
            return .object(copy)
        }
        let page: JSONValue = ["items": .array(orders), "search_criteria": [:], "total_count": .number(100)]
        return page.jsonData
    }

    /// The SDK's decoder and Foundation's on the same bytes into the same models, alternating so that both see the
    /// same machine.
    private func figures(
        body: Data,
        items: Int,
        iterations: Int,
        decode: () throws -> Void,
        foundation: () throws -> Void
    ) throws -> [String: Double] {
        try decode()  // warm up
        try foundation()
        var ours = Double.infinity
        var theirs = Double.infinity
        for _ in 0..<3 {
            ours = min(ours, try measure(iterations: iterations, decode))
            theirs = min(theirs, try measure(iterations: iterations, foundation))
        }
        let megabytes = Double(body.count * iterations) / 1_000_000
        return [
            "bytes_per_page": Double(body.count),
            "mb_per_second": rounded(megabytes / ours),
            "items_per_second": rounded(Double(items * iterations) / ours),
            "foundation_mb_per_second": rounded(megabytes / theirs),
            "ratio_to_foundation": rounded(theirs / ours),
        ]
    }
}
