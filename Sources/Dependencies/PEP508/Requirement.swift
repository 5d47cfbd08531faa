// PEP 508 dependency specifications and PEP 503 name normalisation.

/// PEP 503: lowercase, runs of `-`, `_`, `.` become one `-`.
public func normalizePackageName(_ name: String) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(name.utf8.count)
    var lastWasSeparator = false
    for b in name.utf8 {
        if b == 45 || b == 95 || b == 46 {
            if !lastWasSeparator { out.append(45) }
            lastWasSeparator = true
        } else {
            out.append(b >= 65 && b <= 90 ? b + 32 : b)
            lastWasSeparator = false
        }
    }
    return String(decoding: out, as: UTF8.self)
}

/// Why a requirement line could not be parsed.
public struct RequirementError: Error, Hashable, Sendable, CustomStringConvertible {
    public var text: String
    public var reason: String
    public var description: String { "invalid requirement '\(text)': \(reason)" }
}

/// A PEP 508 requirement: `name[extras] (specifiers | @ url) ; marker`.
public struct Requirement: Hashable, Sendable {
    /// The name as written.
    public var name: String
    /// PEP 503 normalised name.
    public var normalizedName: String
    public var extras: [String]
    public var specifiers: SpecifierSet
    /// A direct reference (`name @ https://...`, `git+https://...`).
    public var url: String?
    public var marker: Marker?

    public init(name: String, extras: [String] = [], specifiers: SpecifierSet = SpecifierSet([]), url: String? = nil, marker: Marker? = nil) {
        self.name = name
        self.normalizedName = normalizePackageName(name)
        self.extras = extras
        self.specifiers = specifiers
        self.url = url
        self.marker = marker
    }

    /// Parses a PEP 508 string.
    public init(_ text: String) throws {
        let bytes = Array(text.utf8)
        var i = 0
        func skip() { while i < bytes.count && Version.isSpace(bytes[i]) { i += 1 } }
        func isNameByte(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 45 || b == 95 || b == 46 }
        skip()
        let nameStart = i
        while i < bytes.count && isNameByte(bytes[i]) { i += 1 }
        let name = String(decoding: bytes[nameStart..<i], as: UTF8.self)
        guard !name.isEmpty, let first = name.utf8.first, let last = name.utf8.last,
              isNameByte(first) && first != 45 && first != 95 && first != 46,
              last != 45 && last != 95 && last != 46 else {
            throw RequirementError(text: text, reason: "expected a package name")
        }
        skip()
        var extras: [String] = []
        if i < bytes.count && bytes[i] == 91 {  // [
            guard let close = bytes[i...].firstIndex(of: 93) else { throw RequirementError(text: text, reason: "unclosed '['") }
            let inner = String(decoding: bytes[(i + 1)..<close], as: UTF8.self)
            extras = inner.split(separator: ",").map { $0.trimmingSpaces }.filter { !$0.isEmpty }
            i = close + 1
            skip()
        }
        var specifiers = SpecifierSet([])
        var url: String?
        var markerText: String?
        if i < bytes.count && bytes[i] == 64 {  // @
            i += 1
            skip()
            let start = i
            while i < bytes.count && !Version.isSpace(bytes[i]) { i += 1 }
            url = String(decoding: bytes[start..<i], as: UTF8.self)
            if url?.isEmpty ?? true { throw RequirementError(text: text, reason: "missing URL after '@'") }
            skip()
            if i < bytes.count {
                guard bytes[i] == 59 else { throw RequirementError(text: text, reason: "a URL must be followed by whitespace and ';' before a marker") }
                markerText = String(decoding: bytes[(i + 1)...], as: UTF8.self)
            }
        } else {
            let rest = bytes[i...]
            let semicolon = rest.firstIndex(of: 59)
            var specText = String(decoding: bytes[i..<(semicolon ?? bytes.count)], as: UTF8.self).trimmingSpaces
            if specText.hasPrefix("(") {
                guard specText.hasSuffix(")") else { throw RequirementError(text: text, reason: "unclosed '('") }
                specText = String(specText.dropFirst().dropLast())
            }
            do { specifiers = try SpecifierSet(specText) } catch let error as SpecifierError {
                throw RequirementError(text: text, reason: error.description)
            }
            if let semicolon { markerText = String(decoding: bytes[(semicolon + 1)...], as: UTF8.self) }
        }
        var marker: Marker?
        if let markerText {
            do { marker = try Marker(markerText) } catch let error as MarkerError {
                throw RequirementError(text: text, reason: error.description)
            }
        }
        self.init(name: name, extras: extras, specifiers: specifiers, url: url, marker: marker)
    }
}
