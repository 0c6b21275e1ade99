import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns a response into the bytes sent on the wire: the status line, the endpoint's header fields (those that
/// could split the response or contradict its framing left out), `Content-Length`, `Connection`, and `Date`.
enum HTTPResponseEncoder {
    /// The bytes of `response`; with `head` set, without its body (the answer to a `HEAD` request).
    static func encode(_ response: HTTPResponse, keepAlive: Bool, head: Bool) -> [UInt8] {
        var response = response
        if !(200...599).contains(response.status) {
            response = .jsonMessage(
                500, "The endpoint answered with status \(response.status), which is not a final status.")
        }
        let bodyless = response.status == 204 || response.status == 304
        var text = "HTTP/1.1 \(response.status) \(reason(response.status))\r\n"
        var hasDate = false
        for field in response.headers where isSafe(field) {
            switch field.name.lowercased() {
            case "content-length", "connection", "transfer-encoding", "keep-alive": continue
            case "date": hasDate = true
            default: break
            }
            text += "\(field.name): \(field.value)\r\n"
        }
        if !hasDate { text += "Date: \(imfDate())\r\n" }
        if !bodyless { text += "Content-Length: \(response.body.count)\r\n" }
        text += "Connection: \(keepAlive ? "keep-alive" : "close")\r\n\r\n"
        var bytes = Array(text.utf8)
        if !head, !bodyless { bytes.append(contentsOf: response.body) }
        return bytes
    }

    /// A refusal: `{"message": …}` and `Connection: close`.
    static func refusal(_ error: HTTPRequestError) -> [UInt8] {
        encode(.jsonMessage(error.status, error.message), keepAlive: false, head: false)
    }

    static let continueLine = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Whether a field can be sent as is: a token name, and a value without CR, LF or NUL (which would let an
    /// endpoint's value split the response).
    private static func isSafe(_ field: HTTPHeaders.Field) -> Bool {
        !field.name.isEmpty
            && field.name.utf8.allSatisfy { $0 > 32 && $0 < 127 && $0 != UInt8(ascii: ":") }
            && field.value.utf8.allSatisfy { $0 != 13 && $0 != 10 && $0 != 0 }
    }

    /// `Sun, 06 Nov 1994 08:49:37 GMT` for now (RFC 9110 §5.6.7).
    static func imfDate() -> String {
        var seconds = time(nil)
        var parts = tm()
        guard gmtime_r(&seconds, &parts) != nil else { return "Thu, 01 Jan 1970 00:00:00 GMT" }
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[Int(parts.tm_wday) % 7]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon) % 12]) "
            + "\(parts.tm_year + 1900) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }

    /// The reason phrase for `status`.
    static func reason(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 413: "Content Too Large"
        case 414: "URI Too Long"
        case 415: "Unsupported Media Type"
        case 417: "Expectation Failed"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: "Status \(status)"
        }
    }
}
