import Foundation

/// A JSON document built in code and written with a fixed key order, so that JSON, SARIF and
/// baseline files are byte-for-byte stable (diffable, golden-testable). `JSONEncoder` sorts keys
/// alphabetically at best, which puts `version` in the middle of a document.
public indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    /// A number with a fraction or exponent, as read from a document (the reporters write integers).
    case double(Double)
    case string(String)
    case array([JSONValue])
    /// Members in the order they are written.
    case object([Member])

    /// One `"key": value` pair of an object.
    public struct Member: Equatable, Sendable {
        public var key: String
        public var value: JSONValue
        public init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// `.string(value)` or `.null`.
    package static func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

    /// An object from pairs, in order.
    package static func obj(_ pairs: [(String, JSONValue)]) -> JSONValue { .object(pairs.map { Member($0.0, $0.1) }) }

    /// The document, pretty-printed with two-space indentation and a final newline.
    public func rendered() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(into: &out, indent: 0)
        out.append(UInt8(ascii: "\n"))
        return String(decoding: out, as: UTF8.self)
    }

    /// The document on one line without spaces or a final newline (a newline-delimited message:
    /// strings escape their line breaks, so the text holds none).
    public func compact() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(into: &out, indent: nil)
        return String(decoding: out, as: UTF8.self)
    }

    // Written as bytes: appending to a `String` scalar by scalar is several times slower on Linux.
    // `indent` nil writes the compact form.
    private func write(into out: inout [UInt8], indent: Int?) {
        let inner = indent.map { $0 + 1 }
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case let .bool(value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case let .int(value): out.append(contentsOf: String(value).utf8)
        // JSON has no infinity or NaN.
        case let .double(value): out.append(contentsOf: (value.isFinite ? "\(value)" : "null").utf8)
        case let .string(value): JSONValue.writeString(value, into: &out)
        case let .array(values):
            if values.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                JSONValue.newline(indent: inner, into: &out)
                value.write(into: &out, indent: inner)
                if index + 1 < values.count { out.append(UInt8(ascii: ",")) }
            }
            JSONValue.newline(indent: indent, into: &out)
            out.append(UInt8(ascii: "]"))
        case let .object(members):
            if members.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                JSONValue.newline(indent: inner, into: &out)
                JSONValue.writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                if indent != nil { out.append(UInt8(ascii: " ")) }
                member.value.write(into: &out, indent: inner)
                if index + 1 < members.count { out.append(UInt8(ascii: ",")) }
            }
            JSONValue.newline(indent: indent, into: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A line break and the indentation of `level`; nothing in the compact form.
    private static func newline(indent level: Int?, into out: inout [UInt8]) {
        guard let level else { return }
        out.append(UInt8(ascii: "\n"))
        for _ in 0..<(level * 2) { out.append(UInt8(ascii: " ")) }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// RFC 8259 string escaping; non-ASCII is written as UTF-8, control characters as `\uXXXX`.
    static func writeString(_ value: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); out.append(byte)
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(byte)
            case UInt8(ascii: "\n"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            case 0x08: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "f"))
            case 0..<0x20, 0x7F:
                out.append(contentsOf: "\\u00".utf8)
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0xF)])
            default:
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension StringProtocol {
    /// Lines split at `\n`, `\r\n` (one `Character` in Swift, so splitting at "\n" alone misses it)
    /// and `\r`, keeping empty lines.
    func lines() -> [Substring] {
        Substring(self).split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
    }
}
