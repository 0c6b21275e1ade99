/// A model whose coding keys are checked against a definition of Adobe's OpenAPI schema.
protocol SchemaMapped {
    associatedtype CodingKeys: CodingKey & CaseIterable
    /// The definitions in the admin REST schema the model stands for, such as `catalog-data-product-interface`.
    static var schemaDefinitions: [String] { get }
}

extension SchemaMapped {
    /// The JSON keys the model reads and writes.
    static var jsonKeys: [String] { CodingKeys.allCases.map(\.stringValue) }
}

/// Every model checked against the schema by the conformance tests.
var schemaMappedModels: [any SchemaMapped.Type] {
    [
        Product.self,
        ProductLink.self,
        MediaGalleryEntry.self,
        ProductTierPrice.self,
        Category.self,
        CategoryTree.self,
        ProductAttribute.self,
        AttributeOption.self,
        BasePrice.self,
        SpecialPrice.self,
        TierPrice.self,
        Cost.self,
        PriceUpdateResult.self,
        StockItem.self,
        InventorySource.self,
        InventoryStock.self,
        SourceItem.self,
        ProductSalableResult.self,
        ProductSalabilityError.self,
        Customer.self,
        CustomerAddress.self,
        CustomerRegion.self,
        CustomerGroup.self,
        Order.self,
        OrderItem.self,
        OrderAddress.self,
        OrderPayment.self,
        OrderStatusHistory.self,
        Invoice.self,
        Shipment.self,
        ShipmentItem.self,
        ShipmentTrack.self,
        Creditmemo.self,
        SalesDocumentItem.self,
        DocumentItemCreation.self,
        ShipmentTrackCreation.self,
        DocumentComment.self,
        SalesDocumentComment.self,
        CreditmemoCreationArguments.self,
        Website.self,
        StoreView.self,
        StoreConfig.self,
        BulkStatus.self,
        BulkOperationSummary.self,
        DetailedBulkStatus.self,
        BulkOperation.self,
    ]
}
