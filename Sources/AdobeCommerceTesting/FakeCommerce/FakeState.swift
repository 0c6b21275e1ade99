import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

typealias JSONObject = [String: JSONValue]

/// Who a request authenticated as.
enum FakeIdentity: Equatable, Codable {
    case guest
    case admin
    case integration
    case customer(Int)
}

/// One operation queued through the async or bulk API.
struct FakeBulkOperation: Codable {
    var id: Int
    var operationID: String
    var topicName: String
    var request: FakeRequest
    var serializedData: String
    var status: BulkOperationState
    var resultMessage: String = ""
    var errorCode: Int = 0
    var resultSerializedData: String = ""
}

/// A bulk: its operations in order.
struct FakeBulk: Codable {
    var uuid: String
    var description: String
    var startTime: String
    var operations: [FakeBulkOperation]
}

/// Everything the fake store holds, guarded by one lock.
struct FakeState: Codable {
    var products: [Int: JSONObject] = [:] {
        didSet { sortedProductIDs = nil }
    }
    /// The product ids in order, kept until the catalog changes (a search of a large catalog would sort them per page).
    private var sortedProductIDs: [Int]?
    var skuIndex: [String: Int] = [:]
    var nextProductID = 1
    /// Store-view values by store code, product id and key.
    var storeValues: [String: [Int: JSONObject]] = [:]
    var categories: [Int: JSONObject] = [:]
    var attributes: [String: JSONObject] = [:]
    var specialPrices: [String: [JSONObject]] = [:]
    var tierPrices: [String: [JSONObject]] = [:]
    var costs: [String: Decimal] = [:]
    var sources: [String: JSONObject] = [:]
    var stocks: [Int: JSONObject] = [:]
    var stockSources: [Int: [String]] = [:]
    var sourceItems: [String: JSONObject] = [:]
    var reservations: [String: Decimal] = [:]
    var customers: [Int: JSONObject] = [:]
    var customerPasswords: [Int: String] = [:]
    var nextCustomerID = 1
    var nextAddressID = 1
    var groups: [Int: JSONObject] = [:]
    var orders: [Int: JSONObject] = [:]
    var nextOrderID = 1
    var nextOrderItemID = 1
    var invoices: [Int: JSONObject] = [:]
    var shipments: [Int: JSONObject] = [:]
    var creditmemos: [Int: JSONObject] = [:]
    var nextDocumentID = 1
    var nextHistoryID = 1
    var websites: [JSONObject] = []
    var storeViews: [JSONObject] = []
    var storeConfigs: [JSONObject] = []
    var bulks: [String: FakeBulk] = [:]
    var nextOperationID = 1
    var usedNonces: Set<String> = []
    var tokens: [String: FakeIdentity] = [:]
    var carts: [String: FakeCart] = [:]
    var configurables: [Int: FakeConfigurable] = [:]
    var faults: [FakeCommerce.Fault] = []
    /// Event subscriptions (`/V1/eventing/eventSubscribe`), by event name.
    var eventSubscriptions: [String: JSONObject] = [:]
    /// Every event the store emitted, oldest first: the I/O Events journal of the fake's one registration.
    var eventJournal: [FakeJournalEntry] = []
    /// Who hears each event as it is emitted (``FakeCommerce/eventStream()``).
    var eventListeners: [Int: AsyncStream<StoreEvent>.Continuation] = [:]
    var nextEventListener = 0
    /// Webhook subscriptions (`/V1/webhooks/subscribe`), in the order they were made.
    var webhookSubscriptions: [JSONObject] = []
    /// Where webhook calls go, the calls made, and the current request's hook decisions (not kept by a snapshot).
    var webhookCalling = FakeWebhookCalling()
    /// The journal no longer holds events up to this position.
    var expiredJournalPosition = 0
    var requests: [FakeCommerce.RecordedRequest] = []
    // MARK: Prices
    /// Whether the catalog price scope (`catalog/price/scope`) is website rather than global; configuration, so a
    /// snapshot does not keep it.
    var priceScopeIsWebsite = false
    // MARK: Product structure
    /// The last attribute option, configurable option and gallery entry id handed out, by kind; found from the data
    /// when absent (a restored snapshot), so not kept by a snapshot.
    var lastStructureIDs: [String: Int] = [:]
    /// How a new attribute option's id is answered (``FakeCommerce/OptionIDAnswer``).
    var optionIDAnswer = FakeCommerce.OptionIDAnswer.optionID
    // MARK: Order lifecycle
    /// Returns (RMA), by entity id.
    var returns: [Int: JSONObject] = [:]
    var nextReturnID = 1

    /// What a snapshot keeps: the store's data and issued tokens, not the queued faults, the request log or the
    /// nonces seen (they only guard a replay within OAuth's ten-minute window).
    enum CodingKeys: String, CodingKey {
        case products, skuIndex, nextProductID, storeValues, categories, attributes, specialPrices, tierPrices, costs
        case sources, stocks, stockSources, sourceItems, reservations, customers, customerPasswords, nextCustomerID
        case nextAddressID, groups, orders, nextOrderID, nextOrderItemID, invoices, shipments, creditmemos
        case nextDocumentID, nextHistoryID, websites, storeViews, storeConfigs, bulks, nextOperationID, tokens, carts
        case configurables
        case returns, nextReturnID  // MARK: Order lifecycle
    }

    /// The product ids in ascending order.
    var productIDs: [Int] {
        mutating get {
            if let sortedProductIDs { return sortedProductIDs }
            let ids = products.keys.sorted()
            sortedProductIDs = ids
            return ids
        }
    }

    static func key(_ sku: String) -> String { sku.lowercased() }
    static func sourceItemKey(_ sku: String, _ source: String) -> String { "\(sku.lowercased())\u{0}\(source)" }

    /// The product with `sku` (case-insensitive, as MySQL compares), or a 404 with Magento's message.
    func productID(sku: String) throws(FakeError) -> Int {
        guard let id = skuIndex[Self.key(sku)] else {
            throw FakeError(404, "The product that was requested doesn't exist. Verify the product and try again.")
        }
        return id
    }

    /// A product as seen through `store`: global values overlaid with that store view's.
    func product(id: Int, store: String) -> JSONObject {
        var product = products[id] ?? [:]
        guard let overrides = storeValues[store]?[id] else { return product }
        for (key, value) in overrides where key != "custom_attributes" { product[key] = value }
        if case .array(let scoped)? = overrides["custom_attributes"] {
            var attributes = product["custom_attributes"]?.arrayValue ?? []
            for attribute in scoped {
                let code = attribute["attribute_code"]?.stringValue
                attributes.removeAll { $0["attribute_code"]?.stringValue == code }
                attributes.append(attribute)
            }
            product["custom_attributes"] = .array(attributes)
        }
        return product
    }

    /// The salable quantity of `sku` in `stockID`: in-stock quantities at its enabled sources, less
    /// reservations.
    func salableQuantity(sku: String, stockID: Int) -> Decimal {
        let codes = stockSources[stockID] ?? []
        var total = Decimal(0)
        for code in codes where sources[code]?["enabled"]?.boolValue ?? false {
            guard let item = sourceItems[Self.sourceItemKey(sku, code)], item["status"]?.intValue == 1 else { continue }
            total += item["quantity"]?.decimalValue ?? 0
        }
        return total - (reservations[Self.key(sku)] ?? 0)
    }
}
