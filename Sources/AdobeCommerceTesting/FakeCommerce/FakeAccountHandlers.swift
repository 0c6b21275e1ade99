import AdobeCommerce

/// Customer account checks that change nothing, such as the e-mail availability `commerce-bridge doctor` sends
/// through the async API.
enum FakeAccountHandlers {
    static let handlers: [String: FakeHandler] = [
        CommerceSchema.Operations.Customers.postCustomersIsEmailAvailableOperation.id: {
            state, request, _ throws(FakeError) in
            // `AccountManagement::isEmailAvailable($customerEmail, $websiteId = null)`: false when a customer of the
            // website (the store's own when not given) has the address.
            guard let email = request.member("customerEmail")?.stringValue?.lowercased(), !email.isEmpty else {
                throw FakeError.required("customerEmail")
            }
            let website =
                request.member("websiteId")?.intValue
                ?? state.storeViews.first { $0["code"]?.stringValue == request.store }?["website_id"]?.intValue ?? 1
            let taken = state.customers.values.contains { customer in
                customer["email"]?.stringValue?.lowercased() == email
                    && (customer["website_id"]?.intValue ?? 1) == website
            }
            return .bool(!taken)
        }
    ]
}
