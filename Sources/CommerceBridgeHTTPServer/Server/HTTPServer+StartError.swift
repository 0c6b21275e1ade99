extension HTTPServer {
    /// Why the server could not start listening.
    public struct StartError: Error, Sendable, CustomStringConvertible {
        /// What kind of failure this is.
        public struct Code: Hashable, Sendable, CustomStringConvertible {
            private enum Kind: Hashable, Sendable {
                case invalidHost
                case addressUnavailable
                case systemCallFailed(String)
            }

            private let kind: Kind

            /// The host is not an IPv4 or IPv6 address (or `localhost`): the server binds addresses, never names.
            public static let invalidHost = Code(kind: .invalidHost)
            /// The address and port cannot be bound: the port is taken, or needs privileges, or the address is not
            /// this machine's.
            public static let addressUnavailable = Code(kind: .addressUnavailable)
            /// A socket call failed (out of descriptors, for instance).
            public static func systemCallFailed(_ call: String) -> Code { Code(kind: .systemCallFailed(call)) }

            /// `invalid host`, `address unavailable`, `listen() failed`.
            public var description: String {
                switch kind {
                case .invalidHost: "invalid host"
                case .addressUnavailable: "address unavailable"
                case .systemCallFailed(let call): "\(call) failed"
                }
            }
        }

        /// What failed.
        public var code: Code
        /// The host asked for.
        public var host: String
        /// The port asked for (0 for an ephemeral one).
        public var port: UInt16
        /// The system's error number, 0 when no system call failed.
        public var errno: Int32

        /// Creates an error.
        /// - Parameters:
        ///   - code: What failed.
        ///   - host: The host asked for.
        ///   - port: The port asked for.
        ///   - errno: The system's error number, or 0.
        public init(code: Code, host: String, port: UInt16, errno: Int32) {
            self.code = code
            self.host = host
            self.port = port
            self.errno = errno
        }

        /// What failed and what to do: `cannot listen on 127.0.0.1:8080: the port is taken or not allowed (errno 98);
        /// pick another port, or 0 for any free one`.
        public var description: String {
            switch code {
            case .invalidHost:
                "cannot listen on \(host):\(port): \"\(host)\" is not an IP address; give an IPv4 or IPv6 address "
                    + "such as 127.0.0.1 or ::1"
            case .addressUnavailable:
                "cannot listen on \(host):\(port): the port is taken or not allowed, or the address is not this "
                    + "machine's (errno \(errno)); pick another port, or 0 for any free one"
            default:
                "cannot listen on \(host):\(port): \(code) (errno \(errno)); check the process's descriptor limit"
            }
        }
    }
}
