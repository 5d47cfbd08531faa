// A small YAML reader for OSV advisories: block mappings and sequences, plain, quoted and block
// scalars, simple flow collections. About 10x faster than a general YAML library on the PyPA
// database (no tag resolution, no node hashing); anything it does not support (anchors, aliases,
// tags, complex keys) makes it give up, and the caller falls back to Yams.

struct OSVYAMLReader {
    struct Unsupported: Error { var reason: String }

    /// One source line: indentation (spaces) and the text after it, comment-free for structure lines.
    struct Line {
        var indent: Int
        var text: Substring
        var blank: Bool
    }

    var lines: [Line]
    var index = 0

    init(_ source: String) {
        lines = source.split(separator: "\n", omittingEmptySubsequences: false).map { raw in
            var line = raw
            if line.utf8.last == 13 { line = line.dropLast() }
            let utf8 = line.utf8
            var start = utf8.startIndex
            var indent = 0
            while start < utf8.endIndex && utf8[start] == 32 { start = utf8.index(after: start); indent += 1 }
            let text = line[start...]
            var firstNonSpace = start
            while firstNonSpace < utf8.endIndex && (utf8[firstNonSpace] == 32 || utf8[firstNonSpace] == 9) { firstNonSpace = utf8.index(after: firstNonSpace) }
            let blank = firstNonSpace == utf8.endIndex || utf8[firstNonSpace] == 35
            return Line(indent: indent, text: text, blank: blank)
        }
    }

    static func parse(_ source: String) throws -> OSVValue {
        var reader = OSVYAMLReader(source)
        reader.skipBlank()
        if reader.index < reader.lines.count, reader.lines[reader.index].text.hasPrefix("---") {
            let rest = reader.lines[reader.index].text.dropFirst(3).trimmingSpaces
            guard rest.isEmpty else { throw Unsupported(reason: "content after ---") }
            reader.index += 1
        }
        let value = try reader.node(parentIndent: -1)
        reader.skipBlank()
        if reader.index < reader.lines.count, !reader.lines[reader.index].text.hasPrefix("...") {
            throw Unsupported(reason: "trailing content at line \(reader.index + 1)")
        }
        return value
    }

    mutating func skipBlank() {
        while index < lines.count && lines[index].blank { index += 1 }
    }

    /// The node that starts on the next non-blank line, if it is indented more than `parentIndent`.
    mutating func node(parentIndent: Int) throws -> OSVValue {
        skipBlank()
        guard index < lines.count, lines[index].indent > parentIndent else { return .null }
        let line = lines[index]
        if isSequenceItem(line.text) { return try sequence(indent: line.indent) }
        if try keySplit(line.text) != nil { return try mapping(indent: line.indent) }
        // A scalar on its own lines.
        let first = line.text
        index += 1
        return try scalar(first, parentIndent: parentIndent)
    }

    func isSequenceItem(_ text: Substring) -> Bool { text == "-" || text.hasPrefix("- ") }

    /// Splits `key: rest` (or `key:`); nil if the line is not a mapping entry.
    func keySplit(_ text: Substring) throws -> (key: String, rest: Substring)? {
        if let first = text.first, first == "\"" || first == "'" {
            var scanner = QuotedScanner(text: text)
            guard let key = try scanner.scanSingleLine(), scanner.rest.hasPrefix(":") else { return nil }
            let after = scanner.rest.dropFirst()
            guard after.isEmpty || after.first == " " else { return nil }
            return (key, after.drop { $0 == " " })
        }
        if let first = text.first, "&*!|>[{%@`".contains(first) {
            if first == "&" || first == "*" || first == "!" { throw Unsupported(reason: "anchors, aliases and tags") }
            return nil
        }
        // Byte scan: ':' followed by a space or the end; ' #' starts a comment.
        let utf8 = text.utf8
        var previous: UInt8 = 32
        var k = utf8.startIndex
        while k < utf8.endIndex {
            let c = utf8[k]
            if c == 35 && previous == 32 { return nil }
            if c == 58 {
                let next = utf8.index(after: k)
                if next == utf8.endIndex || utf8[next] == 32 {
                    let key = text[..<k].trimmingSpaces
                    if key == "?" || key.isEmpty { throw Unsupported(reason: "complex key") }
                    var rest = next
                    while rest < utf8.endIndex && utf8[rest] == 32 { rest = utf8.index(after: rest) }
                    return (key, text[rest...])
                }
            }
            previous = c
            k = utf8.index(after: k)
        }
        return nil
    }

    mutating func mapping(indent: Int) throws -> OSVValue {
        var map: [String: OSVValue] = [:]
        while true {
            skipBlank()
            guard index < lines.count, lines[index].indent == indent, !isSequenceItem(lines[index].text),
                  let (key, rest) = try keySplit(lines[index].text) else { break }
            index += 1
            let value: OSVValue
            if stripComment(rest).isEmpty {
                // The value is on the following lines: more indented, or a sequence at the same indent.
                skipBlank()
                if index < lines.count, lines[index].indent == indent, isSequenceItem(lines[index].text) {
                    value = try sequence(indent: indent)
                } else {
                    value = try node(parentIndent: indent)
                }
            } else {
                value = try scalar(rest, parentIndent: indent)
            }
            map[key] = value
        }
        return .map(map)
    }

    mutating func sequence(indent: Int) throws -> OSVValue {
        var items: [OSVValue] = []
        while true {
            skipBlank()
            guard index < lines.count, lines[index].indent == indent, isSequenceItem(lines[index].text) else { break }
            let item = lines[index].text.dropFirst(1)
            let spaces = item.prefix { $0 == " " }.count
            let content = item.dropFirst(spaces)
            if stripComment(content).isEmpty {
                index += 1
                items.append(try node(parentIndent: indent))
            } else if try isSequenceItem(content) || keySplit(content) != nil {
                // `- key: value` starts a mapping (or `- - x` a sequence) at the item's column:
                // rewrite the line as if the content stood alone there.
                lines[index] = Line(indent: indent + 1 + spaces, text: content, blank: false)
                items.append(isSequenceItem(content) ? try sequence(indent: indent + 1 + spaces) : try mapping(indent: indent + 1 + spaces))
            } else {
                index += 1
                items.append(try scalar(content, parentIndent: indent))
            }
        }
        return .list(items)
    }

    /// The text before a ` #` comment, without surrounding spaces.
    func stripComment(_ text: Substring) -> Substring {
        let utf8 = text.utf8
        var previous: UInt8 = 32
        var k = utf8.startIndex
        var end = utf8.endIndex
        while k < utf8.endIndex {
            let c = utf8[k]
            if c == 35 && previous == 32 { end = k; break }
            previous = c
            k = utf8.index(after: k)
        }
        var start = utf8.startIndex
        while start < end && (utf8[start] == 32 || utf8[start] == 9) { start = utf8.index(after: start) }
        while end > start {
            let before = utf8.index(before: end)
            guard utf8[before] == 32 || utf8[before] == 9 else { break }
            end = before
        }
        return text[start..<end]
    }

    /// A scalar whose first text is `first` (the current line already consumed); continuation
    /// lines are those indented more than `parentIndent`.
    mutating func scalar(_ first: Substring, parentIndent: Int) throws -> OSVValue {
        guard let c = first.first else { return .null }
        switch c {
        case "\"", "'":
            return .string(try quoted(first, parentIndent: parentIndent))
        case "|", ">":
            return .string(try blockScalar(header: first, parentIndent: parentIndent))
        case "[", "{":
            var text = String(stripComment(first))
            while !FlowParser.balanced(text) {
                guard index < lines.count else { throw Unsupported(reason: "unclosed flow collection") }
                text += " " + lines[index].text.trimmingSpaces
                index += 1
            }
            var parser = FlowParser(text: Array(text))
            return try parser.value()
        case "&", "*", "!":
            throw Unsupported(reason: "anchors, aliases and tags")
        default:
            // Plain scalar, folded over more-indented continuation lines.
            var parts: [String] = [String(stripComment(first))]
            var pendingNewlines = 0
            while index < lines.count {
                let line = lines[index]
                if line.text.utf8.allSatisfy({ $0 == 32 || $0 == 9 }) { pendingNewlines += 1; index += 1; continue }
                guard line.indent > parentIndent, !line.text.hasPrefix("#") else { break }
                if pendingNewlines > 0 {
                    parts.append(String(repeating: "\n", count: pendingNewlines))
                    pendingNewlines = 0
                } else {
                    parts.append(" ")
                }
                parts.append(String(stripComment(line.text)))
                index += 1
            }
            let text = parts.joined()
            if text == "~" || text == "null" || text == "Null" || text == "NULL" || text.isEmpty { return .null }
            return .string(text)
        }
    }

    /// A single- or double-quoted scalar, possibly over several lines (folded as YAML does).
    mutating func quoted(_ first: Substring, parentIndent: Int) throws -> String {
        var text = String(first)
        var scanner = QuotedScanner(text: text[...])
        while true {
            if let value = try scanner.scanSingleLine() {
                guard stripComment(scanner.rest).isEmpty else { throw Unsupported(reason: "text after a quoted scalar") }
                return value
            }
            guard index < lines.count else { throw Unsupported(reason: "unclosed quoted scalar") }
            text += "\n" + lines[index].text
            index += 1
            scanner = QuotedScanner(text: text[...])
        }
    }

    mutating func blockScalar(header: Substring, parentIndent: Int) throws -> String {
        let literal = header.first == "|"
        var chomp: Character = " "
        var explicitIndent: Int?
        for c in stripComment(header.dropFirst()) {
            if c == "-" || c == "+" { chomp = c } else if let d = c.wholeNumberValue, d > 0 { explicitIndent = d } else if c != " " {
                throw Unsupported(reason: "bad block scalar header")
            }
        }
        // Collect raw lines (blank lines included) that belong to the block.
        var blockIndent = explicitIndent.map { max(parentIndent, 0) + $0 }
        var body: [Substring] = []
        while index < lines.count {
            let line = lines[index]
            let isEmpty = line.text.allSatisfy { $0 == " " }
            if isEmpty { body.append(""); index += 1; continue }
            if blockIndent == nil { blockIndent = line.indent }
            guard let bi = blockIndent, line.indent >= bi, line.indent > parentIndent else { break }
            body.append(Substring(String(repeating: " ", count: line.indent - bi)) + line.text)
            index += 1
        }
        // Trailing blank lines are handled by chomping.
        var trailing = 0
        while let last = body.last, last.isEmpty { body.removeLast(); trailing += 1 }
        let out = literal ? body.joined(separator: "\n") : OSVYAMLReader.foldEmptyLines(body)
        if body.isEmpty { return chomp == "+" ? String(repeating: "\n", count: trailing) : "" }
        switch chomp {
        case "-": return out
        case "+": return out + "\n" + String(repeating: "\n", count: trailing)
        default: return out + "\n"
        }
    }

    /// YAML folding of a `>` block: lines joined by spaces, an empty line is a newline, and lines
    /// that are more indented keep their line breaks.
    static func foldEmptyLines(_ body: [Substring]) -> String {
        var out = ""
        var k = 0
        var lastWasText = false
        var lastMoreIndented = false
        while k < body.count {
            let line = body[k]
            if line.isEmpty {
                out += "\n"
                k += 1
                continue
            }
            let moreIndented = line.first == " "
            if lastWasText {
                let previousEmpty = body[k - 1].isEmpty
                if !previousEmpty {
                    out += (moreIndented || lastMoreIndented) ? "\n" : " "
                } else if moreIndented || lastMoreIndented {
                    out += "\n"
                }
            }
            out += line
            lastWasText = true
            lastMoreIndented = moreIndented
            k += 1
        }
        return out
    }
}

/// Scans a quoted scalar that may span lines (joined with "\n" in `text`).
struct QuotedScanner {
    let text: Substring
    var rest: Substring = ""

    init(text: Substring) { self.text = text }

    /// The scalar's value, or nil if the closing quote is not in `text` yet.
    mutating func scanSingleLine() throws -> String? {
        guard let quote = text.first else { return nil }
        let chars = Array(text.dropFirst())
        var out = ""
        var k = 0
        var lineBuffer = ""
        // Folding state: spaces at the end of a line are dropped; a line break becomes a space,
        // or n-1 newlines for n consecutive breaks.
        func fold(from position: Int) -> Int {
            var p = position
            var breaks = 0
            while p < chars.count && (chars[p] == "\n" || chars[p] == " " || chars[p] == "\t") {
                if chars[p] == "\n" { breaks += 1 }
                p += 1
            }
            while let last = lineBuffer.last, last == " " || last == "\t" { lineBuffer.removeLast() }
            out += lineBuffer
            lineBuffer = ""
            out += breaks == 1 ? " " : String(repeating: "\n", count: breaks - 1)
            return p
        }
        while k < chars.count {
            let c = chars[k]
            if quote == "'" {
                if c == "'" {
                    if k + 1 < chars.count && chars[k + 1] == "'" { lineBuffer.append("'"); k += 2; continue }
                    out += lineBuffer
                    rest = Substring(String(chars[(k + 1)...]))
                    return out
                }
                if c == "\n" { k = fold(from: k); continue }
                lineBuffer.append(c)
                k += 1
                continue
            }
            if c == "\"" {
                out += lineBuffer
                rest = Substring(String(chars[(k + 1)...]))
                return out
            }
            if c == "\n" { k = fold(from: k); continue }
            if c == "\\" {
                guard k + 1 < chars.count else { return nil }
                let e = chars[k + 1]
                k += 2
                switch e {
                case "n": lineBuffer.append("\n")
                case "t", "\t": lineBuffer.append("\t")
                case "r": lineBuffer.append("\r")
                case "0": lineBuffer.append("\0")
                case "a": lineBuffer.append("\u{07}")
                case "b": lineBuffer.append("\u{08}")
                case "v": lineBuffer.append("\u{0B}")
                case "f": lineBuffer.append("\u{0C}")
                case "e": lineBuffer.append("\u{1B}")
                case " ": lineBuffer.append(" ")
                case "\"": lineBuffer.append("\"")
                case "/": lineBuffer.append("/")
                case "\\": lineBuffer.append("\\")
                case "N": lineBuffer.append("\u{85}")
                case "_": lineBuffer.append("\u{A0}")
                case "L": lineBuffer.append("\u{2028}")
                case "P": lineBuffer.append("\u{2029}")
                case "x", "u", "U":
                    let width = e == "x" ? 2 : e == "u" ? 4 : 8
                    guard k + width <= chars.count, let code = UInt32(String(chars[k..<(k + width)]), radix: 16),
                          let scalar = Unicode.Scalar(code) else { throw OSVYAMLReader.Unsupported(reason: "bad escape") }
                    lineBuffer.append(Character(scalar))
                    k += width
                case "\n":
                    // Escaped line break: join without a space, skip the next line's indentation.
                    out += lineBuffer
                    lineBuffer = ""
                    while k < chars.count && (chars[k] == " " || chars[k] == "\t") { k += 1 }
                default:
                    throw OSVYAMLReader.Unsupported(reason: "unknown escape \\\(e)")
                }
                continue
            }
            lineBuffer.append(c)
            k += 1
        }
        return nil
    }
}

/// Flow collections (`[a, "b"]`, `{name: x, ecosystem: PyPI}`) on one logical line.
struct FlowParser {
    let text: [Character]
    var k = 0

    static func balanced(_ s: String) -> Bool {
        var depth = 0
        var quote: Character?
        for c in s {
            if let q = quote { if c == q { quote = nil }; continue }
            if c == "\"" || c == "'" { quote = c } else if c == "[" || c == "{" { depth += 1 } else if c == "]" || c == "}" { depth -= 1 }
        }
        return depth <= 0 && quote == nil
    }

    mutating func skip() { while k < text.count && text[k] == " " { k += 1 } }

    mutating func value() throws -> OSVValue {
        skip()
        guard k < text.count else { return .null }
        switch text[k] {
        case "[":
            k += 1
            var items: [OSVValue] = []
            skip()
            if k < text.count && text[k] == "]" { k += 1; return .list(items) }
            while true {
                items.append(try value())
                skip()
                guard k < text.count else { throw OSVYAMLReader.Unsupported(reason: "unclosed [") }
                if text[k] == "," { k += 1; skip(); if k < text.count && text[k] == "]" { k += 1; return .list(items) }; continue }
                if text[k] == "]" { k += 1; return .list(items) }
                throw OSVYAMLReader.Unsupported(reason: "bad flow sequence")
            }
        case "{":
            k += 1
            var map: [String: OSVValue] = [:]
            skip()
            if k < text.count && text[k] == "}" { k += 1; return .map(map) }
            while true {
                guard case .string(let key) = try scalar(stopAtColon: true) else { throw OSVYAMLReader.Unsupported(reason: "bad flow key") }
                skip()
                guard k < text.count, text[k] == ":" else { throw OSVYAMLReader.Unsupported(reason: "expected ':'") }
                k += 1
                map[key] = try value()
                skip()
                guard k < text.count else { throw OSVYAMLReader.Unsupported(reason: "unclosed {") }
                if text[k] == "," { k += 1; skip(); if k < text.count && text[k] == "}" { k += 1; return .map(map) }; continue }
                if text[k] == "}" { k += 1; return .map(map) }
                throw OSVYAMLReader.Unsupported(reason: "bad flow mapping")
            }
        default:
            return try scalar(stopAtColon: false)
        }
    }

    mutating func scalar(stopAtColon: Bool) throws -> OSVValue {
        skip()
        guard k < text.count else { return .null }
        if text[k] == "\"" || text[k] == "'" {
            var scanner = QuotedScanner(text: Substring(String(text[k...])))
            guard let value = try scanner.scanSingleLine() else { throw OSVYAMLReader.Unsupported(reason: "unclosed quote") }
            k = text.count - scanner.rest.count
            return .string(value)
        }
        let start = k
        while k < text.count {
            let c = text[k]
            if c == "," || c == "]" || c == "}" { break }
            if c == ":" && (stopAtColon || k + 1 >= text.count || text[k + 1] == " " || text[k + 1] == "," ) { break }
            k += 1
        }
        let raw = String(text[start..<k]).trimmingSpaces
        if raw == "~" || raw == "null" || raw.isEmpty { return .null }
        return .string(raw)
    }
}
