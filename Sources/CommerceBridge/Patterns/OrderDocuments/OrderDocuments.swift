import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What the engines that bring ERP documents to Commerce orders share (``DualWriteOrderEngine``'s shipments and
/// invoices, ``OrderLifecycleEngine``'s credit memos and returns): the Commerce order of an ERP order through the ID
/// map the order export writes, an order's documents, the order items of an ERP document's lines, and creating a
/// document once.
///
/// Magento takes no idempotency key. A document is created once by claiming its ID-map key first, then creating,
/// then recording the Commerce id; when an earlier attempt claimed the key but recorded nothing (it crashed, or lost
/// Magento's answer, after Magento may have created it), the order's documents are searched for the ERP reference
/// before anything is created again.
struct OrderDocuments: Sendable {
    let commerce: AdobeCommerceClient
    let store: any ConnectorStore

    /// The Commerce order of an ERP order number, through the ID map the order export writes.
    func commerceOrder(erpNumber: String) async throws -> Order? {
        guard
            let source = try await store.sourceID(
                kind: .order, sourceSystem: .commerce, targetSystem: .erp, targetID: erpNumber),
            let id = Int(source)
        else { return nil }
        return try await commerce.orders.get(id: id)
    }

    /// Every document of an order, 100 a page, read by `search` filtered on `order_id`.
    func all<Document: Sendable>(
        orderID: Int, search: (SearchCriteria) async throws -> SearchResults<Document>
    ) async throws -> [Document] {
        var documents: [Document] = []
        var page = 1
        while true {
            let results = try await search(
                SearchCriteria().filter("order_id", .eq, String(orderID)).sorted(by: "entity_id").page(
                    size: 100, current: page))
            documents += results.items
            if documents.count >= results.totalCount || results.items.isEmpty { return documents }
            page += 1
        }
    }

    /// The Commerce id of `key`, created at most once: claims the key, then, when an earlier attempt's outcome is
    /// unknown (the claim was pending before this call), asks `find` for the document it may have created, and only
    /// when there is none calls `create`; then records the id.
    /// - Returns: The Commerce id, and whether this call created it.
    func createOnce(
        _ key: MappingKey, now: Date, find: () async throws -> String?, create: () async throws -> String
    ) async throws -> (id: String, created: Bool) {
        var created = false
        let unsure = try await store.isPending(key)
        let id = try await store.mappedID(for: key, now: now) { _ in
            if unsure, let existing = try await find() { return existing }
            created = true
            return try await create()
        }
        return (id, created)
    }

    /// Whether a Commerce document of `kind` is already linked to an ERP document (it was created for another one).
    func isLinked(_ kind: EntityKind, commerceID: Int) async throws -> Bool {
        try await store.sourceID(kind: kind, sourceSystem: .erp, targetSystem: .commerce, targetID: String(commerceID))
            != nil
    }

    /// The order items and quantities of an ERP document's lines. Magento reads an empty item list as "all of it", so
    /// a line that matches no order item refuses the document instead of being dropped. `make` builds the document's
    /// item (`SalesInvoiceItemCreation`, `SalesShipmentItemCreation`, `SalesCreditmemoItemCreation`) from an order
    /// item id and a quantity.
    static func items<Item>(
        _ lines: [ERPShipment.Line], of order: Order, document: String,
        as make: (_ orderItemID: Int, _ qty: Decimal) -> Item
    ) throws(MappingError) -> [Item] {
        var items: [Item] = []
        for line in lines where line.quantity != 0 {  // ERPs list lines with nothing on them
            guard line.quantity > 0,
                let item = order.items?.first(where: { $0.sku == line.sku && $0.productType != "configurable" }),
                let itemID = item.itemID
            else {
                throw MappingError(
                    record: document, field: "lines",
                    message: "\(line.sku) × \(line.quantity) matches no line of order \(order.incrementID ?? "?")")
            }
            items.append(make(itemID, line.quantity))
        }
        if !lines.isEmpty, items.isEmpty {
            throw MappingError(
                record: document, field: "lines", message: "every line has a quantity of 0: there is nothing to apply")
        }
        return items
    }
}
