import Foundation

/// One start or end tag found in an HTML document. Names are lowercased; attribute names are
/// lowercased and values have their character references decoded.
struct HTMLTag: Equatable, Sendable {
    var name: String
    var isEnd: Bool
    var attributes: [(name: String, value: String)]
    /// Byte offset of the `<` in the document.
    var offset: Int

    func attribute(_ name: String) -> String? { attributes.first { $0.name == name }?.value }

    static func == (a: HTMLTag, b: HTMLTag) -> Bool {
        a.name == b.name && a.isEnd == b.isEnd && a.offset == b.offset
            && a.attributes.map(\.name) == b.attributes.map(\.name) && a.attributes.map(\.value) == b.attributes.map(\.value)
    }
}

/// A tolerant HTML tokenizer over bytes: it finds tags and their attributes the way a browser
/// would for the parts the probe needs (links, forms, meta tags), skipping comments, doctypes
/// and the raw text of `script`, `style`, `textarea` and `title`. Broken markup never stops it;
/// it only loses the broken tag.
struct HTMLTokenizer {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }
    init(_ text: String) { self.bytes = Array(text.utf8) }

    private static let rawTextElements: Set<String> = ["script", "style", "textarea", "title", "xmp", "plaintext"]

    /// All tags in document order, and the text of the first `<title>`.
    func tokenize() -> (tags: [HTMLTag], title: String?) {
        var tags: [HTMLTag] = []
        var title: String?
        var i = 0
        let n = bytes.count
        while i < n {
            guard bytes[i] == UInt8(ascii: "<"), i + 1 < n else { i += 1; continue }
            let next = bytes[i + 1]
            if next == UInt8(ascii: "!") {
                if i + 3 < n && bytes[i + 2] == UInt8(ascii: "-") && bytes[i + 3] == UInt8(ascii: "-") {
                    i = find(Array("-->".utf8), from: i + 4).map { $0 + 3 } ?? n
                } else {
                    i = find([UInt8(ascii: ">")], from: i + 2).map { $0 + 1 } ?? n
                }
                continue
            }
            if next == UInt8(ascii: "?") {
                i = find([UInt8(ascii: ">")], from: i + 2).map { $0 + 1 } ?? n
                continue
            }
            let isEnd = next == UInt8(ascii: "/")
            let nameStart = isEnd ? i + 2 : i + 1
            guard nameStart < n, isASCIILetter(bytes[nameStart]) else { i += 1; continue }
            var j = nameStart
            while j < n, !isSpace(bytes[j]), bytes[j] != UInt8(ascii: ">"), bytes[j] != UInt8(ascii: "/") { j += 1 }
            let name = lowercase(nameStart, j)
            var attributes: [(name: String, value: String)] = []
            // Attributes: name, optionally = and a quoted or bare value.
            while j < n, bytes[j] != UInt8(ascii: ">") {
                if isSpace(bytes[j]) || bytes[j] == UInt8(ascii: "/") { j += 1; continue }
                let attrStart = j
                while j < n, !isSpace(bytes[j]), bytes[j] != UInt8(ascii: ">"), bytes[j] != UInt8(ascii: "="),
                      !(bytes[j] == UInt8(ascii: "/") && j > attrStart) { j += 1 }
                if j == attrStart { j += 1; continue }  // a stray '=' with no name
                let attrName = lowercase(attrStart, j)
                while j < n, isSpace(bytes[j]) { j += 1 }
                var value = ""
                if j < n, bytes[j] == UInt8(ascii: "=") {
                    j += 1
                    while j < n, isSpace(bytes[j]) { j += 1 }
                    if j < n, bytes[j] == UInt8(ascii: "\"") || bytes[j] == UInt8(ascii: "'") {
                        let quote = bytes[j]
                        let valueStart = j + 1
                        let valueEnd = find([quote], from: valueStart) ?? n
                        value = decodeEntities(valueStart, valueEnd)
                        j = min(valueEnd + 1, n)
                    } else {
                        let valueStart = j
                        while j < n, !isSpace(bytes[j]), bytes[j] != UInt8(ascii: ">") { j += 1 }
                        value = decodeEntities(valueStart, j)
                    }
                }
                if !attributes.contains(where: { $0.name == attrName }) { attributes.append((attrName, value)) }
            }
            tags.append(HTMLTag(name: name, isEnd: isEnd, attributes: attributes, offset: i))
            i = min(j + 1, n)
            if !isEnd, Self.rawTextElements.contains(name) {
                let close = findCloseTag(name, from: i)
                if name == "title", title == nil {
                    title = decodeEntities(i, close ?? n).trimmingCharacters(in: [" ", "\n", "\t", "\r"])
                }
                guard let close else { break }
                i = close
            }
        }
        return (tags, title)
    }

    private func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0C || b == 0x0D }
    private func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }

    private func lowercase(_ start: Int, _ end: Int) -> String {
        String(decoding: bytes[start..<end].map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, start < bytes.count else { return nil }
        var i = start
        while i + needle.count <= bytes.count {
            if bytes[i] == needle[0] {
                var k = 1
                while k < needle.count && bytes[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// The offset of `</name` (any case) at or after `start`.
    private func findCloseTag(_ name: String, from start: Int) -> Int? {
        let target = Array(name.utf8)
        var i = start
        while let lt = find([UInt8(ascii: "<")], from: i) {
            if lt + 1 + target.count < bytes.count, bytes[lt + 1] == UInt8(ascii: "/") {
                var k = 0
                while k < target.count && (bytes[lt + 2 + k] | 0x20) == target[k] { k += 1 }
                if k == target.count {
                    let after = lt + 2 + k
                    if after >= bytes.count || isSpace(bytes[after]) || bytes[after] == UInt8(ascii: ">") { return lt }
                }
            }
            i = lt + 1
        }
        return nil
    }

    private static let namedEntities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{00A0}", "sol": "/", "colon": ":", "equals": "=",
        "quest": "?", "num": "#", "percnt": "%", "period": ".", "lpar": "(", "rpar": ")", "semi": ";", "newline": "\n", "tab": "\t",
    ]

    /// Decodes `&amp;`, `&#39;`, `&#x2F;` and the common named references; leaves unknown ones as written.
    func decodeEntities(_ start: Int, _ end: Int) -> String {
        guard start < end else { return "" }
        let slice = bytes[start..<end]
        guard slice.contains(UInt8(ascii: "&")) else { return String(decoding: slice, as: UTF8.self) }
        var out = ""
        var i = start
        var plainStart = start
        while i < end {
            if bytes[i] == UInt8(ascii: "&") {
                var j = i + 1
                while j < end, j - i <= 32, bytes[j] != UInt8(ascii: ";"), !isSpace(bytes[j]), bytes[j] != UInt8(ascii: "&") { j += 1 }
                let body = String(decoding: bytes[(i + 1)..<j], as: UTF8.self)
                var replacement: String?
                if body.hasPrefix("#x") || body.hasPrefix("#X") {
                    if let code = UInt32(body.dropFirst(2), radix: 16), let scalar = Unicode.Scalar(code) { replacement = String(Character(scalar)) }
                } else if body.hasPrefix("#") {
                    if let code = UInt32(body.dropFirst()), let scalar = Unicode.Scalar(code) { replacement = String(Character(scalar)) }
                } else {
                    replacement = Self.namedEntities[body.lowercased()]
                }
                if let replacement {
                    out += String(decoding: bytes[plainStart..<i], as: UTF8.self) + replacement
                    i = (j < end && bytes[j] == UInt8(ascii: ";")) ? j + 1 : j
                    plainStart = i
                    continue
                }
            }
            i += 1
        }
        out += String(decoding: bytes[plainStart..<end], as: UTF8.self)
        return out
    }
}
