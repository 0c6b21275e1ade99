// Quickstart: create a client, search products, page through orders.
// Runs against the in-process FakeCommerce; point `baseURL` and credentials at a real store to go live.
import AdobeCommerce
import AdobeCommerceTesting
import Foundation

let store = FakeCommerce()
try store.seedCatalog(productCount: 250)
for index in 1...45 {
    try store.placeOrder(
        customerEmail: "customer\(index)@example.com",
        lines: [.init(sku: "SKU-00000\(1 + index % 9)", quantity: 2)])
}
let client = store.makeClient()  // OAuth 1.0a-signed with the fake's integration credentials

let bags = try await client.products.search(
    SearchCriteria().filter("name", .like, "Product 1%").sorted(by: "price", .descending).page(size: 5))
print("\(bags.totalCount) products match 'Product 1%'; the 5 dearest:")
for product in bags.items { print("  \(product.sku ?? "?")  \(product.name ?? "")  \(product.price ?? 0)") }

var orderCount = 0
var revenue = Decimal(0)
for try await page in client.orders.pages(SearchCriteria().filter("status", .eq, "pending").page(size: 20)) {
    orderCount += page.items.count
    revenue += page.items.reduce(Decimal(0)) { $0 + ($1.grandTotal ?? 0) }
    print("page of \(page.items.count) orders (total \(page.totalCount))")
}
print("\(orderCount) pending orders worth \(revenue) USD")
