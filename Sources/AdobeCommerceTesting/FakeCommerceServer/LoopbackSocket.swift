import CommerceBridgeHTTPServer

/// A client's end of a loopback connection, for tests that send what no HTTP client would: the same socket calls
/// the server makes (`CommerceBridgeHTTPServer`), on 127.0.0.1 only.
package enum LoopbackSocket {
    /// A connection to 127.0.0.1 at `port`, or `nil` when it is refused.
    package static func connect(port: UInt16) -> Int32? { ServerSocket.connect(port: port) }

    /// Up to 64 KiB, or `nil` when the peer closed or the read failed.
    package static func receive(_ descriptor: Int32) -> [UInt8]? { ServerSocket.receive(descriptor) }

    /// Writes all of `bytes`; `false` when the peer went away (never raises SIGPIPE).
    package static func sendAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
        ServerSocket.sendAll(descriptor, bytes)
    }

    /// Closes the connection.
    package static func close(_ descriptor: Int32) { ServerSocket.close(descriptor) }
}
