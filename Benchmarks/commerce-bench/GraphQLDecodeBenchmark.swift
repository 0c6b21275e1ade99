import AdobeCommerce
import AdobeCommerceTesting
import Foundation

/// Decodes a 100-product GraphQL search response (the storefront's product fields, with facets), 40 times.
struct GraphQLDecodeBenchmark: Benchmark {
    /// The product search document the GraphQL client sends, with its fragments.
    static let document = """
        query ProductSearch($pageSize: Int, $filter: ProductAttributeFilterInput) {
          products(filter: $filter, pageSize: $pageSize) {
            total_count
            page_info { current_page page_size total_pages }
            aggregations { attribute_code label count options { label value count } }
            items {
              __typename
              uid
              sku
              name
              url_key
              stock_status
              price_range {
                minimum_price { regular_price { value currency } final_price { value currency } discount { amount_off percent_off } }
                maximum_price { regular_price { value currency } final_price { value currency } discount { amount_off percent_off } }
              }
              media_gallery { url label position disabled }
              categories { uid name url_path level }
            }
          }
        }
        """

    private struct SearchBody: Decodable {
        struct Data: Decodable { var products: StorefrontProductPage? }
        var data: Data?
    }

    let name = "decode_graphql_products_100"
    let summary = "decode a 100-product GraphQL ProductSearch response with facets, 40 times"

    func run(_ fixtures: Fixtures) async throws -> [String: Double] {
        let catalog = try await fixtures.smallCatalog()
        var request = HTTPRequest(method: .post, url: URL(string: "http://commerce.test/graphql")!)
        request.headers["Content-Type"] = "application/json"
        request.body = try JSONEncoder().encode(
            [
                "query": JSONValue.string(Self.document), "operationName": "ProductSearch",
                "variables": ["pageSize": 100, "filter": [:]],
            ])
        let body = try await catalog.fake.send(request).body
        let decoder = CommerceJSONDecoder(convertsFromSnakeCase: true)  // as the GraphQL client reads responses
        let foundation = JSONDecoder()
        foundation.keyDecodingStrategy = .convertFromSnakeCase
        let items = try decoder.decode(SearchBody.self, from: body).data?.products?.items?.count ?? 0
        precondition(items == 100, "the GraphQL page holds \(items) products")
        var ours = Double.infinity
        var theirs = Double.infinity
        for _ in 0..<3 {
            ours = min(ours, try measure(iterations: 40) { _ = try decoder.decode(SearchBody.self, from: body) })
            theirs = min(theirs, try measure(iterations: 40) { _ = try foundation.decode(SearchBody.self, from: body) })
        }
        let megabytes = Double(body.count * 40) / 1_000_000
        return [
            "bytes_per_page": Double(body.count), "items_per_second": rounded(Double(100 * 40) / ours),
            "mb_per_second": rounded(megabytes / ours), "foundation_mb_per_second": rounded(megabytes / theirs),
            "ratio_to_foundation": rounded(theirs / ours),
        ]
    }
}
