/// What the HTTP method does not say about an operation: whether sending it twice is harmless (so the retry
/// middleware may resend it) and whether it may go through `/async/V1` (which answers 202 with a bulk id and drops
/// the service's answer). Decided from the route's path, by rules that hold for Magento's core services, so they
/// apply to a store's own schema as well.
struct OperationTraits {
    let isIdempotent: Bool
    let isAsyncCapable: Bool
    /// Whether the answer may be `null`, which the schema cannot say: a customer without a default address
    /// (`AccountManagement::getAddressById`), a cart without a coupon (`CouponManagement::get`).
    let answerMayBeNull: Bool

    /// POST routes that only compute an answer: prices read back, shipping estimates, totals, an e-mail check.
    static let readingPostSuffixes = [
        "-prices-information", "-price-information", "/cost-information", "/estimate-shipping-methods",
        "/estimate-shipping-methods-by-address-id", "/totals-information", "/isEmailAvailable",
    ]
    /// POST routes that save by a natural key, so a second identical request changes nothing: a product by SKU
    /// (`ProductRepository::save`), prices by SKU, store and group (`BasePriceStorage`, `SpecialPriceStorage`,
    /// `TierPriceStorage`, `CostStorage`, and their deletes), source items by SKU and source, a source by its code.
    static let savingPostPaths: Set<String> = [
        "/V1/products", "/V1/products/base-prices", "/V1/products/special-price", "/V1/products/special-price-delete",
        "/V1/products/tier-prices", "/V1/products/tier-prices-delete", "/V1/products/cost", "/V1/products/cost-delete",
        "/V1/inventory/source-items", "/V1/inventory/source-items-delete", "/V1/inventory/sources",
    ]
    /// PUT routes that are not idempotent: placing an order (`CartManagementInterface::placeOrder`), creating an
    /// order, a password change or reset e-mail, cancelling a credit memo, applying a gift card.
    static let repeatingPutSuffixes = ["/order", "/orders/create", "/password", "/giftCards"]
    static let repeatingPutPatterns = [["V1", "creditmemo", "{}"]]
    /// Writes whose answer is the point, which async would throw away: tokens, a new cart's id, the order id that
    /// payment information answers with.
    static let answeringSuffixes = [
        "/token", "/payment-information", "/po-payment-information", "/set-payment-information", "/guest-carts",
        "/carts/mine", "/V1/carts",
    ]

    static let nullableGetSuffixes = ["/billingAddress", "/shippingAddress", "/coupons"]

    init(method: String, path: String) {
        let method = method.lowercased()
        let reading = method == "post" && Self.readingPostSuffixes.contains { path.hasSuffix($0) }
        let segments = path.split(separator: "/").map { $0.hasPrefix("{") ? "{}" : String($0) }
        let repeating =
            method == "put"
            && (Self.repeatingPutSuffixes.contains { path.hasSuffix($0) }
                || Self.repeatingPutPatterns.contains(segments))
        let saving = method == "post" && Self.savingPostPaths.contains(path)
        isIdempotent = method == "get" || reading || saving || (method != "post" && !repeating)
        let answering = Self.answeringSuffixes.contains { path.hasSuffix($0) }
        // The e-mail check stays async-capable: Magento takes it through `/async/V1` like any write, and it is the
        // harmless request `commerce-bridge doctor` proves the async consumer with.
        let probe = path.hasSuffix("/isEmailAvailable")
        isAsyncCapable = method != "get" && (!reading || probe) && !repeating && !answering
        answerMayBeNull = method == "get" && Self.nullableGetSuffixes.contains { path.hasSuffix($0) }
    }
}
