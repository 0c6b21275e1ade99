import CRabbitMQ

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A value in an AMQP field table, as the package writes them.
enum AMQPFieldValue {
    case string(String)
    case integer(Int64)
    case boolean(Bool)
}

/// Memory that C structures point into while librabbitmq encodes them: strings, bodies and tables copied into
/// `malloc`ed blocks, freed together when the arena goes.
final class AMQPArena {
    private var blocks: [UnsafeMutableRawPointer] = []

    deinit {
        for block in blocks { free(block) }
    }

    /// The bytes of a string, not NUL-terminated.
    func bytes(_ text: String) -> amqp_bytes_t { bytes(Array(text.utf8)) }

    /// A copy of some bytes.
    func bytes(_ data: some Collection<UInt8>) -> amqp_bytes_t {
        guard !data.isEmpty, let block = malloc(data.count) else { return amqp_bytes_t(len: 0, bytes: nil) }
        blocks.append(block)
        let buffer = UnsafeMutableRawBufferPointer(start: block, count: data.count)
        buffer.copyBytes(from: data)
        return amqp_bytes_t(len: data.count, bytes: block)
    }

    /// A NUL-terminated copy of a string, for librabbitmq's `const char *` parameters.
    func cString(_ text: String) -> UnsafePointer<CChar> {
        let pointer = strdup(text)!
        blocks.append(UnsafeMutableRawPointer(pointer))
        return UnsafePointer(pointer)
    }

    /// A field table.
    func table(_ fields: [(String, AMQPFieldValue)]) -> amqp_table_t {
        guard !fields.isEmpty,
            let block = malloc(MemoryLayout<amqp_table_entry_t>.stride * fields.count)
        else { return amqp_table_t(num_entries: 0, entries: nil) }
        blocks.append(block)
        let entries = block.bindMemory(to: amqp_table_entry_t.self, capacity: fields.count)
        for (index, (key, value)) in fields.enumerated() {
            var field = amqp_field_value_t()
            switch value {
            case .string(let text):
                field.kind = UInt8(truncatingIfNeeded: AMQP_FIELD_KIND_UTF8.rawValue)
                field.value.bytes = bytes(text)
            case .integer(let number):
                field.kind = UInt8(truncatingIfNeeded: AMQP_FIELD_KIND_I64.rawValue)
                field.value.i64 = number
            case .boolean(let flag):
                field.kind = UInt8(truncatingIfNeeded: AMQP_FIELD_KIND_BOOLEAN.rawValue)
                field.value.boolean = flag ? 1 : 0
            }
            (entries + index).initialize(to: amqp_table_entry_t(key: bytes(key), value: field))
        }
        return amqp_table_t(num_entries: Int32(fields.count), entries: entries)
    }
}

extension amqp_bytes_t {
    /// The bytes as a string (invalid UTF-8 repaired).
    var string: String {
        guard len > 0, let bytes else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: len), as: UTF8.self)
    }

    /// The bytes as an array.
    var array: [UInt8] {
        guard len > 0, let bytes else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: len))
    }
}

extension amqp_table_t {
    /// The table's entries as text: strings as they are, numbers in decimal, booleans as `true`/`false`; nested
    /// tables, arrays and other kinds are left out.
    var textFields: [String: String] {
        var fields: [String: String] = [:]
        guard num_entries > 0, let entries else { return fields }
        for index in 0..<Int(num_entries) {
            let entry = entries[index]
            if let text = entry.value.text { fields[entry.key.string] = text }
        }
        return fields
    }
}

extension amqp_field_value_t {
    /// The value as text, when it is a string, a number or a boolean.
    var text: String? {
        switch UInt32(kind) {
        case UInt32(AMQP_FIELD_KIND_UTF8.rawValue), UInt32(AMQP_FIELD_KIND_BYTES.rawValue): value.bytes.string
        case UInt32(AMQP_FIELD_KIND_BOOLEAN.rawValue): value.boolean != 0 ? "true" : "false"
        case UInt32(AMQP_FIELD_KIND_I8.rawValue): String(value.i8)
        case UInt32(AMQP_FIELD_KIND_U8.rawValue): String(value.u8)
        case UInt32(AMQP_FIELD_KIND_I16.rawValue): String(value.i16)
        case UInt32(AMQP_FIELD_KIND_U16.rawValue): String(value.u16)
        case UInt32(AMQP_FIELD_KIND_I32.rawValue): String(value.i32)
        case UInt32(AMQP_FIELD_KIND_U32.rawValue): String(value.u32)
        case UInt32(AMQP_FIELD_KIND_I64.rawValue): String(value.i64)
        case UInt32(AMQP_FIELD_KIND_U64.rawValue), UInt32(AMQP_FIELD_KIND_TIMESTAMP.rawValue): String(value.u64)
        case UInt32(AMQP_FIELD_KIND_F32.rawValue): String(value.f32)
        case UInt32(AMQP_FIELD_KIND_F64.rawValue): String(value.f64)
        default: nil
        }
    }
}
