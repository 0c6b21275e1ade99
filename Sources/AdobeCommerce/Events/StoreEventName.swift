/// The names of the Commerce events a back-office connector subscribes to, as the eventing module declares them
/// (`observer.<Magento event>` or `plugin.<class path>.<method>`).
///
/// Names are for Adobe Commerce on premises and on cloud infrastructure (PaaS). Adobe Commerce as a Cloud Service
/// (SaaS) drops the `magento.` segment of `plugin.*` names (`plugin.sales.api.order_management.place`); observer names
/// are the same on both. Subscribe to the `*_commit_after` observers where there is one: they run after the database
/// commit, so a REST read of the record sees what the event reports.
public enum StoreEventName {
    /// An order was placed (the `OrderManagementInterface::place` plugin).
    public static let orderPlaced = "plugin.magento.sales.api.order_management.place"
    /// An order was saved and committed: placed, invoiced, shipped, cancelled, commented.
    public static let orderSaved = "observer.sales_order_save_commit_after"
    /// An invoice was saved.
    public static let invoiceSaved = "observer.sales_order_invoice_save_after"
    /// A shipment was saved.
    public static let shipmentSaved = "observer.sales_order_shipment_save_after"
    /// A credit memo was saved.
    public static let creditMemoSaved = "observer.sales_order_creditmemo_save_after"
    /// A return (RMA) was saved and committed.
    public static let returnSaved = "observer.rma_save_commit_after"
    /// A product was saved and committed.
    public static let productSaved = "observer.catalog_product_save_commit_after"
    /// A product was deleted.
    public static let productDeleted = "observer.catalog_product_delete_commit_after"
    /// A legacy stock item (`cataloginventory_stock_item`) was saved and committed.
    public static let stockItemSaved = "observer.cataloginventory_stock_item_save_commit_after"
    /// A customer was saved and committed.
    public static let customerSaved = "observer.customer_save_commit_after"
    /// A customer was deleted.
    public static let customerDeleted = "observer.customer_delete_commit_after"

    /// The kind of record an event name is about (`order`, `invoice`, `shipment`, `creditmemo`, `rma`, `product`,
    /// `stock_item`, `customer`), or `nil`.
    /// - Parameter name: A Commerce event name, with or without the `com.adobe.commerce.` prefix.
    public static func entityKind(of name: String) -> String? {
        let name = name.hasPrefix(StoreEvent.typePrefix) ? String(name.dropFirst(StoreEvent.typePrefix.count)) : name
        let kinds: [(fragment: String, kind: String)] = [
            ("sales_order_invoice", "invoice"), ("invoice_item_repository", "invoice"),
            ("sales_order_shipment", "shipment"), ("sales_order_creditmemo", "creditmemo"),
            ("sales_order", "order"), ("order_management", "order"), ("order_repository", "order"),
            ("checkout_submit", "order"), ("rma_", "rma"), ("cataloginventory_stock_item", "stock_item"),
            ("catalog_product", "product"), ("resource_model.product", "product"),
            ("customer_group", "customer_group"), ("customer", "customer"),
        ]
        return kinds.first { name.contains($0.fragment) }?.kind
    }
}
