import AdobeCommerce

/// A Magento-style failure inside the fake: an HTTP status and the error body Magento would render.
struct FakeError: Error {
    var status: Int
    var message: String
    var parameters: JSONValue?
    var errors: [(message: String, parameters: JSONValue?)] = []

    init(_ status: Int, _ message: String, _ parameters: JSONValue? = nil) {
        self.status = status
        self.message = message
        self.parameters = parameters
    }

    var body: JSONValue {
        var object: [String: JSONValue] = ["message": .string(message)]
        if let parameters { object["parameters"] = parameters }
        if !errors.isEmpty {
            object["errors"] = .array(
                errors.map { item in
                    var error: [String: JSONValue] = ["message": .string(item.message)]
                    if let parameters = item.parameters { error["parameters"] = parameters }
                    return .object(error)
                })
        }
        return .object(object)
    }

    static let noRoute = FakeError(404, "Request does not match any route.")

    static func noSuchEntity(_ field: String, _ value: String) -> FakeError {
        FakeError(
            404, "No such entity with %fieldName = %fieldValue",
            .object(["fieldName": .string(field), "fieldValue": .string(value)]))
    }

    static func required(_ field: String) -> FakeError {
        FakeError(400, "\"%fieldName\" is required. Enter and try again.", .object(["fieldName": .string(field)]))
    }

    static func unauthorized(_ resource: String) -> FakeError {
        FakeError(401, "The consumer isn't authorized to access %resources.", .object(["resources": .string(resource)]))
    }
}
