/// A gitignore-style glob, matched against `/`-separated relative paths.
///
/// Supports `*` (any run of characters except `/`), `**` (any number of whole path
/// segments), `?` (one character except `/`), and character classes `[abc]`, `[a-z]`, `[!a]`.
/// Matching works on UTF-8 bytes, so it is cheap enough to run for every file of a tree.
public struct Glob: Hashable, Sendable, CustomStringConvertible {
    public let pattern: String
    private let bytes: [UInt8]

    public init(_ pattern: String) {
        self.pattern = pattern
        self.bytes = Array(pattern.utf8)
    }

    public var description: String { pattern }

    /// Whether the whole of `path` matches.
    public func matches(_ path: String) -> Bool {
        let text = Array(path.utf8)
        return Glob.match(bytes[...], text[...])
    }

    /// Whether `path` or any of its parent folders matches (so `build` excludes `build/x.py`).
    public func matchesPathOrParent(_ path: String) -> Bool {
        let text = Array(path.utf8)
        if Glob.match(bytes[...], text[...]) { return true }
        for index in text.indices where text[index] == UInt8(ascii: "/") {
            if Glob.match(bytes[...], text[..<index]) { return true }
        }
        return false
    }

    private static let star = UInt8(ascii: "*")
    private static let question = UInt8(ascii: "?")
    private static let slash = UInt8(ascii: "/")
    private static let open = UInt8(ascii: "[")

    /// Iterative matcher with backtracking over the last `*` and the last `**`.
    static func match(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        var p = pattern.startIndex
        var t = text.startIndex
        // Backtrack point for a single `*` (cannot cross `/`).
        var starP = -1, starT = -1
        // Backtrack point for `**` (can cross `/`).
        var globstarP = -1, globstarT = -1

        while t < text.endIndex || p < pattern.endIndex {
            if p < pattern.endIndex {
                let c = pattern[p]
                if c == star {
                    let isDouble = p + 1 < pattern.endIndex && pattern[p + 1] == star
                    if isDouble {
                        // `**/` matches zero or more whole segments; a trailing `**` matches everything.
                        var next = p + 2
                        if next < pattern.endIndex && pattern[next] == slash { next += 1 }
                        // A trailing `**` matches whatever is left.
                        if next >= pattern.endIndex { return true }
                        globstarP = next
                        globstarT = t
                        starP = -1
                        p = next
                        continue
                    }
                    starP = p + 1
                    starT = t
                    p += 1
                    continue
                }
                if t < text.endIndex {
                    if c == question && text[t] != slash {
                        p += 1; t += 1; continue
                    }
                    if c == open, let (matched, after) = matchClass(pattern, p, text[t]) {
                        if matched && text[t] != slash { p = after; t += 1; continue }
                    } else if c == text[t] {
                        p += 1; t += 1; continue
                    }
                }
            }
            // Mismatch: extend the last `*` by one character (not across `/`), else the last `**`.
            if starP >= 0 && starT < text.endIndex && text[starT] != slash {
                starT += 1
                p = starP
                t = starT
                continue
            }
            if globstarP >= 0 && globstarT < text.endIndex {
                // Skip to just after the next `/` in the text.
                var next = globstarT
                while next < text.endIndex && text[next] != slash { next += 1 }
                if next >= text.endIndex { return false }
                globstarT = next + 1
                p = globstarP
                t = globstarT
                starP = -1
                continue
            }
            return false
        }
        return true
    }

    /// Matches a `[...]` class at `start`; returns whether `byte` is in it and the index after `]`,
    /// or nil when the class is unterminated (then `[` is literal).
    private static func matchClass(_ pattern: ArraySlice<UInt8>, _ start: Int, _ byte: UInt8) -> (Bool, Int)? {
        var i = start + 1
        var negate = false
        if i < pattern.endIndex && (pattern[i] == UInt8(ascii: "!") || pattern[i] == UInt8(ascii: "^")) {
            negate = true
            i += 1
        }
        var matched = false
        var first = true
        while i < pattern.endIndex {
            let c = pattern[i]
            if c == UInt8(ascii: "]") && !first {
                return (matched != negate, i + 1)
            }
            first = false
            if i + 2 < pattern.endIndex && pattern[i + 1] == UInt8(ascii: "-") && pattern[i + 2] != UInt8(ascii: "]") {
                if byte >= c && byte <= pattern[i + 2] { matched = true }
                i += 3
            } else {
                if byte == c { matched = true }
                i += 1
            }
        }
        return nil
    }
}
