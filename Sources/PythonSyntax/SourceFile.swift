/// A Python source file decoded to UTF-8, with the line table positions are computed from.
/// (Placeholder API: the parser work fills in PEP 263 decoding, BOM handling and line ends.)
public struct SourceFile: Sendable {
    /// The path as given, for messages.
    public let path: String
    /// The source text as UTF-8 bytes (after decoding any PEP 263 encoding and dropping a BOM).
    public let bytes: [UInt8]

    public init(path: String, utf8 bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    /// The text of `range`.
    public func text(_ range: SourceRange) -> String {
        let start = max(0, min(Int(range.start), bytes.count))
        let end = max(start, min(Int(range.end), bytes.count))
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
