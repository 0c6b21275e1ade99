/// A customer account: ``CommerceSchema/Customer``, the schema definition `customer-data-customer-interface`.
///
/// Every member Magento sends is kept: the ones the definition names as typed properties (`extensionAttributes` is
/// the typed ``CommerceSchema/CustomerExtension``, `customAttributes` a list of ``CommerceSchema/FrameworkAttribute``),
/// any other in `additionalFields`, so a customer read, changed and written back loses nothing.
///
/// ```swift
/// var customer = Customer(email: "ann@example.com", firstname: "Ann", lastname: "Lee")
/// customer.setCustomAttribute("loyalty_tier", to: "gold")
/// let created = try await client.customers.create(customer)
/// ```
public typealias Customer = CommerceSchema.Customer
