import AdobeCommerce
import Foundation

/// Decodes a REST search page of the small catalog, 40 times: 300 products, or 100 orders of 3 lines.
struct DecodePageBenchmark: Benchmark {
    /// The page to decode.
    enum Page {
        /// 300 products as `SearchResults<Product>`.
        case products
        /// 100 orders as `SearchResults<Order>`.
        case orders
        /// A products search page saved in a file, as `SearchResults<Product>` (`--page-file`: the peer script
        /// decodes the same bytes with Python's json and orjson).
        case productsFile(URL)
    }

    /// The page this benchmark decodes.
    let page: Page

    var name: String {
        switch page {
        case .products: "decode_products_page_300"
        case .orders: "decode_orders_page_100"
        case .productsFile: "decode_products_page_file"
        }
    }

    var summary: String {
        switch page {
        case .products: "decode a 300-product SearchResults<Product> page, 40 times, beside Foundation's JSONDecoder"
        case .orders: "decode a 100-order SearchResults<Order> page (3 lines each), 40 times, beside Foundation's"
        case .productsFile(let file): "decode the products page in \(file.path), 40 times, beside Foundation's"
        }
    }

    func run(_ fixtures: Fixtures) async throws -> [String: Double] {
        let decoder = CommerceJSONDecoder()
        let foundation = JSONDecoder()
        if case .productsFile(let file) = page {
            let body = try Data(contentsOf: file)
            let items = try decoder.decode(SearchResults<Product>.self, from: body).items.count
            return try figures(body: body, items: items, iterations: 40) {
                _ = try decoder.decode(SearchResults<Product>.self, from: body)
            } foundation: {
                _ = try foundation.decode(SearchResults<Product>.self, from: body)
            }
        }
        let catalog = try await fixtures.smallCatalog()
        switch page {
        case .products:
            let body = catalog.productPage
            return try figures(body: body, items: 300, iterations: 40) {
                _ = try decoder.decode(SearchResults<Product>.self, from: body)
            } foundation: {
                _ = try foundation.decode(SearchResults<Product>.self, from: body)
            }
        case .orders, .productsFile:
            let body = catalog.orderPage
            return try figures(body: body, items: 100, iterations: 40) {
                _ = try decoder.decode(SearchResults<Order>.self, from: body)
            } foundation: {
                _ = try foundation.decode(SearchResults<Order>.self, from: body)
            }
        }
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
