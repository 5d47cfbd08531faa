// Whether a version is affected by an advisory (OSV range semantics), and which version fixes.

/// A SemVer 2.0 version for OSV `SEMVER` ranges; PyPI versions are coerced (`1.2` → `1.2.0`).
struct SemVer: Comparable {
    var core: [UInt64]
    var prerelease: [String]

    init?(_ text: String) {
        var t = Substring(text.trimmingSpaces)
        if t.hasPrefix("v") { t = t.dropFirst() }
        if let plus = t.firstIndex(of: "+") { t = t[..<plus] }
        var pre: Substring = ""
        if let dash = t.firstIndex(of: "-") { pre = t[t.index(after: dash)...]; t = t[..<dash] }
        var numbers: [UInt64] = []
        var rest = t
        // Coerce PEP 440 style suffixes (`1.0a1`): digits then the rest becomes the pre-release.
        for part in t.split(separator: ".", omittingEmptySubsequences: false) {
            let digits = part.prefix { $0.isASCII && $0.isNumber }
            guard let n = UInt64(digits) else { break }
            numbers.append(n)
            if digits.count < part.count {
                if pre.isEmpty { pre = part.dropFirst(digits.count) }
                rest = ""
                break
            }
            rest = rest.dropFirst(min(rest.count, part.count + 1))
        }
        guard !numbers.isEmpty, numbers.count <= 3 else { return nil }
        while numbers.count < 3 { numbers.append(0) }
        core = numbers
        prerelease = pre.isEmpty ? [] : pre.split(separator: ".").map(String.init)
    }

    static func < (a: SemVer, b: SemVer) -> Bool {
        if a.core != b.core { return a.core.lexicographicallyPrecedes(b.core) }
        if a.prerelease.isEmpty != b.prerelease.isEmpty { return !a.prerelease.isEmpty }
        for (x, y) in zip(a.prerelease, b.prerelease) where x != y {
            switch (UInt64(x), UInt64(y)) {
            case let (n?, m?): return n < m
            case (.some, nil): return true
            case (nil, .some): return false
            default: return x < y
            }
        }
        return a.prerelease.count < b.prerelease.count
    }
}

extension OSVRange {
    /// OSV's algorithm: sort events by version ("0" first), walk them, the last state wins.
    func contains(_ version: Version, rawText: String) -> Bool {
        switch kind {
        case .git: return false
        case .ecosystem: return OSVRange.walk(sortedEvents, candidate: version)
        case .semver:
            guard let candidate = SemVer(rawText) ?? SemVer(version.description) else { return false }
            return OSVRange.walk(OSVRange.sort(events, parse: { SemVer($0) }), candidate: candidate)
        }
    }

    /// Events keyed by parsed version (nil for the "0" origin), sorted by version, stable.
    static func sort<V: Comparable>(_ events: [Event], parse: (String) -> V?) -> [(version: V?, event: Event)] {
        var keyed: [(V?, Event)] = []
        for event in events {
            if case .introduced(let t) = event, t == "0" { keyed.append((nil, event)); continue }
            if let v = parse(event.text) { keyed.append((v, event)) }
        }
        return keyed.enumerated().sorted { a, b in
            switch (a.element.0, b.element.0) {
            case (nil, nil): return a.offset < b.offset
            case (nil, _): return true
            case (_, nil): return false
            case let (x?, y?): return x < y || (!(y < x) && a.offset < b.offset)
            }
        }.map { (version: $0.element.0, event: $0.element.1) }
    }

    static func walk<V: Comparable>(_ sorted: [(version: V?, event: Event)], candidate: V) -> Bool {
        var affected = false
        for (v, event) in sorted {
            switch event {
            case .introduced:
                if v.map({ candidate >= $0 }) ?? true { affected = true }
            case .fixed:
                if let v, candidate >= v { affected = false }
            case .lastAffected:
                if let v, candidate > v { affected = false }
            case .limit:
                if let v, candidate >= v { affected = false }
            }
        }
        return affected
    }
}

extension OSVAffected {
    /// Whether `version` is affected: listed in `versions`, or inside an ECOSYSTEM/SEMVER range.
    func contains(_ version: Version, rawText: String) -> Bool {
        if listedVersions.contains(version) || listedRaw.contains(rawText) { return true }
        return ranges.contains { $0.contains(version, rawText: rawText) }
    }

    /// Versions named by this entry: listed ones and range boundaries (for "which versions does a range admit").
    var namedVersions: [Version] {
        var out = Array(listedVersions)
        for range in ranges where range.kind != .git {
            for event in range.events {
                if case .introduced(let t) = event, t == "0" { continue }
                if let v = Version(event.text) { out.append(v) }
            }
        }
        return out
    }

    /// `fixed` versions of this entry's ranges.
    var fixedVersions: [Version] {
        ranges.filter { $0.kind != .git }.flatMap(\.events).compactMap { event in
            if case .fixed(let t) = event { return Version(t) }
            return nil
        }
    }

    var lastAffectedVersions: [Version] {
        ranges.filter { $0.kind != .git }.flatMap(\.events).compactMap { event in
            if case .lastAffected(let t) = event { return Version(t) }
            return nil
        }
    }
}

extension Advisory {
    /// Whether this advisory affects `package` (normalised) at `version`. Withdrawn advisories affect nothing.
    public func affects(package: String, version: Version, rawText: String? = nil) -> Bool {
        guard withdrawn == nil else { return false }
        let raw = rawText ?? version.description
        return affected.contains { $0.name == package && $0.ecosystem.hasPrefix("PyPI") && $0.contains(version, rawText: raw) }
    }

    func entries(for package: String) -> [OSVAffected] {
        affected.filter { $0.name == package && $0.ecosystem.hasPrefix("PyPI") }
    }
}

/// The advisories of one package and the questions the audit asks of them.
struct PackageAdvisories {
    let package: String
    /// Live (not withdrawn) advisories.
    let advisories: [Advisory]

    init(package: String, advisories: [Advisory]) {
        self.package = package
        self.advisories = advisories.filter { $0.withdrawn == nil }
    }

    func affecting(_ version: Version, rawText: String? = nil) -> [Advisory] {
        advisories.filter { $0.affects(package: package, version: version, rawText: rawText) }
    }

    /// The smallest version above `current` that no advisory affects, chosen among the versions
    /// the advisories name as fixes. Final releases are preferred over pre-releases unless
    /// `current` is itself a pre-release. Nil when no such version is known.
    func smallestSafeVersion(above current: Version?) -> Version? {
        let entries = advisories.flatMap { $0.entries(for: package) }
        let candidates = Set(entries.flatMap(\.fixedVersions)).filter { c in current.map { c > $0 } ?? true }.sorted()
        let safe = candidates.filter { affecting($0).isEmpty }
        if let current, current.isPrerelease { return safe.first }
        return safe.first { !$0.isPrerelease } ?? safe.first
    }

    /// The highest `last_affected` bound among the given advisories (for "upgrade beyond X" advice
    /// when no fix is published).
    func highestLastAffected(in list: [Advisory]) -> Version? {
        list.flatMap { $0.entries(for: package) }.flatMap(\.lastAffectedVersions).max()
    }

    /// Every version the advisories name (listed, or a range boundary) that is affected and that
    /// `specifiers` admits, sorted.
    func admittedVulnerableVersions(_ specifiers: SpecifierSet) -> [Version] {
        let named = Set(advisories.flatMap { $0.entries(for: package) }.flatMap(\.namedVersions))
        return named.filter { specifiers.contains($0) && !affecting($0).isEmpty }.sorted()
    }
}
