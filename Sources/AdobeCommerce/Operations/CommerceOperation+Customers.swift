extension CommerceOperation {
    /// `GET /V1/customers/{customerId}`
    public static let customersGet = CommerceSchema.Operations.Customers.getCustomersByCustomerIDOperation
    /// `GET /V1/customers/search`
    public static let customersSearch = CommerceSchema.Operations.Customers.getCustomersSearchOperation
    /// `POST /V1/customers`: not idempotent (a second call fails on the duplicate e-mail).
    public static let customersCreate = CommerceSchema.Operations.Customers.postCustomersOperation
    /// `PUT /V1/customers/{customerId}`
    public static let customersUpdate = CommerceSchema.Operations.Customers.putCustomersByCustomerIDOperation
    /// `GET /V1/customerGroups/{id}`
    public static let customerGroupsGet = CommerceSchema.Operations.CustomerGroups.getCustomerGroupsByIDOperation
    /// `GET /V1/customerGroups/search`
    public static let customerGroupsSearch = CommerceSchema.Operations.CustomerGroups.getCustomerGroupsSearchOperation
}
