extension CommerceOperation {
    /// `GET /V1/customers/{customerId}`
    public static let customersGet = CommerceOperation(
        id: "customers.get", method: .get, path: "/V1/customers/{customerId}", aclResource: "Magento_Customer::customer"
    )
    /// `GET /V1/customers/search`
    public static let customersSearch = CommerceOperation(
        id: "customers.search", method: .get, path: "/V1/customers/search", aclResource: "Magento_Customer::customer")
    /// `POST /V1/customers`: not idempotent (a second call fails on the duplicate e-mail).
    public static let customersCreate = CommerceOperation(
        id: "customers.create", method: .post, path: "/V1/customers", aclResource: "anonymous", isAsyncCapable: true)
    /// `PUT /V1/customers/{customerId}`
    public static let customersUpdate = CommerceOperation(
        id: "customers.update", method: .put, path: "/V1/customers/{customerId}",
        aclResource: "Magento_Customer::manage",
        isAsyncCapable: true)
    /// `GET /V1/customerGroups/{id}`
    public static let customerGroupsGet = CommerceOperation(
        id: "customerGroups.get", method: .get, path: "/V1/customerGroups/{id}", aclResource: "Magento_Customer::group")
    /// `GET /V1/customerGroups/search`
    public static let customerGroupsSearch = CommerceOperation(
        id: "customerGroups.search", method: .get, path: "/V1/customerGroups/search",
        aclResource: "Magento_Customer::group")
}
