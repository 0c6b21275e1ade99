import AdobeCommerce
import Foundation

/// Encodes a REST search page of the small catalog, 40 times: 300 products, or 100 orders of 3 lines, as the
/// facades hold them after reading the page the decode benchmarks read.
struct EncodePageBenchmark: Benchmark {
    /// The page to encode.
    enum Page {
        /// 300 products as `SearchResults<Product>` (`Product` is the generated `CommerceSchema.CatalogProduct`).
        case products
        /// 100 orders as `SearchResults<Order>` (`CommerceSchema.SalesOrder`).
        case orders
    }

    /// The page this benchmark encodes.
    let page: Page

    var name: String {
        switch page {
        case .products: "encode_products_page_300"
        case .orders: "encode_orders_page_100"
        }
    }

    var summary: String {
        switch page {
        case .products:
            "encode a 300-product SearchResults<Product> page, 40 times, beside encode(to:) and Foundation's JSONEncoder"
        case .orders:
            "encode a 100-order SearchResults<Order> page (3 lines each), 40 times, beside encode(to:) and Foundation's"
        }
    }

    func run(_ fixtures: Fixtures) async throws -> [String: Double] {
        let catalog = try await fixtures.smallCatalog()
        let decoder = CommerceJSONDecoder()
        switch page {
        case .products:
            let value = try decoder.decode(SearchResults<Product>.self, from: catalog.productPage)
            return try compare(value, items: 300)
        case .orders:
            let value = try decoder.decode(SearchResults<Order>.self, from: catalog.orderPage)
            return try compare(value, items: 100)
        }
    }

    /// The SDK's encoder (each model written through `SchemaObjectEncodable.write(to:)`), the same encoder through the
    /// models' `encode(to:)` (the path before the one-pass writer), and Foundation's (`.sortedKeys`, through
    /// `encode(to:)`) encoding `value`, 40 times each, alternating so that all see the same machine.
    private func compare<Value: Encodable>(_ value: Value, items: Int) throws -> [String: Double] {
        let encoder = CommerceJSONEncoder()
        var codable = CommerceJSONEncoder()
        codable.writesSchemaObjects = false
        let foundation = JSONEncoder()
        foundation.outputFormatting = .sortedKeys
        let ours = try encoder.encode(value)
        let theirs = try foundation.encode(value)
        let same = try JSONValue(parsing: ours) == JSONValue(parsing: theirs) && ours == codable.encode(value)
        precondition(same, "the three encoders write the same JSON, and both of the SDK's the same bytes")
        let iterations = 40
        var oursSeconds = Double.infinity
        var codableSeconds = Double.infinity
        var theirsSeconds = Double.infinity
        for _ in 0..<3 {
            oursSeconds = min(oursSeconds, try measure(iterations: iterations) { _ = try encoder.encode(value) })
            codableSeconds = min(codableSeconds, try measure(iterations: iterations) { _ = try codable.encode(value) })
            theirsSeconds = min(theirsSeconds, try measure(iterations: iterations) { _ = try foundation.encode(value) })
        }
        let megabytes = Double(ours.count * iterations) / 1_000_000
        return [
            "bytes_per_page": Double(ours.count),
            "mb_per_second": rounded(megabytes / oursSeconds),
            "items_per_second": rounded(Double(items * iterations) / oursSeconds),
            "codable_path_mb_per_second": rounded(megabytes / codableSeconds),
            "ratio_to_codable_path": rounded(codableSeconds / oursSeconds),
            "foundation_mb_per_second": rounded(megabytes / theirsSeconds),
            "ratio_to_foundation": rounded(theirsSeconds / oursSeconds),
        ]
    }
}
