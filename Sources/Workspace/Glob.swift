/// A path glob for `per-path-ignores` (and any other path pattern in the configuration).
///
/// `*` matches within one path component, `**` any number of components (`tests/**`,
/// `**/migrations/*.py`), `?` one character other than `/`, `[abc]`, `[a-z]` and `[!a-z]` / `[^a-z]`
/// one character from (or not from) a class. Paths use `/`. A pattern matches a path when it
/// matches the whole path or one of its leading directories (`tests` covers `tests/a/b.py`); a
/// pattern without `/` is also tried against the file name alone (`conftest.py`).
public struct Glob: Hashable, Sendable, CustomStringConvertible {
    public let pattern: String
    private let tokens: [Token]
    private let anchoredToName: Bool

    /// A malformed pattern, such as an unclosed `[`.
    public struct SyntaxError: Error, Equatable, CustomStringConvertible {
        public var pattern: String
        public var reason: String
        public var description: String { "bad glob '\(pattern)': \(reason)" }
    }

    enum Token: Hashable, Sendable {
        case literal(Unicode.Scalar)
        case any
        case star
        /// `**`: any characters, `/` included.
        case globstar
        /// `**/`: zero or more whole directories.
        case directories
        case characterClass(negated: Bool, ranges: [ClosedRange<UInt32>])
    }

    public init(_ pattern: String) throws {
        self.pattern = pattern
        var text = pattern
        while text.hasPrefix("./") { text.removeFirst(2) }
        while text.hasPrefix("/") { text.removeFirst() }
        while text.count > 1, text.hasSuffix("/") { text.removeLast() }
        anchoredToName = !text.contains("/")
        let scalars = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "*":
                if index + 1 < scalars.count, scalars[index + 1] == "*" {
                    let atStart = index == 0 || scalars[index - 1] == "/"
                    if atStart, index + 2 < scalars.count, scalars[index + 2] == "/" {
                        tokens.append(.directories)
                        index += 3
                    } else {
                        tokens.append(.globstar)
                        index += 2
                        while index < scalars.count, scalars[index] == "*" { index += 1 }
                    }
                } else {
                    tokens.append(.star)
                    index += 1
                }
            case "?":
                tokens.append(.any)
                index += 1
            case "[":
                var cursor = index + 1
                var negated = false
                if cursor < scalars.count, scalars[cursor] == "!" || scalars[cursor] == "^" { negated = true; cursor += 1 }
                var ranges: [ClosedRange<UInt32>] = []
                var first = true
                while cursor < scalars.count, scalars[cursor] != "]" || first {
                    first = false
                    var low = scalars[cursor]
                    if low == "\\", cursor + 1 < scalars.count { cursor += 1; low = scalars[cursor] }
                    if cursor + 2 < scalars.count, scalars[cursor + 1] == "-", scalars[cursor + 2] != "]" {
                        let high = scalars[cursor + 2]
                        guard low.value <= high.value else {
                            throw SyntaxError(pattern: pattern, reason: "range \(low)-\(high) is backwards")
                        }
                        ranges.append(low.value...high.value)
                        cursor += 3
                    } else {
                        ranges.append(low.value...low.value)
                        cursor += 1
                    }
                }
                guard cursor < scalars.count else { throw SyntaxError(pattern: pattern, reason: "'[' is not closed") }
                tokens.append(.characterClass(negated: negated, ranges: ranges))
                index = cursor + 1
            case "\\":
                if index + 1 < scalars.count {
                    tokens.append(.literal(scalars[index + 1]))
                    index += 2
                } else {
                    throw SyntaxError(pattern: pattern, reason: "ends with '\\'")
                }
            default:
                tokens.append(.literal(scalar))
                index += 1
            }
        }
        self.tokens = tokens
    }

    public var description: String { pattern }

    /// Whether `path` (relative, `/`-separated) or one of its leading directories matches.
    public func matches(_ path: String) -> Bool {
        var text = path
        while text.hasPrefix("./") { text.removeFirst(2) }
        let scalars = Array(text.unicodeScalars)
        if matchesWhole(scalars) { return true }
        // Leading directories: `tests` or `tests/*` covers every file below.
        for (index, scalar) in scalars.enumerated() where scalar == "/" && index > 0 {
            if matchesWhole(Array(scalars[..<index])) { return true }
        }
        if anchoredToName, let slash = scalars.lastIndex(of: "/") {
            return matchesWhole(Array(scalars[(slash + 1)...]))
        }
        return false
    }

    /// Whether the pattern matches the whole of `path`, with no leading-directory or file-name
    /// shortcuts (as `.gitignore` rules need).
    public func matchesWholePath(_ path: String) -> Bool {
        matchesWhole(Array(path.unicodeScalars))
    }

    /// Dynamic programming over (token, character): linear in pattern × path, no backtracking blow-up.
    func matchesWhole(_ path: [Unicode.Scalar]) -> Bool {
        let n = path.count
        // reachable[j]: the tokens so far can consume exactly path[..<j].
        var reachable = [Bool](repeating: false, count: n + 1)
        reachable[0] = true
        for token in tokens {
            var next = [Bool](repeating: false, count: n + 1)
            switch token {
            case let .literal(scalar):
                for j in 0..<n where reachable[j] && path[j] == scalar { next[j + 1] = true }
            case .any:
                for j in 0..<n where reachable[j] && path[j] != "/" { next[j + 1] = true }
            case let .characterClass(negated, ranges):
                for j in 0..<n where reachable[j] && path[j] != "/" {
                    let inside = ranges.contains { $0.contains(path[j].value) }
                    if inside != negated { next[j + 1] = true }
                }
            case .star:
                for j in 0...n where reachable[j] {
                    next[j] = true
                    var k = j
                    while k < n, path[k] != "/" { k += 1; next[k] = true }
                }
            case .globstar:
                if let first = reachable.firstIndex(of: true) {
                    for j in first...n { next[j] = true }
                }
            case .directories:
                // Zero directories, or any prefix ending in `/`.
                for j in 0...n where reachable[j] {
                    next[j] = true
                    for k in j..<n where path[k] == "/" { next[k + 1] = true }
                }
            }
            reachable = next
            if !reachable.contains(true) { return false }
        }
        return reachable[n]
    }
}
