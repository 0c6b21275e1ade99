extension CommerceOperation {
    private static let products = "Magento_Catalog::products"
    private static let catalog = "Magento_Catalog::catalog"
    private static let categories = "Magento_Catalog::categories"
    private static let attributes = "Magento_Catalog::attributes_attributes"

    /// `GET /V1/products/{sku}`
    public static let productsGet = CommerceSchema.Operations.Products.getProductsBySKUOperation
    /// `GET /V1/products`
    public static let productsSearch = CommerceSchema.Operations.Products.getProductsOperation
    /// `POST /V1/products`: saves by SKU, so repeating it is harmless.
    public static let productsCreate = CommerceSchema.Operations.Products.postProductsOperation
    /// `PUT /V1/products/{sku}`
    public static let productsUpdate = CommerceSchema.Operations.Products.putProductsBySKUOperation
    /// `DELETE /V1/products/{sku}`
    public static let productsDelete = CommerceSchema.Operations.Products.deleteProductsBySKUOperation

    /// `GET /V1/categories`: the tree.
    public static let categoriesTree = CommerceSchema.Operations.Categories.getCategoriesOperation
    /// `GET /V1/categories/{categoryId}`
    public static let categoriesGet = CommerceSchema.Operations.Categories.getCategoriesByCategoryIDOperation
    /// `GET /V1/categories/list`
    public static let categoriesSearch = CommerceSchema.Operations.Categories.getCategoriesListOperation

    /// `GET /V1/products/attributes/{attributeCode}`
    public static let productAttributesGet = CommerceSchema.Operations.Products
        .getProductsAttributesByAttributeCodeOperation
    /// `GET /V1/products/attributes`
    public static let productAttributesSearch = CommerceSchema.Operations.Products.getProductsAttributesOperation
    /// `GET /V1/products/attributes/{attributeCode}/options`
    public static let productAttributesOptions = CommerceSchema.Operations.Products
        .getProductsAttributesByAttributeCodeOptionsOperation

    /// `POST /V1/products/base-prices-information`
    public static let basePricesGet = CommerceSchema.Operations.Products.postProductsBasePricesInformationOperation
    /// `POST /V1/products/base-prices`
    public static let basePricesUpdate = CommerceSchema.Operations.Products.postProductsBasePricesOperation
    /// `POST /V1/products/special-price-information`
    public static let specialPricesGet = CommerceSchema.Operations.Products.postProductsSpecialPriceInformationOperation
    /// `POST /V1/products/special-price`
    public static let specialPricesUpdate = CommerceSchema.Operations.Products.postProductsSpecialPriceOperation
    /// `POST /V1/products/special-price-delete`
    public static let specialPricesDelete = CommerceSchema.Operations.Products.postProductsSpecialPriceDeleteOperation
    /// `POST /V1/products/tier-prices-information`
    public static let tierPricesGet = CommerceSchema.Operations.Products.postProductsTierPricesInformationOperation
    /// `POST /V1/products/tier-prices`: adds or updates the given tier prices.
    public static let tierPricesUpdate = CommerceSchema.Operations.Products.postProductsTierPricesOperation
    /// `PUT /V1/products/tier-prices`: replaces all tier prices of the given SKUs.
    public static let tierPricesReplace = CommerceSchema.Operations.Products.putProductsTierPricesOperation
    /// `POST /V1/products/tier-prices-delete`
    public static let tierPricesDelete = CommerceSchema.Operations.Products.postProductsTierPricesDeleteOperation
    /// `POST /V1/products/cost-information`
    public static let costsGet = CommerceSchema.Operations.Products.postProductsCostInformationOperation
    /// `POST /V1/products/cost`
    public static let costsUpdate = CommerceSchema.Operations.Products.postProductsCostOperation
    /// `POST /V1/products/cost-delete`
    public static let costsDelete = CommerceSchema.Operations.Products.postProductsCostDeleteOperation
}
