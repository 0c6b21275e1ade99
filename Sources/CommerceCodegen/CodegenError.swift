/// Why the generator refused a document: what is wrong and the place in the document, as a JSON pointer.
package struct CodegenError: Error, Equatable, CustomStringConvertible {
    /// The JSON pointer of the offending value, such as `#/definitions/catalog-data-product-interface/properties`.
    package let location: String
    /// What is wrong there, and what to do about it.
    package let message: String

    package init(_ location: String, _ message: String) {
        self.location = location
        self.message = message
    }

    package var description: String { "\(location): \(message)" }
}
