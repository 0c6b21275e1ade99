import AdobeCommerce
import Testing

struct OperationCatalogTests {
    @Test("Operation ids are unique and every path starts with /V1/")
    func uniqueIDs() {
        #expect(Set(CommerceOperation.all.map(\.id)).count == CommerceOperation.all.count)
        #expect(Set(CommerceOperation.all.map { "\($0.method) \($0.path)" }).count == CommerceOperation.all.count)
        #expect(CommerceOperation.all.allSatisfy { $0.path.hasPrefix("/V1/") })
    }

    @Test("Each named operation is the generated declaration of its route, not a second one")
    func namedOperationsAreGenerated() {
        let generated = Dictionary(uniqueKeysWithValues: CommerceSchema.Operations.all.map { ($0.id, $0) })
        for operation in CommerceOperation.all {
            #expect(generated[operation.id] == operation, "\(operation)")
        }
        #expect(CommerceOperation.ordersGet == CommerceSchema.Operations.Orders.getOrdersByIDOperation)
        #expect(CommerceOperation.productsGet.id == "products.getProductsBySKU")
        #expect(CommerceOperation.ordersGet.aclResource == "Magento_Sales::actions_view")
    }

    @Test("Service contracts come from webapi.xml's routes, and name the async topics as Magento does")
    func serviceContractsAndTopics() {
        #expect(
            CommerceOperation.productsUpdate.serviceContract == #"Magento\Catalog\Api\ProductRepositoryInterface::save"#
        )
        // The topics in Adobe's documented bulk status answers.
        #expect(
            CommerceOperation.productsUpdate.asyncTopic
                == "async.magento.catalog.api.productrepositoryinterface.save.put")
        #expect(
            CommerceOperation.customersCreate.asyncTopic
                == "async.magento.customer.api.accountmanagementinterface.createaccount.post")
        let unknown = CommerceOperation(id: "custom.save", method: .post, path: "/V1/custom", aclResource: "X::y")
        #expect(unknown.serviceContract.isEmpty && unknown.asyncTopic == nil)
        // Every route the reference table names a service for has one: most of the schema.
        let known = CommerceSchema.Operations.all.filter { !$0.serviceContract.isEmpty }.count
        #expect(known > 400, "\(known) of \(CommerceSchema.Operations.all.count)")
    }

    @Test("Path parameters are encoded exactly once")
    func renderPath() throws {
        #expect(
            try CommerceOperation.productsGet.renderPath(["sku": "a/b c#+%é"])
                == "/V1/products/a%2Fb%20c%23%2B%25%C3%A9")
        #expect(
            try CommerceOperation.salableQuantity.renderPath(["sku": "X", "stockId": "1"])
                == "/V1/inventory/get-product-salable-quantity/X/1")
    }

    @Test("A missing or empty path value is refused with the parameter's name")
    func missingPathValue() {
        #expect(
            performing: { try CommerceOperation.productsGet.renderPath([:]) },
            throws: { error in
                (error as? CommerceError)?.code == .invalidRequest
                    && (error as? CommerceError)?.message.contains("'sku'") == true
            })
        #expect(throws: CommerceError.self) { try CommerceOperation.productsGet.renderPath(["sku": ""]) }
    }

    @Test("Bulk paths turn placeholders into byName segments")
    func bulkPaths() {
        #expect(CommerceOperation.productsUpdate.bulkPath == "/V1/products/bySku")
        #expect(CommerceOperation.stockItemsUpdate.bulkPath == "/V1/products/byProductSku/stockItems/byItemId")
        #expect(CommerceOperation.productsCreate.bulkPath == "/V1/products")
    }

    @Test("Reads are not async-capable; saves by natural key are idempotent; comments are not")
    func flags() {
        #expect(CommerceOperation.all.filter { $0.method == .get }.allSatisfy { !$0.isAsyncCapable })
        #expect(CommerceOperation.productsCreate.isIdempotent)
        #expect(CommerceOperation.sourceItemsSave.isIdempotent)
        #expect(!CommerceOperation.orderCommentsAdd.isIdempotent)
        #expect(!CommerceOperation.customersCreate.isIdempotent)
        // Price reads are POSTs that change nothing: resent freely, never through async (which drops the answer).
        for read in [CommerceOperation.basePricesGet, .specialPricesGet, .tierPricesGet, .costsGet] {
            #expect(read.isIdempotent && !read.isAsyncCapable, "\(read)")
        }
        for save in [CommerceOperation.basePricesUpdate, .specialPricesDelete, .tierPricesUpdate, .costsUpdate] {
            #expect(save.isIdempotent && save.isAsyncCapable, "\(save)")
        }
        #expect(CommerceOperation.ordersCancel.isAsyncCapable && !CommerceOperation.ordersCancel.isIdempotent)
    }
}
