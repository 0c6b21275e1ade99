import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

struct ProductsAPITests {
    @Test("Create, read, update and delete a product over signed REST")
    func crud() async throws {
        let fake = FakeCommerce()
        let client = fake.makeClient()
        var product = Product(sku: "24-MB01")
        product.name = "Joust Duffle Bag"
        product.price = Decimal(string: "34.99")
        product.setCustomAttribute("description", to: "A bag.")
        let created = try await client.products.create(product)
        #expect(created.id == 1)
        #expect(created.price == Decimal(string: "34.99"))
        #expect(created.productStatus == .enabled && created.status == 1)
        #expect(created.createdAt?.date != nil)

        var change = Product(sku: "24-MB01")
        change.price = Decimal(string: "29.99")
        let updated = try await client.scoped(to: .all).products.update(change)
        #expect(updated.price == Decimal(string: "29.99"))
        #expect(updated.name == "Joust Duffle Bag", "absent fields keep their values")
        #expect(updated.customAttribute("description")?.stringValue == "A bag.")

        #expect(try await client.products.delete(sku: "24-MB01"))
        await #expect(
            performing: { try await client.products.get(sku: "24-MB01") },
            throws: { error in
                let error = error as? CommerceError
                return error?.code == .notFound && error?.httpStatus == 404
                    && error?.operationID == "products.getProductsBySKU"
                    && error?.message
                        == "The product that was requested doesn't exist. Verify the product and try again."
            })
    }

    @Test(
        "SKUs with reserved and Unicode characters survive every product route",
        arguments: ["a/b", "with space", "hash#1", "plus+1", "100%", "q?x=1&y", "café", "日本/テスト", "emoji🛒"])
    func awkwardSKUs(sku: String) async throws {
        let client = FakeCommerce().makeClient()
        var product = Product(sku: sku)
        product.name = "Awkward \(sku)"
        product.price = 1
        try await client.products.create(product)
        #expect(try await client.products.get(sku: sku).sku == sku)
        var change = Product(sku: sku)
        change.name = "Renamed"
        #expect(try await client.scoped(to: .all).products.update(change).name == "Renamed")
        let found = try await client.products.search(SearchCriteria().filter("sku", .eq, sku))
        #expect(found.items.map(\.sku) == [sku])
        #expect(try await client.products.delete(sku: sku))
    }

    @Test("Writing through a store view code saves store-view values; 'all' saves global values")
    func storeScopes() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 1)
        let client = fake.makeClient()
        var local = Product(sku: "SKU-000001")
        local.name = "Nom français"
        _ = try await client.scoped(to: .default).products.update(local)
        #expect(try await client.scoped(to: .default).products.get(sku: "SKU-000001").name == "Nom français")
        #expect(try await client.scoped(to: .all).products.get(sku: "SKU-000001").name == "Product 1")
        #expect(fake.product(sku: "SKU-000001")?.name == "Product 1")
    }

    @Test("An unknown store code is 'no route'; a malformed one is refused before sending")
    func storeCodes() async throws {
        let fake = FakeCommerce()
        await #expect(
            performing: { try await fake.makeClient().scoped(to: "fr").products.search() },
            throws: { error in
                (error as? CommerceError)?.message == "Request does not match any route."
            })
        let before = fake.requests.count
        await #expect(
            performing: { try await fake.makeClient().scoped(to: "bad code/..").products.search() },
            throws: {
                ($0 as? CommerceError)?.code == .invalidRequest
            })
        #expect(fake.requests.count == before)
    }

    @Test("A new product without a name, or with a negative price, is refused with Magento's message")
    func validation() async throws {
        let client = FakeCommerce().makeClient()
        await #expect(
            performing: { try await client.products.create(Product(sku: "NONAME")) },
            throws: { error in
                (error as? CommerceError)?.message == "The value of attribute \"name\" must be set"
            })
        var negative = Product(sku: "NEG")
        negative.name = "Negative"
        negative.price = -1
        await #expect(
            performing: { try await client.products.create(negative) },
            throws: { ($0 as? CommerceError)?.code == .badRequest })
        var empty = Product(sku: "")
        empty.name = "x"
        await #expect(
            performing: { try await client.products.update(empty) },
            throws: { ($0 as? CommerceError)?.code == .invalidRequest })
    }

    @Test("Search filters OR inside a group and AND across groups, sorts, and projects fields")
    func search() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 30)
        let client = fake.makeClient()
        let criteria = SearchCriteria()
            .anyOf([
                Filter("sku", .eq, "SKU-000003"), Filter("sku", .eq, "SKU-000012"), Filter("sku", .like, "SKU-00002%"),
            ])
            .filter("price", .gteq, "20")
            .sorted(by: "price", .descending)
        let found = try await client.products.search(criteria)
        #expect(
            found.items.map(\.sku) == [
                "SKU-000029", "SKU-000028", "SKU-000027", "SKU-000026", "SKU-000025", "SKU-000024", "SKU-000023",
                "SKU-000022", "SKU-000021", "SKU-000020", "SKU-000012",
            ])
        #expect(found.totalCount == 11)
        let projected = try await client.products.search(
            SearchCriteria().page(size: 2).projecting("items[sku],total_count"))
        #expect(projected.items.map(\.sku) == ["SKU-000001", "SKU-000002"])
        #expect(projected.items.allSatisfy { $0.name == nil && $0.price == nil })
        #expect(projected.totalCount == 30)
        let described = try await client.products.search(SearchCriteria().filter("description", .like, "%product 7.%"))
        #expect(described.items.map(\.sku) == ["SKU-000007"], "custom attributes are filterable")
    }

    @Test(
        "Pages stop by total_count: no request past the last page, although Magento would repeat it",
        .timeLimit(.minutes(1)))
    func pagination() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 10)
        let client = fake.makeClient()
        var sizes: [Int] = []
        for try await page in client.products.pages(SearchCriteria().page(size: 3)) { sizes.append(page.items.count) }
        #expect(sizes == [3, 3, 3, 1])
        #expect(fake.requestCount(for: .productsSearch) == 4)
        let beyond = try await client.products.search(SearchCriteria().page(size: 3, current: 9))
        #expect(beyond.items.map(\.sku) == ["SKU-000010"], "Magento clamps a page past the end to the last page")
        var skus: [String] = []
        for try await product in client.products.all(SearchCriteria().page(size: 4)) { skus.append(product.sku ?? "") }
        #expect(skus.count == 10 && Set(skus).count == 10)
        let exact = try await client.products.pages(SearchCriteria().page(size: 5)).collect()
        #expect(exact.count == 10)
    }

    @Test("A fetcher that repeats its last page forever still ends after total_count", .timeLimit(.minutes(1)))
    func repeatedLastPage() async throws {
        let pages = PageSequence<Int>(pageSize: 2) { page in
            SearchResults(items: page >= 3 ? [5] : [page * 2 - 1, page * 2], totalCount: 5)
        }
        #expect(try await pages.items.reduce(into: [Int]()) { $0.append($1) } == [1, 2, 3, 4, 5])
        let empty = PageSequence<Int>(pageSize: 2) { _ in SearchResults(items: [], totalCount: 9) }
        #expect(try await empty.collect().isEmpty, "an early empty page ends the sequence instead of looping")
    }

    @Test("Categories, attributes and options read from the catalog")
    func categoriesAndAttributes() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 4)
        let client = fake.makeClient()
        let tree = try await client.categories.tree()
        #expect(tree.name == "Default Category")
        #expect(tree.childrenData?.map(\.name) == ["Gear", "Men", "Women"])
        #expect(tree.childrenData?.first?.childrenData?.first?.productCount == 2)
        #expect(try await client.categories.tree(depth: 0).childrenData?.isEmpty == true)
        #expect(try await client.categories.get(id: 3).children == "4,5")
        await #expect(
            performing: { try await client.categories.get(id: 999) },
            throws: { error in
                (error as? CommerceError)?.message == "No such entity with id = 999"
            })
        #expect(try await client.productAttributes.get(code: "color").frontendInput == "select")
        #expect(
            try await client.productAttributes.options(code: "color").map(\.label) == [" ", "Black", "Blue", "Red"])
        #expect(
            try await client.productAttributes.search(SearchCriteria().filter("is_user_defined", .eq, "1")).totalCount
                == 2)
        await #expect(
            performing: { try await client.productAttributes.get(code: "nope") },
            throws: { error in
                (error as? CommerceError)?.message
                    == "The attribute with a \"nope\" attributeCode doesn't exist. Verify the attribute and try again."
            })
    }
}
