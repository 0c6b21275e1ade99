/// Why a request could not be read: the status the server answers with and a message saying what was wrong.
///
/// Every refusal closes the connection after the answer, because the rest of the byte stream can no longer be
/// trusted to start at a request boundary.
package struct HTTPRequestError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The status to answer with: 400, 408, 413, 414, 417, 431, 501 or 505.
    package var status: Int
    /// What was wrong, for the client; never echoes more than a short prefix of what was sent.
    package var message: String

    package init(status: Int, message: String) {
        self.status = status
        self.message = message
    }

    package var description: String { "\(status): \(message)" }

    static func malformed(_ message: String) -> HTTPRequestError { HTTPRequestError(status: 400, message: message) }

    static func headTooLarge(_ limit: Int) -> HTTPRequestError {
        HTTPRequestError(status: 431, message: "The request head is larger than \(HTTPRequestError.size(limit)).")
    }

    static func bodyTooLarge(_ limit: Int) -> HTTPRequestError {
        HTTPRequestError(status: 413, message: "The request body is larger than \(HTTPRequestError.size(limit)).")
    }

    static let timedOut = HTTPRequestError(
        status: 408, message: "The request did not arrive in time; send the head and body without pausing.")

    /// `16 KiB`, `4 MiB`, `100 bytes`.
    static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
