/// A connection's bytes, read in short polls so an idle connection notices the server stopping.
struct SocketSource: HTTPByteSource {
    let descriptor: Int32
    let core: ServerCore

    mutating func read() -> [UInt8]? {
        var waited = Duration.zero
        while !core.isStopping, waited < core.idleTimeout {
            if LoopbackSocket.waitReadable(descriptor, milliseconds: 50) { return LoopbackSocket.receive(descriptor) }
            waited += .milliseconds(50)
        }
        return nil
    }

    mutating func sendContinue() {
        _ = LoopbackSocket.sendAll(descriptor, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
    }
}
