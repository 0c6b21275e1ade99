extension CommerceOperation {
    /// `GET /V1/store/websites`
    public static let websitesList = CommerceOperation(
        id: "store.websites", method: .get, path: "/V1/store/websites", aclResource: "Magento_Backend::store")
    /// `GET /V1/store/storeViews`
    public static let storeViewsList = CommerceOperation(
        id: "store.storeViews", method: .get, path: "/V1/store/storeViews", aclResource: "Magento_Backend::store")
    /// `GET /V1/store/storeConfigs`
    public static let storeConfigsList = CommerceOperation(
        id: "store.storeConfigs", method: .get, path: "/V1/store/storeConfigs", aclResource: "Magento_Backend::store")

    /// `GET /V1/bulk/{bulkUuid}/status`
    public static let bulkStatus = CommerceOperation(
        id: "bulk.status", method: .get, path: "/V1/bulk/{bulkUuid}/status",
        aclResource: "Magento_AsynchronousOperations::system_magento_logging_bulk_operations")
    /// `GET /V1/bulk/{bulkUuid}/detailed-status`
    public static let bulkDetailedStatus = CommerceOperation(
        id: "bulk.detailedStatus", method: .get, path: "/V1/bulk/{bulkUuid}/detailed-status",
        aclResource: "Magento_AsynchronousOperations::system_magento_logging_bulk_operations")

    /// `POST /V1/integration/admin/token`
    public static let adminToken = CommerceOperation(
        id: "integration.adminToken", method: .post, path: "/V1/integration/admin/token", aclResource: "anonymous")
    /// `POST /V1/integration/customer/token`
    public static let customerToken = CommerceOperation(
        id: "integration.customerToken", method: .post, path: "/V1/integration/customer/token",
        aclResource: "anonymous")

    /// Every operation the client uses.
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
