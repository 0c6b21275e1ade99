import AdobeCommerce
import CommerceBridge

/// How orders go to Acme: the default mapping, except that gift cards are not sent (Acme does not stock them)
/// and orders billed outside the countries Acme invoices are refused, by name, for review.
struct AcmeOrderExport: OrderExportPattern {
    static let invoicedCountries: Set<String> = ["US", "CA"]

    func validate(_ order: Order) throws {
        try DefaultOrderExport().validate(order)
        let country = order.billingAddress?.countryID ?? ""
        guard Self.invoicedCountries.contains(country) else {
            throw MappingError(
                record: "order \(order.incrementID ?? "?")", field: "billing_address.country_id",
                message:
                    "\"\(country)\" is not a country Acme invoices (\(Self.invoicedCountries.sorted().joined(separator: ", ")))"
            )
        }
    }

    func beforeSend(_ request: ERPOrderRequest, order: Order) async throws -> ERPOrderRequest {
        var request = request
        request.lines.removeAll { $0.sku.hasPrefix("GIFT-") }
        return request
    }
}
