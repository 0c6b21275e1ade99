extension CommerceOperation {
    private static let products = "Magento_Catalog::products"
    private static let catalog = "Magento_Catalog::catalog"
    private static let categories = "Magento_Catalog::categories"
    private static let attributes = "Magento_Catalog::attributes_attributes"

    /// `GET /V1/products/{sku}`
    public static let productsGet = CommerceOperation(
        id: "products.get", method: .get, path: "/V1/products/{sku}", aclResource: products)
    /// `GET /V1/products`
    public static let productsSearch = CommerceOperation(
        id: "products.search", method: .get, path: "/V1/products", aclResource: products)
    /// `POST /V1/products`: saves by SKU, so repeating it is harmless.
    public static let productsCreate = CommerceOperation(
        id: "products.create", method: .post, path: "/V1/products", aclResource: products, isIdempotent: true,
        isAsyncCapable: true)
    /// `PUT /V1/products/{sku}`
    public static let productsUpdate = CommerceOperation(
        id: "products.update", method: .put, path: "/V1/products/{sku}", aclResource: products, isAsyncCapable: true)
    /// `DELETE /V1/products/{sku}`
    public static let productsDelete = CommerceOperation(
        id: "products.delete", method: .delete, path: "/V1/products/{sku}", aclResource: products,
        isAsyncCapable: true)

    /// `GET /V1/categories`: the tree.
    public static let categoriesTree = CommerceOperation(
        id: "categories.tree", method: .get, path: "/V1/categories", aclResource: categories)
    /// `GET /V1/categories/{categoryId}`
    public static let categoriesGet = CommerceOperation(
        id: "categories.get", method: .get, path: "/V1/categories/{categoryId}", aclResource: categories)
    /// `GET /V1/categories/list`
    public static let categoriesSearch = CommerceOperation(
        id: "categories.search", method: .get, path: "/V1/categories/list", aclResource: categories)

    /// `GET /V1/products/attributes/{attributeCode}`
    public static let productAttributesGet = CommerceOperation(
        id: "productAttributes.get", method: .get, path: "/V1/products/attributes/{attributeCode}",
        aclResource: attributes)
    /// `GET /V1/products/attributes`
    public static let productAttributesSearch = CommerceOperation(
        id: "productAttributes.search", method: .get, path: "/V1/products/attributes", aclResource: attributes)
    /// `GET /V1/products/attributes/{attributeCode}/options`
    public static let productAttributesOptions = CommerceOperation(
        id: "productAttributes.options", method: .get, path: "/V1/products/attributes/{attributeCode}/options",
        aclResource: attributes)

    /// `POST /V1/products/base-prices-information`
    public static let basePricesGet = CommerceOperation(
        id: "prices.base.get", method: .post, path: "/V1/products/base-prices-information", aclResource: catalog,
        isIdempotent: true)
    /// `POST /V1/products/base-prices`
    public static let basePricesUpdate = CommerceOperation(
        id: "prices.base.update", method: .post, path: "/V1/products/base-prices", aclResource: catalog,
        isIdempotent: true, isAsyncCapable: true)
    /// `POST /V1/products/special-price-information`
    public static let specialPricesGet = CommerceOperation(
        id: "prices.special.get", method: .post, path: "/V1/products/special-price-information",
        aclResource: catalog, isIdempotent: true)
    /// `POST /V1/products/special-price`
    public static let specialPricesUpdate = CommerceOperation(
        id: "prices.special.update", method: .post, path: "/V1/products/special-price", aclResource: catalog,
        isIdempotent: true, isAsyncCapable: true)
    /// `POST /V1/products/special-price-delete`
    public static let specialPricesDelete = CommerceOperation(
        id: "prices.special.delete", method: .post, path: "/V1/products/special-price-delete", aclResource: catalog,
        isIdempotent: true, isAsyncCapable: true)
    /// `POST /V1/products/tier-prices-information`
    public static let tierPricesGet = CommerceOperation(
        id: "prices.tier.get", method: .post, path: "/V1/products/tier-prices-information", aclResource: catalog,
        isIdempotent: true)
    /// `POST /V1/products/tier-prices`: adds or updates the given tier prices.
    public static let tierPricesUpdate = CommerceOperation(
        id: "prices.tier.update", method: .post, path: "/V1/products/tier-prices", aclResource: catalog,
        isIdempotent: true, isAsyncCapable: true)
    /// `PUT /V1/products/tier-prices`: replaces all tier prices of the given SKUs.
    public static let tierPricesReplace = CommerceOperation(
        id: "prices.tier.replace", method: .put, path: "/V1/products/tier-prices", aclResource: catalog,
        isAsyncCapable: true)
    /// `POST /V1/products/tier-prices-delete`
    public static let tierPricesDelete = CommerceOperation(
        id: "prices.tier.delete", method: .post, path: "/V1/products/tier-prices-delete", aclResource: catalog,
        isIdempotent: true, isAsyncCapable: true)
    /// `POST /V1/products/cost-information`
    public static let costsGet = CommerceOperation(
        id: "prices.cost.get", method: .post, path: "/V1/products/cost-information", aclResource: catalog,
        isIdempotent: true)
    /// `POST /V1/products/cost`
    public static let costsUpdate = CommerceOperation(
        id: "prices.cost.update", method: .post, path: "/V1/products/cost", aclResource: catalog,
        isIdempotent: true, isAsyncCapable: true)
    /// `POST /V1/products/cost-delete`
    public static let costsDelete = CommerceOperation(
        id: "prices.cost.delete", method: .post, path: "/V1/products/cost-delete", aclResource: catalog,
        isIdempotent: true, isAsyncCapable: true)
}
