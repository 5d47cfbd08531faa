// PEP 440 versions: parsing, normalisation and ordering, checked against `packaging`.

/// One numeric component of a version. PEP 440 numbers are unbounded: those that fit in 64 bits
/// are stored as integers (the fast, usual case), larger ones as their decimal digits.
public enum VersionNumber: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    case small(UInt64)
    /// Decimal digits without leading zeros, of a value above `UInt64.max`.
    case big(String)

    public init(integerLiteral value: UInt64) { self = .small(value) }

    /// From ASCII digits (leading zeros allowed).
    init(digits: ArraySlice<UInt8>) {
        var value: UInt64 = 0
        for b in digits {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(b - 48))
            if o1 || o2 {
                let trimmed = digits.drop { $0 == 48 }
                self = .big(String(decoding: trimmed, as: UTF8.self))
                return
            }
            value = a
        }
        self = .small(value)
    }

    public static func < (a: VersionNumber, b: VersionNumber) -> Bool {
        switch (a, b) {
        case let (.small(x), .small(y)): return x < y
        case (.small, .big): return true
        case (.big, .small): return false
        case let (.big(x), .big(y)): return x.utf8.count != y.utf8.count ? x.utf8.count < y.utf8.count : x < y
        }
    }

    public var description: String {
        switch self {
        case .small(let n): return String(n)
        case .big(let digits): return digits
        }
    }

    /// The next integer.
    public var successor: VersionNumber {
        switch self {
        case .small(let n) where n < UInt64.max: return .small(n + 1)
        default:
            var digits = Array(description.utf8)
            var k = digits.count - 1
            while k >= 0 && digits[k] == 57 { digits[k] = 48; k -= 1 }
            if k >= 0 { digits[k] += 1 } else { digits.insert(49, at: 0) }
            return .big(String(decoding: digits, as: UTF8.self))
        }
    }
}

/// A PEP 440 version (`1!2.0.post1.dev3+local.7`), parsed from bytes by hand (no regex) and
/// ordered exactly as PEP 440 (and `packaging.version.Version`) orders versions.
///
/// Equality follows the ordering: `1.0 == 1.0.0`, `1.0+AbC == 1.0+abc`.
public struct Version: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Pre-release kinds in their PEP 440 order.
    public enum PreKind: UInt8, Sendable, Comparable {
        case alpha = 0, beta, rc
        public static func < (a: PreKind, b: PreKind) -> Bool { a.rawValue < b.rawValue }
        var label: String {
            switch self {
            case .alpha: return "a"
            case .beta: return "b"
            case .rc: return "rc"
            }
        }
    }

    /// One dot-separated part of a local version label: numbers sort above words.
    public enum LocalPart: Hashable, Sendable, Comparable {
        case number(VersionNumber)
        case word(String)

        public static func < (a: LocalPart, b: LocalPart) -> Bool {
            switch (a, b) {
            case let (.number(x), .number(y)): return x < y
            case let (.word(x), .word(y)): return x < y
            case (.word, .number): return true
            case (.number, .word): return false
            }
        }
    }

    public let epoch: VersionNumber
    public let release: [VersionNumber]
    public let pre: (kind: PreKind, number: VersionNumber)?
    public let post: VersionNumber?
    public let dev: VersionNumber?
    public let local: [LocalPart]?

    public init(epoch: VersionNumber = 0, release: [VersionNumber], pre: (kind: PreKind, number: VersionNumber)? = nil, post: VersionNumber? = nil, dev: VersionNumber? = nil, local: [LocalPart]? = nil) {
        self.epoch = epoch
        self.release = release.isEmpty ? [0] : release
        self.pre = pre
        self.post = post
        self.dev = dev
        self.local = local
    }

    /// Parses a version; `nil` when the text is not a valid PEP 440 version.
    public init?(_ text: String) {
        var bytes = Array(text.utf8)
        guard let parsed = Version.parse(&bytes) else { return nil }
        self = parsed
    }

    public var isPrerelease: Bool { pre != nil || dev != nil }
    public var isPostrelease: Bool { post != nil }
    public var isDevrelease: Bool { dev != nil }

    /// The version without its local label (`1.0+abc` → `1.0`).
    public var publicVersion: Version { local == nil ? self : Version(epoch: epoch, release: release, pre: pre, post: post, dev: dev) }

    /// Epoch and release only (`1!2.0rc1` → `1!2.0`).
    public var baseVersion: Version { Version(epoch: epoch, release: release) }

    /// The release with trailing zeros removed, which is what ordering uses.
    var trimmedRelease: ArraySlice<VersionNumber> {
        var end = release.count
        while end > 0 && release[end - 1] == 0 { end -= 1 }
        return release[0..<end]
    }

    /// The normalised form (`packaging`'s `str(Version)`).
    public var description: String {
        var text = epoch == 0 ? "" : "\(epoch)!"
        text += release.map(\.description).joined(separator: ".")
        if let pre { text += "\(pre.kind.label)\(pre.number)" }
        if let post { text += ".post\(post)" }
        if let dev { text += ".dev\(dev)" }
        if let local {
            text += "+" + local.map { part -> String in
                switch part {
                case .number(let n): return n.description
                case .word(let w): return w
                }
            }.joined(separator: ".")
        }
        return text
    }

    // MARK: Ordering (packaging's _cmpkey)

    public static func == (a: Version, b: Version) -> Bool { compare(a, b) == 0 }

    public static func < (a: Version, b: Version) -> Bool { compare(a, b) < 0 }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(epoch)
        for part in trimmedRelease { hasher.combine(part) }
        hasher.combine(pre?.kind.rawValue)
        hasher.combine(pre?.number)
        hasher.combine(post)
        hasher.combine(dev)
        hasher.combine(local)
    }

    /// Three-way comparison: negative, zero or positive.
    public static func compare(_ a: Version, _ b: Version) -> Int {
        if a.epoch != b.epoch { return a.epoch < b.epoch ? -1 : 1 }
        let ra = a.trimmedRelease, rb = b.trimmedRelease
        var i = ra.startIndex, j = rb.startIndex
        while i < ra.endIndex && j < rb.endIndex {
            if ra[i] != rb[j] { return ra[i] < rb[j] ? -1 : 1 }
            i += 1; j += 1
        }
        if ra.count != rb.count { return ra.count < rb.count ? -1 : 1 }
        // Pre: a dev release of a final (no pre, no post) sorts before any pre-release; no pre after all.
        let pa = a.preRank, pb = b.preRank
        if pa != pb { return pa < pb ? -1 : 1 }
        if pa == 1, let x = a.pre, let y = b.pre {
            if x.kind != y.kind { return x.kind < y.kind ? -1 : 1 }
            if x.number != y.number { return x.number < y.number ? -1 : 1 }
        }
        // Post: none sorts first.
        switch (a.post, b.post) {
        case (nil, nil): break
        case (nil, _): return -1
        case (_, nil): return 1
        case let (x?, y?): if x != y { return x < y ? -1 : 1 }
        }
        // Dev: none sorts last.
        switch (a.dev, b.dev) {
        case (nil, nil): break
        case (nil, _): return 1
        case (_, nil): return -1
        case let (x?, y?): if x != y { return x < y ? -1 : 1 }
        }
        switch (a.local, b.local) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case let (la?, lb?):
            for (x, y) in zip(la, lb) where x != y { return x < y ? -1 : 1 }
            if la.count != lb.count { return la.count < lb.count ? -1 : 1 }
            return 0
        }
    }

    /// Orders the pre-release segment: 0 for a dev-only final, 1 for a pre-release, 2 for none.
    private var preRank: Int {
        if pre == nil && post == nil && dev != nil { return 0 }
        return pre == nil ? 2 : 1
    }

    // MARK: Parsing

    /// Parses by hand; mirrors packaging's VERSION_PATTERN (case-insensitive, surrounding spaces).
    static func parse(_ bytes: inout [UInt8]) -> Version? {
        // Lowercase and trim.
        for k in bytes.indices where bytes[k] >= 65 && bytes[k] <= 90 { bytes[k] += 32 }
        var start = 0, end = bytes.count
        while start < end && isSpace(bytes[start]) { start += 1 }
        while end > start && isSpace(bytes[end - 1]) { end -= 1 }
        var scanner = Scanner(bytes: bytes, position: start, end: end)
        return scanner.parseVersion()
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 || b == 11 || b == 12 }

    struct Scanner {
        let bytes: [UInt8]
        var position: Int
        let end: Int

        var atEnd: Bool { position >= end }
        func peek(_ offset: Int = 0) -> UInt8? { position + offset < end ? bytes[position + offset] : nil }
        static func isDigit(_ b: UInt8?) -> Bool { guard let b else { return false }; return b >= 48 && b <= 57 }
        static func isSeparator(_ b: UInt8?) -> Bool { b == 46 || b == 45 || b == 95 }  // . - _
        static func isAlnum(_ b: UInt8?) -> Bool { guard let b else { return false }; return (b >= 48 && b <= 57) || (b >= 97 && b <= 122) }

        mutating func number() -> VersionNumber? {
            guard Scanner.isDigit(peek()) else { return nil }
            let start = position
            while let b = peek(), Scanner.isDigit(b) { position += 1 }
            return VersionNumber(digits: bytes[start..<position])
        }

        mutating func word(_ w: String) -> Bool {
            let u = Array(w.utf8)
            guard position + u.count <= end else { return false }
            for (k, c) in u.enumerated() where bytes[position + k] != c { return false }
            position += u.count
            return true
        }

        /// `[-_.]? label [-_.]? number?`; the separator after the label may dangle.
        mutating func labelled(_ labels: [String]) -> (label: String, number: VersionNumber)? {
            let save = position
            if Scanner.isSeparator(peek()) { position += 1 }
            guard let label = labels.first(where: { word($0) }) else { position = save; return nil }
            if Scanner.isSeparator(peek()) && Scanner.isDigit(peek(1)) { position += 1 }
            else if Scanner.isSeparator(peek()) { position += 1; return (label, 0) }
            return (label, number() ?? 0)
        }

        mutating func parseVersion() -> Version? {
            if peek() == 118 { position += 1 }  // v
            guard let first = number() else { return nil }
            var epoch: VersionNumber = 0
            var release: [VersionNumber] = [first]
            if peek() == 33 {  // !
                position += 1
                epoch = first
                guard let n = number() else { return nil }
                release = [n]
            }
            while peek() == 46 && Scanner.isDigit(peek(1)) {
                position += 1
                guard let n = number() else { return nil }
                release.append(n)
            }
            var pre: (kind: PreKind, number: VersionNumber)?
            if let p = labelled(["alpha", "beta", "preview", "pre", "rc", "a", "b", "c"]) {
                let kind: PreKind = p.label.hasPrefix("a") ? .alpha : p.label.hasPrefix("b") ? .beta : .rc
                pre = (kind, p.number)
            }
            var post: VersionNumber?
            if peek() == 45 && Scanner.isDigit(peek(1)) {  // implicit post: -N
                position += 1
                post = number()
            } else if let p = labelled(["post", "rev", "r"]) {
                post = p.number
            }
            let dev: VersionNumber? = labelled(["dev"])?.number
            var local: [LocalPart]?
            if peek() == 43 {  // +
                position += 1
                var parts: [LocalPart] = []
                while true {
                    let s = position
                    while Scanner.isAlnum(peek()) { position += 1 }
                    guard position > s else { return nil }
                    let slice = bytes[s..<position]
                    if slice.allSatisfy({ Scanner.isDigit($0) }) {
                        parts.append(.number(VersionNumber(digits: slice)))
                    } else {
                        parts.append(.word(String(decoding: slice, as: UTF8.self)))
                    }
                    if Scanner.isSeparator(peek()) && Scanner.isAlnum(peek(1)) { position += 1 } else { break }
                }
                local = parts
            }
            guard atEnd else { return nil }
            return Version(epoch: epoch, release: release, pre: pre, post: post, dev: dev, local: local)
        }
    }
}
