/// An option of a select or multiselect attribute: the schema definition `eav-data-attribute-option-interface`.
///
/// Every member Magento sends is kept: those the definition names as typed properties, the rest in
/// `additionalFields`, so a value read, changed and written back loses nothing.
public typealias AttributeOption = CommerceSchema.EavAttributeOption
