import Findings

/// A place as LSP counts it: a 0-based line and a 0-based column in UTF-16 code units (the
/// protocol's default encoding, and the only one every client supports).
public struct LSPPosition: Hashable, Sendable, Comparable {
    public var line: Int
    public var character: Int

    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

    public static func < (a: LSPPosition, b: LSPPosition) -> Bool { (a.line, a.character) < (b.line, b.character) }

    var json: [String: Any] { ["line": line, "character": character] }

    init?(json: Any?) {
        guard let object = json as? [String: Any], let line = object["line"] as? Int, let character = object["character"] as? Int else { return nil }
        self.init(line: line, character: character)
    }
}

public struct LSPRange: Hashable, Sendable {
    public var start: LSPPosition
    public var end: LSPPosition

    public init(start: LSPPosition, end: LSPPosition) {
        self.start = start
        self.end = end
    }

    /// Do the ranges share a place (touching counts: a cursor at a diagnostic's end is on it)?
    func touches(_ other: LSPRange) -> Bool { start <= other.end && other.start <= end }

    var json: [String: Any] { ["start": start.json, "end": end.json] }

    init?(json: Any?) {
        guard let object = json as? [String: Any], let start = LSPPosition(json: object["start"]), let end = LSPPosition(json: object["end"]) else { return nil }
        self.init(start: start, end: end)
    }
}

/// Converts Taintline's places in one text (1-based lines and character columns, as `Location`
/// counts them, or UTF-8 byte offsets, as fixes' edits hold them) to LSP positions.
public struct DocumentLines: Sendable {
    public let index: LineIndex

    public init(_ text: [UInt8]) { index = LineIndex(text) }

    public var text: [UInt8] { index.text }

    /// A `Location` place: a 1-based line and 1-based character (Unicode scalar) column.
    public func position(line: Int, column: Int) -> LSPPosition {
        position(offset: index.offset(line: line, column: column))
    }

    /// A UTF-8 byte offset into the text.
    public func position(offset: Int) -> LSPPosition {
        let offset = max(0, min(offset, text.count))
        let line = index.position(offset).line
        var units = 0
        var cursor = index.lineStarts[line - 1]
        while cursor < offset {
            let byte = text[cursor]
            // A 4-byte UTF-8 sequence is a scalar beyond the BMP: two UTF-16 units (a surrogate pair).
            if byte & 0xC0 != 0x80 { units += byte >= 0xF0 ? 2 : 1 }
            cursor += 1
        }
        return LSPPosition(line: line - 1, character: units)
    }

    /// The byte offset where a 1-based line's text ends (before its `\r\n` or `\n`).
    public func lineEnd(_ line: Int) -> Int {
        guard line >= 1, line <= index.lineStarts.count else { return text.count }
        var end = line < index.lineStarts.count ? index.lineStarts[line] : text.count
        if end > index.lineStarts[line - 1], end <= text.count, end > 0, text[end - 1] == 10 { end -= 1 }
        if end > index.lineStarts[line - 1], text[end - 1] == 13 { end -= 1 }
        return end
    }

    public var lineCount: Int { index.lineStarts.count }
}
