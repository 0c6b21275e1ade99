import AdobeCommerce

typealias FakeHandler = @Sendable (inout FakeState, FakeRequest, FakeContext) throws(FakeError) -> JSONValue

/// The handler of each operation in the catalog, by operation id.
enum FakeHandlers {
    static let table: [String: FakeHandler] = {
        var table: [String: FakeHandler] = [:]
        for part in [
            FakeCatalogHandlers.handlers, FakePriceHandlers.handlers, FakeInventoryHandlers.handlers,
            FakeCustomerHandlers.handlers, FakeSalesHandlers.handlers, FakeStoreHandlers.handlers,
            FakeAccountHandlers.handlers, FakeEventing.handlers, FakeWebhooks.handlers,
            FakeImport.handlers,  // MARK: batch import
            // MARK: Product structure
            FakeProductStructure.handlers, FakeMediaGallery.handlers,
            FakeCreditmemos.handlers, FakeReturns.handlers,  // MARK: Order lifecycle
        ] {
            table.merge(part) { first, _ in first }
        }
        return table
    }()
}
