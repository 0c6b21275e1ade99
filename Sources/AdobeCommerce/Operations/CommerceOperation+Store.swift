extension CommerceOperation {
    /// `GET /V1/store/websites`
    public static let websitesList = CommerceSchema.Operations.Store.getStoreWebsitesOperation
    /// `GET /V1/store/storeViews`
    public static let storeViewsList = CommerceSchema.Operations.Store.getStoreStoreViewsOperation
    /// `GET /V1/store/storeConfigs`
    public static let storeConfigsList = CommerceSchema.Operations.Store.getStoreStoreConfigsOperation

    /// `GET /V1/bulk/{bulkUuid}/status`
    public static let bulkStatus = CommerceSchema.Operations.Bulk.getBulkByBulkUUIDStatusOperation
    /// `GET /V1/bulk/{bulkUuid}/detailed-status`
    public static let bulkDetailedStatus = CommerceSchema.Operations.Bulk.getBulkByBulkUUIDDetailedStatusOperation

    /// `POST /V1/integration/admin/token`
    public static let adminToken = CommerceSchema.Operations.Integration.postIntegrationAdminTokenOperation
    /// `POST /V1/integration/customer/token`
    public static let customerToken = CommerceSchema.Operations.Integration.postIntegrationCustomerTokenOperation

    /// Every operation the facades and engines use, each the generated declaration of its route.
    public static let all: [CommerceOperation] = [
        productsGet, productsSearch, productsCreate, productsUpdate, productsDelete,
        categoriesTree, categoriesGet, categoriesSearch,
        productAttributesGet, productAttributesSearch, productAttributesOptions,
        basePricesGet, basePricesUpdate, specialPricesGet, specialPricesUpdate, specialPricesDelete,
        tierPricesGet, tierPricesUpdate, tierPricesReplace, tierPricesDelete, costsGet, costsUpdate, costsDelete,
        stockItemsGet, stockItemsUpdate, sourcesSearch, sourcesGet, sourcesCreate, sourcesUpdate, stocksSearch,
        stocksGet, sourceItemsSearch, sourceItemsSave, sourceItemsDelete, salableQuantity, isSalable,
        isSalableForQuantity,
        customersGet, customersSearch, customersCreate, customersUpdate, customerGroupsGet, customerGroupsSearch,
        ordersGet, ordersSearch, orderCommentsList, orderCommentsAdd, ordersHold, ordersUnhold, ordersCancel,
        ordersInvoice, ordersShip, ordersRefund, invoicesGet, invoicesSearch, invoicesCapture, shipmentsGet,
        shipmentsSearch, creditmemosGet, creditmemosSearch,
        websitesList, storeViewsList, storeConfigsList, bulkStatus, bulkDetailedStatus, adminToken, customerToken,
    ]
}
