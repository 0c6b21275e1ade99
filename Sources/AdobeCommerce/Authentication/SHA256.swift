/// SHA-256 (FIPS 180-4), written here because the core links no crypto library.
///
/// The state, the partial block and the digest live inline (no heap allocation); whole 64-byte blocks are
/// compressed straight from the caller's bytes.
///
/// ```swift
/// let digest = SHA256.hash(Array("abc".utf8)) // 32 bytes
/// ```
package struct SHA256: Sendable {
    /// The digest length in bytes.
    package static let digestCount = 32
    /// The block length in bytes.
    package static let blockCount = 64

    /// A digest held inline: 32 bytes, big-endian words.
    package struct Digest: Sendable, Hashable {
        /// The eight state words; byte `i` of the digest is byte `3 - i % 4` of word `i / 4`.
        package var words: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)

        /// The 32 digest bytes.
        package var bytes: [UInt8] {
            [UInt8](unsafeUninitializedCapacity: SHA256.digestCount) { buffer, count in
                withBytes { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: $0) }
                count = SHA256.digestCount
            }
        }

        /// Calls `body` with the 32 digest bytes.
        package func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
            var bigEndian = (
                words.0.bigEndian, words.1.bigEndian, words.2.bigEndian, words.3.bigEndian, words.4.bigEndian,
                words.5.bigEndian, words.6.bigEndian, words.7.bigEndian
            )
            return try withUnsafeBytes(of: &bigEndian) { try body($0) }
        }

        /// Whether two digests are equal.
        package static func == (lhs: Digest, rhs: Digest) -> Bool {
            lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2
                && lhs.words.3 == rhs.words.3 && lhs.words.4 == rhs.words.4 && lhs.words.5 == rhs.words.5
                && lhs.words.6 == rhs.words.6 && lhs.words.7 == rhs.words.7
        }

        /// Hashes the digest's words.
        package func hash(into hasher: inout Hasher) {
            withBytes { hasher.combine(bytes: $0) }
        }
    }

    private typealias Words = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)

    private var state: Words = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )
    /// The bytes of an incomplete block (64 bytes inline).
    private var pending: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    /// How many bytes of ``pending`` are used.
    private var pendingCount = 0
    private var compressedBlocks: UInt64 = 0

    /// Creates an empty hash state.
    package init() {}

    /// Returns the digest of `bytes`.
    package static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Returns the digest of `bytes` as 64 lower-case hex digits.
    package static func hexHash(_ bytes: some Sequence<UInt8>) -> String {
        let digest = hash(bytes)
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: digest.count * 2) { text in
            for (index, byte) in digest.enumerated() {
                text[index * 2] = digits.utf8Start[Int(byte >> 4)]
                text[index * 2 + 1] = digits.utf8Start[Int(byte & 15)]
            }
            return digest.count * 2
        }
    }

    /// Returns the digest of `bytes`, inline.
    package static func digest(_ bytes: UnsafeRawBufferPointer) -> Digest {
        var hasher = SHA256()
        hasher.update(bytes: bytes)
        return hasher.finalizeDigest()
    }

    /// Adds bytes to the message.
    package mutating func update(_ bytes: some Sequence<UInt8>) {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            update(bytes: UnsafeRawBufferPointer(buffer))
        }
        guard handled == nil else { return }
        // Not contiguous: hash it through a small stack buffer.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { chunk in
            var count = 0
            for byte in bytes {
                chunk[count] = byte
                count += 1
                if count == chunk.count {
                    update(bytes: UnsafeRawBufferPointer(chunk))
                    count = 0
                }
            }
            update(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: chunk[0..<count])))
        }
    }

    /// Adds the bytes of a string's UTF-8 form to the message.
    package mutating func update(utf8 text: String) {
        var text = text
        text.withUTF8 { update(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Adds raw bytes to the message.
    package mutating func update(bytes: UnsafeRawBufferPointer) {
        guard var source = bytes.baseAddress, !bytes.isEmpty else { return }
        var remaining = bytes.count
        if pendingCount > 0 {
            let take = Swift.min(Self.blockCount - pendingCount, remaining)
            let filled = pendingCount
            withUnsafeMutableBytes(of: &pending) { block in
                (block.baseAddress! + filled).copyMemory(from: source, byteCount: take)
            }
            pendingCount += take
            source += take
            remaining -= take
            guard pendingCount == Self.blockCount else { return }
            var block = pending
            withUnsafeBytes(of: &block) { compress($0.baseAddress!, blocks: 1) }
            pendingCount = 0
        }
        let whole = remaining / Self.blockCount
        if whole > 0 {
            compress(source, blocks: whole)
            source += whole * Self.blockCount
            remaining -= whole * Self.blockCount
        }
        if remaining > 0 {
            let tail = source
            withUnsafeMutableBytes(of: &pending) { $0.baseAddress!.copyMemory(from: tail, byteCount: remaining) }
            pendingCount = remaining
        }
    }

    /// Pads the message and returns its digest.
    package consuming func finalize() -> [UInt8] { finalizeDigest().bytes }

    /// Pads the message and returns its digest, inline.
    package consuming func finalizeDigest() -> Digest {
        let bitLength = (compressedBlocks &* 64 &+ UInt64(pendingCount)) &* 8
        var tail:
            (
                UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                UInt64, UInt64, UInt64
            ) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let used = pendingCount
        let blocks = used < 56 ? 1 : 2
        var block = pending
        withUnsafeMutableBytes(of: &tail) { tail in
            withUnsafeBytes(of: &block) { tail.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: used) }
            tail[used] = 0x80
            tail.storeBytes(of: bitLength.bigEndian, toByteOffset: blocks * Self.blockCount - 8, as: UInt64.self)
        }
        withUnsafeBytes(of: &tail) { compress($0.baseAddress!, blocks: blocks) }
        return Digest(words: state)
    }

    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// Compresses `blocks` consecutive 64-byte blocks starting at `start` into the state.
    private mutating func compress(_ start: UnsafeRawPointer, blocks: Int) {
        compressedBlocks &+= UInt64(blocks)
        var (h0, h1, h2, h3, h4, h5, h6, h7) = state
        Self.k.withUnsafeBufferPointer { constants in
            let k = constants.baseAddress!
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 16) { schedule in
                // The message schedule lives in a ring of 16 words and is extended inside the rounds that use it, so
                // its dependency chain overlaps the rounds' instead of running alone first.
                let w = schedule.baseAddress!
                for block in 0..<blocks {
                    let bytes = start + block &* Self.blockCount
                    for index in 0..<16 {
                        w[index] = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: index &* 4, as: UInt32.self))
                    }
                    var (a, b, c, d, e, f, g, h) = (h0, h1, h2, h3, h4, h5, h6, h7)
                    // Eight rounds per pass with the working variables renamed instead of shifted.
                    var index = 0
                    while index < 16 {
                        round(a, b, c, &d, e, f, g, &h, k[index] &+ w[index])
                        round(h, a, b, &c, d, e, f, &g, k[index &+ 1] &+ w[index &+ 1])
                        round(g, h, a, &b, c, d, e, &f, k[index &+ 2] &+ w[index &+ 2])
                        round(f, g, h, &a, b, c, d, &e, k[index &+ 3] &+ w[index &+ 3])
                        round(e, f, g, &h, a, b, c, &d, k[index &+ 4] &+ w[index &+ 4])
                        round(d, e, f, &g, h, a, b, &c, k[index &+ 5] &+ w[index &+ 5])
                        round(c, d, e, &f, g, h, a, &b, k[index &+ 6] &+ w[index &+ 6])
                        round(b, c, d, &e, f, g, h, &a, k[index &+ 7] &+ w[index &+ 7])
                        index &+= 8
                    }
                    while index < 64 {
                        round(a, b, c, &d, e, f, g, &h, k[index] &+ extend(w, index))
                        round(h, a, b, &c, d, e, f, &g, k[index &+ 1] &+ extend(w, index &+ 1))
                        round(g, h, a, &b, c, d, e, &f, k[index &+ 2] &+ extend(w, index &+ 2))
                        round(f, g, h, &a, b, c, d, &e, k[index &+ 3] &+ extend(w, index &+ 3))
                        round(e, f, g, &h, a, b, c, &d, k[index &+ 4] &+ extend(w, index &+ 4))
                        round(d, e, f, &g, h, a, b, &c, k[index &+ 5] &+ extend(w, index &+ 5))
                        round(c, d, e, &f, g, h, a, &b, k[index &+ 6] &+ extend(w, index &+ 6))
                        round(b, c, d, &e, f, g, h, &a, k[index &+ 7] &+ extend(w, index &+ 7))
                        index &+= 8
                    }
                    h0 &+= a
                    h1 &+= b
                    h2 &+= c
                    h3 &+= d
                    h4 &+= e
                    h5 &+= f
                    h6 &+= g
                    h7 &+= h
                }
            }
        }
        state = (h0, h1, h2, h3, h4, h5, h6, h7)
    }
}

/// Word `index` (16 or more) of the message schedule, written over word `index - 16` in the ring of 16.
@inline(__always)
private func extend(_ w: UnsafeMutablePointer<UInt32>, _ index: Int) -> UInt32 {
    let w15 = w[(index &- 15) & 15]
    let w2 = w[(index &- 2) & 15]
    let s0 = w15.rotatedRight(7) ^ w15.rotatedRight(18) ^ (w15 &>> 3)
    let s1 = w2.rotatedRight(17) ^ w2.rotatedRight(19) ^ (w2 &>> 10)
    let word = w[index & 15] &+ s0 &+ w[(index &- 7) & 15] &+ s1
    w[index & 15] = word
    return word
}

/// One SHA-256 round: `d += T1`, `h = T1 + T2`; the caller renames the other six.
@inline(__always)
private func round(
    _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32, _ e: UInt32, _ f: UInt32, _ g: UInt32,
    _ h: inout UInt32, _ constantPlusWord: UInt32
) {
    let s1 = e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)
    let choice = (e & f) ^ (~e & g)
    let temp1 = h &+ s1 &+ choice &+ constantPlusWord
    let s0 = a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)
    let majority = (a & b) ^ (c & (a ^ b))
    d = d &+ temp1
    h = temp1 &+ s0 &+ majority
}

extension UInt32 {
    @inline(__always)
    fileprivate func rotatedRight(_ count: UInt32) -> UInt32 { (self &>> count) | (self &<< (32 &- count)) }
}

/// HMAC (RFC 2104) over ``SHA256``.
///
/// ```swift
/// let mac = HMACSHA256.authenticationCode(for: Array("message".utf8), key: Array("key".utf8))
/// ```
package enum HMACSHA256 {
    /// Returns the 32-byte HMAC-SHA256 of `message` under `key`.
    package static func authenticationCode(for message: some Sequence<UInt8>, key: some Collection<UInt8>) -> [UInt8] {
        var mac = Key(Array(key)).start()
        mac.update(message)
        return mac.finalize().bytes
    }

    /// A key with its inner and outer pads already hashed, so each code costs only the message's blocks and
    /// one more.
    package struct Key: Sendable {
        private let inner: SHA256
        private let outer: SHA256

        /// Prepares `key` (hashed first when longer than a block, as RFC 2104 says).
        package init(_ key: [UInt8]) {
            var block = [UInt8](repeating: 0, count: SHA256.blockCount)
            if key.count > SHA256.blockCount {
                block.replaceSubrange(0..<SHA256.digestCount, with: SHA256.hash(key))
            } else {
                block.replaceSubrange(0..<key.count, with: key)
            }
            var inner = SHA256()
            inner.update(block.map { $0 ^ 0x36 })
            var outer = SHA256()
            outer.update(block.map { $0 ^ 0x5c })
            self.inner = inner
            self.outer = outer
        }

        /// A code under this key, ready for the message.
        package func start() -> Authenticator { Authenticator(inner: inner, outer: outer) }
    }

    /// One code being computed: feed the message, then finalize.
    package struct Authenticator: Sendable {
        fileprivate var inner: SHA256
        fileprivate let outer: SHA256

        /// Adds message bytes.
        package mutating func update(_ bytes: some Sequence<UInt8>) { inner.update(bytes) }

        /// Adds raw message bytes.
        package mutating func update(bytes: UnsafeRawBufferPointer) { inner.update(bytes: bytes) }

        /// The code.
        package consuming func finalize() -> SHA256.Digest {
            let innerDigest = inner.finalizeDigest()
            var outer = self.outer
            innerDigest.withBytes { outer.update(bytes: $0) }
            return outer.finalizeDigest()
        }
    }
}
