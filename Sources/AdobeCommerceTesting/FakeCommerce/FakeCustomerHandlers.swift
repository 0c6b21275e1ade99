import AdobeCommerce

/// Customers and customer groups.
enum FakeCustomerHandlers {
    static let handlers: [String: FakeHandler] = [
        CommerceOperation.customersGet.id: { state, request, _ throws(FakeError) in
            let id = try request.intPath("customerId")
            guard let customer = state.customers[id] else { throw FakeError.noSuchEntity("customerId", String(id)) }
            return .object(customer)
        },
        CommerceOperation.customersSearch.id: FakeSearch.handler { $0.customers },
        CommerceOperation.customersCreate.id: { state, request, context throws(FakeError) in
            var customer = try request.requiredObject("customer")
            customer["id"] = nil
            try validate(customer, excluding: nil, state: state)
            if let password = request.member("password")?.stringValue {
                guard password.count >= 8 else {
                    throw FakeError(
                        400, "The password needs at least %1 characters. Create a new password and try again.",
                        .array(["8"]))
                }
            }
            let id = state.nextCustomerID
            state.nextCustomerID += 1
            customer["id"] = .int(id)
            customer["group_id"] = customer["group_id"] ?? .int(1)
            customer["website_id"] = customer["website_id"] ?? .int(1)
            customer["store_id"] = customer["store_id"] ?? .int(1)
            customer["created_in"] = customer["created_in"] ?? "Default Store View"
            customer["created_at"] = .string(context.now)
            customer["updated_at"] = .string(context.now)
            customer["disable_auto_group_change"] = customer["disable_auto_group_change"] ?? .int(0)
            complete(&customer, customerID: id, state: &state)
            if let password = request.member("password")?.stringValue { state.customerPasswords[id] = password }
            state.customers[id] = customer
            return .object(customer)
        },
        CommerceOperation.customersUpdate.id: { state, request, context throws(FakeError) in
            let id = try request.intPath("customerId")
            guard var existing = state.customers[id] else { throw FakeError.noSuchEntity("customerId", String(id)) }
            for (key, value) in try request.requiredObject("customer") where key != "id" && key != "created_at" {
                existing[key] = value
            }
            try validate(existing, excluding: id, state: state)
            complete(&existing, customerID: id, state: &state)
            existing["updated_at"] = .string(context.now)
            state.customers[id] = existing
            return .object(existing)
        },
        CommerceOperation.customerGroupsGet.id: { state, request, _ throws(FakeError) in
            let id = try request.intPath("id")
            guard let group = state.groups[id] else { throw FakeError.noSuchEntity("id", String(id)) }
            return .object(group)
        },
        CommerceOperation.customerGroupsSearch.id: FakeSearch.handler { $0.groups },
    ]

    private static func validate(_ customer: JSONObject, excluding id: Int?, state: FakeState) throws(FakeError) {
        var error = FakeError(400, "One or more input exceptions have occurred.")
        for field in ["email", "firstname", "lastname"] where (customer[field]?.stringValue ?? "").isEmpty {
            error.errors.append(
                ("\"%fieldName\" is required. Enter and try again.", .object(["fieldName": .string(field)])))
        }
        if !error.errors.isEmpty {
            throw error.errors.count == 1 ? FakeError(400, error.errors[0].message, error.errors[0].parameters) : error
        }
        let email = customer["email"]!.stringValue!
        let parts = email.split(separator: "@")
        guard parts.count == 2, parts[1].contains("."), !email.contains(" ") else {
            throw FakeError(400, "\"%fieldName\" is not a valid email address.", .object(["fieldName": .string(email)]))
        }
        let website = customer["website_id"]?.intValue ?? 1
        let duplicate = state.customers.contains { key, other in
            key != id && other["email"]?.stringValue?.lowercased() == email.lowercased()
                && (other["website_id"]?.intValue ?? 1) == website
        }
        if duplicate {
            throw FakeError(400, "A customer with the same email address already exists in an associated website.")
        }
        if let group = customer["group_id"]?.intValue, state.groups[group] == nil {
            throw FakeError.noSuchEntity("id", String(group))
        }
    }

    /// Completes a saved customer as Magento answers it: address ids, each address's `region` object and
    /// `region_id` (`0` and nulls without a region), the default billing and shipping address ids on the customer
    /// (as strings) with `default_billing` / `default_shipping: true` on those addresses only, and the newsletter's
    /// `extension_attributes.is_subscribed`.
    private static func complete(_ customer: inout JSONObject, customerID: Int, state: inout FakeState) {
        var addresses: [JSONObject] = []
        for address in customer["addresses"]?.arrayValue ?? [] {
            guard var object = address.objectValue else { continue }
            if object["id"]?.intValue == nil {
                object["id"] = .int(state.nextAddressID)
                state.nextAddressID += 1
            }
            object["customer_id"] = .int(customerID)
            var region = object["region"]?.objectValue ?? [:]
            let regionID = object["region_id"]?.intValue ?? region["region_id"]?.intValue ?? 0
            region["region_id"] = .int(regionID)
            region["region_code"] = region["region_code"] ?? .null
            region["region"] = region["region"] ?? .null
            object["region"] = .object(region)
            object["region_id"] = .int(regionID)
            addresses.append(object)
        }
        let ids = Set(addresses.compactMap { $0["id"]?.intValue }.map(String.init))
        for key in ["default_billing", "default_shipping"] {
            if let flagged = addresses.first(where: { $0[key]?.boolValue == true }), let id = flagged["id"]?.intValue {
                customer[key] = .string(String(id))
            } else if let current = customer[key]?.stringValue, !ids.contains(current) {
                customer[key] = nil
            }
            for index in addresses.indices {
                let isDefault = addresses[index]["id"]?.intValue.map(String.init) == customer[key]?.stringValue
                addresses[index][key] = isDefault ? true : nil
            }
        }
        customer["addresses"] = .array(addresses.map(JSONValue.object))
        var extensions = customer["extension_attributes"]?.objectValue ?? [:]
        extensions["is_subscribed"] = extensions["is_subscribed"] ?? false
        customer["extension_attributes"] = .object(extensions)
    }
}
