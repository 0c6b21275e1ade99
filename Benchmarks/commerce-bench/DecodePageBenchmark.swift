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
    }

    /// The page this benchmark decodes.
    let page: Page

    var name: String {
        switch page {
        case .products: "decode_products_page_300"
        case .orders: "decode_orders_page_100"
        }
    }

    var summary: String {
        switch page {
        case .products: "decode a 300-product SearchResults<Product> page, 40 times"
        case .orders: "decode a 100-order SearchResults<Order> page (3 lines each), 40 times"
        }
    }

    func run(_ fixtures: Fixtures) async throws -> [String: Double] {
        let catalog = try await fixtures.smallCatalog()
        let decoder = JSONDecoder()
        switch page {
        case .products:
            let productPage = catalog.productPage
            return try figures(body: productPage, items: 300, iterations: 40) {
                _ = try decoder.decode(SearchResults<Product>.self, from: productPage)
            }
        case .orders:
            let orderPage = catalog.orderPage
            return try figures(body: orderPage, items: 100, iterations: 40) {
                _ = try decoder.decode(SearchResults<Order>.self, from: orderPage)
            }
        }
    }

    private func figures(
        body: Data, items: Int, iterations: Int, decode: () throws -> Void
    ) throws -> [String: Double] {
        try decode()  // warm up
        let seconds = try measure(iterations: iterations, decode)
        return [
            "bytes_per_page": Double(body.count),
            "mb_per_second": rounded(Double(body.count * iterations) / seconds / 1_000_000),
            "items_per_second": rounded(Double(items * iterations) / seconds),
        ]
    }
}
